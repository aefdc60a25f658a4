"""`ivplan init`: a starter plan for one gemeente plus the editor settings, never overwriting anything."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from ivplan.core import paths
from ivplan.core.errors import EXIT_ERRORS, InitError, IvplanError
from ivplan.core.formatting import meervoud, opsomming
from ivplan.core.output import write_atomic
from ivplan.core.resources import schemas_dir
from ivplan.documents.templating import make_environment
from ivplan.source.loader import load_text
from ivplan.validation.bestanden import is_programme
from ivplan.validation.lint import FileResult, lint_loaded, lint_plan
from ivplan.validation.rules.ivp060_wijkagenten import norm as wijkagent_norm
from ivplan.validation.speerpunten import SP_TOEGELICHT, speerpunt_status
from ivplan.validation.vocabulary import allowed_values, field_rules, fields_with_allowed, load_schema

POLITIE_EENHEID = "gemeente.politie_eenheid"
CBS_CODE = "gemeente.cbs_code"


def starter_text(*, gemeente: str, cbs_code: str, inwoners: int, politie_eenheid: str, start: int, today: date) -> str:
    env = make_environment(None)
    template = env.get_template("starter.yaml.j2")
    return template.render(
        keuzes={path: list(rules["allowed"]) for path, rules in fields_with_allowed(load_schema("plan"))},
        wijkagenten=wijkagent_norm(inwoners),
        gemeente=gemeente,
        cbs_code=cbs_code,
        inwoners=inwoners,
        politie_eenheid=politie_eenheid,
        jaar_start=start,
        jaar_eind=start + 3,
        vandaag=today.isoformat(),
    )


# The element of the starter each option fills (politie.wijkagenten is derived from the inwoners).
_OPTION_OF = {
    "gemeente.naam": "--gemeente",
    CBS_CODE: "--cbs-code",
    "gemeente.inwoners": "--inwoners",
    "politie.wijkagenten": "--inwoners",
    POLITIE_EENHEID: "--politie-eenheid",
    "plan.periode": "--start",
}


def _refuse_what_the_plan_format_rejects(starter: str) -> None:
    """InitError (exit 2) naming the option when its value makes the starter fail the plan format (a name of
    300 characters, 10^22 inwoners): a starter must validate with warnings only."""
    errors = [d for d in lint_loaded(load_text(starter, "ivp.yaml")).diagnostics if d.is_error]
    said: dict[str, str] = {}
    for d in errors:
        option = next((o for path, o in _OPTION_OF.items() if d.path == path or d.path.startswith(path + ".")), None)
        said.setdefault(option or d.path, d.message)
    if said:
        raise InitError(
            "; ".join(f"{option}: {message}" for option, message in said.items()) + " (er is niets geschreven)"
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
    if not re.fullmatch(field_rules(load_schema("plan"), CBS_CODE)["regex"], cbs_code):
        raise InitError(f"'{cbs_code}' is geen CBS-code; de vorm is GM gevolgd door vier cijfers (GM0344)")
    eenheden = allowed_values(POLITIE_EENHEID)
    if politie_eenheid not in eenheden:
        raise InitError(f"'{politie_eenheid}' is geen politie-eenheid; kies uit: " + ", ".join(eenheden))
    today = today or date.today()
    start = start or today.year + 1
    folder = Path(folder)
    starter = starter_text(
        gemeente=gemeente.strip(),
        cbs_code=cbs_code,
        inwoners=inwoners,
        politie_eenheid=politie_eenheid,
        start=start,
        today=today,
    )
    _refuse_what_the_plan_format_rejects(starter)
    targets = {
        folder / "ivp.yaml": starter,
        # one schema for every kind (plan, uitvoeringsprogramma), chosen by the top key
        folder / ".vscode" / "ivplan.schema.json": (schemas_dir() / "ivplan-editor.schema.json").read_text("utf-8"),
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
    links = [p for p in (*targets, folder / ".vscode") if paths.is_symlink(p)]
    if links:
        link = links[0]
        raise InitError(
            f"{link} is een symbolische koppeling (naar {os.readlink(link)}); ivplan init schrijft niet via een "
            "koppeling (er is niets geschreven)"
        )
    existing = [str(p) for p in targets if paths.exists(p)]
    vscode = folder / ".vscode"
    if paths.exists(vscode) and not paths.is_dir(vscode):  # a file in the way of the settings folder
        existing.insert(0, str(vscode))
    if existing:
        verb = meervoud(len(existing), "bestaat", "bestaan")
        raise InitError(f"{opsomming(existing)} {verb} al; ivplan init overschrijft niets (er is niets geschreven)")
    written = []
    for path, text in targets.items():
        write_atomic(path, text)  # OutputError (exit 2) when it cannot be written
        written.append(path)
    return written


def init_uitvoering(jaar: int, plan_path: Path, folder: Path | None = None) -> Path:
    """`ivplan init --uitvoering JAAR PLAN.yaml [MAP]`: a starter programme `uitvoering-<start>[-<eind>].yaml`
    in MAP (default: the plan's folder) derived from a plan without errors. InitError (exit 2) for a year
    outside the plan, a deel A of a joint plan or an existing file; PlanError (exit 1) for a plan with errors.
    Nothing is written then."""
    if is_programme(plan_path):  # read as a plan, it would give a page of misleading schema errors
        raise InitError(
            f"{plan_path}: is een uitvoeringsprogramma (ivplan_uitvoering: 1); 'ivplan init --uitvoering' neemt "
            "een plan of het deel B van een gemeente (er is niets geschreven)"
        )
    plan_res = lint_plan(plan_path, str(plan_path))
    if plan_res.unreadable:
        raise InitError(f"{plan_path}: het plan kan niet worden gelezen")
    if plan_res.kind == "deel_a":  # a programme belongs to a gemeente's plan: a plan or its deel B
        raise InitError(
            f"{plan_path}: is een gezamenlijk deel A (ivplan_gezamenlijk: 1); 'ivplan init --uitvoering' neemt een "
            "plan of het deel B van een gemeente (er is niets geschreven)"
        )
    if plan_res.has_errors or not isinstance(plan_res.view_data, dict):
        raise PlanError(plan_res)
    plan = plan_res.view_data
    periode = plan["plan"]["periode"]
    if not periode["start"] <= jaar <= periode["eind"]:
        raise InitError(
            f"{jaar} valt buiten de periode van het plan ({periode['start']}-{periode['eind']}); er is niets geschreven"
        )
    twee = plan["monitoring"]["uitvoeringsprogramma"] == "tweejaarlijks"
    eind = min(jaar + 1, periode["eind"]) if twee else jaar
    folder = Path(folder) if folder is not None else Path(plan_path).parent
    target = folder / (f"uitvoering-{jaar}.yaml" if eind == jaar else f"uitvoering-{jaar}-{eind}.yaml")
    if paths.exists(target) or paths.is_symlink(target):
        raise InitError(f"{target} bestaat al; ivplan init overschrijft niets (er is niets geschreven)")
    relative = os.path.relpath(Path(plan_path).resolve(), folder.resolve()).replace(os.sep, "/")
    if relative.startswith("../../"):
        raise InitError(
            f"{folder}: het plan moet in de map van het programma of de map daarboven staan (het programma "
            "verwijst naar het plan met een pad ten opzichte van zichzelf, hoogstens één map omhoog); er is niets "
            "geschreven"
        )
    write_atomic(target, uitvoering_starter_text(plan, Path(plan_path), target, jaar, eind))
    return target


def uitvoering_starter_text(plan: dict[str, Any], plan_path: Path, target: Path, start: int, eind: int) -> str:
    doelen_per_prioriteit: dict[str, list[dict[str, Any]]] = {}
    for d in plan.get("meetbare_doelen") or []:
        doelen_per_prioriteit.setdefault(d["prioriteit"], []).append(d)
    ids = sorted(s["speerpunt"] for s in plan["regionale_afstemming"]["speerpunten"])
    status = speerpunt_status(plan, ids)
    # speerpunten the plan only explains are served by the first maatregel, so the starter gives no IVP113
    toegelicht = [sid for sid in ids if status[sid] == SP_TOEGELICHT]
    prioriteiten = []
    for i, p in enumerate(plan["prioriteiten"]):
        doelen = doelen_per_prioriteit.get(p["id"], [])
        linked = [s["speerpunt"] for s in plan["regionale_afstemming"]["speerpunten"] if s.get("prioriteit") == p["id"]]
        prioriteiten.append(
            {
                "id": p["id"],
                "titel": " ".join(str(p["titel"]).split()).replace('"', "'"),
                "trekker": doelen[0]["trekker"] if doelen else "gemeente",
                "doelen": [d["id"] for d in doelen],
                "speerpunten": sorted(set(linked) | (set(toegelicht) if i == 0 else set())),
            }
        )
    relative = os.path.relpath(plan_path.resolve(), target.parent.resolve()).replace(os.sep, "/")

    return (
        make_environment(None)
        .get_template("uitvoering-starter.yaml.j2")
        .render(
            plan=json.dumps(relative, ensure_ascii=False),
            start=start,
            eind=eind,
            plan_titel=" ".join(str(plan["plan"]["titel"]).split()),
            bestand=target.name,
            prioriteiten=prioriteiten,
        )
    )


class PlanError(IvplanError):
    """`init --uitvoering` on a plan with errors (exit 1): its diagnostics are printed, nothing written."""

    exit_code = EXIT_ERRORS

    def __init__(self, result: FileResult) -> None:
        super().__init__(f"{result.file}: het plan heeft fouten; er is niets geschreven")
        self.result = result
