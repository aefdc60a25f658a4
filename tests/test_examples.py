"""The example plans: each gives exactly the diagnostics its header promises, alone and in its region."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivplan.validation.lint import lint_plan, lint_regio

EXAMPLES = Path(__file__).parents[1] / "examples"
REGIO = EXAMPLES / "regio"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("havenstad.yaml", []),
        (
            "oldenveld.yaml",
            [
                ("IVP070", "raadsvoorstel"),
                ("IVP070", "raadsvoorstel.vergadering"),
                ("IVP070", "raadsvoorstel.ondertekening"),
            ],
        ),
        ("regio/plannen/vechtmond.yaml", [("IVP043", "plan")]),
        ("regio/plannen/sallandsveen.yaml", ["IVP022", "IVP034", "IVP060"]),
        ("regio/plannen/ijsselhorst.yaml", ["IVP010", "IVP043", "IVP070"]),
        ("regio/plannen/dinkelborg.yaml", ["IVP042"]),
    ],
)
def test_example_alone(name, expected):
    res = lint_plan(EXAMPLES / name)
    got = [
        (d.code, d.path) if isinstance(expected[0] if expected else None, tuple) else d.code for d in res.diagnostics
    ]
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("uitvoering/havenstad-2027.yaml", []),
        ("uitvoering/oldenveld-2027-2028.yaml", [("IVP107", "collegebesluit")]),
    ],
)
def test_example_programme(name, expected):
    from ivplan.validation.bestanden import lint_paths

    *plans, programme = lint_paths([EXAMPLES / name])
    assert [(d.code, d.path) for d in programme.diagnostics] == expected
    assert not any(d.is_error for r in plans for d in r.diagnostics)


def test_standalone_examples_have_no_errors():
    for path in EXAMPLES.glob("*.yaml"):
        assert not lint_plan(path).has_errors, path


def test_regional_examples_with_regio_file():
    regio = lint_regio(REGIO / "regio.yaml")
    assert not regio.diagnostics
    codes = {
        p.stem: sorted(d.code for d in lint_plan(p, regio=regio.regio).diagnostics)
        for p in (REGIO / "plannen").glob("*.yaml")
    }
    assert codes["vechtmond"] == []  # IVP043 switched off by the regio's eisen
    assert "IVP032" in codes["hoogelo"]
    assert {"IVP010", "IVP031"} <= set(codes["ijsselhorst"])
    assert "IVP042" in codes["dinkelborg"]
    dinkelborg = lint_plan(REGIO / "plannen" / "dinkelborg.yaml", regio=regio.regio)
    assert dinkelborg.has_errors  # IVP042 raised to fout by the regio


def test_joint_example_is_clean_and_complete():
    """examples/gezamenlijk: deel A of De Zandmeren and the deel B of each of its three gemeenten."""
    from ivplan.validation.bestanden import lint_paths

    results = lint_paths([EXAMPLES / "gezamenlijk" / "deel-a.yaml"])
    assert [Path(r.file).relative_to(EXAMPLES / "gezamenlijk").as_posix() for r in results] == [
        "deel-a.yaml",
        "hoeksdonk/ivp.yaml",
        "ravensloot/ivp.yaml",
        "zandwijk/ivp.yaml",
    ]
    assert [r.diagnostics for r in results] == [[], [], [], []]
    assert [r.kind for r in results] == ["deel_a", "deel_b", "deel_b", "deel_b"]
    # a local accent: Zandwijk's own doel at deel A's prioriteit ondermijning
    zandwijk = results[3].merged.result.data
    assert [d["id"] for d in zandwijk["meetbare_doelen"] if d["prioriteit"] == "ondermijning"] == [
        "d-ondermijning",
        "z-buitengebied",
    ]
