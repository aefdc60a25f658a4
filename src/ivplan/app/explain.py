"""`ivplan regels` and `ivplan uitleg CODE`: the rules' own documentation, printed.

The explanation of a rule is its module docstring (rules/ivpNNN_*.py); the loading and schema codes,
which belong to no rule module, are explained here.
"""

from __future__ import annotations

import inspect

from ivplan.validation.antwoorden import REGELS as ANTWOORD_REGELS
from ivplan.validation.lint import rule_kinds
from ivplan.validation.rules import RULES

LOADING = {
    "IVP000": (
        "fout",
        "het plan volgt het formaat niet (schema)",
        "Wat: een veld ontbreekt, is onbekend, of heeft een waarde van het verkeerde soort (tekst, "
        "getal, datum, lijst, toegestane waarde).\n\nWaarom: alleen een plan in het afgesproken "
        "formaat kan worden gecontroleerd en omgezet naar raadsstukken.\n\nHoe op te lossen: volg de "
        "melding; bij een onbekend veld noemt ivplan de naam die u waarschijnlijk bedoelde. Getallen "
        "schrijft u zoals YAML ze leest: een punt als decimaalteken en geen duizendtalscheiding (3.4, "
        "niet 3,4; 185000, niet 185.000); in bedragen en aantallen is '185.000' een fout. Met "
        "'ivplan schema' en de YAML-extensie van VS Code vult de editor de velden voor u aan.\n\n"
        "Bron: het planformaat (versie 1).",
    ),
    "IVP900": (
        "fout",
        "YAML-syntaxfout",
        "Wat: het bestand is geen geldige YAML (bijvoorbeeld een dubbele punt midden in een waarde, "
        "een verkeerde inspringing, een aanhalingsteken dat niet sluit, of een stuurteken). De "
        "melding noemt de oorzaak die ivplan ziet: aanhalingstekens binnen aanhalingstekens, een "
        "sleutel die te ver inspringt, een ontbrekende spatie na de dubbele punt, of een harde "
        "spatie of gedachtestreepje uit Word waar YAML een gewone spatie of '-' nodig heeft.\n\n"
        "Waarom: wat geen geldige YAML is, kan niet betrouwbaar worden gelezen; ivplan raadt niet wat er "
        "bedoeld was.\n\nHoe op te lossen: zet tekst met een dubbele punt, '#', '*', '&', '@' of '`' aan het begin "
        "tussen aanhalingstekens, en laat sleutels van dezelfde sectie even ver inspringen.\n\n"
        "Bron: YAML 1.2.",
    ),
    "IVP901": (
        "fout",
        "dubbele sleutel",
        "Wat: dezelfde sleutel staat twee keer in één sectie. YAML zou stilzwijgend de laatste "
        "waarde houden en de eerste weggooien; ivplan weigert dat.\n\nWaarom: zo gaat er geen "
        "tekst ongemerkt verloren.\n\nHoe op te lossen: voeg de twee samen of hernoem er één. De melding noemt beide "
        "regels.\n\nBron: YAML 1.2 (sleutels zijn uniek).",
    ),
    "IVP902": (
        "fout",
        "tab in de inspringing",
        "Wat: een regel springt in met een tab. YAML staat alleen spaties toe; ivplan noemt elke "
        "regel met een tab.\n\nWaarom: een tab is in elke editor anders breed, dus de inspringing en "
        "daarmee de betekenis van het bestand zijn niet eenduidig.\n\nHoe op te lossen: "
        "vervang tabs door spaties (twee per niveau); het meegeleverde .editorconfig doet dat in de "
        "meeste editors vanzelf.\n\nBron: YAML 1.2.",
    ),
    "IVP903": (
        "fout",
        "anker of verwijzing (&naam, *naam)",
        "Wat: YAML-ankers en -verwijzingen zijn niet toegestaan.\n\nWaarom: een plan moet leesbaar "
        "zijn zonder te zoeken waar een waarde vandaan komt, en verwijzingen kunnen een bestand "
        "onbeperkt laten uitdijen.\n\nHoe op te lossen: schrijf de waarde uit. Begint een tekst "
        "met '*' of '&' (Markdown), zet hem dan tussen aanhalingstekens.\n\nBron: ivplan.",
    ),
    "IVP904": (
        "fout",
        "YAML-tag",
        "Wat: een waarde met een YAML-tag zoals '!!python/object' of '!eigen'.\n\nWaarom: tags "
        "kunnen programmacode laten uitvoeren; ivplan leest alleen tekst, getallen, lijsten en "
        "secties.\n\nHoe op te lossen: verwijder de tag.\n\nBron: ivplan (veiligheid).",
    ),
    "IVP905": (
        "fout",
        "bestand groter dan 1 MiB",
        "Wat: een planbestand is hoogstens 1 MiB.\n\nWaarom: een echt plan is een paar tientallen KB; "
        "een veel groter bestand is bijna altijd het verkeerde bestand, en ivplan weigert het voordat "
        "het dat helemaal leest.\n\nHoe op te lossen: een echt plan is veel "
        "kleiner; controleer of het juiste bestand is gekozen.\n\nBron: ivplan.",
    ),
    "IVP906": (
        "fout",
        "bestand is geen UTF-8",
        "Wat: het bestand is niet in UTF-8 opgeslagen (bijvoorbeeld Windows-1252).\n\nWaarom: in een "
        "andere codering worden letters als ë en é verkeerd gelezen en zo in de raadsstukken gezet.\n\nHoe op te "
        "lossen: sla het op als UTF-8 (in VS Code: rechtsonder de codering kiezen).\n\nBron: het "
        "planformaat.",
    ),
    "IVP907": (
        "fout",
        "leeg bestand",
        "Wat: het bestand bevat geen plan (het is leeg, of bevat alleen witruimte of commentaar).\n\n"
        "Waarom: zonder inhoud valt er niets te controleren of te maken.\n\nHoe op te lossen: kies het "
        "juiste bestand, of begin met 'ivplan init', dat een volledig startplan schrijft.\n\n"
        "Bron: het planformaat.",
    ),
    "IVP908": (
        "fout",
        "bovenste niveau is geen sectie",
        "Wat: een plan bestaat bovenaan uit secties (ivplan:, gemeente:, plan:, ...), niet uit een "
        "lijst of losse tekst.\n\nWaarom: ivplan zoekt elk onderdeel van het plan onder zijn eigen "
        "sectienaam.\n\nHoe op te lossen: begin elke sectie aan het begin van de regel met haar naam "
        "en een dubbele punt; 'ivplan init' laat zien hoe een plan begint.\n\nBron: het planformaat.",
    ),
    "IVP909": (
        "fout",
        "meer dan één YAML-document",
        "Wat: het bestand bevat een regel '---' met daarna een tweede document.\n\nWaarom: één "
        "bestand is één plan van één gemeente.\n\nHoe op te "
        "lossen: zet elk plan in een eigen bestand.\n\nBron: het planformaat.",
    ),
    "IVP910": (
        "fout",
        "bestand ontbreekt of is niet te lezen",
        "Wat: het bestand bestaat niet, is een map, of ivplan mag het niet lezen (exit 2).\n\n"
        "Waarom: een bestand dat niet gelezen kan worden, is een fout in de opdracht, niet in het plan.\n\n"
        "Hoe op te lossen: controleer de naam en de map (een relatief pad geldt vanaf de map waarin u "
        "het commando geeft) en de leesrechten.\n\nBron: ivplan.",
    ),
}


def rules_table() -> str:
    rows = [(code, sev, title) for code, (sev, title, _) in LOADING.items() if code == "IVP000"]
    rules = RULES

    def joint(r: object) -> bool:
        return bool(getattr(r, "GEZAMENLIJK", False) or getattr(r, "JOINT", False))

    rows += [
        (code, r.SEVERITY, r.TITLE)
        for code, r in rules.items()
        if not getattr(r, "KWALITEIT", False) and "plan" in rule_kinds(r) and not joint(r)
    ]
    rows += [(code, sev, title) for code, (sev, title, _) in LOADING.items() if code != "IVP000"]
    groups = [
        ("", rows),
        (
            "Kwaliteitsregels (CCV): met --kwaliteit, in ivplan toets, of aangezet door de eisen van de regio",
            [(code, r.SEVERITY, r.TITLE) for code, r in RULES.items() if getattr(r, "KWALITEIT", False)],
        ),
        (
            "Uitvoeringsprogramma (ivplan_uitvoering: 1)",
            [(code, r.SEVERITY, r.TITLE) for code, r in rules.items() if rule_kinds(r) == ("uitvoering",)],
        ),
        (
            "Gezamenlijke plannen: deel A (ivplan_gezamenlijk: 1) en deel B (een plan met gezamenlijk:)",
            [(code, r.SEVERITY, r.TITLE) for code, r in rules.items() if joint(r)],
        ),
        (
            "Antwoordenbestand (ivplan toets --antwoorden)",
            [(code, sev, title) for code, (sev, title, _) in ANTWOORD_REGELS.items()],
        ),
    ]
    width = max(len(s) for _, group in groups for _, s, _ in group)
    lines: list[str] = []
    for heading, group in groups:
        if heading:
            lines += ["", heading]
        lines += [f"{code}  {sev:<{width}}  {title}" for code, sev, title in group]
    lines.append("")
    lines.append(
        "Uitleg bij een regel: ivplan uitleg CODE (bijvoorbeeld ivplan uitleg IVP010); "
        "bij het oordeel in de voortgangsrapportage: ivplan uitleg voortgang."
    )
    return "\n".join(lines)


def explain(code: str) -> str | None:
    key = code.strip().upper()
    if key == "VOORTGANG":
        from ivplan.documents.voortgang import UITLEG  # here: 6 ms that `ivplan regels` need not pay

        return inspect.cleandoc(UITLEG)
    for table in (LOADING, ANTWOORD_REGELS):
        if key in table:
            sev, title, text = table[key]
            return f"{key} ({sev}): {title}\n\n{text}"
    rule = RULES.get(key)
    if rule is None:
        return None
    doc = inspect.cleandoc(rule.__doc__ or "")
    return f"{key} ({rule.SEVERITY}): {rule.TITLE}\n\n{doc}"
