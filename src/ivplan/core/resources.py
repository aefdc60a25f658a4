"""Locate the data folders `plan_templates/` and `schemas/`.

In a checkout they sit at the top of the repository; in an installed wheel they are shipped as the
data packages `ivplan.plan_templates` and `ivplan.schemas` (see pyproject.toml). Both layouts give a
real directory on disk, because setuptools installs wheels unzipped.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parents[3]


def _data_dir(name: str) -> Path:
    checkout = _CHECKOUT_ROOT / name
    if (_CHECKOUT_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    spec = importlib.util.find_spec(f"ivplan.{name}")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"ivplan-installatie onvolledig: map '{name}' niet gevonden")
    return Path(list(spec.submodule_search_locations)[0])


def templates_dir() -> Path:
    """The built-in Jinja2 templates (`plan_templates/`)."""
    return _data_dir("plan_templates")


def schemas_dir() -> Path:
    """The Cerberus schemas and the generated JSON Schema (`schemas/`)."""
    return _data_dir("schemas")
