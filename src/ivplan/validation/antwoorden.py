"""The answers file of `ivplan toets` (`ivplan_toets: 1`): loaded and schema-checked like a plan
(IVP9xx, IVP000), then checked against the CCV checklist and the plan it answers (IVP150-IVP156).

The codes are listed by `ivplan regels` under "Antwoordenbestand" and explained by `ivplan uitleg`;
a regio's `eisen` never touch them (they are no plan rules).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import ERROR, WARNING, Diagnostic
from ivplan.core.formatting import aantal
from ivplan.source.loader import Loaded, load_file
from ivplan.validation.ccv import AUTOMATISCH, DEELS, VOLDOET_NIET, VRAAG, checklist
from ivplan.validation.lint import FileResult
from ivplan.validation.schema import validate

# code -> (severity, title, explanation): what `ivplan regels` and `ivplan uitleg` print
REGELS: dict[str, tuple[str, str, str]] = {
    "IVP150": (
        ERROR,
        "elke sleutel onder antwoorden is een checkpunt",
        "Wat: elke sleutel onder `antwoorden` is het id van een checkpunt uit de CCV-lijst (ccv-1.2, ccv-4.5, ...).\n\n"
        "Waarom: een antwoord bij een onbekend id komt in geen enkel checkpunt terecht en zou stil verloren gaan.\n\n"
        "Hoe op te lossen: gebruik de ids uit het rapport of uit het formulier van `ivplan toets --sjabloon`; "
        "de melding noemt het id dat u waarschijnlijk bedoelde.\n\n"
        "Bron: ivplan toets (de CCV-checklist).",
    ),
    "IVP151": (
        WARNING,
        "geen oordeel bij een checkpunt dat ivplan zelf beoordeelt",
        "Wat: een `oordeel` bij een checkpunt dat ivplan automatisch beoordeelt.\n\n"
        "Waarom: zulke checkpunten volgen uit de regels van ivplan; een eigen oordeel zou het rapport "
        "tegenspreken. ivplan negeert het.\n\n"
        "Hoe op te lossen: laat het oordeel weg; een opmerking mag wel.\n\nBron: ivplan toets.",
    ),
    "IVP152": (
        ERROR,
        "het antwoordenbestand hoort bij dit plan (CBS-code)",
        "Wat: `plan.cbs_code` van het antwoordenbestand is de CBS-code van het getoetste plan.\n\n"
        "Waarom: zo komen antwoorden nooit bij het plan van een andere gemeente terecht.\n\n"
        "Hoe op te lossen: geef het juiste plan of het juiste antwoordenbestand mee, of verbeter de CBS-code.\n\n"
        "Bron: ivplan toets.",
    ),
    "IVP153": (
        WARNING,
        "de getoetste versie is de versie van het plan",
        "Wat: `plan.versie` van het antwoordenbestand is `plan.versie` van het plan.\n\n"
        "Waarom: wijkt de versie af, dan gaan de antwoorden over een eerdere tekst; sommige opmerkingen "
        "kunnen al verwerkt zijn.\n\nHoe op te lossen: kijk de antwoorden na en pas de versie aan.\n\n"
        "Bron: ivplan toets.",
    ),
    "IVP154": (
        WARNING,
        "een collegiale toets door een andere gemeente, een zelfevaluatie door de eigen",
        "Wat: bij een collegiale toets is de gemeente van de toetser een andere dan die van het plan; bij een "
        "zelfevaluatie (`--zelfevaluatie`) dezelfde.\n\n"
        "Waarom: collegiale toetsing is de blik van een collega van buiten; een zelfevaluatie is die van de "
        "opsteller zelf. Het rapport moet zeggen welke van de twee het is.\n\n"
        "Hoe op te lossen: verbeter `toetser.gemeente`, of kies de juiste soort toets.\n\n"
        "Bron: CCV, Opstellen integraal veiligheidsplan; het onderzoek naar de regierol van gemeenten noemt "
        "collegiale toetsing en zelfevaluatie.",
    ),
    "IVP155": (
        WARNING,
        "elke vraag heeft een oordeel",
        "Wat: alle checkpunten die de toetser beoordeelt, hebben een `oordeel`.\n\n"
        "Waarom: een open vraag telt niet mee in de score; het rapport toont haar met een lege plek.\n\n"
        "Hoe op te lossen: vul bij elk genoemd checkpunt `oordeel` in (voldoet, deels, voldoet_niet of nvt).\n\n"
        "Bron: ivplan toets.",
    ),
    "IVP156": (
        WARNING,
        "een oordeel deels of voldoet niet heeft een opmerking",
        "Wat: bij `oordeel: deels` of `oordeel: voldoet_niet` staat een `opmerking`.\n\n"
        "Waarom: de opsteller moet weten wat er beter kan; een oordeel zonder uitleg helpt niet.\n\n"
        "Hoe op te lossen: schrijf in `opmerking` wat ontbreekt en hoe het beter kan.\n\nBron: ivplan toets.",
    ),
}

_WRONG_KIND = {
    "ivplan": "dit is een plan, geen antwoordenbestand (ivplan_toets: 1); geef het plan als eerste argument",
    "ivplan_regio": "dit is een regiobestand, geen antwoordenbestand (ivplan_toets: 1)",
}


def _make(code: str, loaded: Loaded, path: tuple, message: str, *, at_key: bool = False) -> Diagnostic:
    positions = loaded.positions
    assert positions is not None  # only an answers file that was read gets diagnostics here
    if at_key:
        pos = positions.key(path)
        where = path
    else:
        where, pos = positions.locate(path)
    return dg.make(code, REGELS[code][0], where, message, pos, loaded.source.path)


def lint_antwoorden(path: Path | str, plan: Mapping, *, zelfevaluatie: bool, display: str | None = None) -> FileResult:
    """Load, schema-check and check an answers file against the checklist and the (valid) plan."""
    loaded = load_file(path, display)
    if not loaded.ok:
        return FileResult(loaded.source.path, loaded, list(loaded.diagnostics))
    assert loaded.positions is not None  # loaded.ok: the file was read, so it has its index
    for marker, message in _WRONG_KIND.items():
        if marker in loaded.data:
            diag = dg.make("IVP000", ERROR, (marker,), message, loaded.positions.key((marker,)), loaded.source.path)
            return FileResult(loaded.source.path, loaded, [diag])
    result = validate(loaded, "antwoorden")
    res = FileResult(loaded.source.path, loaded, list(loaded.diagnostics) + result.diagnostics, result)
    res.diagnostics += _checks(loaded, result, plan, zelfevaluatie)
    res.diagnostics.sort(key=Diagnostic.sort_key)
    return res


def _checks(loaded: Loaded, result, plan: Mapping, zelfevaluatie: bool) -> list[Diagnostic]:
    data = result.data if isinstance(result.data, dict) else {}
    items = checklist().by_id
    out: list[Diagnostic] = []
    gemeente = plan.get("gemeente") or {}

    if result.element_ok("plan", "cbs_code") and isinstance(data.get("plan"), dict):
        cbs = data["plan"].get("cbs_code")
        if cbs is not None and cbs != gemeente.get("cbs_code"):
            out.append(
                _make(
                    "IVP152",
                    loaded,
                    ("plan", "cbs_code"),
                    f"de antwoorden zijn voor {cbs}, maar het plan is van {gemeente.get('naam')} "
                    f"({gemeente.get('cbs_code')})",
                )
            )
        versie = data["plan"].get("versie")
        plan_versie = (plan.get("plan") or {}).get("versie")
        if versie is not None and result.element_ok("plan", "versie") and versie != plan_versie:
            heeft = f"versie {plan_versie}" if plan_versie else "geen versie"
            out.append(
                _make(
                    "IVP153",
                    loaded,
                    ("plan", "versie"),
                    f"de antwoorden gaan over versie {versie}, maar het plan heeft {heeft}",
                )
            )

    toetser = data.get("toetser")
    if isinstance(toetser, dict) and result.element_ok("toetser", "gemeente") and "gemeente" in toetser:
        eigen = str(toetser["gemeente"]).strip().casefold() == str(gemeente.get("naam", "")).strip().casefold()
        if eigen and not zelfevaluatie:
            out.append(
                _make(
                    "IVP154",
                    loaded,
                    ("toetser", "gemeente"),
                    f"een collegiale toets is door een andere gemeente dan {gemeente.get('naam')}; "
                    "is dit een zelfevaluatie, gebruik dan --zelfevaluatie",
                )
            )
        elif not eigen and zelfevaluatie:
            out.append(
                _make(
                    "IVP154",
                    loaded,
                    ("toetser", "gemeente"),
                    f"een zelfevaluatie is door de eigen gemeente ({gemeente.get('naam')}); "
                    "is dit een collegiale toets, laat dan --zelfevaluatie weg",
                )
            )

    antwoorden = data.get("antwoorden")
    if not isinstance(antwoorden, dict) or not result.section_ok("antwoorden"):
        return out
    for key, answer in antwoorden.items():
        item = items.get(key)
        if item is None:
            # compared in lower case: "CCV-1.2" is plainly ccv-1.2
            close = difflib.get_close_matches(str(key).strip().casefold(), list(items), n=1, cutoff=0.6)
            hint = f" (bedoelde u '{close[0]}'?)" if close else ""
            out.append(
                _make(
                    "IVP150",
                    loaded,
                    ("antwoorden", key),
                    f"'{key}' is geen checkpunt van de CCV-lijst{hint}",
                    at_key=True,
                )
            )
            continue
        if not isinstance(answer, dict) or not result.element_ok("antwoorden", key):
            continue
        oordeel = answer.get("oordeel")
        if oordeel is None:
            continue
        if item.wijze == AUTOMATISCH:
            out.append(
                _make(
                    "IVP151",
                    loaded,
                    ("antwoorden", key, "oordeel"),
                    f"{key} beoordeelt ivplan zelf; dit oordeel telt niet mee",
                )
            )
        elif oordeel in (DEELS, VOLDOET_NIET) and not answer.get("opmerking"):
            out.append(
                _make(
                    "IVP156",
                    loaded,
                    ("antwoorden", key, "oordeel"),
                    f"bij {key} staat '{oordeel}' zonder opmerking; schrijf erbij wat er beter kan",
                )
            )
    open_vragen = [
        item.id
        for item in checklist().items
        if item.wijze == VRAAG
        and not (isinstance(antwoorden.get(item.id), dict) and antwoorden[item.id].get("oordeel"))
    ]
    if open_vragen:
        out.append(
            _make(
                "IVP155",
                loaded,
                ("antwoorden",),
                f"{aantal(len(open_vragen), 'vraag staat', 'vragen staan')} nog open: " + ", ".join(open_vragen),
            )
        )
    return out
