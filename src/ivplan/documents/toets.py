"""The kwaliteitstoets as data (README.md, "Kwaliteitstoets"): every CCV Check item with its verdict, the findings
or the question it shows, the counts and scores per step, and its views: the JSON of
`ivplan toets --format json` and the template context of plan_templates/toets.md.j2 and toets.html.j2.
app/toets.py fills it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ivplan.core.diagnostics import Diagnostic
from ivplan.core.formatting import datum_lang, getal
from ivplan.validation.ccv import (
    AUTOMATISCH,
    OORDEEL,
    Item,
    Telling,
    checklist,
    verdicts,
)
from ivplan.validation.vocabulary import display_names

COLLEGIAAL = "collegiaal"
ZELFEVALUATIE = "zelfevaluatie"
TITELS = {COLLEGIAAL: "Collegiale toets", ZELFEVALUATIE: "Zelfevaluatie"}
WOORDEN_PER_PAGINA = 400


@dataclass
class ItemUitslag:
    item: Item
    oordeel: str | None  # None: an open question
    bevindingen: list[Diagnostic]
    vraag: str | None
    opmerking: str | None


@dataclass
class Toets:
    soort: str
    plan: Mapping
    diagnostics: list[Diagnostic]  # the plan's rule findings
    items: list[ItemUitslag]
    antwoorden: Mapping = field(default_factory=dict)  # the validated answers file, or {}

    @property
    def toetser(self) -> dict | None:
        t = self.antwoorden.get("toetser")
        return dict(t) if isinstance(t, Mapping) else None

    @property
    def datum(self) -> str | None:
        d = self.antwoorden.get("datum")
        return d if isinstance(d, str) else None

    def telling(self, stap: int | None = None) -> Telling:
        return Telling.of(u.oordeel for u in self.items if stap is None or u.item.stap == stap)

    @property
    def overige(self) -> list[Diagnostic]:
        listed = checklist().listed_codes
        return [d for d in self.diagnostics if d.code not in listed]


def judge(
    plan: Mapping, diagnostics: Sequence[Diagnostic], *, soort: str, antwoorden: Mapping | None, woorden: int
) -> Toets:
    """Every item of the checklist with its verdict, for a valid plan and (optionally) valid answers."""
    antwoorden = dict(antwoorden or {})
    per_item = antwoorden["antwoorden"] if isinstance(antwoorden.get("antwoorden"), Mapping) else {}
    oordelen = verdicts(diagnostics, per_item)
    inwoners = (plan.get("gemeente") or {}).get("inwoners")
    uitslagen = []
    for item in checklist().items:
        answer = per_item[item.id] if isinstance(per_item.get(item.id), Mapping) else {}
        vraag = None
        if item.vraag is not None:
            vraag = item.vraag.format(
                woorden=getal(woorden),
                paginas=getal(math.ceil(woorden / WOORDEN_PER_PAGINA)),
                inwoners=getal(inwoners) if isinstance(inwoners, int) else "?",
            )
        uitslagen.append(
            ItemUitslag(item, oordelen[item.id], item.findings(diagnostics), vraag, answer.get("opmerking"))
        )
    return Toets(soort, plan, list(diagnostics), uitslagen, antwoorden)


def _diagnostic(d: Diagnostic) -> dict:
    return {"code": d.code, "pad": d.path, "regel": d.line, "kolom": d.column, "melding": d.message}


def _telling(t: Telling) -> dict:
    return {
        "voldoet": t.voldoet,
        "deels": t.deels,
        "voldoet_niet": t.voldoet_niet,
        "nvt": t.nvt,
        "open": t.open,
        "score": t.score,
    }


def toets_json(toets: Toets) -> dict:
    """`toets` of `ivplan toets --format json`."""
    cl = checklist()
    return {
        "soort": toets.soort,
        "toetser": toets.toetser,
        "datum": toets.datum,
        "items": [
            {
                "id": u.item.id,
                "stap": u.item.stap,
                "wijze": u.item.wijze,
                "oordeel": u.oordeel,
                "codes": [d.code for d in u.bevindingen],
                "opmerking": u.opmerking,
            }
            for u in toets.items
        ],
        "stappen": [{"stap": stap, **_telling(toets.telling(stap))} for stap in cl.stappen],
        "totaal": toets.telling().score,
    }


def toets_context(toets: Toets, document_datum: str) -> dict:
    """The data the toets templates get: plain dicts, lists, strings and numbers."""
    cl = checklist()
    gemeente = toets.plan.get("gemeente") or {}
    plan = toets.plan.get("plan") or {}
    toetser = toets.toetser

    def item_ctx(u: ItemUitslag) -> dict:
        return {
            "id": u.item.id,
            "tekst": u.item.tekst,
            "wijze": u.item.wijze,
            "door": "automatisch" if u.item.wijze == AUTOMATISCH else "toetser",
            "oordeel": u.oordeel,
            "oordeel_tekst": display_names(OORDEEL, "antwoorden").get(u.oordeel, "open") if u.oordeel else "open",
            "vraag": u.vraag,
            "bevindingen": [_diagnostic(d) for d in u.bevindingen],
            "opmerking": u.opmerking,
        }

    def telling_ctx(t: Telling) -> dict:
        score = t.score
        return {**_telling(t), "score_tekst": "—" if score is None else str(score)}

    return {
        "soort": toets.soort,
        "titel": TITELS[toets.soort],
        "plan": {
            "titel": plan.get("titel"),
            "versie": plan.get("versie"),
            "gemeente": gemeente.get("naam"),
            "cbs_code": gemeente.get("cbs_code"),
        },
        # every key a template may read (functie is optional in the answers file): None when not given
        "toetser": None if toetser is None else {k: toetser.get(k) for k in ("naam", "functie", "gemeente")},
        "datum": toets.datum,
        "datum_tekst": datum_lang(toets.datum) if toets.datum else None,
        "document_datum": document_datum,
        "algemeen": toets.antwoorden.get("algemeen"),
        "stappen": [
            {
                "stap": stap,
                "titel": titel,
                "telling": telling_ctx(toets.telling(stap)),
                "punten": [item_ctx(u) for u in toets.items if u.item.stap == stap],
            }
            for stap, titel in cl.stappen.items()
        ],
        "totaal": telling_ctx(toets.telling()),
        "overige": [_diagnostic(d) for d in toets.overige],
    }
