"""The template contexts of a joint plan's documents (docs/gezamenlijke-plannen.md "Documents").

- `deel_a_context()`: deel A's chapters, as plan_hoofdstukken.md.j2 shows them ("Deel A – gezamenlijk deel").
- `deel_b_context()`: one gemeente's own part: its texts only, its own priorities, partners and bronnen,
  its doelen at deel A's priorities, and the overview of all doelen of its merged plan (column Deel).
- `gemeente_context()`: the frame of the per-gemeente plan and raadsvoorstel (the merged plan's context,
  the title "<titel> (gemeente <naam>)", the participating gemeenten).
- `samen_context()`: the frame of the joint document for the basisteam driehoek.
Each part's references resolve as the rules read them: deel A's in deel A, a deel B's in both files.
"""

from __future__ import annotations

from datetime import date

from ivplan.core.formatting import bestandsnaam
from ivplan.documents.context import plan_context

# Joined lists whose items a part shows as its own (the others only resolve its references).
_EIGEN = ("prioriteiten", "meetbare_doelen", "partners")


def _d(value) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value) -> list:
    return value if isinstance(value, list) else []


def _ids(items) -> set:
    return {i.get("id") for i in _l(items) if isinstance(i, dict)}


def samenwerking(a: dict) -> dict:
    s = _d(a.get("samenwerking"))
    return {
        "naam": s.get("naam") or "",
        "basisteam": s.get("basisteam"),
        "politie_eenheid": s.get("politie_eenheid"),
        "veiligheidsregio": s.get("veiligheidsregio"),
    }


def gemeenten(a: dict) -> list[dict]:
    return [
        {"naam": g.get("naam"), "cbs_code": g.get("cbs_code")} for g in _l(a.get("gemeenten")) if isinstance(g, dict)
    ]


def _chapters(ctx: dict, deel: str) -> dict:
    return {**ctx, "kop": "#", "diep": 1, "deel": deel}


def deel_a_context(a: dict) -> dict:
    """Deel A as a plan of the samenwerking: its chapters with deel A's content."""
    as_plan = {**a, "gemeente": {"naam": samenwerking(a)["naam"]}}
    return _chapters(plan_context(as_plan), "A")


def deel_b_context(a: dict, b: dict) -> dict:
    """A deel B's own part. References resolve in both files (deel A's items first, as merged); the
    lists show deel B's items, the texts are deel B's own (texts are never joined)."""
    a_plan, b_plan = _d(a.get("plan")), _d(b.get("plan"))
    a_analyse, b_analyse = _d(a.get("probleemanalyse")), _d(b.get("probleemanalyse"))
    resolving = {
        **b,
        "plan": {**b_plan, "titel": a_plan.get("titel"), "periode": a_plan.get("periode")},
        "probleemanalyse": {**b_analyse, "bronnen": _l(a_analyse.get("bronnen")) + _l(b_analyse.get("bronnen"))},
    }
    for key in _EIGEN:
        resolving[key] = _l(a.get(key)) + _l(b.get(key))
    ctx = plan_context(resolving)
    own = {key: _ids(b.get(key)) for key in _EIGEN}
    a_doelen = _ids(a.get("meetbare_doelen"))
    a_prioriteiten = _ids(a.get("prioriteiten"))
    all_doelen = ctx["doelen"]
    ctx["alle_doelen"] = [{**d, "deel": "A" if d["id"] in a_doelen else "B"} for d in all_doelen]
    ctx["eigen_doelen"] = [d for d in all_doelen if d["id"] in own["meetbare_doelen"]]
    ctx["lokale_doelen"] = [
        {"prioriteit": p, "doelen": [d for d in p["doelen"] if d["id"] in own["meetbare_doelen"]]}
        for p in ctx["prioriteiten"]
        if p["id"] in a_prioriteiten and any(d["id"] in own["meetbare_doelen"] for d in p["doelen"])
    ]
    ctx["prioriteiten"] = [p for p in ctx["prioriteiten"] if p["id"] in own["prioriteiten"]]
    ctx["doelen"] = ctx["eigen_doelen"]
    ctx["partners"] = [p for p in ctx["partners"] if p["id"] in own["partners"]]
    ctx["partners_met_afspraken"] = [p for p in ctx["partners"] if p["afspraken"]]
    own_bronnen = _ids(b_analyse.get("bronnen"))
    ctx["probleemanalyse"] = {
        **ctx["probleemanalyse"],
        "bronnen": [x for x in ctx["probleemanalyse"]["bronnen"] if x["id"] in own_bronnen],
    }
    ra = _d(b.get("regionale_afstemming"))
    ctx["toon"] = {
        "inleiding": any(b_plan.get(k) for k in ("samenvatting", "visie", "afbakening", "evaluatie_vorig_plan"))
        or bool(b_plan.get("evaluatie_sterke_punten") or b_plan.get("evaluatie_verbeterpunten")),
        "probleemanalyse": bool(b_analyse),
        "participatie": bool(_d(b.get("participatie"))),
        "prioriteiten": bool(ctx["prioriteiten"] or ctx["lokale_doelen"] or ctx["overige_themas"]),
        "partners": bool(ctx["partners"]),
        "regionale_afstemming": bool(ra),
        "monitoring": False,
    }
    return _chapters(ctx, "B")


def gemeente_titel(merged: dict) -> str:
    """The title of one gemeente's joint plan: "<plan.titel> (gemeente <naam>)"."""
    return f"{_d(merged.get('plan')).get('titel')} (gemeente {_d(merged.get('gemeente')).get('naam')})"


def als_gemeenteplan(merged: dict) -> dict:
    """A deel B's merged plan as the documents of a programme on it read it:
    titled "<plan.titel> (gemeente <naam>)"."""
    return {**merged, "plan": {**_d(merged.get("plan")), "titel": gemeente_titel(merged)}}


def gemeente_context(merged: dict, a: dict) -> dict:
    """The frame of one gemeente's plan and raadsvoorstel: the merged plan's context with its title
    "<plan.titel> (gemeente <naam>)"; the adoption point names both parts."""
    ctx = plan_context(merged)
    naam = ctx["gemeente"]["naam"]
    titel = gemeente_titel(merged)
    ctx["plan"] = {**ctx["plan"], "titel": titel}
    deelnemers = gemeenten(a)
    ctx["gezamenlijk"] = {
        **samenwerking(a),
        "gemeenten": [g["naam"] for g in deelnemers],
        "anderen": [g["naam"] for g in deelnemers if g["cbs_code"] != ctx["gemeente"]["cbs_code"]],
    }
    for p in ctx["besluitpunten"]:
        if p["soort"] == "vaststellen":
            p["titel"] = titel
            p["bestaande_uit"] = f"bestaande uit het gezamenlijke deel A en het deel B van {naam}"
    ctx["raadsvoorstel"]["bijlagen"] = [titel] + ctx["raadsvoorstel"]["bijlagen"][1:]
    return ctx


def samen_context(a: dict, deel_bs: dict[str, dict | None]) -> dict:
    """The frame of the joint document: per gemeente of deel A (in its order) the status of its deel B
    (`deel_bs`: cbs_code -> validated deel B data, None when it has none)."""
    s = samenwerking(a)
    plan = _d(a.get("plan"))
    periode = _d(plan.get("periode"))
    rijen = []
    for g in gemeenten(a):
        b = deel_bs.get(g["cbs_code"])
        bp = _d(_d(b).get("plan"))
        rijen.append(
            {
                "naam": g["naam"],
                "cbs_code": g["cbs_code"],
                "heeft_deel_b": b is not None,
                "status": bp.get("status"),
                "vastgesteld_op": bp.get("vastgesteld_op"),
                "versie": bp.get("versie"),
            }
        )
    return {
        "samenwerking": s,
        "plan": {
            "titel": plan.get("titel") or "",
            "periode": {"start": periode.get("start"), "eind": periode.get("eind")},
        },
        "gemeenten": rijen,
    }


def samen_naam(a: dict) -> str:
    """`<samen>-gezamenlijk`: the samenwerking's name as a file name, then `-ivp-<start>-<eind>`."""
    periode = _d(_d(a.get("plan")).get("periode"))
    return f"{bestandsnaam(samenwerking(a)['naam'], periode['start'], periode['eind'])}-gezamenlijk"


def samen_datum(a: dict, deel_bs: list[dict]) -> date:
    """The joint document's date: the latest deel B date (datum, else vastgesteld_op), else 1 January
    of the start year."""
    dates = []
    for b in deel_bs:
        p = _d(b.get("plan"))
        for key in ("datum", "vastgesteld_op"):
            if isinstance(p.get(key), str):
                dates.append(date.fromisoformat(p[key]))
                break
    if dates:
        return max(dates)
    return date(int(_d(_d(a.get("plan")).get("periode")).get("start", 2000)), 1, 1)


def voortgang_gezamenlijk(ctx: dict, a: dict) -> dict:
    """What a gemeente's voortgangsrapportage adds for a joint plan (`ctx`: voortgang_context of the
    merged plan): deel A's doelen, joint and measured over the whole area, and the gemeente's own doelen
    per prioriteit."""
    a_doelen = _ids(a.get("meetbare_doelen"))
    return {
        **samenwerking(a),
        "gemeenten": [g["naam"] for g in gemeenten(a)],
        "doelen": [d for d in ctx["doelen"] if d["id"] in a_doelen],
        "lokaal": [
            {"titel": p["titel"], "doelen": [d for d in p["doelen"] if d["id"] not in a_doelen]}
            for p in ctx["prioriteiten"]
            if any(d["id"] not in a_doelen for d in p["doelen"])
        ],
    }


def set_rapportjaar(merged_plans: list[dict]) -> int | None:
    """The default year of a joint plan's reports, over the whole set: the latest year, after its doel's
    nulmeting year, in which any doel of deel A or of any deel B has a meting (None: no such meting)."""
    jaren = []
    for plan in merged_plans:
        for doel in _l(plan.get("meetbare_doelen")):
            nul = _d(_d(doel).get("nulmeting")).get("jaar")
            for m in _l(_d(doel).get("metingen")):
                mj = _d(m).get("jaar")
                if isinstance(mj, int) and isinstance(nul, int) and mj > nul:
                    jaren.append(mj)
    return max(jaren) if jaren else None
