"""The fast path never calls a plan valid that Cerberus rejects, and it does fire for valid plans."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from ivplan.source.loader import load_file, load_text
from ivplan.validation.schema import _strings_as_written, _validator, load_schema
from ivplan.validation.schema_fast import conforms

ROOT = Path(__file__).parents[1]
PLANS = sorted(ROOT.glob("examples/**/*.yaml")) + [ROOT / "tests" / "data" / "minimal_plan.yaml"]


def cerberus_ok(data, kind="plan") -> bool:
    v = _validator(kind)
    return bool(v.validate(data, normalize=False))


def prepared(loaded, kind="plan"):
    schema = load_schema(kind)
    return _strings_as_written(loaded.data, {"type": "dict", "schema": schema}, loaded.numbers_as_written, ())


def test_fast_path_fires_for_every_valid_example():
    for path in PLANS:
        loaded = load_file(path)
        # plans and regio files; other kinds (an answers file of ivplan toets) are not on the fast path
        kind = (
            "regio"
            if "ivplan_regio" in loaded.data
            else "deel_a"
            if "ivplan_gezamenlijk" in loaded.data
            else "deel_b"
            if "gezamenlijk" in loaded.data
            else "plan"
            if "ivplan" in loaded.data
            else None
        )
        if kind is None:
            continue
        data = prepared(loaded, kind)
        assert cerberus_ok(data, kind), path
        assert conforms(data, load_schema(kind)), path


def test_fast_path_agrees_on_the_broken_corpus():
    from test_broken_corpus import CASES, _text

    for case in CASES:
        loaded = load_text(_text(case).decode("utf-8", "replace"), "x.yaml")
        if loaded.data is None:
            continue
        data = prepared(loaded)
        if conforms(data, load_schema("plan")):
            assert cerberus_ok(data), case.name


_BASE = prepared(load_file(ROOT / "examples" / "havenstad.yaml"))
_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.just({}),
    st.just([]),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))


_ALL_PATHS = [p for p in _paths(_BASE) if p]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(_ALL_PATHS), st.one_of(st.just("<weg>"), _ODD)), min_size=1, max_size=3))
def test_fast_path_never_accepts_what_cerberus_rejects(mutations):
    data = copy.deepcopy(_BASE)
    for path, value in mutations:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value == "<weg>":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    if conforms(data, load_schema("plan")):
        assert cerberus_ok(data)
