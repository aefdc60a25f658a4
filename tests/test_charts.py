"""The line charts: deterministic PNGs, alt text with the same numbers, matplotlib only when drawing."""

from __future__ import annotations

import hashlib
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from ivplan.render import charts

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[1]


def doel(**extra):
    d = {
        "id": "d1",
        "indicator": "Geregistreerde woninginbraken",
        "eenheid": "per 1.000 woningen",
        "richting": "dalen",
        "nulmeting": {"waarde": 3.4, "jaar": 2025},
        "streefwaarde": {"waarde": 2.8, "jaar": 2030},
        "metingen": [{"jaar": 2026, "waarde": 3.2}, {"jaar": 2027, "waarde": 2.9}],
    }
    d.update(extra)
    return d


def png_chunks(data: bytes) -> dict[bytes, list[bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.setdefault(kind, []).append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return chunks


def pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and the RGB(A) pixels of an 8-bit truecolour PNG (as matplotlib writes it)."""
    chunks = png_chunks(data)
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    px = [tuple(row[x : x + 3]) for row in rows for x in range(0, stride, channels)]
    return width, height, px


def test_alt_text_states_the_numbers_in_words():
    assert charts.alt_tekst(doel()) == (
        "Lijngrafiek van Geregistreerde woninginbraken (per 1.000 woningen): nulmeting 3,4 in 2025, "
        "metingen 3,2 in 2026 en 2,9 in 2027, streefwaarde 2,8 in 2030; "
        "de stippellijn is het pad van nulmeting naar streefwaarde."
    )


def test_alt_text_percentages_decimals_and_years():
    d = doel(
        eenheid="%",
        nulmeting={"waarde": 16.8, "jaar": 2025},
        streefwaarde={"waarde": 14.0, "jaar": 2030},
        metingen=[{"jaar": 2027, "waarde": 15.5}, {"jaar": 2023, "waarde": 16}, {"jaar": 2029, "waarde": 1}],
    )
    # in year order, one decimal throughout (as the doel's figures are written), up to tot_jaar
    assert charts.alt_tekst(d, tot_jaar=2028) == (
        "Lijngrafiek van Geregistreerde woninginbraken: nulmeting 16,8% in 2025, metingen 16,0% in 2023 en "
        "15,5% in 2027, streefwaarde 14,0% in 2030; de stippellijn is het pad van nulmeting naar streefwaarde."
    )


def test_alt_text_same_year_twice_takes_the_last_and_no_path():
    d = doel(
        eenheid="aantal",
        nulmeting={"waarde": 1250, "jaar": 2027},
        streefwaarde={"waarde": 1000, "jaar": 2027},
        metingen=[{"jaar": 2028, "waarde": 1200}, {"jaar": 2028, "waarde": 1100}],
    )
    assert charts.alt_tekst(d) == (
        "Lijngrafiek van Geregistreerde woninginbraken: nulmeting 1.250 in 2027, meting 1.100 in 2028, "
        "streefwaarde 1.000 in 2027; nulmeting en streefwaarde vallen in hetzelfde jaar, dus er is geen pad."
    )


def test_lijngrafiek_returns_png_and_the_same_alt_text():
    png, alt = charts.lijngrafiek(doel())
    assert alt == charts.alt_tekst(doel())
    chunks = png_chunks(png)
    width, height = struct.unpack(">II", chunks[b"IHDR"][0][:8])
    assert (width, height) == (int(16 / 2.54 * 150), int(8.5 / 2.54 * 150))  # 16 x 8,5 cm at 150 dpi
    # 150 dpi recorded (pixels per metre), so Word places it at its real size
    ppm_x, ppm_y, unit = struct.unpack(">IIB", chunks[b"pHYs"][0])
    assert unit == 1 and ppm_x == ppm_y == round(150 / 0.0254)
    # no software name, no timestamp
    assert b"tIME" not in chunks
    assert not any(b"Software" in t or b"matplotlib" in t for t in chunks.get(b"tEXt", []))


def chart_hash_in_a_new_process(env: dict, cwd: Path | None = None) -> str:
    """The sha256 of `doel()`'s chart, drawn by a fresh Python process."""
    code = (
        "import hashlib; from ivplan.render import charts; "
        f"print(hashlib.sha256(charts.lijngrafiek({doel()!r})[0]).hexdigest())"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "HOME": str(Path.home()), **env},
    ).stdout.strip()


def test_png_is_identical_across_runs_and_processes():
    png, _ = charts.lijngrafiek(doel())
    assert charts.lijngrafiek(doel())[0] == png
    assert chart_hash_in_a_new_process({"PYTHONHASHSEED": "123"}) == hashlib.sha256(png).hexdigest()


def test_user_matplotlibrc_does_not_change_the_chart(tmp_path):
    png, _ = charts.lijngrafiek(doel())
    (tmp_path / "matplotlibrc").write_text("axes.facecolor: black\nfont.size: 20\nlines.linewidth: 9\n")
    assert chart_hash_in_a_new_process({}, cwd=tmp_path) == hashlib.sha256(png).hexdigest()


def test_different_data_gives_a_different_chart():
    a, _ = charts.lijngrafiek(doel())
    b, _ = charts.lijngrafiek(doel(metingen=[{"jaar": 2026, "waarde": 3.2}, {"jaar": 2027, "waarde": 3.3}]))
    assert a != b


def test_chart_uses_the_safe_colours_on_white():
    width, height, px = pixels(charts.lijngrafiek(doel())[0])
    colours = set(px)
    assert (255, 255, 255) in colours
    for hexcolour in (charts.KLEUR_METING, charts.KLEUR_NULMETING, charts.KLEUR_STREEFWAARDE, charts.KLEUR_PAD):
        rgb = tuple(int(hexcolour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"kleur {hexcolour} ontbreekt in de grafiek"


@pytest.mark.parametrize(
    "extra",
    [
        {"metingen": []},
        {"metingen": [{"jaar": 2026, "waarde": 3.2}]},
        {
            "nulmeting": {"waarde": 0, "jaar": 2027},
            "streefwaarde": {"waarde": 0, "jaar": 2027},
            "richting": "handhaven",
        },
        {"indicator": "Kosten in $ en € met $x^2$ — 🚓 en een heel lange naam " * 4, "eenheid": None},
        {"metingen": [{"jaar": 2000, "waarde": -5}, {"jaar": 2100, "waarde": 1e9}]},
    ],
)
def test_unusual_doelen_still_draw(extra):
    png, alt = charts.lijngrafiek(doel(**extra))
    assert png.startswith(b"\x89PNG") and alt.startswith("Lijngrafiek van ")


def test_dutch_tick_labels_need_no_locale():
    # the axis formatter writes "2,8" and "1.250" itself; rendering works whatever the locale
    png, _ = charts.lijngrafiek(
        doel(
            nulmeting={"waarde": 1250, "jaar": 2025},
            streefwaarde={"waarde": 1000, "jaar": 2030},
            metingen=[{"jaar": 2026, "waarde": 1200}],
        )
    )
    assert png.startswith(b"\x89PNG")


def test_voortgang_chart_images_only_for_two_or_more_metingen():
    from ivplan.render.charts import chart_images

    plan = {
        "meetbare_doelen": [
            doel(id="twee"),
            doel(id="een", metingen=[{"jaar": 2026, "waarde": 3.2}]),
            doel(id="geen", metingen=[]),
            doel(id="later", metingen=[{"jaar": 2026, "waarde": 3.2}, {"jaar": 2029, "waarde": 3.0}]),
        ]
    }
    assert sorted(chart_images(plan)) == ["grafiek-later", "grafiek-twee"]
    assert sorted(chart_images(plan, jaar=2028)) == ["grafiek-twee"]
    assert sorted(chart_images(plan, minimum=1)) == ["grafiek-een", "grafiek-later", "grafiek-twee"]
    image = chart_images(plan)["grafiek-twee"]
    assert image.alt == charts.alt_tekst(doel())
    assert image.data == charts.lijngrafiek(doel())[0]


def test_decimalen_follow_the_figures_as_written():
    assert charts.decimalen(doel()) == 1
    assert (
        charts.decimalen(
            doel(nulmeting={"waarde": 6.0, "jaar": 2025}, streefwaarde={"waarde": 4, "jaar": 2030}, metingen=[])
        )
        == 1
    )
    assert (
        charts.decimalen(
            doel(
                nulmeting={"waarde": 60, "jaar": 2025},
                streefwaarde={"waarde": 40, "jaar": 2030},
                metingen=[{"jaar": 2026, "waarde": 55}],
            )
        )
        == 0
    )
    assert charts.waarde_tekst(6.0, "%", 1) == "6,0%"
    assert charts.waarde_tekst(1250, None, 0) == "1.250"


def test_getoonde_metingen_skips_broken_entries():
    d = doel(
        metingen=[
            {"jaar": 2026, "waarde": 3.2},
            {"jaar": None, "waarde": 1},
            {"jaar": 2027, "waarde": True},
            {"jaar": 2027},
        ]
    )
    assert charts.getoonde_metingen(d) == [(2026, 3.2)]
