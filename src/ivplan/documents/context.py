"""A validated plan (plain dicts and lists) -> the context the document templates render.

The context resolves what a template should not have to: references by id (doelen of a prioriteit,
the trekker of a doel, the doelen an afspraak serves), display names of the fixed value lists (from
the schema, `meta.weergave`: see validation/vocabulary.py),
derived figures (the wijkagent norm, the budget total) and the council decision's points in order.
It holds data, not wording: where an optional field is absent the value is None (or an empty list) and
the template decides what to write, including the placeholder for a field that IVP070 names.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from decimal import Decimal
from typing import Any

from ivplan.core.formatting import bestandsnaam, iso_datum
from ivplan.documents.grafiek import alt_tekst, grafiek_naam, heeft_grafiek, indicator_eenheid
from ivplan.validation.rules.ivp060_wijkagenten import INWONERS_PER_WIJKAGENT, norm as wijkagent_norm
from ivplan.validation.rules.ivp070_raadsvoorstel import FIELDS as IVP070_FIELDS
from ivplan.validation.vocabulary import default_display_name, default_value, display_names

# The fields whose values have display names (paths into schemas/plan.yaml).
VEILIGHEIDSVELD = "prioriteiten[].veiligheidsveld"
PARTNER_SOORT = "partners[].soort"
NIVEAU = "prioriteiten[].niveau"
STATUS = "plan.status"
RICHTING = "meetbare_doelen[].richting"
UITVOERINGSPROGRAMMA = "monitoring.uitvoeringsprogramma"
FREQUENTIE = "monitoring.rapportage.frequentie"
BRON_SOORT = "probleemanalyse.bronnen[].soort"
REGIONAAL_PLAN_STATUS = "regionale_afstemming.regionaal_plan.status"


# The raadsvoorstel fields that IVP070 names: a placeholder in the document when missing.
IVP070_VELDEN = tuple(".".join(sub) for sub, _ in IVP070_FIELDS)


# --------------------------------------------------------------------------------------------------
# small helpers


def _d(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _tekst(value) -> str | None:
    """A text field: None when absent or blank; numbers as they are (the loader keeps strings)."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    s = str(value)
    return s if s.strip() else None


def _datum(value) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return iso_datum(value)
    except ValueError:
        return None


def _naam(field: str, value) -> str:
    """The display name of `value` in the field at path `field` (also of a value the schema does not
    allow, for a context made of a plan with errors)."""
    if value is None:
        return ""
    return display_names(field).get(value) or default_display_name(value)


def _has_content(section: dict) -> bool:
    return any(v not in (None, "", [], {}) for v in section.values())


# --------------------------------------------------------------------------------------------------
# sections


def _gemeente(data: dict) -> dict:
    g = _d(data.get("gemeente"))
    return {
        "naam": _tekst(g.get("naam")) or "",
        "cbs_code": _tekst(g.get("cbs_code")),
        "inwoners": g.get("inwoners"),
        "politie_eenheid": _tekst(g.get("politie_eenheid")),
        "basisteam": _tekst(g.get("basisteam")),
        "veiligheidsregio": _tekst(g.get("veiligheidsregio")),
        "logo": _tekst(g.get("logo")),
    }


def _persoon(value) -> dict | None:
    p = _d(value)
    if not p:
        return None
    out = {k: _tekst(p.get(k)) for k in ("naam", "functie", "email")}
    return out if any(out.values()) else None


def _plan(data: dict) -> dict:
    p = _d(data.get("plan"))
    periode = _d(p.get("periode"))
    status = p.get("status")
    return {
        "titel": _tekst(p.get("titel")) or "",
        "periode": {"start": periode.get("start"), "eind": periode.get("eind")},
        "status": status,
        "status_naam": display_names(STATUS).get(status, _tekst(status) or ""),
        "versie": _tekst(p.get("versie")),
        "datum": _datum(p.get("datum")),
        "vastgesteld_op": _datum(p.get("vastgesteld_op")),
        "portefeuillehouder": _persoon(p.get("portefeuillehouder")),
        "contactpersoon": _persoon(p.get("contactpersoon")),
        "samenvatting": _tekst(p.get("samenvatting")),
        "visie": _tekst(p.get("visie")),
        "afbakening": _tekst(p.get("afbakening")),
        "evaluatie_vorig_plan": _tekst(p.get("evaluatie_vorig_plan")),
        "evaluatie_sterke_punten": _lijst_van_teksten(p.get("evaluatie_sterke_punten")),
        "evaluatie_verbeterpunten": _lijst_van_teksten(p.get("evaluatie_verbeterpunten")),
    }


def _bronnen(analyse: dict) -> tuple[list[dict], dict[str, dict]]:
    bronnen: list[dict[str, Any]] = []
    for b in _l(analyse.get("bronnen")):
        b = _d(b)
        bronnen.append(
            {
                "id": b.get("id"),
                "titel": _tekst(b.get("titel")) or str(b.get("id", "")),
                "jaar": b.get("jaar"),
                "uitgever": _tekst(b.get("uitgever")),
                "url": _tekst(b.get("url")),
                "soort": b.get("soort"),
                "soort_naam": _naam(BRON_SOORT, b.get("soort")) if b.get("soort") else None,
                "open_data": _open_data(b.get("open_data")),
            }
        )
    return bronnen, {b["id"]: b for b in bronnen}


# Where a bron's table is published, as the plan document names it (meta.weergave).
CATALOGUS = "probleemanalyse.bronnen[].open_data.catalogus"


def _open_data(od) -> dict | None:
    """The table behind a bron (`open_data`), for the plan document: {tabel, catalogus, catalogus_naam}."""
    if not isinstance(od, dict) or not od.get("tabel"):
        return None
    catalogus = od.get("catalogus") or "cbs"
    return {
        "tabel": str(od["tabel"]),
        "catalogus": catalogus,
        "catalogus_naam": display_names(CATALOGUS).get(catalogus, catalogus),
    }


def _bron(bronnen_by_id: dict, bron_id) -> dict:
    if bron_id in bronnen_by_id:
        return bronnen_by_id[bron_id]
    return {"id": bron_id, "titel": str(bron_id), "jaar": None, "uitgever": None, "url": None}


def _probleemanalyse(data: dict) -> dict:
    analyse = _d(data.get("probleemanalyse"))
    bronnen, bronnen_by_id = _bronnen(analyse)
    per_veld: dict[object, list[dict[str, Any]]] = {}
    for bev in _l(analyse.get("bevindingen")):
        bev = _d(bev)
        cijfers = []
        for c in _l(bev.get("cijfers")):
            c = _d(c)
            bron = _bron(bronnen_by_id, c.get("bron"))
            cijfers.append(
                {
                    "omschrijving": _tekst(c.get("omschrijving")) or "",
                    "waarde": c.get("waarde"),
                    "eenheid": _tekst(c.get("eenheid")),
                    "bron": bron,
                    "jaar": c.get("jaar") if c.get("jaar") is not None else bron.get("jaar"),
                    "voorlopig": c.get("voorlopig") is True,
                }
            )
        veld = bev.get("veiligheidsveld")
        per_veld.setdefault(veld, []).append(
            {
                "veiligheidsveld": veld,
                "veiligheidsveld_naam": _naam(VEILIGHEIDSVELD, veld),
                "thema": _tekst(bev.get("thema")) or "",
                "tekst": _tekst(bev.get("tekst")),
                "cijfers": cijfers,
            }
        )
    # the velden in the order of the schema; anything unexpected after them
    bekend = display_names(VEILIGHEIDSVELD)
    order = list(bekend) + [v for v in per_veld if v not in bekend]
    velden = [{"id": v, "naam": _naam(VEILIGHEIDSVELD, v), "bevindingen": per_veld[v]} for v in order if v in per_veld]
    return {
        "samenvatting": _tekst(analyse.get("samenvatting")),
        "bronnen": bronnen,
        "bronnen_by_id": bronnen_by_id,
        "velden": velden,
        "trends": _tekst(analyse.get("trends")),
    }


def _participatie(data: dict) -> dict:
    p = _d(data.get("participatie"))
    return {k: _tekst(p.get(k)) for k in ("inwoners", "partners", "raad")}


def _partners(data: dict) -> tuple[list[dict], dict[str, dict]]:
    partners: list[dict[str, Any]] = []
    for p in _l(data.get("partners")):
        p = _d(p)
        partners.append(
            {
                "id": p.get("id"),
                "naam": _tekst(p.get("naam")) or str(p.get("id", "")),
                "soort": p.get("soort"),
                "soort_naam": _naam(PARTNER_SOORT, p.get("soort")),
                "rol": _tekst(p.get("rol")),
                "afspraken": [],  # filled in once the doelen are known
                "_afspraken": _l(p.get("afspraken")),
            }
        )
    return partners, {p["id"]: p for p in partners}


def _partner(by_id: dict, pid) -> dict:
    if pid in by_id:
        return by_id[pid]
    return {"id": pid, "naam": str(pid), "soort": None, "soort_naam": "", "rol": None, "afspraken": []}


def _kort(full: dict | None, keys: tuple[str, ...]) -> dict | None:
    """A summary of a referenced item, so the context holds no reference cycles (it stays plain data
    that json.dumps and deepcopy handle)."""
    return None if full is None else {k: full.get(k) for k in keys}


_PRIORITEIT_KORT = ("id", "titel", "veiligheidsveld", "veiligheidsveld_naam", "niveau", "niveau_naam")
_PARTNER_KORT = ("id", "naam", "soort", "soort_naam")


def _doel(d: dict, prioriteiten_by_id: dict, partners_by_id: dict, bronnen_by_id: dict) -> dict:
    nul, streef = _d(d.get("nulmeting")), _d(d.get("streefwaarde"))
    metingen = sorted(
        ({"jaar": m.get("jaar"), "waarde": m.get("waarde")} for m in map(_d, _l(d.get("metingen")))),
        key=lambda m: (m["jaar"] is None, m["jaar"] or 0),
    )
    return {
        "id": d.get("id"),
        "prioriteit_id": d.get("prioriteit"),
        "prioriteit": _kort(prioriteiten_by_id.get(d.get("prioriteit")), _PRIORITEIT_KORT),
        "omschrijving": _tekst(d.get("omschrijving")) or "",
        "indicator": _tekst(d.get("indicator")) or "",
        "eenheid": _tekst(d.get("eenheid")),
        "indicator_eenheid": indicator_eenheid(_tekst(d.get("eenheid")), _tekst(d.get("indicator")) or ""),
        "bron": _bron(bronnen_by_id, d.get("bron")),
        "nulmeting": {"waarde": nul.get("waarde"), "jaar": nul.get("jaar")},
        "streefwaarde": {"waarde": streef.get("waarde"), "jaar": streef.get("jaar")},
        "richting": d.get("richting"),
        "richting_naam": _naam(RICHTING, d.get("richting")),
        "trekker": _kort(_partner(partners_by_id, d.get("trekker")), _PARTNER_KORT),
        "partners": [_kort(_partner(partners_by_id, p), _PARTNER_KORT) for p in _l(d.get("partners"))],
        "metingen": metingen,
        **_grafiek(d),
    }


def _grafiek(d: dict) -> dict:
    """`grafiek`: the name under which the program supplies the doel's line chart (two or more metingen,
    as `voortgang.chart_images(plan)` draws them for the plan document), else None; `grafiek_alt`: the
    chart's alt text, the same numbers in words (None without a chart). No matplotlib here: this only
    counts the metingen and writes the words."""
    doel = {**d, "metingen": [m for m in _l(d.get("metingen")) if isinstance(m, dict)]}
    nul, streef = _d(d.get("nulmeting")), _d(d.get("streefwaarde"))
    compleet = isinstance(d.get("id"), str) and all(
        isinstance(p.get("jaar"), int)
        and isinstance(p.get("waarde"), (int, float))
        and not isinstance(p.get("waarde"), bool)
        for p in (nul, streef)
    )
    if not (compleet and heeft_grafiek(doel)):
        return {"grafiek": None, "grafiek_alt": None}
    return {"grafiek": grafiek_naam(d["id"]), "grafiek_alt": alt_tekst(doel)}


def _prioriteiten_en_doelen(data: dict, partners_by_id: dict, bronnen_by_id: dict):
    prioriteiten: list[dict[str, Any]] = []
    for p in _l(data.get("prioriteiten")):
        p = _d(p)
        niveau = p.get("niveau")
        prioriteiten.append(
            {
                "id": p.get("id"),
                "titel": _tekst(p.get("titel")) or str(p.get("id", "")),
                "veiligheidsveld": p.get("veiligheidsveld"),
                "veiligheidsveld_naam": _naam(VEILIGHEIDSVELD, p.get("veiligheidsveld")),
                "niveau": niveau,
                "niveau_naam": _naam(NIVEAU, niveau) if niveau else None,
                "gebieden": [str(g) for g in _l(p.get("gebieden")) if _tekst(g)],
                "motivering": _tekst(p.get("motivering")),
                "aanpak": _tekst(p.get("aanpak")),
                "doelen": [],
            }
        )
    by_id = {p["id"]: p for p in prioriteiten}

    # doelen grouped per prioriteit, in the order of the prioriteiten, then as listed
    losse = []
    for d in _l(data.get("meetbare_doelen")):
        doel = _doel(_d(d), by_id, partners_by_id, bronnen_by_id)
        if doel["prioriteit_id"] in by_id:
            by_id[doel["prioriteit_id"]]["doelen"].append(doel)
        else:
            losse.append(doel)
    doelen = [d for p in prioriteiten for d in p["doelen"]] + losse
    return prioriteiten, by_id, doelen


def _overige_themas(data: dict) -> list[dict]:
    out = []
    for t in _l(data.get("overige_themas")):
        t = _d(t)
        out.append(
            {
                "thema": _tekst(t.get("thema")) or "",
                "veiligheidsveld": t.get("veiligheidsveld"),
                "veiligheidsveld_naam": _naam(VEILIGHEIDSVELD, t.get("veiligheidsveld")),
                "aanpak": _tekst(t.get("aanpak")),
                "verwijzing": _tekst(t.get("verwijzing")),
            }
        )
    return out


def _afspraken(partners: list[dict], doelen_by_id: dict) -> None:
    for p in partners:
        for a in map(_d, p.pop("_afspraken")):
            p["afspraken"].append(
                {
                    "omschrijving": _tekst(a.get("omschrijving")) or "",
                    "termijn": _tekst(a.get("termijn")),
                    "doelen": [doelen_by_id[i] for i in _l(a.get("doelen")) if i in doelen_by_id],
                }
            )


def _regionale_afstemming(data: dict, prioriteiten_by_id: dict) -> dict:
    r = _d(data.get("regionale_afstemming"))
    plan = _d(r.get("regionaal_plan"))
    periode = _d(plan.get("periode"))
    speerpunten = []
    for s in _l(r.get("speerpunten")):
        s = _d(s)
        titel = _tekst(s.get("titel"))
        speerpunten.append(
            {
                "speerpunt": s.get("speerpunt"),
                "titel": titel,
                "naam": titel or str(s.get("speerpunt", "")),
                "prioriteit": _kort(prioriteiten_by_id.get(s.get("prioriteit")), _PRIORITEIT_KORT),
                "toelichting": _tekst(s.get("toelichting")),
            }
        )
    driehoek = _d(r.get("driehoek"))
    driehoek_ctx = {
        "besproken_op": _datum(driehoek.get("besproken_op")),
        "afspraken": _tekst(driehoek.get("afspraken")),
    }
    return {
        "regionaal_plan": {
            "titel": _tekst(plan.get("titel")) or "",
            "periode": {"start": periode.get("start"), "eind": periode.get("eind")},
            "status": plan.get("status") or default_value(REGIONAAL_PLAN_STATUS),
            "vastgesteld_op": _datum(plan.get("vastgesteld_op")),
        },
        "speerpunten": speerpunten,
        "driehoek": driehoek_ctx if any(driehoek_ctx.values()) else None,
        "zienswijze_raad": _tekst(r.get("zienswijze_raad")),
        "samenwerking": _tekst(r.get("samenwerking")),
        "landelijk": _tekst(r.get("landelijk")),
    }


def _monitoring(data: dict, partners_by_id: dict) -> dict:
    m = _d(data.get("monitoring"))
    rapportage, evaluatie = _d(m.get("rapportage")), _d(m.get("evaluatie"))
    return {
        "uitvoeringsprogramma": m.get("uitvoeringsprogramma"),
        "uitvoeringsprogramma_naam": _naam(UITVOERINGSPROGRAMMA, m.get("uitvoeringsprogramma"))
        if m.get("uitvoeringsprogramma")
        else None,
        "rapportage": {
            "frequentie": rapportage.get("frequentie"),
            "frequentie_naam": _naam(FREQUENTIE, rapportage.get("frequentie"))
            if rapportage.get("frequentie")
            else None,
            "vorm": _tekst(rapportage.get("vorm")),
        },
        "evaluatie": {"jaar": evaluatie.get("jaar"), "wijze": _tekst(evaluatie.get("wijze"))},
        "overleg": [
            {
                "naam": _tekst(o.get("naam")) or "",
                "frequentie": _tekst(o.get("frequentie")) or "",
                "deelnemers": [_kort(_partner(partners_by_id, p), _PARTNER_KORT) for p in _l(o.get("partners"))],
                "onderwerp": _tekst(o.get("onderwerp")),
            }
            for o in map(_d, _l(m.get("overleg")))
        ],
    }


def _organisatie(data: dict) -> dict | None:
    o = _d(data.get("organisatie"))
    ctx = {
        "regie": _tekst(o.get("regie")),
        "bestuurlijk_trekker": _tekst(o.get("bestuurlijk_trekker")),
        "interne_samenhang": [
            {"beleidsterrein": _tekst(i.get("beleidsterrein")) or "", "bijdrage": _tekst(i.get("bijdrage"))}
            for i in map(_d, _l(o.get("interne_samenhang")))
            if _tekst(i.get("beleidsterrein")) or _tekst(i.get("bijdrage"))
        ],
    }
    return ctx if _has_content(ctx) else None


def _politie(data: dict, inwoners) -> dict | None:
    p = _d(data.get("politie"))
    if not p:
        return None
    wijkagenten = p.get("wijkagenten")
    norm = wijkagent_norm(inwoners) if isinstance(inwoners, int) and inwoners > 0 else None
    ctx = {
        "wijkagenten": wijkagenten,
        "inwoners": inwoners,
        "inwoners_per_wijkagent": INWONERS_PER_WIJKAGENT,
        "norm": norm,
        "voldoet": (wijkagenten >= norm) if wijkagenten is not None and norm is not None else None,
        "beschikbaarheid_wijk": p.get("beschikbaarheid_wijk"),
        "afspraken": _tekst(p.get("afspraken")),
    }
    return ctx if any(ctx[k] is not None for k in ("wijkagenten", "beschikbaarheid_wijk", "afspraken")) else None


def _financien(data: dict, prioriteiten_by_id: dict) -> dict | None:
    f = _d(data.get("financien"))
    begroting = [
        {
            "jaar": b.get("jaar"),
            "bedrag": b.get("bedrag"),
            "omschrijving": _tekst(b.get("omschrijving")),
            "prioriteit": _kort(prioriteiten_by_id.get(b.get("prioriteit")), _PRIORITEIT_KORT),
        }
        for b in map(_d, _l(f.get("begroting")))
    ]
    bedragen = [
        b["bedrag"] for b in begroting if isinstance(b["bedrag"], (int, float)) and not isinstance(b["bedrag"], bool)
    ]
    ctx = {
        "begroting": begroting,
        "per_prioriteit": any(b["prioriteit"] for b in begroting),
        "totaal": _som(bedragen) if bedragen else None,
        "dekking": _tekst(f.get("dekking")),
    }
    return ctx if (begroting or ctx["dekking"]) else None


def _sorteersleutel(term: str) -> str:
    """Sorting a glossary as a reader expects: ignoring case and accents (Ééntje beside eentje)."""
    folded = unicodedata.normalize("NFKD", term.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _begrippen(data: dict) -> list[dict]:
    """The begrippen, sorted ignoring case and accents, for the annex "Begrippen en afkortingen"."""
    items = [
        {"term": " ".join(str(b.get("term")).split()), "uitleg": _tekst(b.get("uitleg")) or ""}
        for b in map(_d, _l(data.get("begrippen")))
        if _tekst(b.get("term"))
    ]
    return sorted(items, key=lambda b: (_sorteersleutel(b["term"]), b["term"]))


def _som(bedragen: list) -> int | float:
    """Sum without binary float noise (0.1 + 0.2 is 0.3 here)."""
    total = sum((Decimal(repr(b)) if isinstance(b, float) else Decimal(b) for b in bedragen), Decimal(0))
    return int(total) if total == total.to_integral_value() else float(total)


def _lijst_van_teksten(value) -> list[str]:
    return [s for s in (_tekst(v) for v in _l(value)) if s]


def _punt(text: str) -> str:
    """A decision point without trailing punctuation (the template adds ';' or '.')."""
    return text.strip().rstrip(";.,").rstrip()


def _overweging(text: str) -> str:
    s = _punt(text)
    lower = s.lower()
    for prefix in ("overwegende dat ", "overwegende, dat ", "dat "):
        if lower.startswith(prefix):
            return s[len(prefix) :].lstrip()
    return s


def _raadsvoorstel(data: dict, plan: dict) -> dict:
    present = isinstance(data.get("raadsvoorstel"), dict)
    r = _d(data.get("raadsvoorstel"))
    vergadering, ondertekening = _d(r.get("vergadering")), _d(r.get("ondertekening"))
    intrekken = _d(r.get("intrekken"))

    def items(key):
        return [
            {"titel": _tekst(a.get("titel")) or "", "toelichting": _tekst(a.get("toelichting"))}
            for a in map(_d, _l(r.get(key)))
            if _tekst(a.get("titel")) or _tekst(a.get("toelichting"))
        ]

    bijlagen = [plan["titel"]]
    for b in _lijst_van_teksten(r.get("bijlagen")):
        if b.strip().casefold() != plan["titel"].strip().casefold():
            bijlagen.append(b)

    ctx = {
        "aanwezig": present,
        "registratienummer": _tekst(r.get("registratienummer")),
        "datum_college": _datum(r.get("datum_college")),
        "vergadering": {"datum": _datum(vergadering.get("datum")), "agendapunt": _tekst(vergadering.get("agendapunt"))},
        "beslispunten": [_punt(b) for b in _lijst_van_teksten(r.get("beslispunten")) if _punt(b)],
        "aanleiding": _tekst(r.get("aanleiding")),
        "beoogd_effect": _tekst(r.get("beoogd_effect")),
        "argumenten": items("argumenten"),
        "kanttekeningen": items("kanttekeningen"),
        "financien": _tekst(r.get("financien")),
        "communicatie": _tekst(r.get("communicatie")),
        "uitvoering": _tekst(r.get("uitvoering")),
        "bijlagen": bijlagen,
        "gelet_op": [_punt(g) for g in _lijst_van_teksten(r.get("gelet_op")) if _punt(g)],
        "gehoord": _punt(_tekst(r.get("gehoord")) or "") or None,
        "overwegingen": [o for o in (_overweging(t) for t in _lijst_van_teksten(r.get("overwegingen"))) if o],
        "intrekken": {
            "titel": _tekst(intrekken.get("titel")),
            "vastgesteld_op": _datum(intrekken.get("vastgesteld_op")),
        }
        if _tekst(intrekken.get("titel"))
        else None,
        "inwerkingtreding": _datum(r.get("inwerkingtreding")),
        "ondertekening": {k: _tekst(ondertekening.get(k)) for k in ("burgemeester", "secretaris", "griffier")},
    }
    ctx["ontbrekend"] = [veld for veld in IVP070_VELDEN if not _lookup(ctx, veld)]
    return ctx


def _lookup(ctx: dict, dotted: str):
    value: Any = ctx
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _besluitpunten(rv: dict, plan: dict) -> list[dict]:
    """The points of the council decision, in the order docs/uitvoer.md fixes: adoption first, then
    the further beslispunten, the withdrawal of the previous plan, the entry into force. Each point
    has `soort` (vaststellen / beslispunt / intrekken / inwerkingtreding), its data, `nummer` and
    `laatste` (whether it is the last; the built-in besluit ends each point in ';', the entry into force in '.')."""
    punten: list[dict] = [{"soort": "vaststellen", "titel": plan["titel"]}]
    punten += [{"soort": "beslispunt", "tekst": b} for b in rv["beslispunten"]]
    if rv["intrekken"]:
        punten.append({"soort": "intrekken", **rv["intrekken"]})
    if rv["inwerkingtreding"]:
        punten.append({"soort": "inwerkingtreding", "datum": rv["inwerkingtreding"]})
    for i, p in enumerate(punten, start=1):
        p["nummer"] = i
        p["laatste"] = i == len(punten)
    return punten


# --------------------------------------------------------------------------------------------------


def plan_context(plan: dict) -> dict:
    """The template context of one validated plan (see plan_templates/README.md, "Variabelen")."""
    data = _d(plan)
    gemeente = _gemeente(data)
    plan_ctx = _plan(data)
    analyse = _probleemanalyse(data)
    partners, partners_by_id = _partners(data)
    prioriteiten, prioriteiten_by_id, doelen = _prioriteiten_en_doelen(data, partners_by_id, analyse["bronnen_by_id"])
    doelen_by_id = {d["id"]: d for d in doelen}
    _afspraken(partners, doelen_by_id)
    raadsvoorstel = _raadsvoorstel(data, plan_ctx)
    periode = plan_ctx["periode"]
    start, eind = periode["start"], periode["eind"]

    return {
        "gemeente": gemeente,
        "heeft_logo": gemeente["logo"] is not None,
        "plan": plan_ctx,
        "bestandsnaam": bestandsnaam(gemeente["naam"], start, eind)
        if isinstance(start, int) and isinstance(eind, int)
        else None,
        "probleemanalyse": analyse,
        "participatie": _participatie(data),
        "prioriteiten": prioriteiten,
        "prioriteiten_by_id": prioriteiten_by_id,
        "overige_themas": _overige_themas(data),
        "doelen": doelen,
        "doelen_by_id": doelen_by_id,
        "partners": partners,
        "partners_by_id": partners_by_id,
        "partners_met_afspraken": [p for p in partners if p["afspraken"]],
        "regionale_afstemming": _regionale_afstemming(data, prioriteiten_by_id),
        "monitoring": _monitoring(data, partners_by_id),
        "organisatie": _organisatie(data),
        "politie": _politie(data, gemeente["inwoners"]),
        "financien": _financien(data, prioriteiten_by_id),
        "begrippen": _begrippen(data),
        "raadsvoorstel": raadsvoorstel,
        "besluitpunten": _besluitpunten(raadsvoorstel, plan_ctx),
    }
