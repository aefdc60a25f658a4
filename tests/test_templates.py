"""The built-in templates rendered with real plans: structure, tables, placeholders, numbering and
user text that must come out literally. The Markdown is checked as the project's reader parses it."""

import copy
import json
import re
from pathlib import Path

import pytest
import yaml

from ivplan.documents.context import IVP070_VELDEN, plan_context
from ivplan.documents.templating import make_environment, render
from ivplan.render.markdown_reader import parse_markdown

DATA = Path(__file__).parent / "data"
DIRECTIVE = re.compile(r"^ {0,3}\[\[(/?[a-z][a-z0-9-]*)(?::[ \t]*(.*?))?\]\][ \t]*$")
HEADING = re.compile(r"^(#{1,6}) (.+)$")

HOSTILE = "{{ 7*7 }} {% raw %} <script>alert(1)</script> a|b"


def maximal_plan():
    return {
        "ivplan": 1,
        "gemeente": {
            "naam": "'s-Hertogenbosch",
            "cbs_code": "GM0796",
            "inwoners": 12345,
            "politie_eenheid": "Oost-Brabant",
            "basisteam": "Den Bosch",
            "logo": "logo.png",
        },
        "plan": {
            "titel": "Integraal Veiligheidsplan 2027-2030",
            "periode": {"start": 2027, "eind": 2030},
            "status": "concept",
            "versie": "1.10",
            "datum": "2026-11-03",
            "portefeuillehouder": {"naam": "J. Jansen", "functie": "burgemeester"},
            "contactpersoon": {"naam": "P. de Vries", "functie": "beleidsadviseur", "email": "p.devries@example.nl"},
            "samenvatting": "Samen veilig.\n\n# Kern\n\nTekst.",
            "visie": "Een veilige stad.",
            "afbakening": "Geen fysieke veiligheid.",
            "evaluatie_vorig_plan": "Het vorige plan werkte.",
        },
        "probleemanalyse": {
            "samenvatting": "De veiligheid is redelijk.",
            "bronnen": [
                {
                    "id": "politie-2025",
                    "titel": "Politiecijfers 2025",
                    "jaar": 2025,
                    "uitgever": "Politie",
                    "url": "https://data.politie.nl/x (y)",
                },
                {"id": "monitor", "titel": "Veiligheidsmonitor", "jaar": 2023},
            ],
            "bevindingen": [
                {
                    "veiligheidsveld": "jeugd_en_veiligheid",
                    "thema": "jeugdoverlast",
                    "tekst": "Overlast bij het station.",
                    "cijfers": [{"omschrijving": "Meldingen", "waarde": 1250, "bron": "politie-2025"}],
                },
                {
                    "veiligheidsveld": "veilige_woon_en_leefomgeving",
                    "thema": "woninginbraak",
                    "tekst": "Inbraken dalen.\n\n[[nieuwe-pagina]]\n\n" + HOSTILE,
                    "cijfers": [
                        {
                            "omschrijving": "Inbraken per 1.000 woningen",
                            "waarde": 3.4,
                            "eenheid": "per 1.000 woningen",
                            "bron": "politie-2025",
                            "jaar": 2024,
                        },
                        {
                            "omschrijving": "Slachtofferschap " + HOSTILE,
                            "waarde": 12,
                            "eenheid": "%",
                            "bron": "monitor",
                        },
                    ],
                },
            ],
            "trends": "Meer cybercrime.",
        },
        "participatie": {"inwoners": "Een enquête.", "partners": "Werksessies.", "raad": "Een raadsconferentie."},
        "prioriteiten": [
            {
                "id": "woninginbraak",
                "titel": "Woninginbraak",
                "veiligheidsveld": "veilige_woon_en_leefomgeving",
                "motivering": "Veel inbraken.\n\n## Detail\n\nMeer.",
                "aanpak": "- Preventie\n- Opsporing",
                "niveau": "basisteam",
                "gebieden": ["Centrum", "Noord", "Oost"],
            },
            {
                "id": "ondermijning",
                "titel": "Ondermijning",
                "veiligheidsveld": "integriteit_en_veiligheid",
                "motivering": "Risico.",
                "aanpak": "Integraal.",
            },
        ],
        "overige_themas": [
            {
                "thema": "Verkeersveiligheid",
                "veiligheidsveld": "fysieke_veiligheid",
                "aanpak": "Zie plan.\n\nMet | streep.",
                "verwijzing": "Verkeersveiligheidsplan 2025-2028",
            },
            {"thema": "Brandveiligheid", "veiligheidsveld": "fysieke_veiligheid", "aanpak": "Regulier."},
        ],
        "meetbare_doelen": [
            {
                "id": "d2",
                "prioriteit": "ondermijning",
                "omschrijving": "Meer signalen.",
                "indicator": "Signalen",
                "eenheid": "aantal",
                "bron": "monitor",
                "nulmeting": {"waarde": 40, "jaar": 2025},
                "streefwaarde": {"waarde": 80, "jaar": 2030},
                "richting": "stijgen",
                "trekker": "gemeente",
            },
            {
                "id": "d1",
                "prioriteit": "woninginbraak",
                "omschrijving": "Minder woninginbraken.",
                "indicator": "Woninginbraken",
                "eenheid": "per 1.000 woningen",
                "bron": "politie-2025",
                "nulmeting": {"waarde": 3.4, "jaar": 2025},
                "streefwaarde": {"waarde": 2.8, "jaar": 2030},
                "richting": "dalen",
                "trekker": "politie",
                "partners": ["gemeente"],
            },
            {
                "id": "d3",
                "prioriteit": "woninginbraak",
                "omschrijving": "Minder angst.",
                "indicator": "Onveiligheidsgevoel",
                "eenheid": "%",
                "bron": "monitor",
                "nulmeting": {"waarde": 12, "jaar": 2025},
                "streefwaarde": {"waarde": 10.5, "jaar": 2030},
                "richting": "dalen",
                "trekker": "gemeente",
            },
        ],
        "partners": [
            {"id": "gemeente", "naam": "Gemeente 's-Hertogenbosch", "soort": "gemeente", "rol": "Regie."},
            {
                "id": "politie",
                "naam": "Politie Oost-Brabant",
                "soort": "politie",
                "rol": "Opsporing | handhaving.",
                "afspraken": [{"omschrijving": "Extra surveillance", "doelen": ["d1", "d3"], "termijn": "2027"}],
            },
            {"id": "om", "naam": "Openbaar Ministerie", "soort": "openbaar_ministerie", "rol": "Vervolging."},
        ],
        "regionale_afstemming": {
            "regionaal_plan": {
                "titel": "Regionaal beleidsplan 2027-2030",
                "periode": {"start": 2027, "eind": 2030},
                "vastgesteld_op": "2026-10-01",
            },
            "speerpunten": [
                {"speerpunt": "ondermijning", "titel": "Ondermijning", "prioriteit": "ondermijning"},
                {"speerpunt": "cybercrime", "toelichting": "Via de regio."},
            ],
            "driehoek": {"besproken_op": "2026-09-15", "afspraken": "Afgesproken."},
            "zienswijze_raad": "De raad is gehoord.",
            "samenwerking": "RIEC.",
        },
        "monitoring": {
            "uitvoeringsprogramma": "jaarlijks",
            "rapportage": {"frequentie": "halfjaarlijks", "vorm": "Een raadsinformatiebrief."},
            "evaluatie": {"jaar": 2029, "wijze": "Extern onderzoek."},
        },
        "organisatie": {
            "regie": "De coördinator.",
            "bestuurlijk_trekker": "Burgemeester",
            "interne_samenhang": [{"beleidsterrein": "Jeugd", "bijdrage": "Preventie."}],
        },
        "politie": {"wijkagenten": 2, "beschikbaarheid_wijk": 80, "afspraken": "Wekelijks overleg."},
        "financien": {
            "begroting": [
                {"jaar": 2027, "bedrag": 250000, "omschrijving": "Uitvoering"},
                {"jaar": 2028, "bedrag": 1234.5, "omschrijving": "Onderzoek"},
            ],
            "dekking": "Uit de algemene middelen.",
        },
        "raadsvoorstel": {
            "registratienummer": "2026/123",
            "datum_college": "2026-12-01",
            "vergadering": {"datum": "2027-01-28", "agendapunt": "08"},
            "beslispunten": ["het uitvoeringsprogramma voor kennisgeving aan te nemen;"],
            "aanleiding": "Het oude plan loopt af.",
            "beoogd_effect": "Een veiliger stad.",
            "argumenten": [
                {"titel": "Wettelijke plicht", "toelichting": "Artikel 38b.\n\n- punt a\n- punt b"},
                {"titel": "Draagvlak", "toelichting": "Partners doen mee."},
            ],
            "kanttekeningen": [{"titel": "Capaciteit", "toelichting": "Politie is schaars."}],
            "financien": "Past binnen de begroting.",
            "communicatie": "Persbericht.",
            "uitvoering": "Via het programma.",
            "bijlagen": ["Uitvoeringsprogramma 2027"],
            "gelet_op": ["artikel 4:81 van de Algemene wet bestuursrecht"],
            "gehoord": "het advies van de commissie Bestuur van 12 januari 2027",
            "overwegingen": ["overwegende dat veiligheid belangrijk is;", "de raad de doelen stelt"],
            "intrekken": {"titel": "Integraal Veiligheidsplan 2023-2026", "vastgesteld_op": "2022-12-15"},
            "inwerkingtreding": "2027-02-01",
            "ondertekening": {"burgemeester": "J. Jansen", "secretaris": "A. Pieters", "griffier": "G. Klaassen"},
        },
    }


def minimal_plan():
    path = DATA / "minimal_plan.yaml"
    if path.is_file():
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    raise AssertionError("tests/data/minimal_plan.yaml ontbreekt")


def build(plan, template):
    return render(make_environment(), template, plan_context(plan))


def plan_md(plan):
    return build(plan, "plan.md.j2")


def rv_md(plan):
    return build(plan, "raadsvoorstel.md.j2")


def headings(text):
    return [(len(m.group(1)), m.group(2)) for m in map(HEADING.match, text.split("\n")) if m]


def directives(text):
    return [(m.group(1), m.group(2)) for m in map(DIRECTIVE.match, text.split("\n")) if m]


def visible(text):
    return "".join(parse_markdown(text).itertext())


def tables(text):
    """Each pipe table: (the non-blank line before it, its header line)."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|")):
            before = next(lines[j] for j in range(i - 1, -1, -1) if lines[j].strip())
            out.append((before, line))
    return out


def numbered_after(text, marker):
    """The numbered list that follows the paragraph `marker`."""
    lines = text.split("\n")
    i = lines.index(marker) + 1
    while not lines[i].strip():
        i += 1
    items = []
    while i < len(lines) and re.match(r"^\d+\. ", lines[i]):
        items.append(lines[i])
        i += 1
    return items


PLAN_TEMPLATES = ("plan.md.j2", "raadsvoorstel.md.j2")
PLANS = {"minimaal": minimal_plan, "maximaal": maximal_plan}


# ------------------------------------------------------------------------------------------------
# structure of both documents


@pytest.mark.parametrize("which", PLANS)
@pytest.mark.parametrize("template", PLAN_TEMPLATES)
def test_headings_never_skip_a_level_and_no_section_is_empty(which, template):
    text = build(PLANS[which](), template)
    levels = headings(text)
    assert levels, "geen koppen"
    previous = 0
    for level, title in levels:
        assert level <= previous + 1, f"kop '{title}' slaat een niveau over"
        assert level <= 4
        previous = level
    # a heading is followed by content before the next heading of the same or a higher level
    lines = [line for line in text.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        m = HEADING.match(line)
        if not m:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        n = HEADING.match(nxt)
        assert nxt and not (n and len(n.group(1)) <= len(m.group(1))), f"lege sectie '{m.group(2)}'"


@pytest.mark.parametrize("which", PLANS)
@pytest.mark.parametrize("template", PLAN_TEMPLATES)
def test_no_none_and_deterministic(which, template):
    text = build(PLANS[which](), template)
    assert "None" not in text
    assert build(PLANS[which](), template) == text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text


@pytest.mark.parametrize("which", PLANS)
@pytest.mark.parametrize("template", PLAN_TEMPLATES)
def test_every_data_table_has_a_caption_directive(which, template):
    text = build(PLANS[which](), template)
    found = tables(text)
    assert found
    for before, header in found:
        assert DIRECTIVE.match(before) and DIRECTIVE.match(before).group(1) == "tabel", header


@pytest.mark.parametrize("which", PLANS)
@pytest.mark.parametrize("template", PLAN_TEMPLATES)
def test_directives_stand_alone(which, template):
    text = build(PLANS[which](), template)
    lines = text.split("\n")
    in_regels = False  # inside a line block: [[regels]] or [[ondertekening]]
    for i, line in enumerate(lines):
        m = DIRECTIVE.match(line)
        if m and m.group(1) in ("regels", "ondertekening"):
            in_regels = True
            assert i == 0 or lines[i - 1] == "", line
        if m and not in_regels:
            assert i == 0 or lines[i - 1] == "", line
            assert i == len(lines) - 1 or lines[i + 1] == "", line
        if m and m.group(1) in ("/regels", "/ondertekening"):
            in_regels = False
            assert i == len(lines) - 1 or lines[i + 1] == ""


def test_plan_chapters_minimal():
    text = plan_md(minimal_plan())
    assert [t for lvl, t in headings(text) if lvl == 1] == [
        "Inleiding",
        "Probleemanalyse",
        "Participatie",
        "Prioriteiten",
        "Meetbare doelen",
        "Partners en afspraken",
        "Regionale afstemming",
        "Monitoring en evaluatie",
    ]


def test_plan_chapters_maximal():
    text = plan_md(maximal_plan())
    assert [t for lvl, t in headings(text) if lvl == 1] == [
        "Inleiding",
        "Probleemanalyse",
        "Participatie",
        "Prioriteiten",
        "Meetbare doelen",
        "Partners en afspraken",
        "Regionale afstemming",
        "Organisatie en regie",
        "Politie",
        "Monitoring en evaluatie",
        "Financiën",
    ]
    sub = [t for lvl, t in headings(text) if lvl == 2]
    for expected in (
        "Samenvatting",
        "Visie",
        "Afbakening",
        "Evaluatie van het vorige plan",
        "Trends",
        "Bronnen",
        "Overige veiligheidsthema's",
        "Prestatieafspraken",
        "Regionale speerpunten",
        "Lokale driehoek",
        "Zienswijze van de raad",
        "Samenwerking",
        "Dekking",
    ):
        assert expected in sub


def test_plan_front_matter_in_order():
    text = plan_md(maximal_plan())
    d = directives(text)
    names = [n for n, _ in d]
    # the status of a draft on every page; the table of contents on a page of its own
    assert names[:9] == [
        "kopnummering",
        "voettekst",
        "koptekst",
        "afbeelding",
        "titel",
        "ondertitel",
        "nieuwe-pagina",
        "inhoudsopgave",
        "nieuwe-pagina",
    ]
    assert d[1][1] == "Gemeente 's-Hertogenbosch · Integraal Veiligheidsplan 2027-2030 · pagina {PAGE} van {NUMPAGES}"
    assert d[2][1] == "CONCEPT — versie 1.10"
    assert d[3][1] == "logo | Logo gemeente 's-Hertogenbosch"
    assert d[4][1] == "Integraal Veiligheidsplan 2027-2030"
    assert d[7][1] == "Inhoudsopgave"
    front = text.split("[[inhoudsopgave: Inhoudsopgave]]")[0]
    labels = re.findall(r"^\*\*(.+?):\*\*", front, re.M)
    assert labels == ["Gemeente", "Periode", "Status en versie", "Datum", "Portefeuillehouder", "Contactpersoon"]
    # each its own paragraph
    paragraphs = [p for p in parse_markdown(front).iter("p") if p.find("strong") is not None]
    assert [p.find("strong").text for p in paragraphs] == [label + ":" for label in labels]
    assert "**Status en versie:** Concept, versie 1.10" in front
    assert "**Datum:** 3 november 2026" in front
    assert "[p.devries@example.nl](mailto:p.devries@example.nl)" in front
    # the chapters start after the page break
    assert text.index("[[nieuwe-pagina]]") < text.index("# Inleiding")


def test_no_logo_directive_without_logo():
    text = plan_md(minimal_plan())
    assert "afbeelding" not in [n for n, _ in directives(text)]
    assert "**Contactpersoon:**" not in text and "**Datum:**" not in text


def test_vastgesteld_plan_shows_adoption_date():
    plan = maximal_plan()
    plan["plan"].update(status="vastgesteld", vastgesteld_op="2027-01-28")
    text = plan_md(plan)
    assert "**Status en versie:** Vastgesteld, versie 1.10" in text
    assert "**Vastgesteld door de raad op:** 28 januari 2027" in text


def test_md_headings_sit_below_their_section():
    text = plan_md(maximal_plan())
    # plan.samenvatting "# Kern" sits in "## Samenvatting"; motivering "## Detail" in "### Motivering"
    # is the field's shallowest heading -> level 4, no level skipped and no bold paragraph
    assert "## Samenvatting\n\nSamen veilig.\n\n### Kern\n\nTekst." in text
    assert "### Motivering\n\nVeel inbraken.\n\n#### Detail\n\nMeer." in text


def test_bevindingen_grouped_per_veld_in_fixed_order():
    text = plan_md(maximal_plan())
    analyse = text.split("# Probleemanalyse")[1].split("\n# ")[0]
    lvl2 = [t for lvl, t in headings(analyse) if lvl == 2]
    # the YAML lists jeugd first; the document follows the fixed order of the five velden
    assert lvl2[:2] == ["Veilige woon- en leefomgeving", "Jeugd en veiligheid"]
    assert (
        analyse.index("### Woninginbraak")  # a thema as a heading starts with a capital
        < analyse.index("## Jeugd en veiligheid")
        < analyse.index("### Jeugdoverlast")
    )


def test_plan_tables_and_dutch_numbers():
    text = plan_md(maximal_plan())
    headers = [h for _, h in tables(text)]
    assert headers == [
        "| Omschrijving | Waarde | Jaar | Bron |",
        "| Omschrijving | Waarde | Jaar | Bron |",
        "| Doel | Indicator | Nulmeting | Streefwaarde |",
        "| Doel | Indicator | Nulmeting | Streefwaarde |",
        "| Thema | Veiligheidsveld | Aanpak | Uitgewerkt in |",
        "| Doel | Indicator | Nulmeting | Streefwaarde | Bron | Trekker |",
        "| Partner | Soort | Rol |",
        "| Afspraak | Termijn | Doelen |",
        "| Regionaal speerpunt | Lokale prioriteit | Toelichting |",
        "| Jaar | Omschrijving | Bedrag |",
    ]
    # the omschrijving names the unit already: the value does not say it twice
    assert "| Inbraken per 1.000 woningen | 3,4 | 2024 | Politiecijfers 2025 |" in text
    assert "| Meldingen | 1.250 | 2025 | Politiecijfers 2025 |" in text  # jaar defaults to the bron's
    assert (
        "| Minder woninginbraken. | Woninginbraken (per 1.000 woningen) | 3,4 (2025) | 2,8 (2030) "
        "| Politiecijfers 2025 | Politie Oost-Brabant |"
    ) in text
    assert "| Minder angst. | Onveiligheidsgevoel | 12% (2025) | 10,5% (2030) |" in text
    assert "| 2027 | Uitvoering | € 250.000 |" in text
    assert "| 2028 | Onderzoek | € 1.234,50 |" in text
    assert "| **Totaal** | – | **€ 251.234,50** |" in text
    assert "| Extra surveillance | 2027 | Minder woninginbraken; Minder angst |" in text
    assert "| Ondermijning | Ondermijning | – |" in text
    assert "| cybercrime | geen lokale prioriteit | Via de regio. |" in text
    assert "| Brandveiligheid | Fysieke veiligheid | Regulier. | – |" in text


def test_indicator_shows_its_unit_the_same_way_in_plan_voortgang_and_chart():
    """One `indicator` macro (macros.md.j2) for every template: a unit in words follows the indicator,
    "%" stands at every figure instead, and "aantal" is left out (it tells a reader nothing)."""
    from ivplan.documents.grafiek import alt_tekst
    from ivplan.documents.voortgang import voortgang_context

    plan = maximal_plan()
    expected = {
        "Minder woninginbraken.": "Woninginbraken (per 1.000 woningen)",
        "Minder angst.": "Onveiligheidsgevoel",
        "Meer signalen.": "Signalen",
    }
    plan_rows = plan_md(plan).split("[[tabel: Meetbare doelen]]")[1].split("\n\n")[1].split("\n")[2:]
    ctx = voortgang_context(plan, 2027)
    vg = render(make_environment(), "voortgang.md.j2", ctx)
    vg_rows = vg.split("[[tabel: Voortgang van de meetbare doelen in 2027]]")[1].split("\n\n")[1].split("\n")[2:]
    for rows in (plan_rows, vg_rows):
        cells = {r.split(" | ")[0].lstrip("| ").rstrip("."): r.split(" | ")[1] for r in rows}
        assert cells == {k.rstrip("."): v for k, v in expected.items()}
    assert "(aantal)" not in plan_md(plan) and "(aantal)" not in vg
    for d in ctx["doelen"]:
        assert alt_tekst(d).startswith(f"Lijngrafiek van {expected[d['omschrijving']]}: ")


def test_meetbare_doelen_grouped_per_prioriteit():
    text = plan_md(maximal_plan())
    overview = text.split("[[tabel: Meetbare doelen]]")[1].split("\n\n")[1].split("\n")[2:]
    # d2 (ondermijning) is listed first in the YAML, but woninginbraak is the first prioriteit
    assert [row.split(" | ")[0] for row in overview] == [
        "| Minder woninginbraken.",
        "| Minder angst.",
        "| Meer signalen.",
    ]


def test_prioriteit_niveau_and_gebieden_only_when_given():
    text = plan_md(maximal_plan())
    woninginbraak = text.split("\n## Woninginbraak\n")[1].split("## Ondermijning")[0]
    ondermijning = text.split("## Ondermijning\n")[1].split("## Overige")[0]
    assert "**Niveau:** basisteam" in woninginbraak  # the value as the plan format names it
    assert "**Gebieden:** Centrum, Noord en Oost" in woninginbraak
    assert "**Niveau:**" not in ondermijning and "**Gebieden:**" not in ondermijning
    assert "**Veiligheidsveld:** Integriteit en veiligheid" in ondermijning


def test_bronnen_list_links_titel_to_url():
    text = plan_md(maximal_plan())
    assert "- [Politiecijfers 2025](https://data.politie.nl/x%20%28y%29), Politie, 2025" in text
    assert "- Veiligheidsmonitor, 2023" in text
    links = [a for a in parse_markdown(text).iter("a") if a.text == "Politiecijfers 2025"]
    assert links and links[0].get("href") == "https://data.politie.nl/x%20%28y%29"


@pytest.mark.parametrize(
    "wijkagenten, expected",
    [(2, "Dat is minder dan de norm."), (3, "Daarmee voldoet de gemeente aan de norm."), (1, "werkt één wijkagent.")],
)
def test_politie_norm_one_per_5000(wijkagenten, expected):
    plan = maximal_plan()
    plan["politie"]["wijkagenten"] = wijkagenten
    text = plan_md(plan)
    assert "bij 12.345 inwoners zijn dat er ten minste drie." in text  # counts up to twenty in words
    assert expected in text
    assert "De wijkagenten besteden 80% van hun tijd aan hun wijk." in text


def test_optional_chapters_left_out_when_absent():
    plan = maximal_plan()
    for key in ("organisatie", "politie", "financien", "overige_themas"):
        del plan[key]
    text = plan_md(plan)
    titles = [t for _, t in headings(text)]
    for absent in ("Organisatie en regie", "Politie", "Financiën", "Overige veiligheidsthema's"):
        assert absent not in titles


def test_regional_plan_in_draft():
    plan = maximal_plan()
    plan["regionale_afstemming"]["regionaal_plan"]["status"] = "ontwerp"
    text = plan_md(plan)
    assert "dat bij het opstellen van dit plan nog in ontwerp is." in text


# ------------------------------------------------------------------------------------------------
# raadsvoorstel


RV_SECTIONS_MAX = [
    "Beslispunten",
    "Aanleiding",
    "Beoogd effect",
    "Argumenten",
    "Kanttekeningen",
    "Financiën",
    "Communicatie",
    "Uitvoering",
    "Bijlagen",
    "Ontwerp-raadsbesluit",
]


def test_raadsvoorstel_sections():
    assert [t for _, t in headings(rv_md(maximal_plan()))] == RV_SECTIONS_MAX
    assert [t for _, t in headings(rv_md(minimal_plan()))] == [
        "Beslispunten",
        "Aanleiding",
        "Beoogd effect",
        "Argumenten",
        "Uitvoering",
        "Bijlagen",
        "Ontwerp-raadsbesluit",
    ]


def test_raadsvoorstel_header_table():
    text = rv_md(maximal_plan())
    d = directives(text)
    assert d[0] == (
        "voettekst",
        "Gemeente 's-Hertogenbosch · Raadsvoorstel Integraal Veiligheidsplan 2027-2030 · pagina {PAGE} van {NUMPAGES}",
    )
    assert [n for n, _ in d[:6]] == ["voettekst", "koptekst", "titel", "ondertitel", "labeltabel", "tabel"]
    assert d[1] == ("koptekst", "CONCEPT — versie 1.10")
    rows = text.split("[[tabel: Gegevens van het raadsvoorstel]]\n\n")[1].split("\n\n")[0].split("\n")
    assert rows == [
        "| Registratienummer | 2026/123 |",
        "|---|---|",
        "| Datum raadsvergadering | 28 januari 2027 |",
        "| Agendapunt | 08 |",
        "| Portefeuillehouder | J. Jansen, burgemeester |",
        "| Onderwerp | Vaststelling Integraal Veiligheidsplan 2027-2030 |",
    ]


def test_besluit_numbering_equal_in_both_lists():
    text = rv_md(maximal_plan())
    voorstel = numbered_after(text, "Het college stelt de raad voor:")
    besluit = numbered_after(text, "besluit:")
    assert (
        voorstel
        == besluit
        == [
            "1. vast te stellen het Integraal Veiligheidsplan 2027-2030;",
            "2. het uitvoeringsprogramma voor kennisgeving aan te nemen;",
            "3. in te trekken het Integraal Veiligheidsplan 2023-2026, vastgesteld op 15 december 2022;",
            "4. dit besluit in werking te laten treden op 1 februari 2027.",
        ]
    )
    # and as real numbered lists once parsed
    lists = [ol for ol in parse_markdown(text).iter("ol") if "vast te stellen" in "".join(ol.itertext())]
    assert len(lists) == 2
    assert ["".join(li.itertext()) for li in lists[0]] == ["".join(li.itertext()) for li in lists[1]]


def test_besluit_minimal_has_only_the_adoption():
    # the besluit's fixed text: each point ends in ';' (only the entry into force, always last, in '.')
    text = rv_md(minimal_plan())
    expected = ["1. vast te stellen het Integraal Veiligheidsplan Voorbeeldstad 2027-2030;"]
    assert numbered_after(text, "Het college stelt de raad voor:") == expected
    assert numbered_after(text, "besluit:") == expected


def test_ontwerp_raadsbesluit_block():
    text = rv_md(maximal_plan())
    page_break = text.index("[[nieuwe-pagina]]")
    besluit = text[page_break:]
    assert besluit.startswith("[[nieuwe-pagina]]\n\n# Ontwerp-raadsbesluit\n\n")
    paragraphs = [p for p in besluit.split("\n\n")[2:]]
    assert paragraphs[:7] == [
        "De raad van de gemeente 's-Hertogenbosch;",
        "gelezen het voorstel van burgemeester en wethouders d.d. 1 december 2026;",
        "gehoord het advies van de commissie Bestuur van 12 januari 2027;",
        "overwegende dat veiligheid belangrijk is;",
        "overwegende dat de raad de doelen stelt;",
        "gelet op artikel 38b van de Politiewet 2012 en artikel 4:81 van de Algemene wet bestuursrecht;",
        "besluit:",
    ]
    assert besluit.rstrip().endswith(
        "[[ondertekening]]\nAldus vastgesteld in de openbare vergadering van 28 januari 2027.\n"
        "de griffier, | G. Klaassen\nde voorzitter, | J. Jansen\n[[/ondertekening]]"
    )


def test_ondertekening_block():
    text = rv_md(maximal_plan())
    assert (
        "[[ondertekening]]\nBurgemeester en wethouders van 's-Hertogenbosch,\nde secretaris, | A. Pieters\n"
        "de burgemeester, | J. Jansen\n[[/ondertekening]]\n\n[[nieuwe-pagina]]"
    ) in text
    blocks = list(parse_markdown(text).iter("ivp-ondertekening"))

    def lines(block):  # the full-width lines, then (function, name) per signatory
        return [p.text if p.tag == "p" else tuple(q.text for q in p) for p in block]

    assert [lines(b) for b in blocks] == [
        [
            "Burgemeester en wethouders van 's-Hertogenbosch,",
            ("de secretaris,", "A. Pieters"),
            ("de burgemeester,", "J. Jansen"),
        ],
        [
            "Aldus vastgesteld in de openbare vergadering van 28 januari 2027.",
            ("de griffier,", "G. Klaassen"),
            ("de voorzitter,", "J. Jansen"),
        ],
    ]


def test_bijlagen_plan_first_and_not_twice():
    plan = maximal_plan()
    plan["raadsvoorstel"]["bijlagen"] = ["integraal veiligheidsplan 2027-2030", "Uitvoeringsprogramma 2027"]
    text = rv_md(plan)
    bijlagen = text.split("# Bijlagen\n\n")[1].split("\n\n")[0].split("\n")
    assert bijlagen == ["1. Integraal Veiligheidsplan 2027-2030", "2. Uitvoeringsprogramma 2027"]
    assert numbered_after(rv_md(minimal_plan()), "# Bijlagen") == [
        "1. Integraal Veiligheidsplan Voorbeeldstad 2027-2030"
    ]


def test_argumenten_numbered_with_nested_toelichting():
    text = rv_md(maximal_plan())
    ol = next(ol for ol in parse_markdown(text).iter("ol") if "Wettelijke plicht" in "".join(ol.itertext()))
    items = list(ol)
    assert len(items) == 2
    assert items[0].find(".//strong").text == "Wettelijke plicht"
    assert [li.text for li in items[0].iter("li")][1:] == ["punt a", "punt b"]  # a nested list


PLACEHOLDERS = {
    "registratienummer": r"\[registratienummer\]",
    "datum_college": r"\[datum collegebesluit\]",
    "vergadering.datum": r"\[datum raadsvergadering\]",
    "vergadering.agendapunt": r"\[agendapunt\]",
    "beoogd_effect": r"\[beoogd effect\]",
    "argumenten": r"\[argumenten\]",
    "ondertekening.burgemeester": r"\[naam burgemeester\]",
    "ondertekening.secretaris": r"\[naam secretaris\]",
    "ondertekening.griffier": r"\[naam griffier\]",
}


def placeholders_in(text):
    return set(re.findall(r"\\\[[a-z ]+\\\]", text))


def test_all_placeholders_without_raadsvoorstel():
    text = rv_md(minimal_plan())
    assert placeholders_in(text) == set(PLACEHOLDERS.values())
    assert plan_context(minimal_plan())["raadsvoorstel"]["ontbrekend"] == list(IVP070_VELDEN)
    shown = visible(text)
    assert "[datum raadsvergadering]" in shown and "[naam griffier]" in shown
    # the date placeholder shows in the header table and in the besluit
    assert text.count(PLACEHOLDERS["vergadering.datum"]) == 2


def test_no_placeholders_when_complete():
    assert placeholders_in(rv_md(maximal_plan())) == set()
    assert plan_context(maximal_plan())["raadsvoorstel"]["ontbrekend"] == []


@pytest.mark.parametrize("field", IVP070_VELDEN)
def test_placeholder_exactly_for_the_missing_field(field):
    plan = maximal_plan()
    parent = plan["raadsvoorstel"]
    *path, key = field.split(".")
    for p in path:
        parent = parent[p]
    del parent[key]
    text = rv_md(plan)
    assert placeholders_in(text) == {PLACEHOLDERS[field]}
    assert plan_context(plan)["raadsvoorstel"]["ontbrekend"] == [field]
    assert "None" not in text


def test_other_optional_sections_left_out_without_placeholder():
    plan = maximal_plan()
    for key in (
        "kanttekeningen",
        "communicatie",
        "financien",
        "gehoord",
        "overwegingen",
        "intrekken",
        "inwerkingtreding",
        "beslispunten",
        "gelet_op",
    ):
        del plan["raadsvoorstel"][key]
    del plan["financien"]
    text = rv_md(plan)
    titles = [t for _, t in headings(text)]
    assert "Kanttekeningen" not in titles and "Communicatie" not in titles and "Financiën" not in titles
    assert placeholders_in(text) == set()
    assert "gehoord" not in text and "overwegende" not in text
    assert "gelet op artikel 38b van de Politiewet 2012;" in text


def test_default_texts():
    text = rv_md(minimal_plan())
    aanleiding = text.split("# Aanleiding\n\n")[1].split("\n\n#")[0]
    assert "artikel 38b van de Politiewet 2012" in aanleiding
    assert "2027-2030" in aanleiding
    uitvoering = text.split("# Uitvoering\n\n")[1].split("\n\n#")[0]
    assert "elk jaar uit in een uitvoeringsprogramma" in uitvoering
    assert "In 2029 wordt het plan geëvalueerd" in uitvoering
    assert "Een raadsinformatiebrief per jaar." in uitvoering


def test_financien_default_from_plan():
    plan = maximal_plan()
    del plan["raadsvoorstel"]["financien"]
    text = rv_md(plan)
    fin = text.split("# Financiën\n\n")[1].split("\n\n#")[0]
    assert "in totaal € 251.234,50 begroot voor de jaren 2027 en 2028" in fin
    assert "Uit de algemene middelen." in fin


# ------------------------------------------------------------------------------------------------
# user text is data


HOSTILE_TITLE = "Plan *2027* [[nieuwe-pagina]] {{ 7*7 }} {% raw %} <script>x</script> | # _a_"


def hostile_plan():
    plan = maximal_plan()
    plan["plan"]["titel"] = HOSTILE_TITLE
    plan["partners"][0]["naam"] = "Gemeente | Stad {{ 7*7 }}"
    plan["prioriteiten"][0]["titel"] = "1. [[inhoudsopgave]]"
    plan["raadsvoorstel"]["argumenten"][0]["toelichting"] = (
        "[[nieuwe-pagina]]\n\n{% if x %}{{ 7*7 }}{% endif %}\n\n<script>y</script>"
    )
    plan["raadsvoorstel"]["beslispunten"] = ["[[nieuwe-pagina]] {{ 7*7 }}"]
    plan["raadsvoorstel"]["overwegingen"] = ["[[regels]] <b>|</b>"]
    return plan


@pytest.mark.parametrize("template", PLAN_TEMPLATES)
def test_hostile_text_appears_literally(template):
    text = build(hostile_plan(), template)
    # only the template's own directives, the same as for harmless text: user text never turns into one
    assert [n for n, _ in directives(text)] == [n for n, _ in directives(build(maximal_plan(), template))]
    assert "49" not in text
    shown = visible(text)
    assert HOSTILE_TITLE in shown
    assert "<script>x</script>" in shown


def test_hostile_text_in_plan_structures():
    text = plan_md(hostile_plan())
    root = parse_markdown(text)
    titel = next(d for d in root.iter("ivp-directive") if d.get("name") == "titel")
    assert "".join(titel.itertext()) == HOSTILE_TITLE
    # a partner name with | stays in one cell
    cells = ["".join(td.itertext()) for td in root.iter("td")]
    assert "Gemeente | Stad {{ 7*7 }}" in cells
    # a heading that starts like a list item or a directive stays a heading
    h2 = ["".join(h.itertext()) for h in root.iter("h2")]
    assert "1. [[inhoudsopgave]]" in h2
    # the md field with a directive line and raw HTML in the plan
    assert "{{ 7*7 }} {% raw %} <script>alert(1)</script> a|b" in visible(text)
    assert "[[nieuwe-pagina]]" in visible(text)


def test_hostile_text_in_raadsvoorstel():
    text = rv_md(hostile_plan())
    shown = visible(text)
    assert "{% if x %}{{ 7*7 }}{% endif %}" in shown
    assert "<script>y</script>" in shown
    items = [["".join(li.itertext()) for li in ol] for ol in parse_markdown(text).iter("ol")]
    assert (
        items.count(
            [
                "vast te stellen het " + HOSTILE_TITLE + ";",
                "[[nieuwe-pagina]] {{ 7*7 }};",
                "in te trekken het Integraal Veiligheidsplan 2023-2026, vastgesteld op 15 december 2022;",
                "dit besluit in werking te laten treden op 1 februari 2027.",
            ]
        )
        == 2
    )
    assert "overwegende dat [[regels]] <b>|</b>;" in shown
    assert numbered_after(text, "Het college stelt de raad voor:") == numbered_after(text, "besluit:")


# ------------------------------------------------------------------------------------------------
# context


def test_context_is_plain_data():
    ctx = plan_context(maximal_plan())
    json.dumps(ctx)  # no cycles, only plain values
    assert copy.deepcopy(ctx) == ctx
    assert set(ctx) >= {
        "gemeente",
        "heeft_logo",
        "plan",
        "bestandsnaam",
        "probleemanalyse",
        "participatie",
        "prioriteiten",
        "overige_themas",
        "doelen",
        "partners",
        "regionale_afstemming",
        "monitoring",
        "organisatie",
        "politie",
        "financien",
        "raadsvoorstel",
        "besluitpunten",
    }
    assert ctx["bestandsnaam"] == "s-hertogenbosch-ivp-2027-2030"
    assert ctx["politie"]["norm"] == 3 and ctx["politie"]["voldoet"] is False
    assert ctx["financien"]["totaal"] == 251234.5
    assert [d["id"] for d in ctx["prioriteiten"][0]["doelen"]] == ["d1", "d3"]
    assert [d["id"] for d in ctx["partners_by_id"]["politie"]["afspraken"][0]["doelen"]] == ["d1", "d3"]


def test_context_accepts_yaml_dates():
    import datetime

    plan = maximal_plan()
    plan["raadsvoorstel"]["vergadering"]["datum"] = datetime.date(2027, 1, 28)
    ctx = plan_context(plan)
    assert ctx["raadsvoorstel"]["vergadering"]["datum"] == "2027-01-28"


def test_templates_override_one_document(tmp_path):
    (tmp_path / "raadsvoorstel.md.j2").write_text(
        "[[voettekst: {{ gemeente.naam|tekst }}]]\n\n# Eigen voorstel\n\n"
        "{% for p in besluitpunten %}\n{{ p.nummer }}. {{ p.soort }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    env = make_environment(tmp_path)
    ctx = plan_context(maximal_plan())
    rv = render(env, "raadsvoorstel.md.j2", ctx)
    assert rv == (
        "[[voettekst: 's-Hertogenbosch]]\n\n# Eigen voorstel\n\n"
        "1. vaststellen\n2. beslispunt\n3. intrekken\n4. inwerkingtreding\n"
    )
    # the plan still comes from the built-in template
    assert render(env, "plan.md.j2", ctx) == plan_md(maximal_plan())
