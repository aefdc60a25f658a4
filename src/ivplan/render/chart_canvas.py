"""A small drawing surface on matplotlib's Agg renderer: lines, shapes and text in points, out as PNG.

Why not a matplotlib Figure: profiled over havenstad's 11 charts, a Figure cost 154 ms per chart.
Most of it was the artist layer: Tick objects (two lines and two texts per tick), text laid out
again for every measurement and then rendered glyph by glyph, the legend's offset boxes; then 28 ms
for Pillow's PNG encoder. Our charts are one fixed kind, laid out by charts.py, so they talk to the
renderer directly: the same anti-aliasing, FreeType text and colours at 18-25 ms per chart, and
importing `matplotlib.backends.backend_agg` costs 0.45 s instead of 0.7 s for `matplotlib.figure`.
Only public matplotlib API is used (RendererAgg, its graphics context, Path, FT2Font).

Coordinates are in points (1/72 inch) from the bottom left corner, as in PDF. The canvas is white.
Draw inside `tekenomgeving()`. The PNG is deterministic: the font is the DejaVu Sans file that ships
with matplotlib (never a system font), every rcParam the renderer reads is pinned to matplotlib's
default, and the PNG has no timestamp or software name, only its resolution (pHYs), so Word places
it at its real size.

This module imports matplotlib and numpy at its top; charts.py imports it only when it draws a chart,
so a build whose charts all come from the cache (chart_cache.py) never loads matplotlib.
"""

from __future__ import annotations

import functools
import struct
import warnings
import zlib
from contextlib import contextmanager
from typing import Literal

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.font_manager import get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, IdentityTransform

Kap = Literal["butt", "projecting", "round"]  # how a line ends (matplotlib's cap styles)


@contextmanager
def tekenomgeving():
    """matplotlib's own defaults for everything the renderer reads, whatever a matplotlibrc says;
    draw every Canvas inside it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        with matplotlib.rc_context():
            matplotlib.rcParams.update(
                {
                    k: matplotlib.rcParamsDefault[k]
                    for k in (
                        "text.hinting",
                        "text.hinting_factor",
                        "text.kerning_factor",
                        "text.antialiased",
                        "agg.path.chunksize",
                        "path.simplify",
                        "path.simplify_threshold",
                        "path.snap",
                        "path.sketch",
                        "path.effects",
                    )
                }
            )
            yield


class Canvas:
    """White canvas of `breedte_pt` x `hoogte_pt` points, rendered at `dpi`."""

    def __init__(self, breedte_pt: float, hoogte_pt: float, dpi: int):
        self._font_file = matplotlib.get_data_path() + "/fonts/ttf/DejaVuSans.ttf"
        self.dpi = dpi
        self.schaal = dpi / 72.0
        self.breedte_px = int(breedte_pt * self.schaal)
        self.hoogte_px = int(hoogte_pt * self.schaal)
        self.breedte = self.breedte_px / self.schaal
        self.hoogte = self.hoogte_px / self.schaal
        self._r = RendererAgg(self.breedte_px, self.hoogte_px, dpi)
        self._r.clear()
        self.rechthoek(0, 0, self.breedte, self.hoogte, vulling="#FFFFFF")

    # drawing --------------------------------------------------------------------------------------
    def _gc(
        self,
        kleur: str,
        dikte: float = 0.0,
        alpha: float | None = None,
        streep: list[float] | None = None,
        kap: Kap = "butt",
        snap=None,
    ):
        gc = self._r.new_gc()
        gc.set_foreground(kleur)
        gc.set_linewidth(dikte)
        gc.set_antialiased(True)
        gc.set_capstyle(kap)
        gc.set_joinstyle("round")
        gc.set_snap(snap)
        if alpha is not None:
            gc.set_alpha(alpha)
        if streep:
            gc.set_dashes(0, streep)
        return gc

    def _pad(self, punten, gesloten: bool = False):
        s = self.schaal
        verts = [(x * s, y * s) for x, y in punten]
        if gesloten:
            return Path(verts + verts[:1], closed=True)  # the last vertex only closes the shape
        return Path(verts)

    def lijn(self, punten, kleur: str, dikte: float, streep: list[float] | None = None, kap: Kap = "butt"):
        """A polyline through `punten`, `dikte` points wide; `streep` is a dash pattern in points."""
        gc = self._gc(kleur, dikte, streep=streep, kap=kap)
        self._r.draw_path(gc, self._pad(punten), IdentityTransform())
        gc.restore()

    def veelhoek(self, punten, vulling: str, rand: str | None = None, dikte: float = 0.0, alpha: float | None = None):
        gc = self._gc(rand or vulling, dikte if rand else 0.0, alpha=alpha)
        self._r.draw_path(gc, self._pad(punten, gesloten=True), IdentityTransform(), self._rgb(vulling, alpha))
        gc.restore()

    def rechthoek(self, x: float, y: float, b: float, h: float, vulling: str, alpha: float | None = None):
        self.veelhoek([(x, y), (x + b, y), (x + b, y + h), (x, y + h)], vulling, alpha=alpha)

    def cirkel(self, x: float, y: float, straal: float, vulling: str, rand: str | None = None, dikte: float = 0.0):
        s = self.schaal
        gc = self._gc(rand or vulling, dikte if rand else 0.0)
        self._r.draw_path(
            gc, Path.unit_circle(), Affine2D().scale(straal * s).translate(x * s, y * s), self._rgb(vulling)
        )
        gc.restore()

    @staticmethod
    def _rgb(kleur: str, alpha: float | None = None):
        return to_rgba(kleur, alpha)

    # text ---------------------------------------------------------------------------------------
    def _beeld(self, tekst: str, grootte: float):
        return _rasteriseer(self._font_file, tekst, grootte, self.dpi)

    def maat(self, tekst: str, grootte: float) -> tuple[float, float, float]:
        """Width, height and descent of one line of `tekst` in points. Height and descent are at least
        those of "lp", as in matplotlib, so lines of one size share a baseline."""
        _, w, h, d, _ = self._beeld(tekst, grootte)
        _, _, h0, d0, _ = self._beeld("lp", grootte)
        s = self.schaal
        return w / s, max(h, h0) / s, max(d, d0) / s

    def tekst(
        self,
        x: float,
        y: float,
        tekst: str,
        grootte: float,
        kleur: str,
        ha: str = "left",
        va: str = "baseline",
        hoek: int = 0,
    ) -> tuple[float, float, float, float]:
        """Draw one line of text anchored at (x, y); returns its box (x0, y0, x1, y1) in points.
        ha: left, center, right; va: baseline, bottom, center, top. `hoek` 90 turns it to read upwards
        (ha and va then apply to the turned box as it is seen)."""
        w, h, d = self.maat(tekst, grootte)
        dekking, _, h_px, d_px, links_px = self._beeld(tekst, grootte)
        s = self.schaal
        if hoek == 90:
            x0 = x + {"left": 0.0, "center": -h / 2, "right": -h}[ha]
            y0 = y + {"bottom": 0.0, "center": -w / 2, "top": -w, "baseline": 0.0}[va]
            box = (x0, y0, x0 + h, y0 + w)
            basis = (x0 + h - d) * s  # the baseline runs upwards, the ascent to its left
            links, onder = basis - (h_px - d_px), y0 * s + links_px
            dekking = np.rot90(dekking)
        else:
            x0 = x + {"left": 0.0, "center": -w / 2, "right": -w}[ha]
            y0 = y + {"baseline": -d, "bottom": 0.0, "center": -h / 2, "top": -h}[va]
            box = (x0, y0, x0 + w, y0 + h)
            links, onder = x0 * s + links_px, (y0 + d) * s - d_px
        if dekking.size:
            rgba = np.empty(dekking.shape + (4,), dtype=np.uint8)
            rgba[..., :3] = [int(kleur[i : i + 2], 16) for i in (1, 3, 5)]
            rgba[..., 3] = dekking
            rgba = rgba[::-1]  # draw_image counts rows from the bottom
            gc = self._gc(kleur)
            self._r.draw_image(gc, round(links), round(onder), rgba)
            gc.restore()
        return box

    # output ---------------------------------------------------------------------------------------
    def png(self) -> bytes:
        """The canvas as an 8-bit RGB PNG with its resolution (pHYs) and nothing else.

        Written here rather than by Pillow: unfiltered rows and zlib at level 1 take 4 ms and give a
        smaller file (42 KB) for these flat-coloured charts than Pillow's adaptive filters at its
        default level (20 ms, 51 KB)."""
        rgb = np.asarray(self._r.buffer_rgba())[:, :, :3]
        rijen = np.zeros((self.hoogte_px, self.breedte_px * 3 + 1), dtype=np.uint8)  # filter byte 0: none
        rijen[:, 1:].reshape(self.hoogte_px, self.breedte_px, 3)[...] = rgb
        per_meter = round(self.dpi / 0.0254)
        return b"".join(
            [
                b"\x89PNG\r\n\x1a\n",
                _chunk(b"IHDR", struct.pack(">IIBBBBB", self.breedte_px, self.hoogte_px, 8, 2, 0, 0, 0)),
                _chunk(b"pHYs", struct.pack(">IIB", per_meter, per_meter, 1)),
                _chunk(b"IDAT", zlib.compress(rijen.tobytes(), 1)),
                _chunk(b"IEND", b""),
            ]
        )


@functools.lru_cache(maxsize=512)
def _rasteriseer(font_file: str, tekst: str, grootte: float, dpi: int):
    """`tekst` rasterised once by FreeType: (coverage bitmap, width, height, descent, left bearing),
    the sizes in pixels. matplotlib's text artist lays a string out again for every measurement and
    renders it glyph by glyph; here a string is one layout and one bitmap, and the strings that recur
    in every chart (years, legend, axis titles) are laid out once per process. A pure function of its
    arguments, so the memo cannot change a picture."""
    font = get_font(font_file)
    font.clear()
    font.set_size(grootte, dpi)
    font.set_text(tekst, 0.0, flags=LoadFlags.FORCE_AUTOHINT)
    w, h = font.get_width_height()
    d = font.get_descent()
    font.draw_glyphs_to_bitmap(antialiased=True)
    xo, _ = font.get_bitmap_offset()
    bitmap = np.array(font.get_image(), dtype=np.uint8)
    bitmap.flags.writeable = False
    return bitmap, w / 64, h / 64, d / 64, xo / 64


def _chunk(soort: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))
