"""Wat: `gemeente.logo` noemt een afbeelding die bestaat en een PNG- of JPEG-bestand is. Het pad is
relatief ten opzichte van de map van het planbestand (bijvoorbeeld `logo: afbeeldingen/logo.png`, of
`logo: ../logo.png` voor een logo dat de plannen in de mappen ernaast delen); een absoluut pad
(`/home/...`, `C:\\...`) wordt niet gebruikt. Of het een PNG of JPEG is, bepaalt ivplan aan de inhoud
van het bestand, niet aan de extensie; het bestand moet ook heel zijn (niet afgebroken, met een kop
met de afmetingen; een JPEG met een JFIF- of Exif-kop).

Waarom: het document kan het logo anders niet tonen. Een pad vanaf de map van het plan houdt het plan
overdraagbaar: de map met plan en logo werkt ook op een andere computer of bij het regiobureau.

Hoe op te lossen: zet het logo bij het plan (in de map van het plan, een submap, of een map erboven)
en schrijf het pad vanaf de map van het plan, met `/` tussen de mappen. Gebruik een PNG- of
JPEG-bestand; zet een ander formaat (zoals SVG of GIF) eerst om. Een bestand dat alleen een andere
extensie heeft gekregen, is nog geen PNG of JPEG.

Bron: ivplan; de afbeeldingsformaten die een Word-document kan tonen.
"""

from __future__ import annotations

import struct
from pathlib import Path, PurePosixPath, PureWindowsPath

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP082"
SEVERITY = ERROR
TITLE = "het logo is een PNG- of JPEG-bestand"
NEEDS = ("gemeente",)
REGIO = False

PASSES = """
gemeente.logo: logo.png
"""
FAILS = """
gemeente.logo: afbeeldingen/bestaat-niet.png
"""
FAILS_AT = "gemeente.logo"

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
MAX_SIDE = 65535  # pixels; more is no logo but a broken header
# JPEG start-of-frame markers (SOF0-SOF15 without DHT C4, JPG C8, DAC CC): they hold the dimensions
SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-RST7: markers without a length


def _png_problem(data: bytes) -> str | None:
    """What makes this PNG unreadable: the chunks from IHDR up to IEND must all be there."""
    pos = len(PNG)
    first = True
    while True:
        if pos + 8 > len(data):
            return "het bestand is afgebroken (het einde van de PNG, IEND, ontbreekt)"
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if pos + 12 + length > len(data):
            return "het bestand is afgebroken (een deel van de PNG ontbreekt)"
        if first:
            if kind != b"IHDR" or length != 13:
                return "de PNG begint niet met een geldige kop (IHDR)"
            width, height = struct.unpack(">II", data[pos + 8 : pos + 16])
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                return f"de PNG heeft een onmogelijke afmeting ({width} x {height} pixels)"
            first = False
        if kind == b"IEND":
            return None
        pos += 12 + length


def _jpeg_problem(data: bytes) -> str | None:
    """What makes this JPEG unreadable for Word and the writer: a JFIF or Exif header, a frame
    header with the dimensions, and the end-of-image marker after the image data."""
    if data[6:10] not in (b"JFIF", b"Exif"):
        return "de JPEG heeft geen JFIF- of Exif-kop"
    pos = 2
    size = None
    while True:
        if pos + 2 > len(data) or data[pos] != 0xFF:
            return "het bestand is afgebroken of beschadigd (de JPEG-opbouw klopt niet)"
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in STANDALONE:
            pos += 2
            continue
        if marker == 0xD9:  # EOI before any image data
            return "de JPEG bevat geen beeldgegevens"
        if pos + 4 > len(data):
            return "het bestand is afgebroken (een deel van de JPEG ontbreekt)"
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > len(data):
            return "het bestand is afgebroken (een deel van de JPEG ontbreekt)"
        if marker in SOF:
            if length < 8:
                return "de JPEG heeft een beschadigde kop"
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            if not (0 < width and 0 < height):
                return f"de JPEG heeft een onmogelijke afmeting ({width} x {height} pixels)"
            size = (width, height)
        if marker == 0xDA:  # start of scan: the image data follows, up to EOI
            if size is None:
                return "de JPEG heeft geen kop met de afmetingen (SOF)"
            if data.find(b"\xff\xd9", pos + 2 + length) < 0:
                return "het bestand is afgebroken (het einde van de JPEG, EOI, ontbreekt)"
            return None
        pos += 2 + length


def image_problem(data: bytes) -> str | None:
    """Why `data` is not a PNG or JPEG the document can show, or None. Reads the structure the way
    the writer does (python-docx is not imported here: validate stays fast)."""
    if data.startswith(PNG):
        return _png_problem(data)
    if data.startswith(JPEG):
        return _jpeg_problem(data)
    return ""


def _absolute(logo: str) -> bool:
    win = PureWindowsPath(logo)
    return PurePosixPath(logo.replace("\\", "/")).is_absolute() or bool(win.drive) or win.is_absolute()


def logo_path(folder: Path, logo: str) -> Path | None:
    """The file `logo` names, resolved: relative to the plan's folder, with `/` or `\\` between the
    folders (`..` included: the plan format takes any path relative to the YAML file). None when the
    name is absolute. The one place that decides which file a logo is: this rule checks it, the build
    reads it. Resolving may raise OSError or RuntimeError (a name too long, a symlink loop)."""
    if _absolute(logo):
        return None
    return (folder.resolve() / logo.replace("\\", "/")).resolve()


def problem(folder: Path, logo: str) -> str | None:
    """Why `logo` (relative to `folder`) cannot be used, or None when it names a PNG or JPEG."""
    if _absolute(logo):
        return (
            f"het logo '{logo}' is een absoluut pad; schrijf het pad vanaf de map van het plan "
            "(bijvoorbeeld afbeeldingen/logo.png)"
        )
    try:
        target = logo_path(folder, logo)
        if target is None or not target.exists():
            return f"het logo '{logo}' bestaat niet (gezocht vanaf de map van het plan: {folder})"
        if not target.is_file():
            return f"het logo '{logo}' is geen bestand"
        data = target.read_bytes()
    except (OSError, RuntimeError):  # a name too long, a symlink loop, no read permission
        return f"het logo '{logo}' kan niet worden gelezen (controleer de naam en de leesrechten)"
    broken = image_problem(data)
    if broken is None:
        return None
    if broken:
        return (
            f"het logo '{logo}' is geen leesbare PNG- of JPEG-afbeelding: {broken}; sla het opnieuw op als PNG of JPEG"
        )
    return (
        f"het logo '{logo}' is geen PNG- of JPEG-afbeelding (ivplan kijkt naar de inhoud, niet naar de "
        "extensie); zet het om naar PNG of JPEG"
    )


def check(plan: PlanView):
    logo = plan.get("gemeente", "logo")
    if not isinstance(logo, str) or plan.folder is None:
        return  # no logo, or a plan that was not read from a file
    reason = problem(plan.folder, logo)
    if reason:
        yield Finding(("gemeente", "logo"), reason)
