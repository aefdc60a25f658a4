"""Line charts of a meetbaar doel: metingen, nulmeting, streefwaarde and the path between them.

`lijngrafiek()` lays the chart out (plot area, axis ticks, labels, legend) and draws it on a
chart_canvas.Canvas: matplotlib's Agg renderer and FreeType text, without matplotlib's Figure and
artists (see chart_canvas.py for why), imported only when a chart is drawn. The PNG is deterministic:
the DejaVu Sans font that ships with matplotlib, matplotlib's defaults for what the renderer reads (a
user's matplotlibrc does not count), a fixed size and resolution, and no "Software" or date metadata, so
the same doel gives the same bytes on every run. Readable without colour: metingen are circles on a solid
line, the nulmeting a square, the streefwaarde a diamond, the path a dotted line, and the colours
(Okabe-Ito) are safe for colour-blind readers and have at least 3:1 contrast against white.

`alt_tekst()` (documents/grafiek.py) states the same numbers in words; it needs no matplotlib.
"""

from __future__ import annotations

import functools
import logging
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ivplan.core import formatting
from ivplan.core.cache import cache_root, private_folder, private_temp_folder
from ivplan.documents.grafiek import (
    MIN_METINGEN_GRAFIEK,
    alt_tekst,
    decimalen,
    eenheid_label,
    getoonde_metingen,
    grafiek_naam,
    heeft_grafiek,
    waarde_tekst,
)
from ivplan.render.chart_cache import cached_png, stored_png
from ivplan.render.docxwriter import Image

KLEUR_METING = "#0072B2"  # blue
KLEUR_NULMETING = "#D55E00"  # vermillion
KLEUR_STREEFWAARDE = "#009E73"  # bluish green
KLEUR_PAD = "#595959"  # dark grey
KLEUR_TEKST = "#1A1A1A"

STANDAARD_BREEDTE_CM = 16.0
STANDAARD_HOOGTE_CM = 8.5
STANDAARD_DPI = 150


def _onder_pad(doel: dict, jaar: int, waarde) -> bool:
    """Whether a meting lies below the path in its year (its label then goes below the point, away
    from the dotted line); False before the nulmeting or without a path."""
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    if nul["jaar"] == streef["jaar"] or jaar <= nul["jaar"]:
        return False
    t = min(1.0, (jaar - nul["jaar"]) / (streef["jaar"] - nul["jaar"]))
    return waarde < nul["waarde"] + (streef["waarde"] - nul["waarde"]) * t


def _tick_decimalen(locs) -> int:
    """The fewest decimals that write every tick value exactly, so an axis reads 3,0 3,5 4,0."""
    for d in range(7):
        if all(abs(round(float(v), d) - float(v)) <= 1e-9 * max(1.0, abs(float(v))) for v in locs):
            return d
    return 6


def _y_schaal(waarden: list, nbins: int):
    """Axis limits (the data with 20 % room above and below, as matplotlib's margins) and the ticks
    in them (matplotlib's MaxNLocator: steps of 1, 2, 2,5 or 5 times a power of ten)."""
    laag, hoog = float(min(waarden)), float(max(waarden))
    breedte = hoog - laag
    if breedte <= 0:
        breedte = abs(hoog) * 0.1 or 1.0
        laag, hoog = laag - breedte / 2, hoog + breedte / 2
    laag, hoog = laag - 0.2 * breedte, hoog + 0.2 * breedte
    marge = 1e-9 * (hoog - laag)
    ticks = [
        t
        for t in _locator_ticks(laag, hoog, nbins=nbins, steps=[1, 2, 2.5, 5, 10])
        if laag - marge <= t <= hoog + marge
    ]
    return laag, hoog, ticks


def _x_ticks(eerste: int, laatste: int, nbins: int) -> list[int]:
    if laatste - eerste <= 12:
        return list(range(eerste, laatste + 1))
    return [
        int(round(t))
        for t in _locator_ticks(eerste, laatste, nbins=nbins, integer=True)
        if eerste - 0.5 <= t <= laatste + 0.5
    ]


def prepare_matplotlib() -> None:
    """Call before matplotlib is imported. It keeps its font list in $MPLCONFIGDIR or
    $XDG_CACHE_HOME/matplotlib; where it cannot write there, it makes a temporary folder in every
    process, says so in English on stderr and leaves the folder behind (ivplan's drawing processes end
    with os._exit, before its clean-up). Then a private folder of ivplan's own cache is used, or of the
    temp folder. matplotlib's own log lines stay off stderr: ivplan speaks Dutch."""
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    if os.environ.get("MPLCONFIGDIR"):
        return
    own = os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "matplotlib"
    )
    try:
        os.makedirs(own, exist_ok=True)
        if os.path.isdir(own) and os.access(own, os.W_OK):
            return
    except OSError:
        pass
    root = cache_root()
    folder = private_folder(root / "matplotlib" if root is not None else None) or private_temp_folder("matplotlib")
    if folder is not None:
        os.environ["MPLCONFIGDIR"] = str(folder)


def _locator_ticks(laag: float, hoog: float, **locator: Any) -> list[float]:
    """The ticks matplotlib's MaxNLocator (with these options) puts between `laag` and `hoog`."""
    prepare_matplotlib()
    from matplotlib import ticker  # matplotlib only when a chart is drawn, not for a cached one

    return [float(t) for t in ticker.MaxNLocator(**locator).tick_values(laag, hoog)]


# sizes in points, matplotlib's defaults where the old Figure used them
_TEKST, _TITEL, _KLEIN = 9.0, 10.0, 8.0
_TICK, _TICK_PAD, _LABEL_PAD, _TITEL_PAD = 3.5, 3.5, 4.0, 6.0
_AS_DIKTE, _AS_KLEUR, _RASTER_KLEUR = 0.8, "#808080", "#D9D9D9"
_MARKER_RAND = 1.0
_PAD_STREEP = [2.0, 3.3]  # matplotlib's dotted pattern (1, 1,65) times the line width 2


def lijngrafiek(
    doel: dict,
    *,
    tot_jaar: int | None = None,
    breedte_cm: float = STANDAARD_BREEDTE_CM,
    hoogte_cm: float = STANDAARD_HOOGTE_CM,
    dpi: int = STANDAARD_DPI,
) -> tuple[bytes, str]:
    """A line chart of `doel` as PNG bytes, and its alt text (`alt_tekst`).

    Shows the metingen up to `tot_jaar` (all when None), the nulmeting, the streefwaarde and the
    dotted path between them, each value labelled in Dutch notation. Laid out here, drawn by
    chart_canvas on matplotlib's Agg renderer.
    """
    prepare_matplotlib()
    from ivplan.render.chart_canvas import Canvas, tekenomgeving  # matplotlib: only to draw, not for a cached chart

    eenheid = doel.get("eenheid")
    decimalen_doel = decimalen(doel)
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    metingen = getoonde_metingen(doel, tot_jaar)
    alt = alt_tekst(doel, tot_jaar)
    pt = 72 / 2.54  # points per cm

    with tekenomgeving():
        c = Canvas(breedte_cm * pt, hoogte_cm * pt, dpi)
        W, H = c.breedte, c.hoogte

        # title: the indicator, at most two lines, left above the plot
        titel = " ".join(str(doel.get("indicator") or "").split())
        breedte_tekens = int(breedte_cm * 4.2)  # what fits at 10 pt
        regels = textwrap.wrap(titel, breedte_tekens) or [""]
        if len(regels) > 2:
            regels = regels[:2]
            regels[1] = regels[1][: breedte_tekens - 1].rstrip() + "…"
        _, titel_h, _ = c.maat("lp", _TITEL)
        titel_regel = titel_h * 1.2

        # legend entries
        legenda = []
        if nul["jaar"] != streef["jaar"]:
            legenda.append(("pad", "Pad naar streefwaarde"))
        if metingen:
            legenda.append(("meting", "Meting"))
        legenda += [("nulmeting", "Nulmeting"), ("streefwaarde", "Streefwaarde")]
        _, legenda_h, _ = c.maat("lp", _KLEIN)

        # the plot area, from the outside in
        _, tekst_h, _ = c.maat("lp", _TEKST)
        onder = 4.0 + legenda_h + 6.0 + tekst_h + _LABEL_PAD + tekst_h + _TICK_PAD + _TICK
        boven = H - (5.0 + titel_regel * (len(regels) - 1) + titel_h + _TITEL_PAD)
        rechts = W - 0.3 * pt
        nbins = max(3, min(9, int((boven - onder) / (2 * _TEKST))))
        waarden = [nul["waarde"], streef["waarde"]] + [w for _, w in metingen]
        y_laag, y_hoog, y_ticks = _y_schaal(waarden, nbins)
        y_dec = _tick_decimalen(y_ticks)
        y_labels = [formatting.getal(round(t, y_dec) + 0.0, y_dec) for t in y_ticks]
        label = eenheid_label(eenheid)
        if label and len(label) > 30:
            label = label[:29].rstrip() + "…"
        breedste = max((c.maat(t, _TEKST)[0] for t in y_labels), default=0.0)
        links = 5.0 + (tekst_h + _LABEL_PAD if label else 0.0) + breedste + _TICK_PAD + _TICK
        links = min(links, 0.4 * W)

        jaren = [nul["jaar"], streef["jaar"]] + [j for j, _ in metingen]
        eerste, laatste = min(jaren), max(jaren)
        x_ticks = _x_ticks(eerste, laatste, max(3, min(9, int((rechts - links) / (3 * _TEKST)))))

        rand = max(0.5, 0.04 * (laatste - eerste))  # years of room left and right of the outer points

        def px(jaar) -> float:
            return links + (jaar - (eerste - rand)) / (laatste - eerste + 2 * rand) * (rechts - links)

        def binnen(x: float, breed: float) -> float:
            """A centred label's x, moved in so that it stays on the canvas."""
            return min(max(x, breed / 2 + 1.0), W - breed / 2 - 1.0)

        def py(waarde) -> float:
            return onder + (float(waarde) - y_laag) / (y_hoog - y_laag) * (boven - onder)

        # grid, axes, ticks and their labels
        for t, tekst in zip(y_ticks, y_labels, strict=True):
            y = py(t)
            c.lijn([(links, y), (rechts, y)], _RASTER_KLEUR, 0.8)
            c.lijn([(links - _TICK, y), (links, y)], KLEUR_TEKST, _AS_DIKTE)
            c.tekst(links - _TICK - _TICK_PAD, y, tekst, _TEKST, KLEUR_TEKST, ha="right", va="center")
        for jaar in x_ticks:
            x = px(jaar)
            c.lijn([(x, onder - _TICK), (x, onder)], KLEUR_TEKST, _AS_DIKTE)
            c.tekst(
                binnen(x, c.maat(str(jaar), _TEKST)[0]),
                onder - _TICK - _TICK_PAD,
                str(jaar),
                _TEKST,
                KLEUR_TEKST,
                ha="center",
                va="top",
            )
        c.lijn([(links, boven), (links, onder), (rechts, onder)], _AS_KLEUR, _AS_DIKTE, kap="projecting")
        c.tekst(
            (links + rechts) / 2,
            onder - _TICK - _TICK_PAD - tekst_h - _LABEL_PAD,
            "Jaar",
            _TEKST,
            KLEUR_TEKST,
            ha="center",
            va="top",
        )
        if label:
            c.tekst(
                links - _TICK - _TICK_PAD - breedste - _LABEL_PAD,
                (onder + boven) / 2,
                label,
                _TEKST,
                KLEUR_TEKST,
                ha="right",
                va="center",
                hoek=90,
            )

        # the series: the path, the measured line, then the points on top
        if nul["jaar"] != streef["jaar"]:
            c.lijn(
                [(px(nul["jaar"]), py(nul["waarde"])), (px(streef["jaar"]), py(streef["waarde"]))],
                KLEUR_PAD,
                2.0,
                streep=_PAD_STREEP,
            )
        if metingen:
            # the solid line runs through the nulmeting too: together they are the measured series
            reeks = dict(metingen)
            reeks.setdefault(nul["jaar"], nul["waarde"])
            c.lijn([(px(j), py(reeks[j])) for j in sorted(reeks)], KLEUR_METING, 2.2, kap="projecting")
            for j, w in metingen:
                _meting_punt(c, px(j), py(w))
        _nulmeting_punt(c, px(nul["jaar"]), py(nul["waarde"]))
        _streefwaarde_punt(c, px(streef["jaar"]), py(streef["waarde"]))

        # value labels on a white box, above a meting unless it lies below the path
        labels = [(j, w, KLEUR_METING, _onder_pad(doel, j, w)) for j, w in metingen]
        labels += [(p["jaar"], p["waarde"], KLEUR_TEKST, True) for p in (nul, streef)]
        for j, w, kleur, eronder in labels:
            tekst = waarde_tekst(w, eenheid, decimalen_doel)
            breed, hoog, _ = c.maat(tekst, _KLEIN)
            x, y = binnen(px(j), breed + 2 * 0.15 * _KLEIN), py(w)
            y0 = y - 9.0 - hoog if eronder else y + 7.0
            pad = 0.15 * _KLEIN
            c.rechthoek(x - breed / 2 - pad, y0 - pad, breed + 2 * pad, hoog + 2 * pad, "#FFFFFF", alpha=0.85)
            c.tekst(x, y0, tekst, _KLEIN, kleur, ha="center", va="bottom")

        # title and legend
        y = H - 5.0
        for regel in regels:
            c.tekst(links, y, regel, _TITEL, KLEUR_TEKST, va="top")
            y -= titel_regel
        handle, tussen, kolom = 2.0 * _KLEIN, 0.8 * _KLEIN, 2.0 * _KLEIN
        breedtes = [handle + tussen + c.maat(t, _KLEIN)[0] for _, t in legenda]
        x = (W - sum(breedtes) - kolom * (len(legenda) - 1)) / 2
        y = 4.0 + legenda_h / 2
        for (soort, tekst), breed in zip(legenda, breedtes, strict=True):
            midden = x + handle / 2
            if soort == "pad":
                c.lijn([(x, y), (x + handle, y)], KLEUR_PAD, 2.0, streep=_PAD_STREEP)
            elif soort == "meting":
                c.lijn([(x, y), (x + handle, y)], KLEUR_METING, 2.2, kap="projecting")
                _meting_punt(c, midden, y)
            elif soort == "nulmeting":
                _nulmeting_punt(c, midden, y)
            else:
                _streefwaarde_punt(c, midden, y)
            c.tekst(x + handle + tussen, y, tekst, _KLEIN, KLEUR_TEKST, va="center")
            x += breed + kolom
        png = c.png()
    return png, alt


def _meting_punt(c, x: float, y: float) -> None:
    """A circle of 6 pt across, as matplotlib's marker "o"."""
    c.cirkel(x, y, 3.0, KLEUR_METING, rand=KLEUR_METING, dikte=_MARKER_RAND)


def _nulmeting_punt(c, x: float, y: float) -> None:
    """A square of 8 pt, as matplotlib's marker "s"."""
    c.veelhoek(
        [(x - 4, y - 4), (x + 4, y - 4), (x + 4, y + 4), (x - 4, y + 4)],
        KLEUR_NULMETING,
        rand=KLEUR_TEKST,
        dikte=_MARKER_RAND,
    )


def _streefwaarde_punt(c, x: float, y: float) -> None:
    """The 8 pt square turned a quarter, as matplotlib's marker "D"."""
    r = 4 * 2**0.5
    c.veelhoek(
        [(x, y - r), (x + r, y), (x, y + r), (x - r, y)], KLEUR_STREEFWAARDE, rand=KLEUR_TEKST, dikte=_MARKER_RAND
    )


# --------------------------------------------------------------------------------------------------
# The charts of a plan or a voortgangsrapportage


def draw_chart(doel: dict[str, Any], options: dict[str, Any]) -> bytes:
    """The PNG of `doel` for the cache options of chart_jobs (in a process that has only those)."""
    return lijngrafiek(doel, tot_jaar=options["tot_jaar"])[0]


QUICK_LOOK_BYTES = 8 * 2**20


def charts_missing(path: Path) -> bool:
    """A quick look for chart_cache.EarlyDrawer: does the plan at `path` have a chart the cache lacks?
    Read with PyYAML's own safe loader, not ivplan's checked one (which comes later): a wrong answer
    only costs time, and a plan PyYAML cannot read gets no early drawing."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(QUICK_LOOK_BYTES + 1)
        if len(data) > QUICK_LOOK_BYTES:
            return False  # larger than any plan the loader reads
        plan = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return any(stored_png(doel, options) is None for _, doel, options, _ in chart_jobs(plan))
    except Exception:  # noqa: BLE001 - not a plan this look can read: no early drawing
        return False


def load_drawing() -> None:
    """Import what drawing a chart needs (chart_canvas: matplotlib's renderer, colours, fonts and
    transforms; 0.3 s of CPU), in a process that draws charts later (chart_cache.EarlyDrawer)."""
    prepare_matplotlib()
    # matplotlib: in the drawing process only, never on the build's own path
    import ivplan.render.chart_canvas  # noqa: F401


def _png(doel: dict[str, Any], tot_jaar: int | None) -> bytes:
    return lijngrafiek(doel, tot_jaar=tot_jaar)[0]


# (image name, doel, cache options, draw)
ChartJob = tuple[str, dict[str, Any], dict[str, Any], Callable[[], bytes]]


def chart_jobs(plan: dict[str, Any], *, jaar: int | None = None, minimum: int = MIN_METINGEN_GRAFIEK) -> list[ChartJob]:
    """(image name, doel, cache options, draw) for every doel with at least `minimum` metingen up to
    `jaar` (all metingen when None); `draw()` gives the PNG bytes."""
    return [
        (grafiek_naam(doel["id"]), doel, {"tot_jaar": jaar}, functools.partial(_png, doel, jaar))
        for doel in plan.get("meetbare_doelen") or []
        if heeft_grafiek(doel, jaar, minimum)
    ]


def chart_images(
    plan: dict[str, Any],
    *,
    jaar: int | None = None,
    minimum: int = MIN_METINGEN_GRAFIEK,
    first: Callable[[], None] | None = None,
) -> dict[str, Image]:
    """`{grafiek_naam(id): Image}` for every doel with at least `minimum` metingen up to `jaar` (all
    metingen when None). For the plan document (jaar None) and the voortgangsrapportage alike.
    With `first` (waiting for charts drawn ahead, see chart_cache.draw_ahead) the images are taken
    from the cache only when the writer reaches them, after calling `first()`."""

    def later(
        doel: dict[str, Any], options: dict[str, Any], draw: Callable[[], bytes], wait: Callable[[], None]
    ) -> Callable[[], bytes]:
        def content() -> bytes:
            wait()
            return cached_png(doel, options, draw)

        return content

    return {
        naam: Image(
            data=later(doel, options, draw, first) if first else cached_png(doel, options, draw),
            alt=alt_tekst(doel, jaar),
        )
        for naam, doel, options, draw in chart_jobs(plan, jaar=jaar, minimum=minimum)
    }
