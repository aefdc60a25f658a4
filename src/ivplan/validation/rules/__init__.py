"""The rule registry: a plain dict from code to rule module (see rules/base.py for what a module holds).

To add a rule: write `ivpNNN_<wat>.py` beside this file and list it below, in code order.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

_NAMES = (
    "ivp001_periode",
    "ivp002_verwijzingen",
    "ivp003_unieke_ids",
    "ivp004_vaststellingsdatum",
    "ivp005_volgend_plan",
    "ivp010_doel_per_prioriteit",
    "ivp011_meetjaren",
    "ivp012_richting",
    "ivp013_metingen",
    "ivp020_justitiepartners",
    "ivp021_afspraken",
    "ivp022_partner_zonder_rol",
    "ivp030_toelichting_speerpunt",
    "ivp031_regionale_speerpunten",
    "ivp032_onbekend_speerpunt",
    "ivp033_regionale_periode",
    "ivp034_driehoek",
    "ivp035_politie_eenheid",
    "ivp036_regionaal_ontwerp",
    "ivp037_dubbele_gemeente",
    "ivp040_actuele_bronnen",
    "ivp041_analyse_per_prioriteit",
    "ivp042_aantal_prioriteiten",
    "ivp043_evaluatie_vorig_plan",
    "ivp050_evaluatiejaar",
    "ivp060_wijkagenten",
    "ivp070_raadsvoorstel",
    "ivp071_vergaderdatum",
    "ivp080_stuurtekens",
    "ivp081_voorbeeldtekst",
    "ivp082_logo",
    "ivp090_afbakening",
    "ivp091_afkortingen",
    "ivp092_objectieve_bronnen",
    "ivp093_subjectieve_bronnen",
    "ivp094_trends",
    "ivp095_evaluatiepunten",
    "ivp096_budget_per_prioriteit",
    "ivp097_landelijk",
    "ivp098_overleg",
    "ivp099_veld_zonder_antwoord",
    "ivp140_open_data_bron",
    "ivp141_noemer_bron",
    "ivp142_eenheid_schaal",
    "ivp143_regio_andere_gemeente",
    "ivp144_reeks_onleesbaar",
    "ivp145_meting_gecorrigeerd",
    "ivp146_nulmeting_wijkt_af",
    "ivp147_jaar_zonder_waarde",
    "ivp148_noemer_ontbreekt",
    "ivp149_niet_te_bewerken",
)

RULES: dict[str, ModuleType] = {m.CODE: m for m in (import_module(f".{name}", __name__) for name in _NAMES)}
