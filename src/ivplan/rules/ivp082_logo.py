"""Wat: `gemeente.logo` noemt een afbeelding die bestaat en een PNG- of JPEG-bestand is. Het pad is
relatief ten opzichte van de map van het planbestand (bijvoorbeeld `logo: afbeeldingen/logo.png`) en
blijft binnen die map: een absoluut pad (`/home/...`, `C:\\...`) of een pad dat met `..` buiten de map
van het plan komt, wordt niet gebruikt. Of het een PNG of JPEG is, bepaalt ivplan aan de inhoud
van het bestand, niet aan de extensie.

Waarom: het document kan het logo anders niet tonen. Dat het pad binnen de map van het plan blijft,
houdt het plan overdraagbaar (de map met plan en logo werkt ook op een andere computer of bij het
regiobureau) en voorkomt dat een plan bestanden van elders op de computer in een document haalt.
Een symbolische koppeling die naar buiten de map wijst, telt daarom ook als buiten de map.

Hoe op te lossen: zet het logo in de map van het plan (of een submap daarvan) en schrijf het pad
vanaf die map, met `/` tussen de mappen. Gebruik een PNG- of JPEG-bestand; zet een ander formaat
(zoals SVG of GIF) eerst om. Een bestand dat alleen een andere extensie heeft gekregen, is nog geen
PNG of JPEG.

Bron: ivplan; de afbeeldingsformaten die een Word-document kan tonen.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from ..diagnostics import ERROR
from .base import Finding, PlanView

CODE = "IVP082"
SEVERITY = ERROR
TITLE = "het logo is een PNG- of JPEG-bestand in de map van het plan"
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


def problem(folder: Path, logo: str) -> str | None:
    """Why `logo` (relative to `folder`) cannot be used, or None when it is a PNG or JPEG inside it."""
    text = logo.replace("\\", "/")
    win = PureWindowsPath(logo)
    if PurePosixPath(text).is_absolute() or win.drive or win.is_absolute():
        return (f"het logo '{logo}' is een absoluut pad; schrijf het pad vanaf de map van het plan "
                "(bijvoorbeeld afbeeldingen/logo.png)")
    base = folder.resolve()
    target = (base / text).resolve()
    if target != base and base not in target.parents:
        return (f"het logo '{logo}' ligt buiten de map van het plan; zet het in die map (of een submap) en "
                "schrijf het pad vanaf daar")
    if not target.exists():
        return f"het logo '{logo}' bestaat niet (gezocht vanaf de map van het plan: {folder})"
    if not target.is_file():
        return f"het logo '{logo}' is geen bestand"
    try:
        with open(target, "rb") as fh:
            head = fh.read(len(PNG))
    except OSError:
        return f"het logo '{logo}' kan niet worden gelezen (geen leesrechten?)"
    if head.startswith(PNG) or head.startswith(JPEG):
        return None
    return (f"het logo '{logo}' is geen PNG- of JPEG-afbeelding (ivplan kijkt naar de inhoud, niet naar de "
            "extensie); zet het om naar PNG of JPEG")


def check(plan: PlanView):
    logo = plan.get("gemeente", "logo")
    if not isinstance(logo, str) or plan.folder is None:
        return  # no logo, or a plan that was not read from a file
    reason = problem(plan.folder, logo)
    if reason:
        yield Finding(("gemeente", "logo"), reason)
