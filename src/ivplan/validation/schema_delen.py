"""The schemas of the two parts of a joint plan (docs/gezamenlijke-plannen.md), composed from the plan's
schema and schemas/gezamenlijk.yaml by the table of validation/delen.py (which element is written where).
`vocabulary.load_schema('deel_a')` and `('deel_b')` return them; the JSON Schema export uses them too."""

from __future__ import annotations

import copy

from ivplan.validation import delen


def compose_deel(plan: dict, gezamenlijk: dict, name: str) -> dict:
    """The schema of one part of a joint plan, from the plan's schema and schemas/gezamenlijk.yaml:
    each part holds only the elements whose home it is (ivplan.validation.delen). Deel A requires what
    a plan requires of its elements, except `participatie` and `meetbare_doelen` (either part may give
    those); in a deel B every top-level key but `ivplan`, `gezamenlijk`, `gemeente` and `plan` is
    optional, and so are the keys of the sections both parts share, while list items keep their own
    required keys."""
    if name == "either":
        return _either(plan, gezamenlijk)
    part = delen.A if name == "deel_a" else delen.B
    other = delen.DEEL_B_ONLY if part == delen.A else delen.DEEL_A_ONLY
    out: dict = {}
    if part == delen.A:
        out.update(copy.deepcopy(gezamenlijk["deel_a"]))
    for key, rules in plan.items():
        if (key,) in other:
            continue
        rules = copy.deepcopy(rules)
        if isinstance(rules.get("schema"), dict) and rules.get("type") == "dict":
            rules["schema"] = {k: v for k, v in rules["schema"].items() if (key, k) not in other}
        if part == delen.A:
            if key in ("participatie", "meetbare_doelen"):
                rules["required"] = False
                for sub in (rules.get("schema") or {}).values() if key == "participatie" else ():
                    sub["required"] = False
            if key in gezamenlijk.get("deel_a_meta", {}):
                rules["meta"] = dict(gezamenlijk["deel_a_meta"][key])
            if key == "prioriteiten":
                niveau = rules["schema"]["schema"]["niveau"]
                niveau["allowed"] = ["basisteam", "regionaal"]
                niveau["meta"]["beschrijving"] = (
                    "Waar de bovenlokale prioriteit is vastgesteld (facultatief). Zonder niveau noemt het "
                    "document haar 'gezamenlijk'."
                )
        else:
            if key not in ("ivplan", "gemeente", "plan"):
                rules["required"] = False
                rules.pop("minlength", None)
                if key in delen.BOTH_MAPPINGS:
                    for sub in rules["schema"].values():
                        sub["required"] = False
                        sub.pop("minlength", None)
        if part == delen.A:
            _regio_required(rules)
        out[key] = rules
        if part == delen.B and key == "ivplan":
            out.update(copy.deepcopy(gezamenlijk["deel_b"]))
    return out


def _either(plan: dict, gezamenlijk: dict) -> dict:
    """For the editor's JSON Schema: every field of a plan or a deel B, none of the sections required
    (what each kind requires is said beside it)."""
    out = copy.deepcopy(plan)
    for key, rules in out.items():
        rules["required"] = False
        rules.pop("minlength", None)
        if key in delen.BOTH_MAPPINGS:
            for sub in rules["schema"].values():
                sub["required"] = False
                sub.pop("minlength", None)
    out.update(copy.deepcopy(gezamenlijk["deel_b"]))
    out["gezamenlijk"]["required"] = False
    return out


def _regio_required(rules) -> None:
    """Deel A has no gemeente.cbs_code to default to: its open_data bindings give `regio`."""
    if isinstance(rules, dict):
        binding = rules.get("open_data")
        if isinstance(binding, dict) and isinstance(binding.get("schema"), dict) and "regio" in binding["schema"]:
            regio = binding["schema"]["regio"]
            regio["required"] = True
            regio["meta"] = {
                **(regio.get("meta") or {}),
                "beschrijving": (regio.get("meta") or {}).get("beschrijving", "")
                + " In het deel A van een gezamenlijk plan verplicht: een deel A heeft geen eigen CBS-code.",
            }
        for value in rules.values():
            _regio_required(value)
