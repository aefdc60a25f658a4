"""The CCV Check items that `ivplan toets` reports (schemas/ccv_items.yaml: their one home), the
automatic verdict of an item from ivplan's findings, and the score per step.

Plain data in, plain data out: the findings are the plan's diagnostics (their `code`, their full path
`subject` and their `data`), the answers a reviewer gave are a dict per item id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import yaml

from ivplan.core.diagnostics import Diagnostic
from ivplan.core.resources import schemas_dir
from ivplan.validation.vocabulary import allowed_values

# The verdicts the scores count with; the allowed values and their words are those of the answers
# file's `oordeel` (schemas/antwoorden.yaml, meta.weergave).
VOLDOET = "voldoet"
DEELS = "deels"
VOLDOET_NIET = "voldoet_niet"
NVT = "nvt"
OORDEEL = "antwoorden{}.oordeel"

AUTOMATISCH = "automatisch"
VRAAG = "vraag"


@dataclass(frozen=True)
class Condition:
    """`IVP091`, `IVP091@` (the file as a whole), `IVP095@plan.x` (that full path), `IVP092#a+b` (that data)."""

    code: str
    subject: str | None = None
    data: frozenset[str] | None = None

    @classmethod
    def parse(cls, text: str) -> Condition:
        if "@" in text:
            code, subject = text.split("@", 1)
            return cls(code, subject=subject)
        if "#" in text:
            code, data = text.split("#", 1)
            return cls(code, data=frozenset(data.split("+")))
        return cls(text)

    def matches(self, d: Diagnostic) -> bool:
        if d.code != self.code:
            return False
        if self.subject is not None and d.subject != self.subject:
            return False
        if self.data is not None:
            values = frozenset(str(x) for x in d.data)
            # one value: the finding carries it; several: exactly those
            return self.data <= values if len(self.data) == 1 else self.data == values
        return True


@dataclass(frozen=True)
class Item:
    id: str
    stap: int
    tekst: str
    niet: tuple[Condition, ...] = ()
    deels: tuple[Condition, ...] = ()
    vraag: str | None = None
    signalen: tuple[str, ...] = ()

    @property
    def wijze(self) -> str:
        return VRAAG if self.vraag is not None else AUTOMATISCH

    @property
    def codes(self) -> set[str]:
        return {c.code for c in (*self.niet, *self.deels)} | set(self.signalen)

    def findings(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The findings this item shows: those its conditions name (signalen for a question)."""
        if self.wijze == VRAAG:
            return [d for d in diagnostics if d.code in self.signalen]
        conditions = (*self.niet, *self.deels)
        return [d for d in diagnostics if any(c.matches(d) for c in conditions)]

    def automatic_verdict(self, diagnostics: Sequence[Diagnostic]) -> str:
        if any(c.matches(d) for c in self.niet for d in diagnostics):
            return VOLDOET_NIET
        if any(c.matches(d) for c in self.deels for d in diagnostics):
            return DEELS
        return VOLDOET


@dataclass(frozen=True)
class Checklist:
    stappen: dict[int, str]  # stap -> titel, in CCV's order
    items: tuple[Item, ...]

    @property
    def by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @property
    def listed_codes(self) -> set[str]:
        return set().union(*(item.codes for item in self.items))


@cache
def checklist() -> Checklist:
    with open(schemas_dir() / "ccv_items.yaml", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)  # our own file
    stappen = {s["stap"]: s["titel"] for s in raw["stappen"]}
    items = []
    for entry in raw["items"]:
        stap = int(entry["id"].split("-")[1].split(".")[0])
        items.append(
            Item(
                id=entry["id"],
                stap=stap,
                tekst=entry["tekst"],
                niet=tuple(Condition.parse(c) for c in entry.get("niet", [])),
                deels=tuple(Condition.parse(c) for c in entry.get("deels", [])),
                vraag=entry.get("vraag"),
                signalen=tuple(entry.get("signalen", [])),
            )
        )
    return Checklist(stappen, tuple(items))


# --------------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Telling:
    """The verdicts of one step (or of all): counted items and the ones counted apart."""

    voldoet: int = 0
    deels: int = 0
    voldoet_niet: int = 0
    nvt: int = 0
    open: int = 0

    @property
    def score(self) -> int | None:
        """(voldoet + ½ deels) / counted × 100, rounded half up, as exact integers:
        floor((100·(2v + d) + N) / (2N)); None when no item counts (N = 0)."""
        n = self.voldoet + self.deels + self.voldoet_niet
        if n == 0:
            return None
        return (100 * (2 * self.voldoet + self.deels) + n) // (2 * n)

    @classmethod
    def of(cls, oordelen: Iterable[str | None]) -> Telling:
        counts = {VOLDOET: 0, DEELS: 0, VOLDOET_NIET: 0, NVT: 0, None: 0}
        for oordeel in oordelen:
            counts[oordeel] += 1
        return cls(counts[VOLDOET], counts[DEELS], counts[VOLDOET_NIET], counts[NVT], counts[None])


def verdicts(
    diagnostics: Sequence[Diagnostic], antwoorden: Mapping[str, Mapping | None] | None = None
) -> dict[str, str | None]:
    """Per item id its verdict: automatic from the findings, a question from the reviewer's answer
    (None while open). An `oordeel` given for an automatic item is ignored (IVP151 says so)."""
    antwoorden = antwoorden or {}
    out: dict[str, str | None] = {}
    for item in checklist().items:
        if item.wijze == AUTOMATISCH:
            out[item.id] = item.automatic_verdict(diagnostics)
        else:
            answer = antwoorden.get(item.id) or {}
            oordeel = answer.get("oordeel") if isinstance(answer, Mapping) else None
            out[item.id] = oordeel if oordeel in allowed_values(OORDEEL, "antwoorden") else None
    return out
