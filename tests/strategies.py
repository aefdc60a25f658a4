"""Hypothesis strategies for VALID plans, and the YAML text they are written as.

`plans()` draws a plan as plain data that passes the schema and every `fout` rule (src/ivplan/validation/rules/)
(warnings may occur): 1-6 prioriteiten each with one or more meetbare doelen, references that resolve,
partners that always include politie and openbaar_ministerie, periods of at most five years, nulmeting
before and streefwaarde inside the period, `richting` that agrees with the numbers, and no amount or
count written like a Dutch thousands point (`bedrag: 2.675` is an error, issue 13). Text is Dutch-ish:
accents, apostrophes ('s-Hertogenbosch), Markdown, raw HTML and template syntax that must stay text, and
odd Unicode (bidi marks, zero-width joiners, combining accents, emoji, U+2028) that XML can hold.

`plan_yaml(plan, style)` writes a plan as YAML the way people do: block style with `|` for multi-line
text, or flow mappings for small sections.
"""

from __future__ import annotations

import datetime
import random
import re
import string

import yaml
from hypothesis import strategies as st

from ivplan.validation.vocabulary import allowed_values

# The allowed values come from the schema, their one home.
POLITIE_EENHEDEN = list(allowed_values("gemeente.politie_eenheid"))
VELDEN = list(allowed_values("prioriteiten[].veiligheidsveld"))
SOORTEN_OVERIG = [s for s in allowed_values("partners[].soort") if s not in ("politie", "openbaar_ministerie")]

WORDS = [
    "veiligheid",
    "woninginbraak",
    "ondermijning",
    "jeugdoverlast",
    "buurtpreventie",
    "café",
    "coördinatie",
    "geïntegreerd",
    "reünie",
    "naïef",
    "privé",
    "één",
    "ruïne",
    "'s-Hertogenbosch",
    "Súdwest-Fryslân",
    "IJsselmonde",
    "’t Zandt",
    "d.w.z.",
    "e.d.",
    "‘aanpak’",
    "“hotspots”",
    "€ 250.000",
    "15%",
    "2027-2030",
    "Ōsaka",
    "Zoë",
    "Müller",
    "façade",
    "smørrebrød",
    "O'Neill",
    "a.s.",
    "nr. 3",
    "art. 38b",
    "—",
    "…",
    "±",
    "§ 4",
    "½",
    "ø",
    "Ǆ",
    "ﬁ",
]
# Characters XML 1.0 can hold but that trip up text handling: bidi marks and overrides, zero-width
# (non-)joiners, a combining accent, emoji (with ZWJ sequences and flags), characters outside the BMP,
# no-break and line/paragraph separators, a tab.
ODD = [
    "\u200f",
    "\u200e",
    "\u202e",
    "\u202c",
    "\u200d",
    "\u200c",
    "\u200b",
    "e\u0301",
    "\u0308",
    "👮\u200d♀️",
    "🇳🇱",
    "😀",
    "𝔘𝔫𝔦",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\u0085",
    "\t",
    "\ufeff",
    "\u2060",
    "\U0010fffd",
    "\ue000",
]
# Text that must stay text: Markdown, HTML, the template language, directives, escapes.
HOSTILE = [
    "**vet**",
    "*schuin*",
    "_ook schuin_",
    "`code`",
    "<b>html</b>",
    "<script>alert(1)</script>",
    "&amp;",
    "&#x41;",
    "{{ 7*7 }}",
    "{% raw %}",
    "{# commentaar #}",
    "{{ ''.__class__.__mro__ }}",
    "[[pagina-einde]]",
    "[link](https://example.nl/pad?a=1&b=2)",
    "[js](javascript:alert(1))",
    "<https://example.nl>",
    "\\",
    "\\*",
    "|",
    "a | b",
    "#",
    "# kop",
    "> citaat",
    "1.",
    "- ",
    "+",
    "---",
    "===",
    "~~~",
    "```",
    "![plaatje](logo.png)",
    "[^1]",
    "<!-- x -->",
    "%s",
    "{0}",
    "$HOME",
    "..",
    "../../etc/passwd",
]

_SAFE_CHARS = string.ascii_letters + string.digits + " .,;:!?()'\"-/&%+=@#*_[]{}<>|~^`\\" + "áéíóúàèëïöüçñßÀÉÖÜ"
_SLUG_FIRST = string.ascii_lowercase + string.digits
_SLUG_REST = _SLUG_FIRST + "_-"

# A plan comes from one random.Random whose seed hypothesis draws (so runs stay deterministic): drawing
# every word and number through hypothesis made a plan cost 0.4 s to generate, this costs 2 ms.


def _word(rnd) -> str:
    kind = rnd.random()
    if kind < 0.4:
        return rnd.choice(WORDS)
    if kind < 0.7:
        return "".join(rnd.choice(_SAFE_CHARS) for _ in range(rnd.randint(1, 12)))
    if kind < 0.85:
        return rnd.choice(HOSTILE)
    return rnd.choice(ODD)


def inline(rnd, max_words: int = 8) -> str:
    """One line of text: never empty, never only whitespace (a byte order mark counts as whitespace, as
    in the editor's JSON Schema and in validate)."""
    text = " ".join(_word(rnd) for _ in range(rnd.randint(1, max_words)))
    return text if text.replace("\ufeff", " ").strip() else "tekst " + text


def gemeente_naam(rnd) -> str:
    """A gemeente's name: a line with at least one character that is no digit or space (a name of only
    digits is refused, as "5" would be no name on a title page)."""
    naam = inline(rnd, 3)
    return naam if any(not (c.isspace() or c in "0123456789") for c in naam) else "Gemeente " + naam


def _cell(rnd) -> str:
    return "".join(rnd.choice(string.ascii_letters + "éü0123456789") for _ in range(rnd.randint(1, 8)))


def markdown(rnd) -> str:
    """A Markdown field: paragraphs, lists (nested by 2 or 4 spaces, right after a paragraph), a table,
    headings, links, emphasis, raw HTML and template syntax."""
    blocks = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.choice(["par", "par", "list", "olist", "nested", "table", "heading", "quote"])
        if kind == "par":
            blocks.append("\n".join(inline(rnd) for _ in range(rnd.randint(1, 3))))
        elif kind in ("list", "olist"):
            items = [inline(rnd, 5) for _ in range(rnd.randint(1, 4))]
            blocks.append("\n".join(("- " if kind == "list" else f"{i + 1}. ") + t for i, t in enumerate(items)))
        elif kind == "nested":
            indent = rnd.choice(["  ", "    "])
            blocks.append(
                inline(rnd, 4)
                + ":\n- "
                + inline(rnd, 3)
                + "\n"
                + indent
                + "- "
                + inline(rnd, 3)
                + "\n- "
                + inline(rnd, 3)
            )
        elif kind == "table":
            cols, rows = rnd.randint(1, 3), rnd.randint(1, 3)
            lines = ["| " + " | ".join(_cell(rnd) for _ in range(cols)) + " |", "|" + "---|" * cols]
            lines += ["| " + " | ".join(_cell(rnd) for _ in range(cols)) + " |" for _ in range(rows)]
            blocks.append("\n".join(lines))
        elif kind == "heading":
            blocks.append("#" * rnd.randint(1, 6) + " " + inline(rnd, 4))
        else:
            blocks.append("> " + inline(rnd))
    return "\n\n".join(blocks)


def text_field(rnd) -> str:
    return markdown(rnd) if rnd.random() < 0.35 else inline(rnd)


def slugs(rnd, n: int) -> list[str]:
    """n unique ids matching ^[a-z0-9][a-z0-9_-]*$."""
    out: list[str] = []
    while len(out) < n:
        slug = rnd.choice(_SLUG_FIRST) + "".join(rnd.choice(_SLUG_REST) for _ in range(rnd.randint(0, 12)))
        if slug not in out:
            out.append(slug)
    return out


def date_text(rnd) -> str:
    return (datetime.date(2000, 1, 1) + datetime.timedelta(days=rnd.randint(0, 36889))).isoformat()


_SPECIAL = [0, -0.0, 0.0, 1, -1, 0.1 + 0.2, 1e-9, 2.675, 1 / 3, 100, 99.99999999999999, 3.0, 1250000]


def number(rnd, lo: float = -1_000_000, hi: float = 1_000_000):
    """An int or a float in [lo, hi], often a value that tests rounding or formatting."""
    kind = rnd.random()
    if kind < 0.25:
        special = [x for x in _SPECIAL if lo <= x <= hi]
        if special:
            return rnd.choice(special)
    if kind < 0.6:
        return rnd.randint(int(lo), int(hi))
    value = rnd.uniform(lo, hi)
    return round(value, rnd.choice([0, 1, 2, 6])) if rnd.random() < 0.5 else value


_THOUSANDS = re.compile(r"^[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")  # as ivplan.validation.notation


def _thousands_like(x) -> bool:
    """True for a float YAML writes as `2.675`: in an amount or a count that is a Dutch thousands point."""
    return isinstance(x, float) and bool(_THOUSANDS.match(repr(x)))


def amount(rnd, lo: float, hi: float):
    """number(), but never one that reads as a Dutch thousands point."""
    while True:
        x = number(rnd, lo, hi)
        if not _thousands_like(x):
            return x


def _meting_pair(rnd, percent: bool):
    """(nulwaarde, streefwaarde, richting) that agree (IVP012)."""
    lo, hi = (0, 100) if percent else (-1_000_000, 1_000_000)
    richting = rnd.choice(["dalen", "stijgen", "handhaven"])
    if richting == "handhaven":
        nul = number(rnd, lo, hi)
        return nul, nul, richting
    a = number(rnd, lo, hi)
    b = a
    while b == a:
        b = number(rnd, lo, hi)
    low, high = sorted((a, b))
    nul, streef = (high, low) if richting == "dalen" else (low, high)
    return nul, streef, richting


def _maybe(rnd, p: float = 0.5) -> bool:
    return rnd.random() < p


def build_plan(rnd) -> dict:
    """A valid plan drawn from `rnd` (see the module docstring for what valid means)."""
    start = rnd.randint(2000, 2096)
    eind = rnd.randint(start, start + 4)
    status = rnd.choice(["concept", "ontwerp", "vastgesteld"])

    bron_ids = slugs(rnd, rnd.randint(1, 4))
    bronnen = []
    for bid in bron_ids:
        bron = {"id": bid, "titel": inline(rnd), "jaar": rnd.randint(2000, 2100)}
        if _maybe(rnd):
            bron["uitgever"] = inline(rnd, 3)
        if _maybe(rnd):
            bron["url"] = (
                "https://"
                + rnd.choice(["example.nl", "cbs.nl", "politie.nl"])
                + "/"
                + "".join(
                    rnd.choice(string.ascii_lowercase + string.digits + "-_?=&%") for _ in range(rnd.randint(0, 20))
                )
            )
        bronnen.append(bron)

    prio_ids = slugs(rnd, rnd.randint(1, 6))
    prioriteiten = []
    for pid in prio_ids:
        prio = {
            "id": pid,
            "titel": inline(rnd, 5),
            "veiligheidsveld": rnd.choice(VELDEN),
            "motivering": text_field(rnd),
            "aanpak": text_field(rnd),
        }
        if _maybe(rnd):
            prio["niveau"] = rnd.choice(["lokaal", "basisteam", "regionaal"])
        if _maybe(rnd):
            prio["gebieden"] = [inline(rnd, 3) for _ in range(rnd.randint(1, 3))]
        prioriteiten.append(prio)

    n_extra = rnd.randint(0, 4)
    partner_ids = slugs(rnd, 2 + n_extra)
    soorten = ["politie", "openbaar_ministerie"] + [rnd.choice(SOORTEN_OVERIG) for _ in range(n_extra)]
    order = list(range(len(partner_ids)))
    rnd.shuffle(order)
    partners = [
        {"id": partner_ids[i], "naam": inline(rnd, 5), "soort": soorten[i], "rol": text_field(rnd)} for i in order
    ]

    doel_ids = slugs(rnd, len(prio_ids) + rnd.randint(0, 4))
    doelen = []
    for i, did in enumerate(doel_ids):
        percent = _maybe(rnd)
        nul, streef, richting = _meting_pair(rnd, percent)
        doel = {
            "id": did,
            "prioriteit": prio_ids[i] if i < len(prio_ids) else rnd.choice(prio_ids),
            "omschrijving": inline(rnd),
            "indicator": inline(rnd),
            "bron": rnd.choice(bron_ids),
            "nulmeting": {"waarde": nul, "jaar": rnd.randint(2000, start)},
            "streefwaarde": {"waarde": streef, "jaar": rnd.randint(start, eind)},
            "richting": richting,
            "trekker": rnd.choice(partner_ids),
        }
        if _maybe(rnd):
            doel["partners"] = [rnd.choice(partner_ids) for _ in range(rnd.randint(1, 3))]
        if _maybe(rnd):
            lo, hi = (0, 100) if percent else (-1_000_000, 1_000_000)
            doel["metingen"] = [
                {"jaar": rnd.randint(2000, 2100), "waarde": number(rnd, lo, hi)} for _ in range(rnd.randint(1, 4))
            ]
        if percent:
            doel["eenheid"] = "%"
        elif _maybe(rnd):
            doel["eenheid"] = rnd.choice(["aantal", "per 1.000 inwoners", "rapportcijfer", "€"])
            values = [nul, streef] + [m["waarde"] for m in doel.get("metingen", [])]
            if doel["eenheid"] == "aantal" and any(map(_thousands_like, values)):
                doel["eenheid"] = "per 1.000 inwoners"  # a count is no 2.675; a rate may be
        doelen.append(doel)

    for partner in partners:
        if _maybe(rnd):
            partner["afspraken"] = []
            for _ in range(rnd.randint(1, 3)):
                afspraak = {"omschrijving": inline(rnd)}
                if _maybe(rnd):
                    afspraak["doelen"] = [rnd.choice(doel_ids) for _ in range(rnd.randint(1, 3))]
                if _maybe(rnd):
                    afspraak["termijn"] = inline(rnd, 3)
                partner["afspraken"].append(afspraak)

    bevindingen = []
    for _ in range(rnd.randint(1, 4)):
        bev = {"veiligheidsveld": rnd.choice(VELDEN), "thema": inline(rnd, 3), "tekst": text_field(rnd)}
        if _maybe(rnd):
            bev["cijfers"] = []
            for _ in range(rnd.randint(1, 3)):
                percent = _maybe(rnd)
                cijfer = {
                    "omschrijving": inline(rnd),
                    "bron": rnd.choice(bron_ids),
                    "waarde": number(rnd, 0, 100) if percent else number(rnd),
                }
                if percent:
                    cijfer["eenheid"] = "%"
                if _maybe(rnd):
                    cijfer["jaar"] = rnd.randint(2000, 2100)
                bev["cijfers"].append(cijfer)
        bevindingen.append(bev)

    speerpunten = []
    for sid in slugs(rnd, rnd.randint(1, 4)):  # each linked to a prioriteit or explained (IVP030)
        sp = {"speerpunt": sid}
        if _maybe(rnd):
            sp["prioriteit"] = rnd.choice(prio_ids)
        else:
            sp["toelichting"] = text_field(rnd)
        if _maybe(rnd):
            sp["titel"] = inline(rnd, 4)
        speerpunten.append(sp)

    plan_section = {
        "titel": inline(rnd),
        "periode": {"start": start, "eind": eind},
        "status": status,
        "portefeuillehouder": {"naam": inline(rnd, 4), "functie": inline(rnd, 2)},
    }
    if status == "vastgesteld" or _maybe(rnd):
        plan_section["vastgesteld_op"] = date_text(rnd)
    for key in ("samenvatting", "visie", "afbakening", "evaluatie_vorig_plan"):
        if _maybe(rnd):
            plan_section[key] = text_field(rnd)
    if _maybe(rnd):
        plan_section["datum"] = date_text(rnd)
    if _maybe(rnd):
        plan_section["versie"] = rnd.choice(["0.9", "1.10", "concept 2", "08", "1e5", "0o17", "3.000"])
    if _maybe(rnd):
        plan_section["contactpersoon"] = {
            "naam": inline(rnd, 3),
            "email": rnd.choice(["a@b.nl", "ö.ü@gemeente.example.nl"]),
        }

    rstart = rnd.randint(2000, 2096)
    plan = {
        "ivplan": 1,
        "gemeente": {
            "naam": gemeente_naam(rnd),
            "cbs_code": f"GM{rnd.randint(0, 9999):04d}",
            "inwoners": rnd.choice([1, 4999, 5000, 5001, rnd.randint(1, 10_000_000)]),
            "politie_eenheid": rnd.choice(POLITIE_EENHEDEN),
        },
        "plan": plan_section,
        "probleemanalyse": {"samenvatting": text_field(rnd), "bronnen": bronnen, "bevindingen": bevindingen},
        "participatie": {"inwoners": text_field(rnd), "partners": text_field(rnd)},
        "prioriteiten": prioriteiten,
        "meetbare_doelen": doelen,
        "partners": partners,
        "regionale_afstemming": {
            "regionaal_plan": {
                "titel": inline(rnd),
                "periode": {"start": rstart, "eind": rnd.randint(rstart, rstart + 4)},
            },
            "speerpunten": speerpunten,
        },
        "monitoring": {
            "uitvoeringsprogramma": rnd.choice(["jaarlijks", "tweejaarlijks"]),
            "rapportage": {
                "frequentie": rnd.choice(["jaarlijks", "halfjaarlijks", "per_kwartaal"]),
                "vorm": text_field(rnd),
            },
            "evaluatie": {"jaar": rnd.randint(2000, 2100), "wijze": text_field(rnd)},
        },
    }
    if _maybe(rnd):
        plan["gemeente"]["basisteam"] = inline(rnd, 3)
    if _maybe(rnd):
        plan["regionale_afstemming"]["driehoek"] = {"besproken_op": date_text(rnd)}
    if _maybe(rnd):
        plan["politie"] = {"wijkagenten": rnd.randint(0, 500), "beschikbaarheid_wijk": number(rnd, 0, 100)}
    if _maybe(rnd):
        plan["financien"] = {
            "begroting": [
                {"jaar": rnd.randint(start, eind), "bedrag": amount(rnd, 0, 10**9)} for _ in range(rnd.randint(1, 3))
            ]
        }
    if _maybe(rnd):
        plan["raadsvoorstel"] = {
            "registratienummer": inline(rnd, 2),
            "datum_college": date_text(rnd),
            "vergadering": {"datum": date_text(rnd), "agendapunt": rnd.choice(["08", "7b", "12"])},
            "beoogd_effect": text_field(rnd),
            "argumenten": [{"titel": inline(rnd), "toelichting": text_field(rnd)}],
            "beslispunten": [inline(rnd) for _ in range(rnd.randint(0, 2))],
            "ondertekening": {"burgemeester": inline(rnd, 3), "secretaris": inline(rnd, 3), "griffier": inline(rnd, 3)},
        }
    return plan


def plans():
    """Valid plans; hypothesis draws the seed, so runs are deterministic and reproducible."""
    return st.integers(0, 2**64).map(lambda seed: build_plan(random.Random(seed)))


# --------------------------------------------------------------------------------------------------
# Writing a plan as YAML text


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _block_strings(dumper, value: str):
    # PyYAML's emitter writes NEL, LS and PS into a `|` block where YAML 1.1 reads them as line breaks
    plain_breaks = not any(ch in value for ch in "\t\x85\u2028\u2029")
    style = "|" if "\n" in value and value == value.strip() and plain_breaks else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _block_strings)


def plan_yaml(plan: dict, flow_leaves: bool = False, width: int = 100) -> str:
    """The plan as YAML: block style (multi-line text as `|` blocks where YAML allows), optionally with
    small leaf mappings in flow style (`{start: 2027, eind: 2030}`)."""
    return yaml.dump(
        plan,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=width,
        default_flow_style=None if flow_leaves else False,
    )


yaml_styles = st.fixed_dictionaries({"flow_leaves": st.booleans(), "width": st.sampled_from([60, 100, 1000])})
