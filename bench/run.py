"""Benchmark ivplan against its targets (issue 6), side by side in one run, and print a table.

    python bench/run.py [--runs 7] [--batch-runs 7] [-n 342] [--small 50]
                        [--only build,schaal,pdf,help,check,gezamenlijk,batch,uitvoering,preview]
                        [--metingen met|zonder|beide] [--saves 20]

Every figure is a whole process, started with subprocess and timed with time.perf_counter (wall) and
os.wait4 (CPU time and peak memory of the process and everything it waited for), like hyperfine:
one warm-up run, then --runs measured runs; the table shows the median, min and max. The commands
compared with each other (ivplan and pandoc; --help and `python -c pass`) take turns, one run each
per round, so that a change in a shared machine's load hits both alike.

A build that draws charts (matplotlib) is measured twice, as two rows, because ivplan keeps drawn charts
in its cache folder ($XDG_CACHE_HOME/ivplan/grafieken, chart_cache.py):
- "eerste build": every run, the warm-up included, starts with an empty chart cache, so it draws every
  chart and writes it to the cache (as a first build on a user's machine does; not IVPLAN_CACHE=uit,
  which would leave out the cost of writing). The script checks that the cache is gone before each run
  and holds PNGs after it, so a cache that moved elsewhere cannot turn these rows into rebuilds.
- "herbouw": the cache is filled (by the warm-up run, or for the big batch by its "eerste build" runs
  just before), so every chart is read from it.
Builds without charts (havenstad zonder metingen, the batch without metingen) get one row.

1. `ivplan build examples/havenstad.yaml --markdown` against pandoc on two yardsticks (issue 20), each
   two pandoc processes (one per document) whose wall times are summed: the fair one, the
   pandoc-native equivalent of that build's two intermediate Markdown files (bench/pandoc_native.py:
   metadata, Table: captions, the same chart PNGs embedded, --toc --number-sections, a raw page
   break), which gives the ratio; and the raw .md files, in which pandoc reads the `[[...]]` lines as
   text, shown beside it as flattering. Havenstad with metingen gets an "eerste build" (<= 1.0x) and a
   "herbouw" (<= 0.8x) row; havenstad without metingen one row (<= 0.8x). `--only schaal`: the 4x and
   16x plans (generate.multiply), rebuilt, the 16x ratio no worse than the 4x one. `--only pdf`:
   `build --pdf` against the same build plus one `soffice --convert-to pdf` of both .docx (<= 1.2x).
2. `ivplan --help` against a bare `python -c pass` with the same interpreter.
3. bench/generate.py makes N plans (default 342) and a regio file: `ivplan check --regio` over all of them,
   and `ivplan build` of all of them with the default --jobs (the number of cores), for plans with
   metingen (charts) and without (--metingen chooses). Peak memory per process is compared with a batch
   of --small plans (default 50) to show it does not grow with N. With metingen: an "eerste build" and a
   "herbouw" row for both the N and the --small batch; each N row gets the < 60 s and memory targets,
   its memory compared with the --small batch of the same kind.

4. `ivplan preview examples/havenstad.yaml`: the latency from a save of the YAML file to the updated page
   in Debian's Chromium (Playwright), saves one second apart, alternating a title edit and a
   streefwaarde edit that redraws a chart; medians of --saves (20) of each kind and of all, target
   <= 300 ms (issue 19; bench/preview_latency.py says how it is measured).

Child processes get a bytecode cache of their own (PYTHONPYCACHEPREFIX in the work folder, filled by the
warm-up run), so a PYTHONDONTWRITEBYTECODE in the environment does not make every run compile ivplan
again, as it never does for an installed package. The warm-up run also fills Jinja's cache of compiled
templates (templating.py), as the first build on a machine does.

Child processes also get an XDG_CACHE_HOME of their own in the work folder (the user's ~/.cache is not
touched, and a chart cache the user already has cannot make a first build look fast). Only its
ivplan/grafieken/ folder is emptied for an "eerste build" (the rest of ivplan's cache, core/cache.py:
the default huisstijl, parsed schemas, a LibreOffice profile, stays, as it does for a user whose
metingen changed); matplotlib keeps its font list there too
(XDG_CACHE_HOME/matplotlib), built once by the first warm-up, as it is on any machine that has run
matplotlib before. Jinja's cache of compiled templates is not in XDG_CACHE_HOME but in Jinja's per-user
folder in the temp directory (FileSystemBytecodeCache without a directory, TMPDIR), so it is not emptied
either: the "eerste build" rows are cold for the charts only, not for the templates (about 0.3 s more
on a machine where ivplan never ran) -- they measure the first build after the metingen changed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402  (bench/generate.py)
import pandoc_native  # noqa: E402  (bench/pandoc_native.py)
import preview_latency  # noqa: E402  (bench/preview_latency.py)

MB = 1024 * 1024
SCALES = (4, 16)  # the k-times plans (generate.multiply): a cost per image that grows with k shows here


@dataclass
class Sample:
    wall: float
    cpu: float
    maxrss: int  # bytes, the largest single process in the tree
    code: int


@dataclass
class Result:
    name: str
    samples: list[Sample] = field(default_factory=list)

    def wall(self, f):
        return f(s.wall for s in self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def maxrss(self) -> int:
        return max(s.maxrss for s in self.samples)


def run_once(cmds: list[list[str]], env: dict, cwd: Path, ok_codes=(0,)) -> Sample:
    """Run the commands one after the other; one sample with their summed wall and CPU time."""
    wall = cpu = 0.0
    maxrss = 0
    code = 0
    for cmd in cmds:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # wait4 gives this child's rusage (and that of the worker processes it waited for).
        _pid, status, ru = os.wait4(proc.pid, 0)
        wall += time.perf_counter() - t0
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu += ru.ru_utime + ru.ru_stime
        maxrss = max(maxrss, ru.ru_maxrss * 1024)  # Linux: kilobytes
        code = max(code, proc.returncode)
        if proc.returncode not in ok_codes:
            raise SystemExit(f"bench: {' '.join(cmd)} gaf exit {proc.returncode}:\n{stderr[-2000:]}")
    return Sample(wall, cpu, maxrss, code)


def bench(name: str, cmds, env, cwd, runs: int, ok_codes=(0,), prepare=None, warmup=True, after=None) -> Result:
    """`prepare()` runs before every run (the warm-up too), `after()` after every measured run (not timed;
    it may return a remark for the progress line)."""
    res = Result(name)
    if warmup:  # file cache, bytecode cache
        if prepare:
            prepare()
        run_once(cmds, env, cwd, ok_codes)
    for _ in range(runs):
        if prepare:
            prepare()
        res.samples.append(run_once(cmds, env, cwd, ok_codes))
        remark = after() if after else None
        print(
            f"  {name}: {res.samples[-1].wall:.3f} s" + (f" ({remark})" if remark else ""), file=sys.stderr, flush=True
        )
    return res


@dataclass
class Spec:
    """One command line of a side-by-side comparison (see bench_rounds)."""

    name: str
    cmds: list
    prepare: object = None
    after: object = None


def bench_rounds(specs: list[Spec], env, cwd, runs: int) -> list[Result]:
    """Measure several commands in turns: one warm-up round, then `runs` rounds in which each command
    runs once, in the order given. On a shared machine the load changes from minute to minute; taking
    turns lets such a change hit ivplan and pandoc alike, instead of deciding their ratio."""
    results = [Result(s.name) for s in specs]
    for spec in specs:
        if spec.prepare:
            spec.prepare()
        run_once(spec.cmds, env, cwd)
    for _ in range(runs):
        for spec, res in zip(specs, results, strict=True):
            if spec.prepare:
                spec.prepare()
            res.samples.append(run_once(spec.cmds, env, cwd))
            remark = spec.after() if spec.after else None
            print(
                f"  {spec.name}: {res.samples[-1].wall:.3f} s" + (f" ({remark})" if remark else ""),
                file=sys.stderr,
                flush=True,
            )
    return results


class ChartCache:
    """ivplan's cache folder in the children's own XDG_CACHE_HOME: `empty` before an "eerste build" run,
    `check` after it (the run must have written its charts there)."""

    def __init__(self, xdg_cache_home: Path):
        self.folder = xdg_cache_home / "ivplan" / "grafieken"  # chart_cache.cache_dir()
        self.last = 0

    def pngs(self) -> int:
        return sum(1 for _ in self.folder.rglob("*.png")) if self.folder.is_dir() else 0

    def empty(self, also=None):
        def prepare():
            shutil.rmtree(self.folder, ignore_errors=True)
            if self.folder.exists() or self.pngs():
                raise SystemExit(f"bench: grafiekenopslag {self.folder} kon niet worden geleegd")
            if also:
                also()

        return prepare

    def check(self) -> str:
        self.last = self.pngs()
        if not self.last:
            raise SystemExit(
                f"bench: na een eerste build geen grafieken in {self.folder}: staat de "
                "grafiekenopslag nog in $XDG_CACHE_HOME/ivplan (chart_cache.py)?"
            )
        return f"opslag leeg vooraf, daarna {self.last} PNG's"


def without_metingen(text: str) -> str:
    """The plan without its doelen's `metingen` (so without charts), everything else as written."""
    import yaml

    plan = yaml.safe_load(text)
    for doel in plan.get("meetbare_doelen") or []:
        doel.pop("metingen", None)
    return generate.dump(plan)


def ivplan_command(python: str) -> list[str]:
    """The console script as users run it, if it is installed and current (it calls ivplan.cli.entry, as
    pyproject.toml says); else `python -m ivplan`, which goes through the same entry point."""
    script = Path(python).parent / "ivplan"
    try:
        if "ivplan.cli.entry" in script.read_text(encoding="utf-8", errors="replace"):
            return [str(script)]
    except OSError:
        pass
    return [python, "-m", "ivplan"]


def child_env(work: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("IVPLAN_CACHE", None)  # the chart cache on: "eerste build" empties it, "herbouw" reads it
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("LANG", "C.UTF-8")
    return env


def pandoc_inputs(out: Path, native: Path) -> tuple[list[list[str]], list[list[str]]]:
    """pandoc's two yardsticks for the build in `out`: the fair one (the pandoc-native equivalent of both
    intermediate .md files, written to `native`, see pandoc_native.py) and the raw one (the .md files as
    they are, `[[...]]` lines and all: flattering, pandoc reads them as text). One command per document."""
    mds = sorted(out.glob("*.md"))
    if len(mds) != 2:
        raise SystemExit(f"bench: verwacht twee .md-bestanden in {out}, gevonden: {mds}")
    fair = [pandoc_native.write_native(md, native, docx=md.with_suffix(".docx")) for md in mds]
    raw = [["pandoc", str(md), "-o", str(native / (md.stem + "-ruw.docx"))] for md in mds]
    return fair, raw


def ratio_text(build: Result, fair: Result, raw: Result) -> str:
    return f"{build.median / fair.median:.2f} x pandoc ({build.median / raw.median:.2f} x ruw, flatterend)"


def pandoc_rows(args, only, work, env, ivplan, cache, rows, notes) -> None:
    """Comparison 1 (issue 20): builds against pandoc on both yardsticks, the k-times plans, and --pdf."""
    havenstad = ROOT / "examples" / "havenstad.yaml"
    base_text = havenstad.read_text(encoding="utf-8")
    plans = []  # (label, plan file, first build too, target for the rebuild)
    if "build" in only:
        zonder = work / "havenstad-zonder-metingen" / "havenstad.yaml"
        zonder.parent.mkdir(parents=True, exist_ok=True)
        zonder.write_text(without_metingen(base_text), encoding="utf-8")
        plans += [("havenstad", havenstad, True, 0.8), ("havenstad zonder metingen", zonder, False, 0.8)]
    if "schaal" in only:
        import yaml

        base = yaml.safe_load(base_text)
        for k in SCALES:
            plan = work / f"havenstad-{k}x" / "havenstad.yaml"
            plan.parent.mkdir(parents=True, exist_ok=True)
            plan.write_text(generate.dump(generate.multiply(base, k)), encoding="utf-8")
            plans.append((f"havenstad {k}x", plan, False, None))
    scale_ratios = {}
    for label, plan, first, target in plans:
        slug = label.replace(" ", "-")
        out = work / f"build-{slug}"
        cmd = [ivplan + ["build", str(plan), "--markdown", "-o", str(out)]]
        name = f"ivplan build {label} --markdown"
        run_once(cmd, env, work)  # the .md and .docx files pandoc_native reads (and the chart cache filled)
        fair_cmds, raw_cmds = pandoc_inputs(out, work / f"native-{slug}")
        specs = []
        if first:
            # Cold: every run (the warm-up too) starts with an empty chart cache and fills it; the
            # rebuild that follows it in the same round finds the cache filled.
            specs.append(Spec(f"{name}, eerste build", cmd, prepare=cache.empty(), after=cache.check))
        specs.append(Spec(f"{name}, herbouw" if first or "metingen" not in label else name, cmd))
        specs.append(Spec(f"pandoc, 2 x pandoc-eigen .md -> .docx ({label})", fair_cmds))
        specs.append(Spec(f"pandoc, 2 x ruwe .md -> .docx ({label}; flatterend)", raw_cmds))
        *builds, fair, raw = bench_rounds(specs, env, work, args.runs)
        for b in builds:
            ratio = b.median / fair.median
            if b.name.endswith("eerste build"):
                goal, ok = "<= 1.0", ratio <= 1.0
            elif target is not None:
                goal, ok = f"<= {target}", ratio <= target
            else:
                scale_ratios[label] = ratio
                goal, ok = "", None
                if len(scale_ratios) > 1:
                    first_ratio = next(iter(scale_ratios.values()))
                    goal = f"<= {first_ratio:.2f} (+5 %)"
                    ok = ratio <= first_ratio * 1.05
            rows.append(row(b, ratio_text(b, fair, raw), goal, ok))
        rows.append(row(fair))
        rows.append(row(raw))
        md = sorted(out.glob("*.md"))
        charts = len(re.findall(r"\[\[afbeelding: grafiek-", md[0].read_text(encoding="utf-8")))
        notes.append(
            f"1 ({label}): {plan.stat().st_size // 1024} KB YAML, {sum(m.stat().st_size for m in md) // 1024} KB "
            f"Markdown, {charts} grafieken in het plan"
            + (f" ({cache.last} PNG's in de grafiekenopslag na een eerste build)" if first else "")
        )
    if plans:
        notes.append(
            "1: pandoc draait twee processen na elkaar (plan en raadsvoorstel), de tijden per meting opgeteld. "
            "'x pandoc': tegen de pandoc-eigen Markdown (bench/pandoc_native.py: titel als metadata, "
            "Table:-bijschriften, de afbeeldingen ingesloten, --toc --number-sections, een echte paginabreuk); "
            "'x ruw': tegen de tussen-Markdown zelf, waarin pandoc de [[...]]-regels als tekst leest: flatterend"
        )
        notes.append(
            "1: " + subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        )
    if "pdf" in only:
        pdf_rows(args, work, env, ivplan, havenstad, rows, notes)


def pdf_rows(args, work, env, ivplan, havenstad, rows, notes) -> None:
    """`ivplan build --pdf` against the same build plus one LibreOffice call converting both .docx
    (a plain --convert-to, which leaves the table of contents unfilled and the PDF untagged: it does less
    than ivplan's conversion), the charts from the cache in both."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        notes.append("4: LibreOffice niet gevonden: --pdf overgeslagen")
        return
    out, ref = work / "build-pdf", work / "build-pdf-referentie"
    cmd = [ivplan + ["build", str(havenstad), "--pdf", "-o", str(out)]]
    run_once([ivplan + ["build", str(havenstad), "-o", str(ref)]], env, work)
    docx = sorted(str(p) for p in ref.glob("*.docx"))
    profile = work / "lo-profiel"  # one profile for every reference run: LibreOffice's start as cheap as it gets
    convert = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    reference = [ivplan + ["build", str(havenstad), "-o", str(ref)], convert + ["--outdir", str(ref)] + docx]
    b, r = bench_rounds(
        [
            Spec("ivplan build havenstad --pdf", cmd),
            Spec("ivplan build havenstad + 1 x soffice --convert-to pdf (2 .docx)", reference),
        ],
        env,
        work,
        args.runs,
    )
    pdfs = sorted(out.glob("*.pdf"))
    if len(pdfs) != 2:
        raise SystemExit(f"bench: verwacht twee PDF's in {out}, gevonden: {pdfs}")
    ratio = b.median / r.median
    rows.append(row(b, f"{ratio:.2f} x referentie", "<= 1.2", ratio <= 1.2))
    rows.append(row(r))
    notes.append(
        "4: --pdf: getagde PDF met gevulde inhoudsopgave (UNO); de referentie: dezelfde build en één "
        "soffice --convert-to pdf voor beide .docx, met een hergebruikt profiel (zonder inhoudsopgave bijwerken "
        "en zonder tags: minder werk)"
    )


def fmt_row(cols, widths):
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cols, widths, strict=True))
    )


def table(rows: list[tuple]) -> str:
    head = ("benchmark", "median s", "min s", "max s", "CPU s", "CPU/wall", "peak MB", "ratio", "target", "")
    body = [head] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in body) for i in range(len(head))]
    lines = [fmt_row(head, widths), "  ".join("-" * w for w in widths)]
    lines += [fmt_row(r, widths) for r in body[1:]]
    return "\n".join(lines)


def row(res: Result, ratio: str = "", target: str = "", ok: bool | None = None):
    s = res.samples
    return (
        res.name,
        f"{res.median:.3f}",
        f"{min(x.wall for x in s):.3f}",
        f"{max(x.wall for x in s):.3f}",
        f"{res.cpu:.2f}",
        f"{res.cpu / res.median:.2f}" if res.median else "",
        f"{res.maxrss / MB:.0f}",
        ratio,
        target,
        "" if ok is None else ("ok" if ok else "NIET GEHAALD"),
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="ivplan benchmark (issue 6)")
    ap.add_argument("--runs", type=int, default=7, help="measured runs per figure (after one warm-up)")
    ap.add_argument("--batch-runs", type=int, default=None, help="runs for the N-plan build (default: --runs)")
    ap.add_argument("-n", type=int, default=342, help="number of generated plans")
    ap.add_argument("--small", type=int, default=50, help="smaller batch to compare peak memory with")
    ap.add_argument(
        "--only",
        default="build,schaal,pdf,help,check,gezamenlijk,batch,uitvoering,preview",
        help="comma-separated: build,schaal,pdf,help,check,gezamenlijk,batch,uitvoering,preview",
    )
    ap.add_argument("--saves", type=int, default=20, help="preview: measured saves of each kind")
    ap.add_argument(
        "--metingen",
        choices=["met", "zonder", "beide"],
        default="beide",
        help="batch build of plans with metingen (charts), without, or both",
    )
    ap.add_argument("--python", default=sys.executable, help="the interpreter that has ivplan's dependencies")
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folder here (default: a temp dir)")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    batch_runs = args.batch_runs or args.runs

    work = Path(tempfile.mkdtemp(prefix="ivplan-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    env = child_env(work)
    cache = ChartCache(Path(env["XDG_CACHE_HOME"]))
    ivplan = ivplan_command(args.python)
    py = args.python
    rows, notes, failed = [], [], False

    cores = os.cpu_count() or 1
    print(
        f"ivplan-benchmark: {' '.join(ivplan)}; Python {sys.version.split()[0]}; {cores} kernen; "
        f"belasting bij de start {os.getloadavg()[0]:.2f}; {args.runs} metingen per cijfer (mediaan)",
        file=sys.stderr,
    )

    try:
        if "build" in only or "schaal" in only or "pdf" in only:
            if shutil.which("pandoc") is None:
                notes.append("pandoc niet gevonden: vergelijking 1 overgeslagen")
            else:
                pandoc_rows(args, only, work, env, ivplan, cache, rows, notes)
                failed |= any(r[-1] == "NIET GEHAALD" for r in rows)

        if "help" in only:
            h, base = bench_rounds(
                [Spec("ivplan --help", [ivplan + ["--help"]]), Spec("python -c pass", [[py, "-c", "pass"]])],
                env,
                work,
                args.runs,
            )
            ratio = h.median / base.median
            ok = ratio < 2.0
            failed |= not ok
            rows.append(row(h, f"{ratio:.2f} x python", "< 2.0", ok))
            rows.append(row(base))

        if "gezamenlijk" in only:
            # A region where a third of the gemeenten have joint plans (docs/gezamenlijke-plannen.md): groups of three,
            # each a deel A (which stands for its set on the command line) and three deel Bs.
            d = work / f"plannen-{args.n}-gezamenlijk"
            joint_n = args.n // 3
            paths = generate.generate(d, args.n, gezamenlijk=joint_n)
            g = bench(
                f"ivplan check, {args.n} gemeenten, {joint_n // 3 * 3} in gezamenlijke plannen",
                [ivplan + ["check", "--regio", str(d / "regio.yaml")] + [str(p) for p in paths]],
                env,
                work,
                args.runs,
                ok_codes=(0, 1),
            )
            ok = g.median < 5.0
            failed |= not ok
            rows.append(row(g, f"{len(paths)} bestanden genoemd", "< 5 s", ok))

        if "check" in only or "batch" in only or "uitvoering" in only:
            variants = {"met": True, "zonder": False}
            chosen = list(variants) if args.metingen == "beide" else [args.metingen]

            def plans(n: int, metingen: bool):
                d = work / f"plannen-{n}-{'met' if metingen else 'zonder'}-metingen"
                return d, generate.generate(d, n, metingen=metingen)

            def check_cmd(d: Path, paths):
                return [ivplan + ["check", "--regio", str(d / "regio.yaml")] + [str(p) for p in paths]]

            def build_cmd(d: Path, paths):
                return [ivplan + ["build", "-o", str(d / "out")] + [str(p) for p in paths]]

            if "uitvoering" in only:
                # every plan with its uitvoeringsprogramma: the regional check and the batch build
                d = work / f"plannen-{args.n}-uitvoering"
                u_paths = generate.generate(d, args.n, metingen=True, uitvoering=True)
                c = bench(
                    f"ivplan check, {args.n} plannen met uitvoeringsprogramma",
                    check_cmd(d, u_paths),
                    env,
                    work,
                    args.runs,
                    ok_codes=(0, 1),
                )
                ok = c.median < 5.0
                failed |= not ok
                rows.append(row(c, "", "< 5 s", ok))
                b = bench(
                    f"ivplan build, {args.n} plannen met uitvoeringsprogramma, --jobs 2",
                    build_cmd(d, u_paths),
                    env,
                    work,
                    batch_runs,
                    ok_codes=(0, 1),
                )
                ok = b.median < 60.0 and b.maxrss < 200 * MB
                failed |= not ok
                rows.append(row(b, "", "< 60 s, < 200 MB", ok))
            if "check" in only:
                big, big_paths = plans(args.n, True)
                small, small_paths = plans(args.small, True)
                c = bench(
                    f"ivplan check, {args.n} plannen", check_cmd(big, big_paths), env, work, args.runs, ok_codes=(0, 1)
                )
                cs = bench(
                    f"ivplan check, {args.small} plannen",
                    check_cmd(small, small_paths),
                    env,
                    work,
                    args.runs,
                    ok_codes=(0, 1),
                )
                ok = c.median < 5.0
                failed |= not ok
                rows.append(row(c, f"{c.maxrss / max(cs.maxrss, 1):.2f} x geheugen", "< 5 s", ok))
                rows.append(row(cs))

            if "batch" in only:

                def clean(d):
                    return lambda: shutil.rmtree(d / "out", ignore_errors=True)

                for variant in chosen:
                    metingen = variants[variant]
                    tag = f"{variant} metingen"
                    big, big_paths = plans(args.n, metingen)
                    small, small_paths = plans(args.small, metingen)
                    name_big = f"ivplan build, {args.n} plannen {tag}, --jobs {cores}"
                    name_small = f"ivplan build, {args.small} plannen {tag}, --jobs {cores}"
                    pairs, pngs = [], None
                    if metingen:
                        # Eerste build: the chart cache emptied before every run (the small batch's warm-up
                        # too, which warms the bytecode and matplotlib's font list); the big batch is not
                        # run an extra time for a warm-up.
                        bs = bench(
                            f"{name_small}, eerste build",
                            build_cmd(small, small_paths),
                            env,
                            work,
                            batch_runs,
                            prepare=cache.empty(clean(small)),
                            after=cache.check,
                        )
                        bb = bench(
                            f"{name_big}, eerste build",
                            build_cmd(big, big_paths),
                            env,
                            work,
                            batch_runs,
                            prepare=cache.empty(clean(big)),
                            warmup=False,
                            after=cache.check,
                        )
                        pngs = cache.last
                        pairs.append((bb, bs))
                        # Herbouw: the last "eerste build" run of the big batch left every chart of its
                        # plans in the cache (the small batch's warm-up run is then a rebuild as well).
                        bs = bench(
                            f"{name_small}, herbouw",
                            build_cmd(small, small_paths),
                            env,
                            work,
                            batch_runs,
                            prepare=clean(small),
                        )
                        bb = bench(
                            f"{name_big}, herbouw",
                            build_cmd(big, big_paths),
                            env,
                            work,
                            batch_runs,
                            prepare=clean(big),
                            warmup=False,
                        )
                        pairs.append((bb, bs))
                    else:
                        # The small batch warms the caches; the big one is not run an extra time for that.
                        bs = bench(
                            name_small, build_cmd(small, small_paths), env, work, batch_runs, prepare=clean(small)
                        )
                        bb = bench(
                            name_big, build_cmd(big, big_paths), env, work, batch_runs, prepare=clean(big), warmup=False
                        )
                        pairs.append((bb, bs))
                    for bb, bs in pairs:
                        mem_ratio = bb.maxrss / max(bs.maxrss, 1)
                        ok = bb.median < 60.0 and bb.maxrss < 200 * MB and mem_ratio < 1.25
                        failed |= not ok
                        rows.append(row(bb, f"{mem_ratio:.2f} x geheugen", "< 60 s, < 200 MB", ok))
                        rows.append(row(bs))
                    docs = len(list((big / "out").glob("*.docx")))
                    notes.append(
                        f"3 ({tag}): {args.n} plannen -> {docs} .docx"
                        + (f"; {pngs} PNG's in de grafiekenopslag na een eerste build" if pngs else "")
                    )
                notes.append(
                    "3: 'peak MB' is het grootste proces (hoofdproces of werker); 'ratio' bij de batches: "
                    f"piekgeheugen bij {args.n} gedeeld door dat bij {args.small} plannen (van dezelfde "
                    "soort: eerste build of herbouw); CPU/wall > 1: meer kernen tegelijk aan het werk"
                )
        if "preview" in only:
            if preview_latency.chromium() is None:
                notes.append("Chromium niet gevonden: de preview-meting (4) overgeslagen")
            else:
                latencies = preview_latency.measure(
                    ivplan, env, work, saves=args.saves, log=lambda line: print(line, file=sys.stderr, flush=True)
                )
                preview_rows = preview_latency.rows(latencies)
                failed |= any(r[-1] != "ok" for r in preview_rows)
                rows.extend(preview_rows)
                notes.append(
                    "4: van het moment dat het schrijven van het YAML-bestand terugkeert tot de MutationObserver "
                    "in de pagina de nieuwe tekst ziet (zelfde klok); opslaan om de seconde, titel en "
                    "streefwaarde om en om (de streefwaarde tekent een grafiek opnieuw); 'CPU s' en 'peak MB' "
                    "zijn die van het preview-proces (CPU per keer opslaan)"
                )
        if any(r[0].endswith(", eerste build") for r in rows):
            notes.append(
                "eerste build: de grafiekenopslag (XDG_CACHE_HOME/ivplan/grafieken in de werkmap) geleegd vóór "
                "elke run, ook de opwarmrun; herbouw: de opslag gevuld. Sjablonen (Jinja) en bytecode "
                "zijn bij beide al gecompileerd"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(table(rows))
    print()
    for n in notes:
        print(f"- {n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
