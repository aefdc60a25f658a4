"""Wat: elke verwijzing naar een id bestaat: `meetbare_doelen[].prioriteit` (een prioriteit), `.bron`
(een bron van de probleemanalyse), `.trekker` en `.partners[]` (partners), `partners[].afspraken[].doelen[]`
(meetbare doelen), `regionale_afstemming.speerpunten[].prioriteit` (een prioriteit) en
`probleemanalyse.bevindingen[].cijfers[].bron` (een bron).

Waarom: een plan moet intern consistent zijn. Een doel dat naar een onbekende prioriteit of partner
verwijst, hangt los van de rest van het plan en komt niet goed in de documenten terecht.

Hoe op te lossen: gebruik precies de `id` van het element waarnaar u verwijst (kleine letters,
zonder spaties), of voeg het ontbrekende element toe. De melding noemt de bekende ids.

Bron: ivplan, interne samenhang van het plan.
"""

from ..diagnostics import ERROR
from .base import Finding, PlanView

CODE = "IVP002"
SEVERITY = ERROR
TITLE = "elke verwijzing naar een id bestaat"
NEEDS = ()
REGIO = False

PASSES = """
meetbare_doelen[0].trekker: politie
"""
FAILS = """
meetbare_doelen[0].prioriteit: jeugd
"""
FAILS_AT = "meetbare_doelen[0].prioriteit"

_WHAT = {"prioriteiten": "onbekende prioriteit", "bronnen": "onbekende bron", "partners": "onbekende partner",
         "meetbare_doelen": "onbekend doel"}


def _known(ids: set[str]) -> str:
    return f" (bekend: {', '.join(sorted(ids))})" if ids else " (er zijn er nog geen)"


def _ref(path, value, ids: set[str], kind: str):
    if isinstance(value, str) and value not in ids:
        yield Finding(path, f"{_WHAT[kind]} '{value}'{_known(ids)}")


def unresolved(plan: PlanView):
    """Every unresolved reference; other rules use it to skip elements that hold one."""
    prioriteiten = plan.ids("prioriteiten")
    bronnen = plan.ids("probleemanalyse", "bronnen")
    partners = plan.ids("partners")
    doelen = plan.ids("meetbare_doelen")
    checks = []
    if plan.section_ok("meetbare_doelen"):
        for i, d in plan.items("meetbare_doelen"):
            base = ("meetbare_doelen", i)
            if plan.section_ok("prioriteiten"):
                checks.append((base + ("prioriteit",), d.get("prioriteit"), prioriteiten, "prioriteiten"))
            if plan.section_ok("probleemanalyse", "bronnen"):
                checks.append((base + ("bron",), d.get("bron"), bronnen, "bronnen"))
            if plan.section_ok("partners"):
                checks.append((base + ("trekker",), d.get("trekker"), partners, "partners"))
                for j, p in enumerate(d.get("partners") or []):
                    checks.append((base + ("partners", j), p, partners, "partners"))
    if plan.section_ok("meetbare_doelen"):
        for i, p in plan.items("partners"):
            for j, a in enumerate(p.get("afspraken") or []):
                for k, doel in enumerate(a.get("doelen") or []):
                    checks.append((("partners", i, "afspraken", j, "doelen", k), doel, doelen, "meetbare_doelen"))
    if plan.section_ok("prioriteiten"):
        for i, s in plan.items("regionale_afstemming", "speerpunten"):
            if "prioriteit" in s:
                checks.append((("regionale_afstemming", "speerpunten", i, "prioriteit"), s["prioriteit"],
                               prioriteiten, "prioriteiten"))
    if plan.section_ok("probleemanalyse", "bronnen"):
        for i, b in plan.items("probleemanalyse", "bevindingen"):
            for j, c in enumerate(b.get("cijfers") or []):
                checks.append((("probleemanalyse", "bevindingen", i, "cijfers", j, "bron"), c.get("bron"),
                               bronnen, "bronnen"))
    for path, value, ids, kind in checks:
        yield from _ref(path, value, ids, kind)


def check(plan: PlanView):
    yield from unresolved(plan)
