"""The voortgangsrapportage (docs/uitvoer.md): verdicts per doel, and the raadsinformatiebrief.

Three layers, each testable alone:

- `beoordeel()` and `rapportjaar()`: the verdict rule, pure functions on the plan's own dicts. Numbers are
  compared exactly (as fractions of the numbers as written), so a meting exactly on the line or exactly on
  the streefwaarde gets the verdict the rule promises, not one decided by a float rounding error.
- `voortgang_context()`: the template context (the plan's context plus a `voortgang` entry per doel).
- the document itself (render plan_templates/voortgang.md.j2, draw the charts, write the .docx) is
  app/voortgang.py.

This module imports nothing heavy at import time (`ivplan uitleg voortgang` reads `UITLEG` from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from ivplan.core.doelen import exact, marge, verwachte_waarde
from ivplan.core.formatting import aantal, iso_datum, opsomming
from ivplan.documents.context import plan_context
from ivplan.documents.grafiek import alt_tekst, decimalen, grafiek_naam, heeft_grafiek, waarde_tekst

OP_KOERS = "op koers"
ACHTER = "achter"
DOEL_GEHAALD = "doel gehaald"
GEEN_METING = "geen meting"
OORDELEN = (DOEL_GEHAALD, OP_KOERS, ACHTER, GEEN_METING)


UITLEG = """
Het oordeel in de voortgangsrapportage (ivplan voortgang)

Per meetbaar doel vergelijkt ivplan de laatste meting met de rechte lijn van de nulmeting naar de
streefwaarde. Het oordeel is een van: doel gehaald, op koers, achter, geen meting.

Het rapportjaar
  Standaard het laatste jaar waarin een doel een meting heeft van na zijn nulmeting. Is er geen
  enkele zo'n meting, dan het beginjaar van het plan (en elk oordeel is dan 'geen meting'). Met
  --jaar kiest u zelf een jaar.

De laatste meting
  De meting met het hoogste jaar dat na het jaar van de nulmeting ligt en niet na het rapportjaar.
  Metingen van voor of uit het jaar van de nulmeting tellen niet mee voor het oordeel (wel in de
  grafiek: ze laten de trend zien); metingen van na het rapportjaar ook niet. Staat hetzelfde jaar
  twee keer in de lijst, dan telt de laatst genoemde (IVP013 waarschuwt daarvoor).
  Geen meting over: het oordeel is 'geen meting'.

De verwachte waarde
  De lijn loopt van (jaar nulmeting, nulmeting) naar (jaar streefwaarde, streefwaarde). De waarde
  van die lijn in het jaar van de meting is de verwachte waarde; na het jaar van de streefwaarde is
  dat de streefwaarde zelf.

Het oordeel
  richting dalen:    meting <= streefwaarde            -> doel gehaald
                     anders meting <= verwachte waarde -> op koers
                     anders                            -> achter
  richting stijgen:  hetzelfde met >=
  richting handhaven: de meting wijkt ten hoogste 5% van de streefwaarde af (ten hoogste 0,05 als
                     de streefwaarde 0 is) -> op koers, vanaf het jaar van de streefwaarde
                     doel gehaald; wijkt ze meer af -> achter.
  Valt het jaar van de nulmeting samen met dat van de streefwaarde, dan is er geen lijn: het oordeel
  is dan 'doel gehaald' of 'achter'.
  Precies op de lijn is op koers; precies op de streefwaarde is doel gehaald.

Voorbeeld
  Nulmeting 3,4 (2025), streefwaarde 2,8 (2030), richting dalen. De lijn daalt 0,12 per jaar, dus
  in 2028 is 3,04 verwacht. Een meting van 2,9 in 2028 is op koers, 3,1 is achter, 2,8 of lager is
  doel gehaald.

Grafieken
  Elk doel met twee of meer metingen (tot en met het rapportjaar) krijgt een lijngrafiek met de
  metingen, de nulmeting, de streefwaarde en de lijn ertussen (stippellijn), met een alt-tekst die
  dezelfde getallen in woorden noemt.
"""


# --------------------------------------------------------------------------------------------------
# The verdict


@dataclass(frozen=True)
class Meting:
    jaar: int
    waarde: int | float
    voorlopig: bool = False  # `voorlopig: true` in the plan: a provisional figure


@dataclass(frozen=True)
class Oordeel:
    """The verdict on one doel in one report year.

    `meting` is the latest meting that counts (None: geen meting); `verwacht` the value on the path
    from nulmeting to streefwaarde in the meting's year (None without a meting or without a path).
    """

    oordeel: str
    jaar: int
    meting: Meting | None = None
    verwacht: Fraction | None = None


def laatste_meting(doel: dict, jaar: int) -> Meting | None:
    """The meting with the highest jaar after nulmeting.jaar and not after `jaar`; of equal years the
    one listed last. None when there is none."""
    nul_jaar = doel["nulmeting"]["jaar"]
    best: Meting | None = None
    for m in doel.get("metingen") or []:
        mj = m.get("jaar")
        if not isinstance(mj, int) or m.get("waarde") is None:
            continue
        if nul_jaar < mj <= jaar and (best is None or mj >= best.jaar):
            best = Meting(mj, m["waarde"], m.get("voorlopig") is True)
    return best


def beoordeel(doel: dict, jaar: int) -> Oordeel:
    """The verdict on `doel` (a meetbaar doel as in the plan) in report year `jaar` (the rule UITLEG states)."""
    meting = laatste_meting(doel, jaar)
    if meting is None:
        return Oordeel(GEEN_METING, jaar)
    m = exact(meting.waarde)
    sw = exact(doel["streefwaarde"]["waarde"])
    sj = doel["streefwaarde"]["jaar"]
    verwacht = verwachte_waarde(doel, meting.jaar)
    richting = doel.get("richting")

    if richting == "handhaven":
        if abs(m - sw) <= marge(sw):
            oordeel = DOEL_GEHAALD if (verwacht is None or meting.jaar >= sj) else OP_KOERS
        else:
            oordeel = ACHTER
        return Oordeel(oordeel, jaar, meting, verwacht)

    beter_of_gelijk = (lambda a, b: a >= b) if richting == "stijgen" else (lambda a, b: a <= b)
    if beter_of_gelijk(m, sw):
        oordeel = DOEL_GEHAALD
    elif verwacht is not None and beter_of_gelijk(m, verwacht):
        oordeel = OP_KOERS
    else:
        oordeel = ACHTER
    return Oordeel(oordeel, jaar, meting, verwacht)


def rapportjaar(plan: dict) -> int:
    """The latest year, after its doel's nulmeting year, in which any doel has a meting; without one,
    the plan's start year."""
    jaren = []
    for doel in plan.get("meetbare_doelen") or []:
        nul_jaar = (doel.get("nulmeting") or {}).get("jaar")
        for m in doel.get("metingen") or []:
            mj = m.get("jaar")
            if isinstance(mj, int) and isinstance(nul_jaar, int) and mj > nul_jaar:
                jaren.append(mj)
    return max(jaren) if jaren else int(plan["plan"]["periode"]["start"])


def meetjaren(plan: dict) -> list[int]:
    """Every year in which a doel has a meting, sorted."""
    jaren = set()
    for doel in plan.get("meetbare_doelen") or []:
        for m in doel.get("metingen") or []:
            if isinstance(m.get("jaar"), int):
                jaren.add(m["jaar"])
    return sorted(jaren)


def jaar_bezwaar(plan: dict, jaar: int) -> str | None:
    """Why a voortgangsrapportage over `jaar` makes no sense for this plan (a Dutch sentence), or None.

    A report covers a year of the plan period; a year before it only back to the first meting (a plan
    may report the metingen of the year before it starts), a year after it only up to the last meting.
    Outside that every doel would be judged on nothing ("op koers" for 2035 of a 2027-2030 plan)."""
    start, eind = int(plan["plan"]["periode"]["start"]), int(plan["plan"]["periode"]["eind"])
    jaren = meetjaren(plan)
    eerste, laatste = min([start, *jaren[:1]]), max([eind, *jaren[-1:]])
    if eerste <= jaar <= laatste:
        return None
    waarom = f"de planperiode is {start}-{eind}"
    if jaren:
        waarom += f" en de metingen zijn van {jaren[0]}" + (f" tot en met {jaren[-1]}" if len(jaren) > 1 else "")
    else:
        waarom += " en het plan heeft nog geen metingen"
    return f"--jaar {jaar} ligt buiten het plan: {waarom}; kies een jaar van {eerste} tot en met {laatste}"


def telling(plan: dict, jaar: int | None = None) -> dict[str, int]:
    """How many doelen have each verdict in `jaar` (default `rapportjaar(plan)`), every verdict present:
    {"doel gehaald": 1, "op koers": 6, "achter": 4, "geen meting": 1}. For `ivplan check --regio`."""
    if jaar is None:
        jaar = rapportjaar(plan)
    uitkomst = dict.fromkeys(OORDELEN, 0)
    for doel in plan.get("meetbare_doelen") or []:
        uitkomst[beoordeel(doel, jaar).oordeel] += 1
    return uitkomst


# --------------------------------------------------------------------------------------------------
# The verdict in words


def _als_decimal(f: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(f.numerator) / Decimal(f.denominator)


def getal_tekst(doel: dict, x) -> str:
    """A figure of `doel` as written, in the minimal Dutch form the plan document uses ("6", "7,7", not
    "6,00" or "7,70" because another figure of the doel has two decimals), "%" attached when its unit is
    a percentage ("14%")."""
    return waarde_tekst(x, doel.get("eenheid"))


def paar_tekst(doel: dict, paar: dict | Meting | None) -> str | None:
    """ "3,4 (2025)" for a {waarde, jaar} pair of `doel`, "3,4 (voorlopig) (2025)" for a provisional
    meting; None for None."""
    if paar is None:
        return None
    if isinstance(paar, Meting):
        paar = {"jaar": paar.jaar, "waarde": paar.waarde, "voorlopig": paar.voorlopig}
    voorlopig = " (voorlopig)" if paar.get("voorlopig") is True else ""
    return f"{getal_tekst(doel, paar['waarde'])}{voorlopig} ({paar['jaar']})"


def verwacht_tekst(doel: dict, oordeel: Oordeel) -> str | None:
    """The expected value for display: rounded to the doel's number of decimals, more when the rounded
    value would look equal to the meting while it is not, so "3,04 verwacht" explains a meting of 3,0
    that is on koers (at most three decimals more). A value that is exact at that precision is written
    in its minimal form ("7,7 verwacht", not "7,70"); a rounded one keeps its decimals ("3,0" for 3,04)."""
    if oordeel.verwacht is None or oordeel.meting is None:
        return None
    precies = _als_decimal(oordeel.verwacht)
    m = exact(oordeel.meting.waarde)
    basis = decimalen(doel)
    for d in range(basis, basis + 4):
        afgerond = exact(precies.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))
        if (afgerond == m) == (oordeel.verwacht == m):
            break
    if afgerond == oordeel.verwacht:  # exact: no trailing zeros
        return waarde_tekst(precies.quantize(Decimal(1).scaleb(-d)).normalize(), doel.get("eenheid"))
    return waarde_tekst(precies, doel.get("eenheid"), d)


def oordeel_zin(doel: dict, oordeel: Oordeel) -> str:
    """One Markdown sentence a raadslid understands at a glance, ending in the verdict in bold:
    "De meting van 2028 (2,9) ligt onder de lijn naar de streefwaarde (3,0 verwacht in 2028): **op koers**."
    No user text goes into it, only numbers and years."""
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    if oordeel.meting is None:
        return (
            f"Er is nog geen meting van na de nulmeting ({nul['jaar']}) tot en met {oordeel.jaar}: **{GEEN_METING}**."
        )
    mj, mw = oordeel.meting.jaar, oordeel.meting.waarde
    m, sw = exact(mw), exact(streef["waarde"])
    begin = f"De meting van {mj} ({getal_tekst(doel, mw)})"
    streef_tekst = f"de streefwaarde ({getal_tekst(doel, streef['waarde'])} in {streef['jaar']})"
    slot = f": **{oordeel.oordeel}**."

    if doel.get("richting") == "handhaven":
        grens = "0,05" if sw == 0 else "5%"
        if oordeel.oordeel == ACHTER:
            return f"{begin} wijkt meer dan {grens} af van {streef_tekst}{slot}"
        return f"{begin} ligt binnen {grens} van {streef_tekst}{slot}"

    if oordeel.oordeel == DOEL_GEHAALD or oordeel.verwacht is None:
        if m == sw:
            return f"{begin} is gelijk aan {streef_tekst}{slot}"
        onder = m < sw
        return f"{begin} ligt {'onder' if onder else 'boven'} {streef_tekst}{slot}"
    verwacht = verwacht_tekst(doel, oordeel)
    lijn = f"de lijn naar de streefwaarde ({verwacht} verwacht in {mj})"
    if m == oordeel.verwacht:
        return f"{begin} ligt precies op {lijn}{slot}"
    onder = m < oordeel.verwacht  # the position says where it lies; the verdict says what that means
    return f"{begin} ligt {'onder' if onder else 'boven'} {lijn}{slot}"


def telling_zin(oordelen: list[str], jaar: int) -> str:
    """ "Stand in 2028 van de 12 doelen: 1 doel gehaald, 6 op koers, 4 achter en 1 zonder meting." """
    n = len(oordelen)
    delen = []
    for soort in OORDELEN:
        k = oordelen.count(soort)
        if not k:
            continue
        if soort == DOEL_GEHAALD:
            delen.append(aantal(k, "doel", "doelen") + " gehaald")
        elif soort == GEEN_METING:
            delen.append(f"{k} zonder meting")
        else:
            delen.append(f"{k} {soort}")
    return f"Stand in {jaar} van {'het ene doel' if n == 1 else f'de {n} doelen'}: {opsomming(delen)}."


# --------------------------------------------------------------------------------------------------
# The template context


def _oordeel_dict(doel: dict, oordeel: Oordeel, jaar: int) -> dict:
    grafiek = heeft_grafiek(doel, jaar)
    return {
        "oordeel": oordeel.oordeel,
        "laatste_meting": ({"jaar": oordeel.meting.jaar, "waarde": oordeel.meting.waarde} if oordeel.meting else None),
        "nulmeting_tekst": paar_tekst(doel, doel["nulmeting"]),
        "streefwaarde_tekst": paar_tekst(doel, doel["streefwaarde"]),
        "laatste_meting_tekst": paar_tekst(doel, oordeel.meting),
        "verwacht": verwacht_tekst(doel, oordeel),
        "zin": oordeel_zin(doel, oordeel),
        "grafiek": grafiek_naam(doel["id"]) if grafiek else None,
        "alt": alt_tekst(doel, jaar) if grafiek else None,
    }


def voortgang_titel(jaar: int) -> str:
    """The title of the raadsinformatiebrief: the year is the year reported on, never read as part of
    the plan's name ("... integraal veiligheidsplan 2028" would)."""
    return f"Raadsinformatiebrief over de voortgang van het integraal veiligheidsplan in {jaar}"


def voortgangsbrief(plan: dict, jaar: int) -> dict:
    """The letter's own data from `monitoring.voortgangsbrieven` for `jaar`: {datum (ISO or None),
    kenmerk (or None), ontbrekend: the fields the letter shows a placeholder for}. The first entry
    for the year counts."""
    brieven = (plan.get("monitoring") or {}).get("voortgangsbrieven") or []
    brief = next((b for b in brieven if isinstance(b, dict) and b.get("jaar") == jaar), {})
    datum = iso_datum(brief.get("datum")) if brief.get("datum") else None
    kenmerk = brief.get("kenmerk") or None
    ontbrekend = [veld for veld, waarde in (("datum", datum), ("kenmerk", kenmerk)) if waarde is None]
    return {"datum": datum, "kenmerk": kenmerk, "ontbrekend": ontbrekend}


def voortgang_context(plan: dict, jaar: int, uitvoering: dict | None = None) -> dict:
    """The context of plan_templates/voortgang.md.j2: the plan's own context (context.plan_context),
    every doel in it with a `voortgang` entry (oordeel; laatste_meting as {jaar, waarde} or None;
    nulmeting_tekst, streefwaarde_tekst, laatste_meting_tekst as "3,4 (2025)", each figure as written;
    verwacht; zin: the verdict in one Markdown sentence; grafiek: the image name or None; alt),
    and `jaar`, `titel`, `brief` (datum, kenmerk, ontbrekend: see voortgangsbrief), `telling` (count
    per verdict) and `telling_zin`."""
    ctx = plan_context(plan)
    by_id = {d.get("id"): d for d in plan.get("meetbare_doelen") or []}
    oordelen = []
    for d in ctx["doelen"]:  # the same dicts as in prioriteiten[].doelen and partners[].afspraken[].doelen
        bron = by_id[d["id"]]  # ctx["doelen"] are the plan's own doelen
        oordeel = beoordeel(bron, jaar)
        d["voortgang"] = _oordeel_dict(bron, oordeel, jaar)
        oordelen.append(oordeel.oordeel)
    ctx.update(
        {
            "jaar": jaar,
            "uitvoering": uitvoering,  # the chapter "Uitvoering in <jaar>" (documents/uitvoering.py), or None
            "titel": voortgang_titel(jaar),
            "brief": voortgangsbrief(plan, jaar),
            "telling": {soort: oordelen.count(soort) for soort in OORDELEN},
            "telling_zin": telling_zin(oordelen, jaar) if oordelen else None,
            "prioriteiten_met_doelen": [p for p in ctx["prioriteiten"] if p["doelen"]],
            "doelen_zonder_prioriteit": [
                d for d in ctx["doelen"] if d["prioriteit_id"] not in ctx["prioriteiten_by_id"]
            ],
        }
    )
    return ctx
