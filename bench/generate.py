"""Generate N realistic, invented plans (one per gemeente) plus a matching regio file, deterministically.

    python bench/generate.py OUT_DIR [-n 342] [--seed 2027] [--broken K] [--zonder-metingen] [--gezamenlijk G]

Every plan is derived from examples/havenstad.yaml (the largest example) and varied per gemeente: an
invented name and GM9xxx code, inwoners, 3 to 5 of its priorities in a different order, figures scaled
per gemeente, partners, speerpunten that are explained instead of linked when their priority is dropped,
and a raadsvoorstel. The same N and seed give byte-identical files. `--broken K` makes K plans invalid
(an unknown prioriteit in a doel), to show that one plan's error does not stop the others.
`--zonder-metingen` leaves out every doel's `metingen`, as in a plan that is still being written (the
nulmeting is all there is yet): such a plan gets no charts, and the build never imports matplotlib.

`--gezamenlijk G` puts the first G gemeenten (rounded down to a multiple of three) in joint plans of three
(docs/gezamenlijke-plannen.md): per group a deel A with the shared sections of its first gemeente's plan, and per
gemeente a deel B with its own part (gemeente, status, participatie of inwoners, organisatie, politie,
financien, raadsvoorstel, and a local doel at a shared priority), in OUT_DIR/gezamenlijk/<group>/.

Writes OUT_DIR/plannen/<slug>.yaml and OUT_DIR/regio.yaml; prints nothing but a one-line summary. The
paths returned (and handed to `ivplan check`) are the plans and each joint plan's deel A, which stands
for its whole set.
This is a benchmark tool, not part of ivplan: it only needs PyYAML.
"""

from __future__ import annotations

import argparse
import copy
import math
import random
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "examples" / "havenstad.yaml"

# Invented name parts; combined they give well over 342 distinct, Dutch-sounding place names.
_HEADS = [
    "Olden",
    "Brakel",
    "Veen",
    "Hoog",
    "Laar",
    "Wester",
    "Ooster",
    "Noorder",
    "Zuider",
    "Berkel",
    "Dinkel",
    "Vecht",
    "Linge",
    "Eem",
    "Mark",
    "Geul",
    "Aa",
    "Regge",
    "Dommel",
    "Hunze",
    "Schipbeek",
    "Kromme",
    "Lang",
    "Bree",
    "Ruwe",
    "Wolde",
    "Ter",
    "Mol",
    "Eiken",
    "Beuken",
    "Linden",
    "Wilgen",
    "Heide",
    "Zand",
    "Klei",
    "Venne",
    "Roden",
    "Haren",
    "Esch",
    "Vlieger",
]
_TAILS = [
    "veld",
    "dijk",
    "horst",
    "lo",
    "mond",
    "broek",
    "hoven",
    "rade",
    "wolde",
    "stein",
    "burg",
    "dam",
    "wijk",
    "sloot",
    "gouw",
    "kamp",
    "haar",
    "donk",
    "beek",
    "meer",
]
_SPECIAL = [
    "'s-Gravenbroek",
    "Súdwâld",
    "Ter Aar-Vliet",
    "Sint-Oedenrode-Oost",
    "Den Hoorn aan Zee",
    "Bergen-Dal",
    "Nij Beets-Noord",
    "Hof van Linge",
]
_FIRST = [
    "Annelies",
    "Pieter",
    "Fatima",
    "Hendrik",
    "Sanne",
    "Mehmet",
    "Ingrid",
    "Jeroen",
    "Yvonne",
    "Rachid",
    "Marloes",
    "Kees",
    "Lotte",
    "Ahmed",
    "Wilma",
    "Bas",
]
_LAST = [
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "El Amrani",
    "Yilmaz",
]
_WIJKEN = [
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "De Kern",
    "Buitengebied",
    "Stationsgebied",
    "Havenkwartier",
    "Het Hoogveld",
    "De Weiden",
    "Bedrijventerrein De Poort",
]


def slug(name: str) -> str:
    """The same folding as ivplan's output names (docs/uitvoer.md, "Namen")."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def gemeente_names(n: int, rng: random.Random) -> list[str]:
    combos = [h + t for h in _HEADS for t in _TAILS]
    rng.shuffle(combos)
    names = list(_SPECIAL) + combos
    out, seen = [], set()
    for name in names:
        s = slug(name)
        if s not in seen:
            seen.add(s)
            out.append(name)
        if len(out) == n:
            break
    if len(out) < n:
        raise SystemExit(f"generate.py: at most {len(out)} distinct names")
    # Spread the special names through the list instead of putting them all first.
    rng.shuffle(out)
    return out


# --------------------------------------------------------------------------------------------------
# YAML output: multi-line text as block scalars, as people write it


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when available
    pass


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


# --------------------------------------------------------------------------------------------------
# One plan


def _replace_text(value, old_new):
    if isinstance(value, str):
        for old, new in old_new:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_text(v, old_new) for v in value]
    if isinstance(value, dict):
        return {k: _replace_text(v, old_new) for k, v in value.items()}
    return value


def _scale(value, factor: float):
    if isinstance(value, float):
        return round(value * factor, 1)
    return max(1, int(round(value * factor)))


def _vary_doel(doel: dict, rng: random.Random) -> None:
    eenheid = doel.get("eenheid")
    if eenheid in ("%", "rapportcijfer"):
        shift = rng.choice([-2, -1, 0, 1, 2]) * (0.1 if eenheid == "rapportcijfer" else 1)

        def f(w):
            return round(w + shift, 1) if isinstance(w, float) or eenheid == "rapportcijfer" else int(w + shift)
    else:
        factor = rng.uniform(0.4, 1.6)

        def f(w):
            return _scale(w, factor)

    doel["nulmeting"]["waarde"] = f(doel["nulmeting"]["waarde"])
    doel["streefwaarde"]["waarde"] = f(doel["streefwaarde"]["waarde"])
    for m in doel.get("metingen") or []:
        m["waarde"] = f(m["waarde"])
    if doel.get("metingen") and rng.random() < 0.3:
        doel["metingen"] = doel["metingen"][: rng.randint(1, len(doel["metingen"]))]


def make_plan(base: dict, index: int, name: str, code: str, seed: int, broken: bool, metingen: bool = True) -> dict:
    rng = random.Random(f"{seed}-{index}")
    inwoners = int(math.exp(rng.uniform(math.log(6000), math.log(300000))))
    wijk = rng.sample(_WIJKEN, 3)
    portefeuillehouder = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    contact = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    mail = slug(name).replace("-", "")
    old_new = [
        ("Havenstad-Noord", f"{name}-Noord"),
        ("Havenstad-Zuid", f"{name}-Zuid"),
        ("havenstad.example.nl", f"{mail}.example.nl"),
        ("Havenstad", name),
        ("Oostkade", wijk[0]),
        ("Zuidpolder", wijk[1]),
        ("Stationskwartier", wijk[2]),
        ("mr. A.J. (Annelies) van Rijswijk", portefeuillehouder),
        ("mr. A.J. van Rijswijk", portefeuillehouder),
        ("R. (Rachid) El Khatib", contact),
        ("r.elkhatib", "veiligheid"),
    ]
    plan = _replace_text(copy.deepcopy(base), old_new)
    g = plan["gemeente"]
    g["cbs_code"] = code
    g["inwoners"] = inwoners
    norm = -(-inwoners // 5000)
    # One in twelve falls short of the wijkagent norm: a warning (IVP060), as in real plans.
    plan["politie"]["wijkagenten"] = norm - 1 if rng.random() < 1 / 12 and norm > 1 else norm + rng.randint(0, 4)
    plan["politie"]["afspraken"] = (
        f"De wijkagenten besteden ten minste 80% van hun tijd in hun wijk. Het aantal van "
        f"{plan['politie']['wijkagenten']} wijkagenten blijft ten minste gelijk (norm: 1 per 5.000 "
        f"inwoners, dus {norm}).\n"
    )

    # 3 to 5 priorities, in a varied order; everything that hangs on a dropped one goes with it.
    prios = plan["prioriteiten"]
    keep_n = rng.choice([3, 4, 4, 5, 5])
    kept = rng.sample(prios, keep_n)
    kept_ids = {p["id"] for p in kept}
    plan["prioriteiten"] = kept
    samenvatting_lijst = "".join(f"{i}. {p['titel']}\n" for i, p in enumerate(kept, 1))
    aantal = {3: "drie", 4: "vier", 5: "vijf"}[keep_n]
    plan["plan"]["samenvatting"] = re.sub(
        r"\*\*vijf prioriteiten\*\*(.*?):\n\n(?:\d\. .*\n)+",
        lambda m: f"**{aantal} prioriteiten**{m.group(1)}:\n\n{samenvatting_lijst}",
        plan["plan"]["samenvatting"],
        flags=re.S,
    )
    doelen = [d for d in plan["meetbare_doelen"] if d["prioriteit"] in kept_ids]
    for d in doelen:
        _vary_doel(d, rng)
    plan["meetbare_doelen"] = doelen
    doel_ids = {d["id"] for d in doelen}
    partners = []
    for p in plan["partners"]:
        afspraken = []
        for a in p.get("afspraken") or []:
            a["doelen"] = [d for d in a.get("doelen") or [] if d in doel_ids]
            if a["doelen"]:
                afspraken.append(a)
        if "afspraken" in p:
            if afspraken:
                p["afspraken"] = afspraken
            elif p["soort"] in ("politie", "openbaar_ministerie"):
                p["afspraken"] = [
                    {
                        "omschrijving": "Twee keer per jaar een gezamenlijk veiligheidsbeeld in de driehoek.",
                        "doelen": sorted(doel_ids)[:2],
                    }
                ]
            else:
                del p["afspraken"]
        partners.append(p)
    used = {d["trekker"] for d in doelen} | {x for d in doelen for x in d.get("partners") or []}
    plan["partners"] = [
        p
        for p in partners
        if p["id"] in used or p.get("afspraken") or p["soort"] in ("gemeente", "politie", "openbaar_ministerie")
    ]
    partner_ids = {p["id"] for p in plan["partners"]}
    for d in doelen:
        d["partners"] = [x for x in d.get("partners") or [] if x in partner_ids]
    for o in plan["monitoring"].get("overleg") or []:
        o["partners"] = [x for x in o["partners"] if x in partner_ids]

    for s in plan["regionale_afstemming"]["speerpunten"]:
        if s.get("prioriteit") and s["prioriteit"] not in kept_ids:
            del s["prioriteit"]
            s["toelichting"] = (
                f"{s['titel']} is in {name} geen lokale prioriteit. We dragen bij via de "
                "regionale aanpak en de afspraken in het basisteam.\n"
            )
    bevindingen = plan["probleemanalyse"]["bevindingen"]
    rng.shuffle(bevindingen)
    plan["overige_themas"] = rng.sample(plan["overige_themas"], rng.randint(3, len(plan["overige_themas"])))
    plan["financien"]["begroting"] = [
        {**b, "bedrag": int(round(b["bedrag"] * inwoners / 161480, -3)) or 10000}
        for b in plan["financien"]["begroting"]
        if b.get("prioriteit") in (None, *kept_ids)
    ]
    rv = plan["raadsvoorstel"]
    rv["registratienummer"] = f"RV-2027-{rng.randint(1, 999):04d}"
    rv["vergadering"]["agendapunt"] = f"{rng.randint(3, 19):02d}"
    if rng.random() < 0.2:
        rv["beslispunten"] = rv["beslispunten"] + ["de burgemeester te vragen de raad jaarlijks te informeren"]
    if not metingen:
        for d in plan["meetbare_doelen"]:
            d.pop("metingen", None)
    if broken:
        plan["meetbare_doelen"][0]["prioriteit"] = "bestaat-niet"
    return plan


_DEEL_B_PLAN = ("status", "versie", "datum", "vastgesteld_op", "portefeuillehouder", "contactpersoon")
_DEEL_B_TOP = ("organisatie", "politie", "financien", "raadsvoorstel")


def make_deel_a(first: dict, group: list[tuple[str, str]], samen: str) -> dict:
    """The deel A of a joint plan: the shared sections of the group's first plan."""
    a = copy.deepcopy(first)
    plan = {k: v for k, v in a["plan"].items() if k not in _DEEL_B_PLAN}
    plan["titel"] = f"Integraal Veiligheidsplan {samen} {plan['periode']['start']}-{plan['periode']['eind']}"
    for p in a["prioriteiten"]:
        if p.get("niveau") == "lokaal":
            p["niveau"] = "basisteam"
    for p in a["partners"]:
        if p["soort"] == "gemeente":
            p["naam"] = f"De gemeenten van {samen}"
    ra = {k: v for k, v in a["regionale_afstemming"].items() if k != "zienswijze_raad"}
    participatie = {k: v for k, v in a["participatie"].items() if k != "inwoners"}
    out = {
        "ivplan_gezamenlijk": 1,
        "samenwerking": {"naam": samen, "politie_eenheid": a["gemeente"]["politie_eenheid"], "basisteam": samen},
        "gemeenten": [{"naam": name, "cbs_code": code} for name, code in group],
        "plan": plan,
        "probleemanalyse": a["probleemanalyse"],
        "participatie": participatie,
        "prioriteiten": a["prioriteiten"],
    }
    for key in ("overige_themas", "meetbare_doelen", "partners"):
        out[key] = a[key]
    out["regionale_afstemming"] = ra
    out["monitoring"] = a["monitoring"]
    if a.get("begrippen"):
        out["begrippen"] = a["begrippen"]
    return out


def make_deel_b(plan: dict, deel_a: dict, local_id: str) -> dict:
    """A gemeente's deel B: its own part of its generated plan, and one local doel at a shared priority."""
    prio_ids = {p["id"] for p in deel_a["prioriteiten"]}
    gemeente = {**plan["gemeente"], "basisteam": deel_a["samenwerking"]["basisteam"]}
    b = {"ivplan": 1, "gezamenlijk": "deel-a.yaml", "gemeente": gemeente}
    b["plan"] = {k: v for k, v in plan["plan"].items() if k in _DEEL_B_PLAN}
    b["participatie"] = {"inwoners": plan["participatie"]["inwoners"]}
    doel = copy.deepcopy(deel_a["meetbare_doelen"][0])
    doel["id"] = local_id
    doel["omschrijving"] = doel["omschrijving"].rstrip(".") + f" in {plan['gemeente']['naam']}."
    b["meetbare_doelen"] = [doel]
    if plan.get("regionale_afstemming", {}).get("zienswijze_raad"):
        b["regionale_afstemming"] = {"zienswijze_raad": plan["regionale_afstemming"]["zienswijze_raad"]}
    for key in _DEEL_B_TOP:
        if key in plan:
            b[key] = copy.deepcopy(plan[key])
    if "financien" in b:
        b["financien"]["begroting"] = [
            x for x in b["financien"]["begroting"] if x.get("prioriteit") in (None, *prio_ids)
        ]
    return b


def make_regio(entries: list[tuple[str, str]], base: dict) -> dict:
    rp = base["regionale_afstemming"]["regionaal_plan"]
    teams = max(1, len(entries) // 9)
    return {
        "ivplan_regio": 1,
        "regio": {
            "naam": "Benchmarkregio (alle gemeenten, verzonnen)",
            "politie_eenheid": base["gemeente"]["politie_eenheid"],
        },
        "regionaal_plan": {"titel": rp["titel"], "periode": dict(rp["periode"]), "status": rp["status"]},
        "speerpunten": [
            {"id": s["speerpunt"], "titel": s["titel"]} for s in base["regionale_afstemming"]["speerpunten"]
        ],
        "gemeenten": [
            {"cbs_code": code, "naam": name, "basisteam": f"Basisteam {i % teams + 1:02d}"}
            for i, (name, code) in enumerate(entries)
        ],
    }


def _shift_doel(doel: dict, c: int) -> None:
    """Copy c of a doel gets other figures (the same direction and units): its chart differs."""
    eenheid = doel.get("eenheid")

    def f(w):
        if eenheid in ("%", "rapportcijfer"):
            step = 0.1 if eenheid == "rapportcijfer" else 1
            shifted = w - (c % 7) * step
            return round(shifted, 1) if isinstance(w, float) or eenheid == "rapportcijfer" else int(shifted)
        return round(w * (1 + c / 100), 1) if isinstance(w, float) else max(1, round(w * (1 + c / 100)))

    doel["nulmeting"]["waarde"] = f(doel["nulmeting"]["waarde"])
    doel["streefwaarde"]["waarde"] = f(doel["streefwaarde"]["waarde"])
    for m in doel.get("metingen") or []:
        m["waarde"] = f(m["waarde"])


def multiply(base: dict, k: int) -> dict:
    """Havenstad k times over, as one plan: its bronnen, bevindingen, doelen (with their metingen, so k
    times the charts, each copy's figures shifted a little so that every chart is a different image),
    partners with their afspraken, overige thema's and begrippen repeated k times
    (copy c gets ids and names ending in '-xC', its references pointing at the copies of its own
    set); the prioriteiten, raadsvoorstel and the rest once. For the benchmark's 4x and 16x rows: how
    the build's cost grows with the size of one plan."""
    plan = copy.deepcopy(base)
    analyse = plan["probleemanalyse"]
    first = {
        "bronnen": analyse.get("bronnen") or [],
        "bevindingen": analyse.get("bevindingen") or [],
        "meetbare_doelen": plan.get("meetbare_doelen") or [],
        "partners": plan.get("partners") or [],
        "overige_themas": plan.get("overige_themas") or [],
        "begrippen": plan.get("begrippen") or [],
    }
    bron_ids = {b["id"] for b in first["bronnen"]}
    doel_ids = {d["id"] for d in first["meetbare_doelen"]}
    partner_ids = {p["id"] for p in first["partners"]}
    copies = {key: list(items) for key, items in first.items()}
    for c in range(2, k + 1):
        tag = f"-x{c}"

        def bron(b, tag=tag):
            return b + tag if b in bron_ids else b

        def partner(p, tag=tag):
            return p + tag if p in partner_ids else p

        for b in copy.deepcopy(first["bronnen"]):
            b["id"] += tag
            b["titel"] += f" ({c})"
            b.pop("open_data", None)
            copies["bronnen"].append(b)
        for bev in copy.deepcopy(first["bevindingen"]):
            bev["thema"] += f" ({c})"
            for cijfer in bev.get("cijfers") or []:
                cijfer["bron"] = bron(cijfer["bron"])
                cijfer.pop("open_data", None)
            copies["bevindingen"].append(bev)
        for d in copy.deepcopy(first["meetbare_doelen"]):
            d["id"] += tag
            _shift_doel(d, c)
            d["omschrijving"] = d["omschrijving"].rstrip(".") + f" ({c})."
            d["bron"] = bron(d["bron"])
            d["trekker"] = partner(d["trekker"])
            d["partners"] = [partner(p) for p in d.get("partners") or []]
            d.pop("open_data", None)
            copies["meetbare_doelen"].append(d)
        for p in copy.deepcopy(first["partners"]):
            p["id"] += tag
            p["naam"] += f" ({c})"
            for a in p.get("afspraken") or []:
                a["doelen"] = [x + tag if x in doel_ids else x for x in a.get("doelen") or []]
            copies["partners"].append(p)
        for t in copy.deepcopy(first["overige_themas"]):
            t["thema"] += f" ({c})"
            copies["overige_themas"].append(t)
        for b in copy.deepcopy(first["begrippen"]):
            b["term"] += f"-{c}"
            copies["begrippen"].append(b)
    analyse["bronnen"], analyse["bevindingen"] = copies.pop("bronnen"), copies.pop("bevindingen")
    plan.update({key: items for key, items in copies.items() if key in plan})
    return plan


def generate(
    out: Path,
    n: int,
    seed: int = 2027,
    broken: int = 0,
    metingen: bool = True,
    uitvoering: bool = False,
    gezamenlijk: int = 0,
) -> list[Path]:
    """The plans (sorted paths; a joint plan by its deel A); with `uitvoering` also an uitvoeringsprogramma
    2027 beside each plain plan (`<slug>-uitvoering-2027.yaml`, the starter `ivplan init --uitvoering`
    writes), returned after them."""
    if not 1 <= n <= 999:
        raise SystemExit("generate.py: n must be between 1 and 999 (codes GM9001-GM9999)")
    base = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    names = gemeente_names(n, rng)
    broken_at = set(rng.sample(range(n), broken)) if broken else set()
    plannen = out / "plannen"
    plannen.mkdir(parents=True, exist_ok=True)
    for old in plannen.glob("*.yaml"):
        old.unlink()
    joint_dir = out / "gezamenlijk"
    if joint_dir.exists():
        import shutil

        shutil.rmtree(joint_dir)
    joint_n = min(n, gezamenlijk) // 3 * 3
    header = f"# Gegenereerd door bench/generate.py (seed {seed}); verzonnen gemeente, geen echte cijfers.\n"
    paths, entries, programmes, group = [], [], [], []
    for i, name in enumerate(names):
        code = f"GM{9001 + i}"
        plan = make_plan(base, i, name, code, seed, i in broken_at, metingen)
        entries.append((name, code))
        if i < joint_n:
            group.append((name, code, plan))
            if len(group) == 3:
                samen = f"Samenwerking {slug(group[0][0]).title()}"
                folder = joint_dir / slug(samen)
                folder.mkdir(parents=True)
                deel_a = make_deel_a(group[0][2], [(nm, cd) for nm, cd, _ in group], samen)
                (folder / "deel-a.yaml").write_text(header + dump(deel_a), encoding="utf-8")
                for nm, _, p in group:
                    b = make_deel_b(p, deel_a, f"{slug(nm)}-lokaal")
                    (folder / f"{slug(nm)}.yaml").write_text(header + dump(b), encoding="utf-8")
                paths.append(folder / "deel-a.yaml")
                group = []
            continue
        path = plannen / f"{slug(name)}.yaml"
        path.write_text(header + dump(plan), encoding="utf-8")
        paths.append(path)
        if uitvoering and i not in broken_at:
            programmes.append(write_programme(path, plan))
    (out / "regio.yaml").write_text(
        "# Gegenereerd door bench/generate.py.\n" + dump(make_regio(entries, base)), encoding="utf-8"
    )
    return sorted(paths) + sorted(programmes)


def write_programme(plan_path: Path, plan: dict) -> Path:
    """The starter programme of `ivplan init --uitvoering 2027` for the plan (needs ivplan installed)."""
    from ivplan.app.init import uitvoering_starter_text

    target = plan_path.with_name(f"{plan_path.stem}-uitvoering-2027.yaml")
    eind = 2028 if plan["monitoring"]["uitvoeringsprogramma"] == "tweejaarlijks" else 2027
    target.write_text(uitvoering_starter_text(plan, plan_path, target, 2027, eind), encoding="utf-8")
    return target


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=342)
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--broken", type=int, default=0, help="number of plans with a deliberate error")
    ap.add_argument("--zonder-metingen", action="store_true", help="no metingen, hence no charts")
    ap.add_argument("--uitvoering", action="store_true", help="an uitvoeringsprogramma beside each plan")
    ap.add_argument("--gezamenlijk", type=int, default=0, help="gemeenten in joint plans of three (deel A + deel B)")
    args = ap.parse_args(argv)
    paths = generate(
        args.out, args.n, args.seed, args.broken, not args.zonder_metingen, args.uitvoering, args.gezamenlijk
    )
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} plannen ({size // len(paths)} bytes gemiddeld) en regio.yaml in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
