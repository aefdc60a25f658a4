"""Hypothesis strategies for VALID plans, and the YAML text they are written as.

`plans()` draws a plan as plain data that passes the schema and every `fout` rule of regels.md
(warnings may occur): 1-6 prioriteiten each with one or more meetbare doelen, references that resolve,
partners that always include politie and openbaar_ministerie, periods of at most five years, nulmeting
before and streefwaarde inside the period, `richting` that agrees with the numbers. Text is Dutch-ish:
accents, apostrophes ('s-Hertogenbosch), Markdown, raw HTML and template syntax that must stay text, and
odd Unicode (bidi marks, zero-width joiners, combining accents, emoji, U+2028) that XML can hold.

`plan_yaml(plan, style)` writes a plan as YAML the way people do: block style with `|` for multi-line
text, or flow mappings for small sections.
"""

from __future__ import annotations

import datetime
import string

import yaml
from hypothesis import strategies as st

POLITIE_EENHEDEN = ["Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam",
                    "Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg"]
VELDEN = ["veilige_woon_en_leefomgeving", "bedrijvigheid_en_veiligheid", "jeugd_en_veiligheid",
          "fysieke_veiligheid", "integriteit_en_veiligheid"]
SOORTEN_OVERIG = ["gemeente", "veiligheidsregio", "zorg_en_veiligheidshuis", "riec", "woningcorporatie",
                  "zorg_en_welzijn", "jeugd", "onderwijs", "ondernemers", "horeca", "bewoners",
                  "boa_handhaving", "overig"]

WORDS = [
    "veiligheid", "woninginbraak", "ondermijning", "jeugdoverlast", "buurtpreventie", "café", "coördinatie",
    "geïntegreerd", "reünie", "naïef", "privé", "één", "ruïne", "'s-Hertogenbosch", "Súdwest-Fryslân",
    "IJsselmonde", "’t Zandt", "d.w.z.", "e.d.", "‘aanpak’", "“hotspots”", "€ 250.000", "15%", "2027-2030",
    "Ōsaka", "Zoë", "Müller", "façade", "smørrebrød", "O'Neill", "a.s.", "nr. 3", "art. 38b",
    "—", "…", "±", "§ 4", "½", "ø", "Ǆ", "ﬁ",
]
# Characters XML 1.0 can hold but that trip up text handling: bidi marks and overrides, zero-width
# (non-)joiners, a combining accent, emoji (with ZWJ sequences and flags), characters outside the BMP,
# no-break and line/paragraph separators, a tab.
ODD = [
    "\u200f", "\u200e", "\u202e", "\u202c", "\u200d", "\u200c", "\u200b", "e\u0301", "\u0308", "👮\u200d♀️",
    "🇳🇱", "😀", "𝔘𝔫𝔦", "\u00a0", "\u2028", "\u2029", "\u0085", "\t", "\ufeff", "\u2060", "\U0010fffd",
    "\ue000",
]
# Text that must stay text: Markdown, HTML, the template language, directives, escapes.
HOSTILE = [
    "**vet**", "*schuin*", "_ook schuin_", "`code`", "<b>html</b>", "<script>alert(1)</script>", "&amp;",
    "&#x41;", "{{ 7*7 }}", "{% raw %}", "{# commentaar #}", "{{ ''.__class__.__mro__ }}", "[[pagina-einde]]",
    "[link](https://example.nl/pad?a=1&b=2)", "[js](javascript:alert(1))", "<https://example.nl>",
    "\\", "\\*", "|", "a | b", "#", "# kop", "> citaat", "1.", "- ", "+", "---", "===", "~~~", "```",
    "![plaatje](logo.png)", "[^1]", "<!-- x -->", "%s", "{0}", "$HOME", "..", "../../etc/passwd",
]

_SAFE_CHARS = string.ascii_letters + string.digits + " .,;:!?()'\"-/&%+=@#*_[]{}<>|~^`\\" + "áéíóúàèëïöüçñßÀÉÖÜ"


def _word():
    return st.one_of(
        st.sampled_from(WORDS),
        st.text(alphabet=_SAFE_CHARS, min_size=1, max_size=12),
        st.sampled_from(HOSTILE),
        st.sampled_from(ODD),
    )


@st.composite
def inline_text(draw, max_words: int = 8) -> str:
    """One line of text: never empty, never only whitespace."""
    words = draw(st.lists(_word(), min_size=1, max_size=max_words))
    text = " ".join(words)
    if not text.strip():
        text = "tekst " + text
    return text


@st.composite
def markdown_text(draw) -> str:
    """A Markdown field: paragraphs, lists (nested by 2 or 4 spaces, right after a paragraph), a table,
    headings, links, emphasis, raw HTML and template syntax."""
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["par", "par", "list", "olist", "nested", "table", "heading", "quote"]))
        if kind == "par":
            blocks.append("\n".join(draw(st.lists(inline_text(), min_size=1, max_size=3))))
        elif kind in ("list", "olist"):
            items = draw(st.lists(inline_text(5), min_size=1, max_size=4))
            blocks.append("\n".join(("- " if kind == "list" else f"{i + 1}. ") + t for i, t in enumerate(items)))
        elif kind == "nested":
            indent = draw(st.sampled_from(["  ", "    "]))
            blocks.append(draw(inline_text(4)) + ":\n- " + draw(inline_text(3)) + "\n" + indent + "- "
                          + draw(inline_text(3)) + "\n- " + draw(inline_text(3)))
        elif kind == "table":
            cols = draw(st.integers(1, 3))
            rows = draw(st.integers(1, 3))
            cell = st.text(alphabet=string.ascii_letters + "éü0123456789 ", min_size=1, max_size=8).filter(str.strip)
            lines = ["| " + " | ".join(draw(cell) for _ in range(cols)) + " |",
                     "|" + "---|" * cols]
            lines += ["| " + " | ".join(draw(cell) for _ in range(cols)) + " |" for _ in range(rows)]
            blocks.append("\n".join(lines))
        elif kind == "heading":
            blocks.append("#" * draw(st.integers(1, 6)) + " " + draw(inline_text(4)))
        else:
            blocks.append("> " + draw(inline_text()))
    return "\n\n".join(blocks)


def text_field():
    return st.one_of(inline_text(), inline_text(), markdown_text())


SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True)


def unique_slugs(n: int):
    return st.lists(SLUG, min_size=n, max_size=n, unique=True)


def number(lo=-1_000_000, hi=1_000_000):
    return st.one_of(st.integers(lo, hi), st.floats(lo, hi, allow_nan=False, allow_infinity=False))


@st.composite
def date_text(draw, lo_year=2000, hi_year=2100) -> str:
    d = draw(st.dates(datetime.date(lo_year, 1, 1), datetime.date(hi_year, 12, 31)))
    return d.isoformat()


@st.composite
def _meting_pair(draw, percent: bool):
    """(nulwaarde, streefwaarde, richting) that agree (IVP012)."""
    lo, hi = (0, 100) if percent else (-1_000_000, 1_000_000)
    richting = draw(st.sampled_from(["dalen", "stijgen", "handhaven"]))
    nul = draw(number(lo + 1, hi - 1))
    if richting == "handhaven":
        return nul, nul, richting
    if richting == "dalen":
        streef = draw(number(lo, nul).filter(lambda v: v < nul))
    else:
        streef = draw(number(nul, hi).filter(lambda v: v > nul))
    return nul, streef, richting


@st.composite
def plans(draw) -> dict:
    start = draw(st.integers(2000, 2096))
    eind = draw(st.integers(start, start + 4))
    status = draw(st.sampled_from(["concept", "ontwerp", "vastgesteld"]))

    # bronnen
    n_bronnen = draw(st.integers(1, 4))
    bron_ids = draw(unique_slugs(n_bronnen))
    bronnen = []
    for bid in bron_ids:
        bron = {"id": bid, "titel": draw(inline_text()), "jaar": draw(st.integers(2000, 2100))}
        if draw(st.booleans()):
            bron["uitgever"] = draw(inline_text(3))
        if draw(st.booleans()):
            bron["url"] = "https://" + draw(st.sampled_from(["example.nl", "cbs.nl", "politie.nl"])) + "/" + draw(
                st.text(alphabet=string.ascii_lowercase + string.digits + "-_?=&%", max_size=20))
        bronnen.append(bron)

    # prioriteiten, partners, doelen
    n_prio = draw(st.integers(1, 6))
    prio_ids = draw(unique_slugs(n_prio))
    prioriteiten = []
    for pid in prio_ids:
        prio = {"id": pid, "titel": draw(inline_text(5)), "veiligheidsveld": draw(st.sampled_from(VELDEN)),
                "motivering": draw(text_field()), "aanpak": draw(text_field())}
        if draw(st.booleans()):
            prio["niveau"] = draw(st.sampled_from(["lokaal", "basisteam", "regionaal"]))
        if draw(st.booleans()):
            prio["gebieden"] = draw(st.lists(inline_text(3), min_size=1, max_size=3))
        prioriteiten.append(prio)

    n_extra = draw(st.integers(0, 4))
    partner_ids = draw(unique_slugs(2 + n_extra))
    soorten = ["politie", "openbaar_ministerie"] + [draw(st.sampled_from(SOORTEN_OVERIG)) for _ in range(n_extra)]
    order = draw(st.permutations(range(len(partner_ids))))
    partners = [{"id": partner_ids[i], "naam": draw(inline_text(5)), "soort": soorten[i], "rol": draw(text_field())}
                for i in order]

    doelen = []
    doel_ids = draw(st.lists(SLUG, min_size=n_prio, max_size=n_prio + 4, unique=True))
    for i, did in enumerate(doel_ids):
        pid = prio_ids[i] if i < n_prio else draw(st.sampled_from(prio_ids))
        percent = draw(st.booleans())
        nul, streef, richting = draw(_meting_pair(percent))
        doel = {
            "id": did, "prioriteit": pid, "omschrijving": draw(inline_text()), "indicator": draw(inline_text()),
            "bron": draw(st.sampled_from(bron_ids)),
            "nulmeting": {"waarde": nul, "jaar": draw(st.integers(2000, start))},
            "streefwaarde": {"waarde": streef, "jaar": draw(st.integers(start, eind))},
            "richting": richting, "trekker": draw(st.sampled_from(partner_ids)),
        }
        if percent:
            doel["eenheid"] = "%"
        elif draw(st.booleans()):
            doel["eenheid"] = draw(st.sampled_from(["aantal", "per 1.000 inwoners", "rapportcijfer", "€"]))
        if draw(st.booleans()):
            doel["partners"] = draw(st.lists(st.sampled_from(partner_ids), min_size=1, max_size=3))
        if draw(st.booleans()):
            lo, hi = (0, 100) if percent else (-1_000_000, 1_000_000)
            doel["metingen"] = [{"jaar": draw(st.integers(2000, 2100)), "waarde": draw(number(lo, hi))}
                                for _ in range(draw(st.integers(1, 4)))]
        doelen.append(doel)

    for partner in partners:
        if draw(st.booleans()):
            partner["afspraken"] = []
            for _ in range(draw(st.integers(1, 3))):
                afspraak = {"omschrijving": draw(inline_text())}
                if draw(st.booleans()):
                    afspraak["doelen"] = draw(st.lists(st.sampled_from(doel_ids), min_size=1, max_size=3))
                if draw(st.booleans()):
                    afspraak["termijn"] = draw(inline_text(3))
                partner["afspraken"].append(afspraak)

    # bevindingen with cijfers that cite a bron
    bevindingen = []
    for _ in range(draw(st.integers(1, 4))):
        bev = {"veiligheidsveld": draw(st.sampled_from(VELDEN)), "thema": draw(inline_text(3)),
               "tekst": draw(text_field())}
        if draw(st.booleans()):
            bev["cijfers"] = []
            for _ in range(draw(st.integers(1, 3))):
                percent = draw(st.booleans())
                cijfer = {"omschrijving": draw(inline_text()), "bron": draw(st.sampled_from(bron_ids)),
                          "waarde": draw(number(0, 100) if percent else number())}
                if percent:
                    cijfer["eenheid"] = "%"
                if draw(st.booleans()):
                    cijfer["jaar"] = draw(st.integers(2000, 2100))
                bev["cijfers"].append(cijfer)
        bevindingen.append(bev)

    # regional speerpunten: each either linked to a prioriteit or explained (IVP030)
    speerpunten = []
    for sid in draw(st.lists(SLUG, min_size=1, max_size=4, unique=True)):
        sp = {"speerpunt": sid}
        if draw(st.booleans()):
            sp["prioriteit"] = draw(st.sampled_from(prio_ids))
        else:
            sp["toelichting"] = draw(text_field())
        if draw(st.booleans()):
            sp["titel"] = draw(inline_text(4))
        speerpunten.append(sp)

    rstart = draw(st.integers(2000, 2096))
    plan_section = {
        "titel": draw(inline_text()),
        "periode": {"start": start, "eind": eind},
        "status": status,
        "portefeuillehouder": {"naam": draw(inline_text(4)), "functie": draw(inline_text(2))},
    }
    if status == "vastgesteld" or draw(st.booleans()):
        plan_section["vastgesteld_op"] = draw(date_text())
    for key in ("samenvatting", "visie", "afbakening", "evaluatie_vorig_plan"):
        if draw(st.booleans()):
            plan_section[key] = draw(text_field())
    if draw(st.booleans()):
        plan_section["datum"] = draw(date_text())
    if draw(st.booleans()):
        plan_section["versie"] = draw(st.sampled_from(["0.9", "1.10", "concept 2", "08", "1e5", "0o17"]))
    if draw(st.booleans()):
        plan_section["contactpersoon"] = {"naam": draw(inline_text(3)),
                                          "email": draw(st.sampled_from(["a@b.nl", "ö.ü@gemeente.example.nl"]))}

    plan = {
        "ivplan": 1,
        "gemeente": {"naam": draw(inline_text(3)), "cbs_code": draw(st.from_regex(r"GM[0-9]{4}", fullmatch=True)),
                     "inwoners": draw(st.integers(1, 10_000_000)),
                     "politie_eenheid": draw(st.sampled_from(POLITIE_EENHEDEN))},
        "plan": plan_section,
        "probleemanalyse": {"samenvatting": draw(text_field()), "bronnen": bronnen, "bevindingen": bevindingen},
        "participatie": {"inwoners": draw(text_field()), "partners": draw(text_field())},
        "prioriteiten": prioriteiten,
        "meetbare_doelen": doelen,
        "partners": partners,
        "regionale_afstemming": {
            "regionaal_plan": {"titel": draw(inline_text()),
                               "periode": {"start": rstart, "eind": draw(st.integers(rstart, rstart + 4))}},
            "speerpunten": speerpunten,
        },
        "monitoring": {
            "uitvoeringsprogramma": draw(st.sampled_from(["jaarlijks", "tweejaarlijks"])),
            "rapportage": {"frequentie": draw(st.sampled_from(["jaarlijks", "halfjaarlijks", "per_kwartaal"])),
                           "vorm": draw(text_field())},
            "evaluatie": {"jaar": draw(st.integers(2000, 2100)), "wijze": draw(text_field())},
        },
    }
    if draw(st.booleans()):
        plan["gemeente"]["basisteam"] = draw(inline_text(3))
    if draw(st.booleans()):
        plan["regionale_afstemming"]["driehoek"] = {"besproken_op": draw(date_text())}
    if draw(st.booleans()):
        plan["politie"] = {"wijkagenten": draw(st.integers(0, 500)),
                           "beschikbaarheid_wijk": draw(number(0, 100))}
    if draw(st.booleans()):
        plan["financien"] = {"begroting": [{"jaar": draw(st.integers(start, eind)), "bedrag": draw(number(0, 10**9))}
                                           for _ in range(draw(st.integers(1, 3)))]}
    if draw(st.booleans()):
        plan["raadsvoorstel"] = {
            "registratienummer": draw(inline_text(2)), "datum_college": draw(date_text()),
            "vergadering": {"datum": draw(date_text()), "agendapunt": draw(st.sampled_from(["08", "7b", "12"]))},
            "beoogd_effect": draw(text_field()),
            "argumenten": [{"titel": draw(inline_text()), "toelichting": draw(text_field())}],
            "beslispunten": draw(st.lists(inline_text(), max_size=2)),
            "ondertekening": {"burgemeester": draw(inline_text(3)), "secretaris": draw(inline_text(3)),
                              "griffier": draw(inline_text(3))},
        }
    return plan


# --------------------------------------------------------------------------------------------------
# Writing a plan as YAML text


class _Dumper(yaml.SafeDumper):
    pass


def _block_strings(dumper, value: str):
    style = "|" if "\n" in value and value == value.strip() and "\t" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _block_strings)


def plan_yaml(plan: dict, flow_leaves: bool = False, width: int = 100) -> str:
    """The plan as YAML: block style (multi-line text as `|` blocks where YAML allows), optionally with
    small leaf mappings in flow style (`{start: 2027, eind: 2030}`)."""
    return yaml.dump(plan, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width,
                     default_flow_style=None if flow_leaves else False)


yaml_styles = st.fixed_dictionaries({"flow_leaves": st.booleans(), "width": st.sampled_from([60, 100, 1000])})
