"""Line charts of a meetbaar doel: metingen, nulmeting, streefwaarde and the path between them.

matplotlib is imported only inside `lijngrafiek()`, the one function that draws. The PNG is
deterministic: matplotlib's own default style (a user's matplotlibrc does not count), the DejaVu Sans
font that ships with matplotlib, a fixed size and resolution, and no "Software" or date metadata, so the
same doel gives the same bytes on every run. Readable without colour: metingen are circles on a solid
line, the nulmeting a square, the streefwaarde a diamond, the path a dotted line, and the colours
(Okabe-Ito) are safe for colour-blind readers and have at least 3:1 contrast against white.

`alt_tekst()` states the same numbers in words; it needs no matplotlib.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from decimal import Decimal

from . import formatting

KLEUR_METING = "#0072B2"  # blue
KLEUR_NULMETING = "#D55E00"  # vermillion
KLEUR_STREEFWAARDE = "#009E73"  # bluish green
KLEUR_PAD = "#595959"  # dark grey
KLEUR_TEKST = "#1A1A1A"

STANDAARD_BREEDTE_CM = 16.0
STANDAARD_HOOGTE_CM = 8.5
STANDAARD_DPI = 150

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,  # a "$" in an indicator is text, not mathtext
    "text.color": KLEUR_TEKST,
    "axes.labelcolor": KLEUR_TEKST,
    "axes.edgecolor": "#808080",
    "xtick.color": KLEUR_TEKST,
    "ytick.color": KLEUR_TEKST,
    "axes.unicode_minus": False,
    "path.simplify": False,
    "savefig.facecolor": "white",
}


def getoonde_metingen(doel: dict, tot_jaar: int | None = None) -> list[tuple[int, int | float]]:
    """The metingen a chart shows, as (jaar, waarde) in year order: every meting (also those before the
    nulmeting: they show the trend) up to `tot_jaar` when given; of two with the same year the one
    listed last, as in the verdict."""
    per_jaar: dict[int, int | float] = {}
    for m in doel.get("metingen") or []:
        jaar, waarde = m.get("jaar"), m.get("waarde")
        if not isinstance(jaar, int) or isinstance(waarde, bool) or not isinstance(waarde, (int, float)):
            continue
        if tot_jaar is not None and jaar > tot_jaar:
            continue
        per_jaar[jaar] = waarde
    return sorted(per_jaar.items())


def _decimalen_geschreven(x) -> int:
    """Decimals of a number as written in the YAML: 6.0 has one, 6 none, 3.45 two."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return 0
    if isinstance(x, int):
        return 0
    exponent = Decimal(repr(x)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def decimalen(doel: dict) -> int:
    """The number of decimals the doel's figures are shown with: the most any of its nulmeting,
    streefwaarde and metingen has as written (at most 4), so a series reads 6,0 5,6 5,3 and not 6 5,6 5,3."""
    waarden = [(doel.get("nulmeting") or {}).get("waarde"), (doel.get("streefwaarde") or {}).get("waarde")]
    waarden += [m.get("waarde") for m in doel.get("metingen") or [] if isinstance(m, dict)]
    return min(4, max((_decimalen_geschreven(w) for w in waarden), default=0))


def waarde_tekst(x, eenheid=None, decimalen: int | None = None) -> str:
    """A figure of a doel in Dutch notation ("3,4"), "%" attached for a percentage ("38%")."""
    s = formatting.getal(x, decimalen)
    return s + "%" if eenheid and str(eenheid).strip() == "%" else s


def _waarde(x, eenheid, doel: dict) -> str:
    return waarde_tekst(x, eenheid, decimalen(doel))


def _opsomming(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _eenheid_label(eenheid) -> str | None:
    if not eenheid or str(eenheid).strip().lower() == "aantal":
        return None
    e = " ".join(str(eenheid).split())
    return "procent" if e == "%" else e


def alt_tekst(doel: dict, tot_jaar: int | None = None) -> str:
    """The chart's alt text, the same numbers in words:
    "Lijngrafiek van Woninginbraken (per 1.000 woningen): nulmeting 3,4 in 2025, metingen 3,2 in 2026 en
    2,9 in 2027, streefwaarde 2,8 in 2030; de stippellijn is het pad van nulmeting naar streefwaarde." """
    eenheid = doel.get("eenheid")
    indicator = " ".join(str(doel.get("indicator") or doel.get("id") or "").split())
    label = _eenheid_label(eenheid)
    if label and label != "procent":
        indicator += f" ({label})"
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    metingen = getoonde_metingen(doel, tot_jaar)
    delen = [f"nulmeting {_waarde(nul['waarde'], eenheid, doel)} in {nul['jaar']}"]
    if metingen:
        woord = "meting" if len(metingen) == 1 else "metingen"
        delen.append(woord + " " + _opsomming([f"{_waarde(w, eenheid, doel)} in {j}" for j, w in metingen]))
    delen.append(f"streefwaarde {_waarde(streef['waarde'], eenheid, doel)} in {streef['jaar']}")
    if nul["jaar"] != streef["jaar"]:
        slot = "de stippellijn is het pad van nulmeting naar streefwaarde"
    else:
        slot = "nulmeting en streefwaarde vallen in hetzelfde jaar, dus er is geen pad"
    return f"Lijngrafiek van {indicator}: {', '.join(delen)}; {slot}."


_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _onder_pad(doel: dict, jaar: int, waarde) -> bool:
    """Whether a meting lies below the path in its year (its label then goes below the point, away
    from the dotted line); False before the nulmeting or without a path."""
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    if nul["jaar"] == streef["jaar"] or jaar <= nul["jaar"]:
        return False
    t = min(1.0, (jaar - nul["jaar"]) / (streef["jaar"] - nul["jaar"]))
    return waarde < nul["waarde"] + (streef["waarde"] - nul["waarde"]) * t


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
    dotted path between them, each value labelled in Dutch notation.
    """
    import matplotlib
    import matplotlib.style
    from matplotlib import ticker
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    eenheid = doel.get("eenheid")
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    metingen = getoonde_metingen(doel, tot_jaar)
    alt = alt_tekst(doel, tot_jaar)

    class DutchFormatter(ticker.Formatter):
        """Tick labels in Dutch notation, all with the same number of decimals."""

        decimalen = 0

        def set_locs(self, locs):
            super().set_locs(locs)
            for d in range(7):
                if all(abs(round(float(v), d) - float(v)) <= 1e-9 * max(1.0, abs(float(v))) for v in locs):
                    break
            self.decimalen = d

        def __call__(self, x, pos=None):
            return formatting.getal(round(float(x), self.decimalen) + 0.0, self.decimalen)

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        with matplotlib.style.context("default", after_reset=True), matplotlib.rc_context(_RC):
            fig = Figure(figsize=(breedte_cm / 2.54, hoogte_cm / 2.54), dpi=dpi)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()

            handles = []
            if nul["jaar"] != streef["jaar"]:
                handles += ax.plot([nul["jaar"], streef["jaar"]], [nul["waarde"], streef["waarde"]],
                                   linestyle=":", linewidth=2.0, color=KLEUR_PAD, label="Pad naar streefwaarde",
                                   zorder=2)
            if metingen:
                # the solid line runs through the nulmeting too: together they are the measured series
                reeks = dict(metingen)
                reeks.setdefault(nul["jaar"], nul["waarde"])
                reeks_jaren = sorted(reeks)
                ax.plot(reeks_jaren, [reeks[j] for j in reeks_jaren], linestyle="-", linewidth=2.2,
                        color=KLEUR_METING, zorder=3)
                ax.plot([j for j, _ in metingen], [w for _, w in metingen], linestyle="none", marker="o",
                        markersize=6, color=KLEUR_METING, zorder=3.5)
                handles.append(Line2D([], [], linestyle="-", linewidth=2.2, marker="o", markersize=6,
                                      color=KLEUR_METING, label="Meting"))
                for j, w in metingen:
                    onder = _onder_pad(doel, j, w)
                    ax.annotate(_waarde(w, eenheid, doel), (j, w), textcoords="offset points",
                                xytext=(0, -9 if onder else 7), ha="center", va="top" if onder else "bottom",
                                fontsize=8, color=KLEUR_METING, bbox=_LABEL_BOX, zorder=5)
            handles += ax.plot([nul["jaar"]], [nul["waarde"]], linestyle="none", marker="s", markersize=8,
                               markerfacecolor=KLEUR_NULMETING, markeredgecolor=KLEUR_TEKST, label="Nulmeting",
                               zorder=4)
            handles += ax.plot([streef["jaar"]], [streef["waarde"]], linestyle="none", marker="D",
                               markersize=8, markerfacecolor=KLEUR_STREEFWAARDE, markeredgecolor=KLEUR_TEKST,
                               label="Streefwaarde", zorder=4)
            for punt in (nul, streef):
                ax.annotate(_waarde(punt["waarde"], eenheid, doel), (punt["jaar"], punt["waarde"]),
                            textcoords="offset points", xytext=(0, -9), ha="center", va="top", fontsize=8,
                            color=KLEUR_TEKST, bbox=_LABEL_BOX, zorder=5)

            jaren = [nul["jaar"], streef["jaar"]] + [j for j, _ in metingen]
            eerste, laatste = min(jaren), max(jaren)
            ax.set_xlim(eerste - 0.5, laatste + 0.5)
            if laatste - eerste <= 12:
                ax.set_xticks(list(range(eerste, laatste + 1)))
            else:
                ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, pos=None: str(int(round(x)))))
            ax.yaxis.set_major_formatter(DutchFormatter())
            ax.margins(y=0.2)
            ax.grid(axis="y", color="#D9D9D9", linewidth=0.8)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.set_xlabel("Jaar")
            label = _eenheid_label(eenheid)
            if label:
                ax.set_ylabel(label if len(label) <= 30 else label[:29].rstrip() + "…")
            titel = " ".join(str(doel.get("indicator") or "").split())
            breedte_tekens = int(breedte_cm * 4.2)  # what fits at 10 pt
            regels = textwrap.wrap(titel, breedte_tekens) or [""]
            if len(regels) > 2:
                regels = regels[:2]
                regels[1] = regels[1][:breedte_tekens - 1].rstrip() + "…"
            ax.set_title("\n".join(regels), fontsize=10, loc="left")
            fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles),
                       frameon=False, fontsize=8)
            # fixed margins (no layout engine: one draw instead of two), sized for the longest tick label
            waarden = [nul["waarde"], streef["waarde"]] + [w for _, w in metingen]
            breedste = max(len(waarde_tekst(w, None, decimalen(doel))) for w in waarden)
            links_cm = 0.55 + 0.18 * breedste + (0.5 if label else 0.0)
            fig.subplots_adjust(left=min(0.4, links_cm / breedte_cm), right=1 - 0.3 / breedte_cm,
                                bottom=1.75 / hoogte_cm, top=1 - (0.2 + 0.42 * len(regels)) / hoogte_cm)

            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue(), alt
