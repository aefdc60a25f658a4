"""`ivplan init`: a starter plan for one gemeente plus the editor settings, never overwriting anything."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

from ivplan.core.errors import InitError
from ivplan.core.output import write_atomic
from ivplan.core.resources import schemas_dir

POLITIE_EENHEDEN = (
    "Noord-Nederland",
    "Oost-Nederland",
    "Midden-Nederland",
    "Noord-Holland",
    "Amsterdam",
    "Den Haag",
    "Rotterdam",
    "Zeeland-West-Brabant",
    "Oost-Brabant",
    "Limburg",
)


def starter_text(*, gemeente: str, cbs_code: str, inwoners: int, politie_eenheid: str, start: int, today: date) -> str:
    from ivplan.documents.templating import make_environment

    env = make_environment(None)
    template = env.get_template("starter.yaml.j2")
    return template.render(
        gemeente=gemeente,
        cbs_code=cbs_code,
        inwoners=inwoners,
        politie_eenheid=politie_eenheid,
        jaar_start=start,
        jaar_eind=start + 3,
        vandaag=today.isoformat(),
    )


def init_project(
    folder: Path,
    *,
    gemeente: str,
    cbs_code: str,
    inwoners: int,
    politie_eenheid: str,
    start: int | None = None,
    today: date | None = None,
) -> list[Path]:
    if not gemeente.strip():
        raise InitError("geef de naam van de gemeente met --gemeente")
    if not re.fullmatch(r"GM[0-9]{4}", cbs_code):
        raise InitError(f"'{cbs_code}' is geen CBS-code; de vorm is GM gevolgd door vier cijfers (GM0344)")
    if politie_eenheid not in POLITIE_EENHEDEN:
        raise InitError(f"'{politie_eenheid}' is geen politie-eenheid; kies uit: " + ", ".join(POLITIE_EENHEDEN))
    today = today or date.today()
    start = start or today.year + 1
    folder = Path(folder)
    targets = {
        folder / "ivp.yaml": starter_text(
            gemeente=gemeente.strip(),
            cbs_code=cbs_code,
            inwoners=inwoners,
            politie_eenheid=politie_eenheid,
            start=start,
            today=today,
        ),
        folder / ".vscode" / "ivplan.schema.json": (schemas_dir() / "ivplan.schema.json").read_text("utf-8"),
        folder / ".vscode" / "settings.json": json.dumps(
            {
                "yaml.schemas": {"./.vscode/ivplan.schema.json": ["*.yaml", "*.yml"]},
                "files.encoding": "utf8",
                "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
            },
            indent=2,
        )
        + "\n",
    }
    # never write through a link (a dangling ivp.yaml link, a .vscode that points elsewhere): the files
    # would land where the link says, outside the folder the user named
    links = [p for p in (*targets, folder / ".vscode") if p.is_symlink()]
    if links:
        link = links[0]
        raise InitError(
            f"{link} is een symbolische koppeling (naar {os.readlink(link)}); ivplan init schrijft niet via een "
            "koppeling (er is niets geschreven)"
        )
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        names = ", ".join(existing[:-1]) + " en " + existing[-1] if len(existing) > 1 else existing[0]
        verb = "bestaat" if len(existing) == 1 else "bestaan"
        raise InitError(f"{names} {verb} al; ivplan init overschrijft niets (er is niets geschreven)")
    written = []
    for path, text in targets.items():
        write_atomic(path, text)  # OutputError (exit 2) when it cannot be written
        written.append(path)
    return written
