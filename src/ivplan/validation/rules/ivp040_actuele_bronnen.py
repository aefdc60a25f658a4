"""Wat: de nieuwste bron van de probleemanalyse (`probleemanalyse.bronnen[].jaar`) is niet ouder dan
twee jaar voor het beginjaar van het plan: het hoogste `jaar` is ten minste `plan.periode.start - 2`.

Waarom: het plan rust op de probleemanalyse. Zijn alle bronnen ouder, dan beschrijft de analyse een
situatie die inmiddels veranderd kan zijn, en zijn de prioriteiten en nulmetingen misschien niet meer
actueel.

Hoe op te lossen: gebruik recente cijfers (bijvoorbeeld de politiecijfers en de Veiligheidsmonitor van
het jaar voor de planperiode) en vermeld ze met hun jaar van uitgave onder `bronnen`.

Bron: ivplan; CCV, stappenplan integraal veiligheidsplan (de probleemanalyse).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP040"
SEVERITY = WARNING
TITLE = "de probleemanalyse gebruikt recente bronnen"
NEEDS = ("probleemanalyse", "probleemanalyse.bronnen", "plan.periode")
REGIO = False

PASSES = """
probleemanalyse.bronnen[0].jaar: 2025
"""
FAILS = """
probleemanalyse.bronnen[0].jaar: 2024
"""
FAILS_AT = "probleemanalyse.bronnen[0].jaar"


def check(plan: PlanView):
    start, _ = plan.needed_periode
    bronnen = [(b["jaar"], i, b) for i, b in plan.items("probleemanalyse", "bronnen") if isinstance(b.get("jaar"), int)]
    if not bronnen:
        return
    jaar, i, bron = max(bronnen, key=lambda t: (t[0], -t[1]))
    if jaar < start - 2:
        yield Finding(
            ("probleemanalyse", "bronnen", i, "jaar"),
            f"de nieuwste bron ('{bron.get('id')}') is van {jaar}, meer dan twee jaar voor het beginjaar "
            f"{start}; gebruik bronnen van {start - 2} of later",
        )
