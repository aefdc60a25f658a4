"""What a doel's line chart shows and says, without drawing it: which metingen it shows, the decimals
its figures get, its name in the document, and its alt text (the same numbers in words). The drawing
itself is render/charts.py; the plan context and the voortgang context use this module to decide
whether a doel gets a chart and to describe it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ivplan.core import formatting

MIN_METINGEN_GRAFIEK = 2


def grafiek_naam(doel_id: str) -> str:
    """The image name a template uses for a doel's chart: `[[afbeelding: grafiek-d1 | ...]]`."""
    return f"grafiek-{doel_id}"


def heeft_grafiek(doel: dict[str, Any], jaar: int | None = None, minimum: int = MIN_METINGEN_GRAFIEK) -> bool:
    """Whether the doel has at least `minimum` metingen up to `jaar` (all metingen when None)."""
    return len(getoonde_metingen(doel, jaar)) >= minimum


def getoonde_metingen(doel: dict[str, Any], tot_jaar: int | None = None) -> list[tuple[int, int | float]]:
    """The metingen a chart shows, as (jaar, waarde) in year order: every meting (also those before the
    nulmeting: they show the trend) up to `tot_jaar` when given; of two with the same year the one
    listed last, as in the verdict."""
    per_jaar: dict[int, int | float] = {}
    for m in doel.get("metingen") or []:
        jaar, waarde = m.get("jaar"), m.get("waarde")
        if not isinstance(jaar, int) or isinstance(waarde, bool) or not isinstance(waarde, (int, float)):
            continue
        if tot_jaar is not None and jaar > tot_jaar:
            continue
        per_jaar[jaar] = waarde
    return sorted(per_jaar.items())


def _decimalen_geschreven(x: object) -> int:
    """Decimals of a number as written in the YAML: 6.0 has one, 6 none, 3.45 two."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return 0
    if isinstance(x, int):
        return 0
    exponent = Decimal(repr(x)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def decimalen(doel: dict[str, Any]) -> int:
    """The number of decimals the doel's figures are shown with: the most any of its nulmeting,
    streefwaarde and metingen has as written (at most 4), so a series reads 6,0 5,6 5,3 and not 6 5,6 5,3."""
    waarden = [(doel.get("nulmeting") or {}).get("waarde"), (doel.get("streefwaarde") or {}).get("waarde")]
    waarden += [m.get("waarde") for m in doel.get("metingen") or [] if isinstance(m, dict)]
    return min(4, max((_decimalen_geschreven(w) for w in waarden), default=0))


def procentteken(eenheid: object) -> bool:
    """Whether a figure of this unit carries the sign: "38%" (the Taalunie: no space before %)."""
    return bool(eenheid) and str(eenheid).strip() == "%"


def waarde_tekst(x: object, eenheid: object = None, decimalen: int | None = None) -> str:
    """A figure of a doel in Dutch notation ("3,4"), "%" attached for a percentage ("38%")."""
    s = formatting.getal(x, decimalen)
    return s + "%" if procentteken(eenheid) else s


def getal_met_eenheid(x: object, eenheid: object = None) -> str:
    """A figure with its unit as running text: "38%", "3,4 per 1.000 woningen", "1.250" (aantal)."""
    woorden = indicator_eenheid(eenheid)
    return f"{waarde_tekst(x, eenheid)} {woorden}" if woorden else waarde_tekst(x, eenheid)


def eenheid_label(eenheid: object) -> str | None:
    """The unit in words, as the chart's axis names it: "procent" for "%", none for `aantal`."""
    if not eenheid or str(eenheid).strip().lower() == "aantal":
        return None
    e = " ".join(str(eenheid).split())
    return "procent" if e == "%" else e


def indicator_eenheid(eenheid: object, indicator: str | None = None) -> str | None:
    """The unit in words that follows a doel's indicator, "Woninginbraken (per 1.000 woningen)", or a
    figure ("3,4 per 1.000 woningen"): in every document and in the chart's alt text alike. None
    without a unit, for "%" (each figure carries the sign: "12%"), for `aantal` (a count needs no
    unit: "Meldingen (aantal)" tells a reader nothing) and when the `indicator` (or the text a figure
    stands with) names the unit already: never "Rapportcijfer veiligheid (rapportcijfer)" or "per 1.000
    woningen (per 1.000 woningen)"."""
    woorden = None if procentteken(eenheid) else eenheid_label(eenheid)
    if woorden and indicator is not None and formatting.noemt(indicator, woorden):
        return None
    return woorden


def alt_tekst(doel: dict[str, Any], tot_jaar: int | None = None) -> str:
    """The chart's alt text, the same numbers in words:
    "Lijngrafiek van Woninginbraken (per 1.000 woningen): nulmeting 3,4 in 2025, metingen 3,2 in 2026 en
    2,9 in 2027, streefwaarde 2,8 in 2030; de stippellijn is het pad van nulmeting naar streefwaarde." """
    eenheid = doel.get("eenheid")
    indicator = " ".join(str(doel.get("indicator") or doel.get("id") or "").split())
    bij_indicator = indicator_eenheid(eenheid, indicator)
    if bij_indicator:
        indicator += f" ({bij_indicator})"
    nul, streef = doel["nulmeting"], doel["streefwaarde"]
    metingen = getoonde_metingen(doel, tot_jaar)
    d = decimalen(doel)
    delen = [f"nulmeting {waarde_tekst(nul['waarde'], eenheid, d)} in {nul['jaar']}"]
    if metingen:
        woord = formatting.meervoud(len(metingen), "meting", "metingen")
        delen.append(woord + " " + formatting.opsomming(f"{waarde_tekst(w, eenheid, d)} in {j}" for j, w in metingen))
    delen.append(f"streefwaarde {waarde_tekst(streef['waarde'], eenheid, d)} in {streef['jaar']}")
    if nul["jaar"] != streef["jaar"]:
        slot = "de stippellijn is het pad van nulmeting naar streefwaarde"
    else:
        slot = "nulmeting en streefwaarde vallen in hetzelfde jaar, dus er is geen pad"
    return f"Lijngrafiek van {indicator}: {', '.join(delen)}; {slot}."
