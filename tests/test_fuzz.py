"""Property-based tests: generated valid plans validate and build; mutated plans never crash.

Budget: IVPLAN_FUZZ_EXAMPLES plans in all (default 150, which CI runs in well under a minute);
`make fuzz` runs 10,000. The runs are deterministic (hypothesis derandomized, no example database),
so CI is reproducible; a larger budget explores further along the same fixed sequence.

- generated valid plans (tests/strategies.py) give exit 0 on `ivplan validate --format json`, and the
  data the linter hands on is exactly the data that was written (the loader and schema lose nothing);
- a smaller number of them is built into .docx files that python-docx opens;
- mutated plans (valid plan text with deleted, duplicated, swapped or re-indented lines, random YAML
  punctuation, wrong types, huge numbers, odd Unicode and escapes, invalid bytes, truncation) are
  validated in batches in one process: exit 0 or 1, never a traceback or an internal error, and every
  diagnostic carries a line (except IVP905-IVP907, which have none); a valid one is also built.

A failing batch is saved under $TMPDIR/ivplan-fuzz-failures/ (the assertion names the folder).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

import strategies as S
from ivplan.app.build import BuildOptions, plan_documents
from ivplan.cli.commands import main
from ivplan.validation.lint import lint_plan

ROOT = Path(__file__).resolve().parents[1]
BUDGET = max(10, int(os.environ.get("IVPLAN_FUZZ_EXAMPLES", "150")))
BATCH = 10  # mutated files per CLI run
N_BUILD = max(3, BUDGET // 50)
N_VALID = BUDGET * 3 // 10
N_MUTATED = max(BATCH, BUDGET - N_VALID - N_BUILD)

# No shrinking: the examples are whole plans, and shrinking one takes many minutes; the failing example
# is printed in full instead.
_SETTINGS = dict(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)

NO_LINE = {"IVP905", "IVP906", "IVP907"}  # file too big, not UTF-8, empty: no position exists
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SOURCES = sorted(
    [*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/regio/plannen/*.yaml"), ROOT / "tests/data/minimal_plan.yaml"]
)
SOURCE_TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]


def _report(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\nfuzz: {line}")


def _docx_paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of the body, headers and footers (hyperlinks included)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = ET.fromstring(z.read(name))
                for p in root.iter(W + "p"):
                    out.append("".join(t.text or "" for t in p.iter(W + "t")))
    return out


FAILURES = Path(tempfile.gettempdir()) / "ivplan-fuzz-failures"


def _keep(batch: list[bytes]) -> str:
    """Save a failing batch for inspection; returns the folder, for the assertion message."""
    folder = FAILURES / hashlib.sha1(b"\0".join(batch)).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    for n, raw in enumerate(batch):
        (folder / f"plan{n}.yaml").write_bytes(raw)
    return str(folder)


def _check_no_crash(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output
    assert "interne fout" not in result.output


# --------------------------------------------------------------------------------------------------
# Generated valid plans


def test_generated_valid_plans_validate_with_exit_0(capsys):
    runner = CliRunner()
    count = []

    @settings(max_examples=N_VALID, **_SETTINGS)
    @given(plan=S.plans(), style=S.yaml_styles)
    def run(plan, style):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plan.yaml"
            path.write_text(S.plan_yaml(plan, **style), encoding="utf-8")
            result = runner.invoke(main, ["validate", "--format", "json", str(path)])
            assert result.exit_code == 0, result.output
            [file] = json.loads(result.stdout)["files"]
            assert file["valid"], file["diagnostics"]
            # what the rules and templates see is exactly what was written
            assert lint_plan(path).data == plan
        count.append(1)

    run()
    _report(capsys, f"{len(count)} gegenereerde geldige plannen gevalideerd (exit 0)")


def test_generated_valid_plans_build_into_docx_that_opens(capsys):
    count = []

    @settings(max_examples=N_BUILD, **_SETTINGS)
    @given(plan=S.plans(), style=S.yaml_styles)
    def run(plan, style):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "plan.yaml"
            path.write_text(S.plan_yaml(plan, **style), encoding="utf-8")
            res = lint_plan(path)
            assert not res.has_errors
            files = dict(
                plan_documents(res.data, Path(tmp), BuildOptions(out_dir=Path(tmp) / "build"), lambda message: None)
            )
            assert any(name.endswith("-plan.docx") for name in files)
            for name, data in files.items():
                document = docx.Document(io.BytesIO(data))  # opens
                assert document.core_properties.author.strip()  # the gemeente, by its name
                text = "\n".join(_docx_paragraphs(data))
                # user text arrives as text (whitespace runs collapse to one space)
                naam = " ".join(plan["gemeente"]["naam"].split())
                assert naam.replace("\ufeff", "") in text.replace("\ufeff", ""), name
        count.append(1)

    run()
    _report(capsys, f"{len(count)} gegenereerde geldige plannen gemaakt (.docx opent)")


# --------------------------------------------------------------------------------------------------
# Mutated plans

PUNCTUATION = list(":{}[]&*!|>'\"#%@`,?-~") + ["\\", ": ", "- ", "---", "...", "{{", "}}", "[[", "]]"]
WRONG_VALUES = [
    "[]",
    "{}",
    "null",
    "~",
    "true",
    "false",
    "''",
    '""',
    "1e308",
    "1e309",
    "-1e309",
    "1" + "0" * 400,
    "9" * 1200,
    "-0",
    "-0.0",
    "0x1F",
    "0o17",
    ".inf",
    "-.inf",
    ".nan",
    "-1",
    "0",
    "2027-13-45",
    "'2027-02-30'",
    "[1, [2, [3]]]",
    "{a: {b: c}}",
    "- x",
    "*alias",
    "&anker x",
    "!!python/object:os.system",
    "!!binary aGFsbG8=",
    "!geheim x",
    "|",
    ">",
    "'open",
    '"open',
    "@x",
    "`x",
    "%x",
    "# commentaar",
    "a: b: c",
    '"\\ud800"',
    '"\\udfff en \\ud800"',
    '"\\0"',
    '"a\\x07b"',
    '"\\U00110000"',
    '"\\uffff"',
    '"\\L\\P\\N"',
    '"\\e\\a\\b\\v\\f"',
    '"\\xZZ"',
    '"\\q"',
    "\u202e\u200dtekst",
    "e\u0301",
    "👮\u200d♀️",
    "a\u2028b",
    "\ufeffx",
    "\u0085",
    "'\u2029'",
    "\U0010ffff",
    "'{{ 7*7 }}'",
    "<script>",
    "[[pagina-einde]]",
    "\u00a0",
    "?",
    "? x",
    ": x",
    "=",
    "<<: {a: 1}",
]
ODD_INSERTS = [
    "\u200f",
    "\u202e",
    "\u200d",
    "\u0301",
    "😀",
    "👮\u200d♀️",
    "\u2028",
    "\u2029",
    "\u0085",
    "\ufeff",
    "\u00a0",
    "\t",
    "\r",
    "\x07",
    "\x00",
    "\x1b",
    "\x7f",
    "\ufffe",
    "\U0001d518",
]


@st.composite
def _source_text(draw) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(SOURCE_TEXTS))
    return S.plan_yaml(draw(S.plans()), **draw(S.yaml_styles))


@st.composite
def _mutation(draw, text: str) -> str | bytes:
    lines = text.split("\n")
    op = draw(
        st.sampled_from(
            [
                "delete",
                "duplicate",
                "swap",
                "indent",
                "punct",
                "value",
                "value",
                "odd",
                "truncate",
                "join",
                "bytes",
                "key",
            ]
        )
    )
    i = draw(st.integers(0, max(0, len(lines) - 1)))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = draw(st.integers(0, max(0, len(lines) - 1)))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        delta = draw(st.sampled_from([-4, -3, -2, -1, 1, 2, 3, 4, "\t"]))
        if delta == "\t":
            lines[i] = "\t" + lines[i]
        elif delta > 0:
            lines[i] = " " * delta + lines[i]
        else:
            lines[i] = lines[i][min(-delta, len(lines[i]) - len(lines[i].lstrip(" "))) :]
    elif op == "punct":
        pos = draw(st.integers(0, len(lines[i])))
        ins = "".join(draw(st.lists(st.sampled_from(PUNCTUATION), min_size=1, max_size=3)))
        lines[i] = lines[i][:pos] + ins + lines[i][pos:]
    elif op == "value":
        m = re.match(r"^(\s*(?:- )?[\w-]+:)\s*(.*)$", lines[i])
        candidates = [k for k, ln in enumerate(lines) if re.match(r"^\s*(?:- )?[\w-]+:", ln)]
        if not m and candidates:
            i = draw(st.sampled_from(candidates))
            m = re.match(r"^(\s*(?:- )?[\w-]+:)\s*(.*)$", lines[i])
        if m:
            lines[i] = m.group(1) + " " + draw(st.sampled_from(WRONG_VALUES))
    elif op == "odd":
        pos = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:pos] + draw(st.sampled_from(ODD_INSERTS)) + lines[i][pos:]
    elif op == "truncate":
        joined = "\n".join(lines)
        return joined[: draw(st.integers(0, len(joined)))]
    elif op == "join" and i + 1 < len(lines):
        lines[i : i + 2] = [lines[i] + draw(st.sampled_from(["", " "])) + lines[i + 1].lstrip()]
    elif op == "bytes":
        raw = "\n".join(lines).encode("utf-8")
        pos = draw(st.integers(0, len(raw)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xfe\xff", b"\x00", b"\xc0\xaf"]))
        return raw[:pos] + bad + raw[pos:]
    elif op == "key":
        m = re.match(r"^(\s*(?:- )?)([\w-]+)(:.*)$", lines[i])
        if m:
            key = draw(
                st.sampled_from(
                    [
                        m.group(2)[:-1] or "x",
                        m.group(2) + "s",
                        m.group(2).upper(),
                        "1",
                        "true",
                        "null",
                        "~",
                        "<<",
                        "'" + m.group(2) + "'",
                        m.group(2) + " x",
                    ]
                )
            )
            lines[i] = m.group(1) + key + m.group(3)
    return "\n".join(lines)


@st.composite
def mutated_plans(draw) -> bytes:
    text: str | bytes = draw(_source_text())
    for _ in range(draw(st.integers(1, 3))):
        if isinstance(text, bytes):
            break
        text = draw(_mutation(text))
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")


def _lines_of(raw: bytes) -> int:
    return raw.decode("utf-8", "replace").count("\n") + raw.decode("utf-8", "replace").count("\r") + 2


def test_mutated_plans_end_in_exit_0_or_1_with_positions(capsys):
    runner = CliRunner()
    stats = {"plannen": 0, "fout": 0, "geldig": 0, "gemaakt": 0}

    @settings(max_examples=max(1, N_MUTATED // BATCH), **_SETTINGS)
    @given(batch=st.lists(mutated_plans(), min_size=BATCH, max_size=BATCH))
    def run(batch):
        try:
            check(batch)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n(de plannen staan in {_keep(batch)})") from None

    def check(batch):
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for n, raw in enumerate(batch):
                path = Path(tmp) / f"plan{n}.yaml"
                path.write_bytes(raw)
                paths.append(path)
            args = [str(p) for p in paths]

            result = runner.invoke(main, ["validate", "--format", "json", *args])
            _check_no_crash(result)
            files = json.loads(result.stdout)["files"]
            assert [f["file"] for f in files] == args
            for f, raw in zip(files, batch, strict=True):
                for d in f["diagnostics"]:
                    if d["code"] in NO_LINE:
                        continue
                    assert d["line"] is not None, (f["file"], d)
                    assert 1 <= d["line"] <= max(_lines_of(raw), 1), (d, raw[:200])
                    assert d["column"] is None or d["column"] >= 1, d
            assert result.exit_code == (0 if all(f["valid"] for f in files) else 1)

            text = runner.invoke(main, ["validate", *args])
            _check_no_crash(text)
            assert text.exit_code == result.exit_code

            stats["plannen"] += len(batch)
            stats["fout"] += sum(not f["valid"] for f in files)
            stats["geldig"] += sum(f["valid"] for f in files)
            # a mutant that is still valid must also build (one per batch keeps the budget)
            valid = [p for p, f in zip(paths, files, strict=True) if f["valid"]]
            if valid:
                res = lint_plan(valid[0])
                docs = plan_documents(res.data, Path(tmp), BuildOptions(out_dir=Path(tmp) / "b"), lambda m: None)
                for name, data in docs:
                    if name.endswith(".docx"):
                        docx.Document(io.BytesIO(data))
                stats["gemaakt"] += 1

    run()
    _report(
        capsys,
        f"{stats['plannen']} gemuteerde plannen: {stats['fout']} met fouten, {stats['geldig']} geldig "
        f"({stats['gemaakt']} daarvan gemaakt), 0 crashes",
    )
