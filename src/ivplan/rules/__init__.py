"""The rule registry: a plain dict from code to rule module (see rules/base.py for what a module holds).

To add a rule: write `ivpNNN_<wat>.py` beside this file and list it below.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    ivp001_periode,
    ivp002_verwijzingen,
)

_MODULES: tuple[ModuleType, ...] = (
    ivp001_periode,
    ivp002_verwijzingen,
)

RULES: dict[str, ModuleType] = {m.CODE: m for m in _MODULES}
