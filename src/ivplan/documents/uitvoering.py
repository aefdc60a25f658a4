"""The template context of an uitvoeringsprogramma's documents (plan_templates/uitvoering.md.j2 and
raadsinformatiebrief.md.j2): the programme with every reference into the plan resolved to what the
documents show (names, titles, numbers in Dutch notation), the plan's own context beside it, and the
sums the chapter Financiën needs. Plain data in, plain data out; nothing is written here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ivplan.core.doelen import exact, marge
from ivplan.core.formatting import bedrag, bestandsnaam, getal
from ivplan.documents.context import plan_context
from ivplan.validation.rules.programma import MAATREGEL_STATUS
from ivplan.validation.vocabulary import allowed_values, default_value

PROGRAMMA_STATUS = {"concept": "Concept", "vastgesteld": "Vastgesteld"}
KWARTALEN = {"Q1": "1e kwartaal", "Q2": "2e kwartaal", "Q3": "3e kwartaal", "Q4": "4e kwartaal"}


def _d(x: Any) -> dict[str, Any]:
    return x if isinstance(x, dict) else {}


def _l(x: Any) -> list[Any]:
    return x if isinstance(x, list) else []


def _naam(namen: dict[str, str], waarde: object) -> object:
    """The name shown for a status, else the value as the file writes it."""
    return namen.get(waarde, waarde) if isinstance(waarde, str) else waarde


def periode(programme: dict[str, Any]) -> tuple[int, int]:
    """(start, eind) of the programme, eind = start for one year. The years of a programme that passed its
    schema; otherwise whatever the file holds there (None when absent), as YAML data is."""
    p = _d(_d(programme.get("programma")).get("periode"))
    start: Any = p.get("start")
    eind: Any = p.get("eind", start)
    return start, eind


def jaren_tekst(programme: dict, streepje: str = "–") -> str:
    """ "2027" or "2027–2028" (the title); with streepje="-" the form used in file names."""
    start, eind = periode(programme)
    return str(start) if start == eind else f"{start}{streepje}{eind}"


def uitvoering_naam(programme: dict, plan: dict) -> str:
    """`<plan name>-uitvoering-<jaar>`: the stem of the programme's documents."""
    p = plan["plan"]["periode"]
    return f"{bestandsnaam(plan['gemeente']['naam'], p['start'], p['eind'])}-uitvoering-{jaren_tekst(programme, '-')}"


def document_datum(programme: dict) -> date:
    """Core properties: programma.datum, else collegebesluit.datum, else 1 January of the start year."""
    for value in (_d(programme.get("programma")).get("datum"), _d(programme.get("collegebesluit")).get("datum")):
        if isinstance(value, str):
            return date.fromisoformat(value)
    return date(periode(programme)[0], 1, 1)


def termijn_tekst(termijn: Any) -> str:
    """ "2027-Q3" -> "3e kwartaal 2027"; "2027" stays."""
    text = str(termijn)
    if "-Q" in text:
        jaar, kwartaal = text.split("-", 1)
        return f"{KWARTALEN.get(kwartaal, kwartaal)} {jaar}"
    return text


def budget_tekst(value: Any) -> str:
    return bedrag(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else "geen eigen budget"


def uitvoering_context(programme: dict, plan: dict) -> dict:
    """The context of both templates: `plan` (plan_context of the plan) and the programme resolved."""
    ctx_plan = plan_context(plan)
    partners = ctx_plan["partners_by_id"]
    doelen = ctx_plan["doelen_by_id"]
    prioriteiten = ctx_plan["prioriteiten_by_id"]
    prog = _d(programme.get("programma"))
    start, eind = periode(programme)
    gemeente = ctx_plan["gemeente"]["naam"]
    titel = prog.get("titel") or f"Uitvoeringsprogramma integrale veiligheid {gemeente} {jaren_tekst(programme)}"

    def naam(pid: Any) -> str:
        return partners[pid]["naam"] if pid in partners else str(pid)

    def maatregel(m: dict) -> dict:
        return {
            "id": m.get("id"),
            "omschrijving": m.get("omschrijving") or "",
            "resultaat": m.get("resultaat"),
            "doelen": [
                {"id": d, "indicator": doelen[d]["indicator"] if d in doelen else str(d)} for d in _l(m.get("doelen"))
            ],
            "speerpunten": _l(m.get("speerpunten")),
            "trekker": naam(m.get("trekker")),
            "partners": [naam(p) for p in _l(m.get("partners"))],
            "termijn": termijn_tekst(m.get("termijn")),
            "budget": m.get("budget"),
            "budget_tekst": budget_tekst(m.get("budget")),
            "status": m.get("status") or default_value(MAATREGEL_STATUS, "uitvoering"),
            "toelichting": m.get("toelichting"),
        }

    def actiepunten(entry: dict) -> list[dict]:
        return [
            {
                "id": a.get("id"),
                "titel": a.get("titel") or "",
                "toelichting": a.get("toelichting"),
                "maatregelen": [maatregel(m) for m in map(_d, _l(a.get("maatregelen")))],
            }
            for a in map(_d, _l(entry.get("actiepunten")))
        ]

    def som(items: list[dict]) -> int | float:
        return sum(
            m["budget"]
            for a in items
            for m in a["maatregelen"]
            if isinstance(m["budget"], (int, float))
            if m["status"] != "vervallen"
        )

    prio_entries = []
    for e in map(_d, _l(programme.get("prioriteiten"))):
        aps = actiepunten(e)
        p = prioriteiten.get(e.get("prioriteit"), {"id": e.get("prioriteit"), "titel": str(e.get("prioriteit"))})
        prio_entries.append(
            {"prioriteit": p, "toelichting": e.get("toelichting"), "actiepunten": aps, "budget": som(aps)}
        )
    plan_themas = {" ".join(t["thema"].split()).casefold(): t for t in ctx_plan["overige_themas"]}
    thema_entries = []
    for e in map(_d, _l(programme.get("overige_themas"))):
        aps = actiepunten(e)
        key = " ".join(str(e.get("thema", "")).split()).casefold()
        thema = plan_themas.get(key, {"thema": e.get("thema"), "aanpak": None})
        thema_entries.append(
            {"thema": thema, "toelichting": e.get("toelichting"), "actiepunten": aps, "budget": som(aps)}
        )
    genoemd = {
        " ".join(str(e.get("thema", "")).split()).casefold() for e in map(_d, _l(programme.get("overige_themas")))
    }
    regulier = [
        {
            "onderwerp": w.get("onderwerp") or "",
            "omschrijving": w.get("omschrijving"),
            "trekker": naam(w.get("trekker")) if w.get("trekker") else None,
            "budget": w.get("budget"),
            "budget_tekst": budget_tekst(w.get("budget")),
        }
        for w in map(_d, _l(programme.get("regulier_werk")))
    ]
    jaren = list(range(start, eind + 1))
    jaardoelen: dict[tuple, Any] = {(j.get("doel"), j.get("jaar")): j for j in map(_d, _l(programme.get("jaardoelen")))}
    doel_rijen = []
    for d in ctx_plan["doelen"]:
        raw: Any = next((x for x in _l(plan.get("meetbare_doelen")) if _d(x).get("id") == d["id"]), {})
        eenheid = d.get("eenheid")
        doel_rijen.append(
            {
                "id": d["id"],
                "omschrijving": d["omschrijving"],
                "indicator": d["indicator"],
                "eenheid": eenheid,
                "nulmeting": _waarde_jaar(_d(raw.get("nulmeting"))),
                "streefwaarde": _waarde_jaar(_d(raw.get("streefwaarde"))),
                "jaardoelen": [
                    getal(jaardoelen[(d["id"], y)]["waarde"]) if (d["id"], y) in jaardoelen else None for y in jaren
                ],
                "toelichtingen": [
                    jaardoelen[(d["id"], y)].get("toelichting") if (d["id"], y) in jaardoelen else None for y in jaren
                ],
            }
        )
    # partners: who leads and who takes part in which maatregelen
    trekker_van: dict[str, list[str]] = {}
    betrokken: dict[str, list[str]] = {}
    for entry in (*prio_entries, *thema_entries):
        for a in entry["actiepunten"]:
            for m in a["maatregelen"]:
                trekker_van.setdefault(m["trekker"], []).append(str(m["id"]))
                for p in m["partners"]:
                    betrokken.setdefault(p, []).append(str(m["id"]))
    partner_rijen = [
        {
            "naam": p["naam"],
            "trekker_van": trekker_van.get(p["naam"], []),
            "betrokken_bij": betrokken.get(p["naam"], []),
        }
        for p in ctx_plan["partners"]
        if p["naam"] in trekker_van or p["naam"] in betrokken
    ]
    fin = _d(programme.get("financien"))
    begroting = [
        b
        for b in _l(plan.get("financien", {}).get("begroting") if isinstance(plan.get("financien"), dict) else [])
        if isinstance(b, dict) and b.get("jaar") in jaren and isinstance(b.get("bedrag"), (int, float))
    ]
    aanvullend = [
        {"omschrijving": a.get("omschrijving"), "bedrag": a.get("bedrag")} for a in map(_d, _l(fin.get("aanvullend")))
    ]
    totaal = sum(e["budget"] for e in (*prio_entries, *thema_entries)) + sum(
        w["budget"] for w in regulier if isinstance(w["budget"], (int, float))
    )
    cb = _d(programme.get("collegebesluit"))
    plan_ondertekening = _d(_d(plan.get("raadsvoorstel")).get("ondertekening"))
    ondertekening = {
        who: _d(cb.get("ondertekening")).get(who) or plan_ondertekening.get(who)
        for who in ("burgemeester", "secretaris")
    }
    rib = _d(programme.get("raadsinformatiebrief"))
    status_telling = dict.fromkeys(allowed_values(MAATREGEL_STATUS, "uitvoering"), 0)
    for entry in (*prio_entries, *thema_entries):
        for a in entry["actiepunten"]:
            for m in a["maatregelen"]:
                status_telling[m["status"]] += 1
    return {
        "plan": ctx_plan,
        "gemeente": ctx_plan["gemeente"],
        "heeft_logo": ctx_plan["heeft_logo"],
        "programma": {
            "titel": titel,
            "start": start,
            "eind": eind,
            "jaren": jaren,
            "jaren_tekst": jaren_tekst(programme),
            "status": prog.get("status"),
            "status_naam": _naam(PROGRAMMA_STATUS, prog.get("status")),
            "versie": prog.get("versie"),
            "datum": prog.get("datum"),
            "stand_per": prog.get("stand_per"),
            "samenvatting": prog.get("samenvatting"),
            "terugblik": prog.get("terugblik"),
            "ontwikkelingen": prog.get("ontwikkelingen"),
            "sturing": prog.get("sturing"),
        },
        "collegebesluit": {
            "registratienummer": cb.get("registratienummer"),
            "datum": cb.get("datum"),
            # one text or a list of texts: a list either way, joined "a, b en c" after artikel 160
            "gelet_op": [g for g in (_l(cb.get("gelet_op")) or [cb.get("gelet_op")]) if g],
            "beslispunten": _l(cb.get("beslispunten")),
            "ondertekening": ondertekening,
        },
        "raadsinformatiebrief": {
            "datum": rib.get("datum") or cb.get("datum"),
            "nummer": rib.get("nummer"),
            "aanleiding": rib.get("aanleiding"),
            "kern": rib.get("kern"),
            "vervolg": rib.get("vervolg"),
        },
        "prioriteiten": prio_entries,
        "overige_themas": thema_entries,
        "overige_plan_themas": [t for k, t in plan_themas.items() if k not in genoemd],
        "regulier_werk": regulier,
        "doelen": doel_rijen,
        "partners": partner_rijen,
        "financien": {
            "begrotingsprogramma": fin.get("begrotingsprogramma"),
            "toelichting": fin.get("toelichting"),
            "aanvullend": aanvullend,
            "begroting": sum(b["bedrag"] for b in begroting),
            "heeft_begroting": bool(begroting),
            "aanvullend_totaal": sum(a["bedrag"] for a in aanvullend if isinstance(a["bedrag"], (int, float))),
            "regulier": sum(w["budget"] for w in regulier if isinstance(w["budget"], (int, float))),
            "totaal": totaal,
        },
        "status_telling": status_telling,
        "aantal_maatregelen": sum(status_telling.values()),
    }


def _waarde_jaar(p: dict) -> str:
    if not isinstance(p.get("waarde"), (int, float)):
        return "–"
    return f"{getal(p['waarde'])} ({p.get('jaar')})"


# --------------------------------------------------------------------------------------------------
# The chapter "Uitvoering in <jaar>" of the voortgangsrapportage

GEEN_JAARDOEL = "geen jaardoel"
GEEN_METING = "geen meting"
JAARDOEL_GEHAALD = "jaardoel gehaald"
JAARDOEL_NIET_GEHAALD = "jaardoel niet gehaald"


def voortgang_jaar(programme: dict, plan: dict) -> int:
    """The default year of a programme's voortgang: its latest year with a meting of a plan doel after
    that doel's nulmeting year, else its start."""
    start, eind = periode(programme)
    best = None
    for d in map(_d, _l(plan.get("meetbare_doelen"))):
        nul = _d(d.get("nulmeting")).get("jaar")
        for m in map(_d, _l(d.get("metingen"))):
            j = m.get("jaar")
            if isinstance(j, int) and start <= j <= eind and isinstance(nul, int) and j > nul:
                best = j if best is None else max(best, j)
    return best if best is not None else start


def oordeel_jaardoel(doel: dict, jaardoel: dict | None, jaar: int) -> tuple[str, Any]:
    """(verdict, the meting of `jaar` or None) of a doel against its jaardoel in that year."""
    if jaardoel is None:
        return GEEN_JAARDOEL, None
    meting = None
    for m in map(_d, _l(doel.get("metingen"))):
        if m.get("jaar") == jaar and isinstance(m.get("waarde"), (int, float)):
            meting = m["waarde"]  # of two, the last listed
    if meting is None:
        return GEEN_METING, None
    j, w = exact(jaardoel["waarde"]), exact(meting)
    richting = doel.get("richting")
    if richting == "dalen":
        gehaald = w <= j
    elif richting == "stijgen":
        gehaald = w >= j
    else:
        gehaald = abs(w - j) <= marge(jaardoel["waarde"])
    return (JAARDOEL_GEHAALD if gehaald else JAARDOEL_NIET_GEHAALD), meting


def uitvoering_voortgang(programme: dict, plan: dict, jaar: int) -> dict:
    """The context of the chapter "Uitvoering in <jaar>": status counts (every status, always), the
    maatregelen per prioriteit and thema, and the jaardoel verdicts of every plan doel in plan order."""
    ctx = uitvoering_context(programme, plan)
    jaardoelen: dict[object, dict[str, Any]] = {}  # by doel id, as the file writes it
    for jd in map(_d, _l(programme.get("jaardoelen"))):
        if jd.get("jaar") == jaar:
            jaardoelen[jd.get("doel")] = jd
    rijen = []
    for d in map(_d, _l(plan.get("meetbare_doelen"))):
        jaardoel = jaardoelen.get(d.get("id"))
        oordeel, meting = oordeel_jaardoel(d, jaardoel, jaar)
        rijen.append(
            {
                "id": d.get("id"),
                "omschrijving": d.get("omschrijving") or "",
                "indicator": d.get("indicator") or "",
                "jaardoel": getal(jaardoel["waarde"]) if jaardoel else None,
                "meting": getal(meting) if meting is not None else None,
                "oordeel": oordeel,
            }
        )
    return {
        "jaar": jaar,
        "titel": ctx["programma"]["titel"],
        "status_telling": ctx["status_telling"],
        "totaal": ctx["aantal_maatregelen"],
        "prioriteiten": ctx["prioriteiten"],
        "overige_themas": ctx["overige_themas"],
        "jaardoelen": rijen,
    }


def maatregelen_per_speerpunt(programme: dict, plan: dict, speerpunt_ids: list[str]) -> dict[str, int]:
    """`check --regio`: per regional speerpunt the live maatregelen (not vervallen) that serve it: under a
    prioriteit the plan links to the speerpunt, or naming it in `speerpunten`; each maatregel once."""
    links: dict[str, set[str]] = {}  # prioriteit id -> speerpunten the plan links to it
    ra = _d(plan.get("regionale_afstemming"))
    for entry in map(_d, _l(ra.get("speerpunten"))):
        if isinstance(entry.get("prioriteit"), str) and isinstance(entry.get("speerpunt"), str):
            links.setdefault(entry["prioriteit"], set()).add(entry["speerpunt"])
    counts = {sid: 0 for sid in speerpunt_ids}
    for section, key in (("prioriteiten", "prioriteit"), ("overige_themas", None)):
        for entry in map(_d, _l(programme.get(section))):
            prioriteit = entry.get(key) if key else None
            linked = links.get(prioriteit, set()) if isinstance(prioriteit, str) else set()
            for a in map(_d, _l(entry.get("actiepunten"))):
                for m in map(_d, _l(a.get("maatregelen"))):
                    if (m.get("status") or default_value(MAATREGEL_STATUS, "uitvoering")) == "vervallen":
                        continue
                    served = linked | {s for s in _l(m.get("speerpunten")) if isinstance(s, str)}
                    for sid in served:
                        if sid in counts:
                            counts[sid] += 1
    return counts
