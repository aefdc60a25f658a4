"""Benchmark ivplan against its targets (issue 6), side by side in one run, and print a table.

    python bench/run.py [--runs 5] [--batch-runs 5] [-n 342] [--small 50] [--only build,help,check,batch]
                        [--metingen met|zonder|beide]

Every figure is a whole process, started with subprocess and timed with time.perf_counter (wall) and
os.wait4 (CPU time and peak memory of the process and everything it waited for), like hyperfine:
one warm-up run, then --runs measured runs; the table shows the median, min and max.

1. `ivplan build examples/havenstad.yaml --markdown` against pandoc turning that build's own two
   intermediate Markdown files into .docx: two pandoc processes, one per document, run one after the
   other; their wall times are summed into one figure per run. Once for havenstad as it is (its plan
   document draws 11 charts with matplotlib, which pandoc does not: for pandoc an `[[afbeelding: ...]]`
   line is text), once for havenstad without its metingen (no charts).
2. `ivplan --help` against a bare `python -c pass` with the same interpreter.
3. bench/generate.py makes N plans (default 342) and a regio file: `ivplan check --regio` over all of them,
   and `ivplan build` of all of them with the default --jobs (the number of cores), for plans with
   metingen (charts) and without (--metingen chooses). Peak memory per process is compared with a batch
   of --small plans (default 50) to show it does not grow with N.

Child processes get a bytecode cache of their own (PYTHONPYCACHEPREFIX in the work folder, filled by the
warm-up run), so a PYTHONDONTWRITEBYTECODE in the environment does not make every run compile ivplan
again, as it never does for an installed package. The warm-up run also fills Jinja's cache of compiled
templates (templating.py), as the first build on a machine does.
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

MB = 1024 * 1024


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


def bench(name: str, cmds, env, cwd, runs: int, ok_codes=(0,), prepare=None, warmup=True) -> Result:
    res = Result(name)
    if warmup:  # file cache, bytecode cache
        if prepare:
            prepare()
        run_once(cmds, env, cwd, ok_codes)
    for _ in range(runs):
        if prepare:
            prepare()
        res.samples.append(run_once(cmds, env, cwd, ok_codes))
        print(f"  {name}: {res.samples[-1].wall:.3f} s", file=sys.stderr, flush=True)
    return res


def without_metingen(text: str) -> str:
    """The plan without its doelen's `metingen` (so without charts), everything else as written."""
    import yaml

    plan = yaml.safe_load(text)
    for doel in plan.get("meetbare_doelen") or []:
        doel.pop("metingen", None)
    return generate.dump(plan)


def ivplan_command(python: str) -> list[str]:
    """The console script as users run it, if it is installed and current (it calls ivplan.entry, as
    pyproject.toml says); else `python -m ivplan`, which goes through the same entry point."""
    script = Path(python).parent / "ivplan"
    try:
        if "ivplan.entry" in script.read_text(encoding="utf-8", errors="replace"):
            return [str(script)]
    except OSError:
        pass
    return [python, "-m", "ivplan"]


def child_env(work: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("LANG", "C.UTF-8")
    return env


def fmt_row(cols, widths):
    return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cols, widths)))


def table(rows: list[tuple]) -> str:
    head = ("benchmark", "median s", "min s", "max s", "CPU s", "CPU/wall", "peak MB", "ratio", "target", "")
    body = [head] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in body) for i in range(len(head))]
    lines = [fmt_row(head, widths), "  ".join("-" * w for w in widths)]
    lines += [fmt_row(r, widths) for r in body[1:]]
    return "\n".join(lines)


def row(res: Result, ratio: str = "", target: str = "", ok: bool | None = None):
    s = res.samples
    return (res.name, f"{res.median:.3f}", f"{min(x.wall for x in s):.3f}", f"{max(x.wall for x in s):.3f}",
            f"{res.cpu:.2f}", f"{res.cpu / res.median:.2f}" if res.median else "", f"{res.maxrss / MB:.0f}",
            ratio, target, "" if ok is None else ("ok" if ok else "NIET GEHAALD"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="ivplan benchmark (issue 6)")
    ap.add_argument("--runs", type=int, default=5, help="measured runs per figure (after one warm-up)")
    ap.add_argument("--batch-runs", type=int, default=None, help="runs for the N-plan build (default: --runs)")
    ap.add_argument("-n", type=int, default=342, help="number of generated plans")
    ap.add_argument("--small", type=int, default=50, help="smaller batch to compare peak memory with")
    ap.add_argument("--only", default="build,help,check,batch", help="comma-separated: build,help,check,batch")
    ap.add_argument("--metingen", choices=["met", "zonder", "beide"], default="beide",
                    help="batch build of plans with metingen (charts), without, or both")
    ap.add_argument("--python", default=sys.executable, help="the interpreter that has ivplan's dependencies")
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folder here (default: a temp dir)")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    batch_runs = args.batch_runs or args.runs

    work = Path(tempfile.mkdtemp(prefix="ivplan-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    env = child_env(work)
    ivplan = ivplan_command(args.python)
    py = args.python
    rows, notes, failed = [], [], False

    cores = os.cpu_count() or 1
    print(f"ivplan-benchmark: {' '.join(ivplan)}; Python {sys.version.split()[0]}; {cores} kernen; "
          f"belasting bij de start {os.getloadavg()[0]:.2f}; {args.runs} metingen per cijfer (mediaan)",
          file=sys.stderr)

    try:
        if "build" in only:
            if shutil.which("pandoc") is None:
                notes.append("pandoc niet gevonden: vergelijking 1 overgeslagen")
            else:
                havenstad = ROOT / "examples" / "havenstad.yaml"
                zonder = work / "havenstad-zonder-metingen" / "havenstad.yaml"
                zonder.parent.mkdir(parents=True, exist_ok=True)
                zonder.write_text(without_metingen(havenstad.read_text(encoding="utf-8")), encoding="utf-8")
                for label, plan in (("havenstad", havenstad), ("havenstad zonder metingen", zonder)):
                    out = work / ("build-" + plan.parent.name)
                    b = bench(f"ivplan build {label} --markdown",
                              [ivplan + ["build", str(plan), "--markdown", "-o", str(out)]], env, work, args.runs)
                    mds = sorted(out.glob("*.md"))
                    if len(mds) != 2:
                        raise SystemExit(f"bench: verwacht twee .md-bestanden in {out}, gevonden: {mds}")
                    p = bench(f"pandoc, 2 x .md -> .docx ({label})",
                              [["pandoc", str(md), "-o", str(work / (md.stem + "-pandoc.docx"))] for md in mds],
                              env, work, args.runs)
                    ratio = b.median / p.median
                    ok = ratio <= 1.0
                    failed |= not ok
                    rows.append(row(b, f"{ratio:.2f} x pandoc", "<= 1.0 (0.7)", ok))
                    rows.append(row(p))
                    size = sum(md.stat().st_size for md in mds)
                    charts = len(re.findall(r"\[\[afbeelding: grafiek-", mds[0].read_text(encoding="utf-8")))
                    notes.append(f"1 ({label}): {size // 1024} KB Markdown, {charts} grafieken in het plan; "
                                 "pandoc: twee processen na elkaar (plan en raadsvoorstel), de tijden per meting "
                                 "opgeteld; pandoc tekent de grafieken niet (voor pandoc is [[afbeelding: ...]] tekst)")
                notes.append("1: " + subprocess.run(["pandoc", "--version"], capture_output=True,
                                                     text=True).stdout.splitlines()[0])

        if "help" in only:
            h = bench("ivplan --help", [ivplan + ["--help"]], env, work, args.runs)
            base = bench("python -c pass", [[py, "-c", "pass"]], env, work, args.runs)
            ratio = h.median / base.median
            ok = ratio < 2.0
            failed |= not ok
            rows.append(row(h, f"{ratio:.2f} x python", "< 2.0", ok))
            rows.append(row(base))

        if "check" in only or "batch" in only:
            variants = {"met": True, "zonder": False}
            chosen = list(variants) if args.metingen == "beide" else [args.metingen]

            def plans(n: int, metingen: bool):
                d = work / f"plannen-{n}-{'met' if metingen else 'zonder'}-metingen"
                return d, generate.generate(d, n, metingen=metingen)

            def check_cmd(d: Path, paths):
                return [ivplan + ["check", "--regio", str(d / "regio.yaml")] + [str(p) for p in paths]]

            def build_cmd(d: Path, paths):
                return [ivplan + ["build", "-o", str(d / "out")] + [str(p) for p in paths]]

            if "check" in only:
                big, big_paths = plans(args.n, True)
                small, small_paths = plans(args.small, True)
                c = bench(f"ivplan check, {args.n} plannen", check_cmd(big, big_paths), env, work, args.runs,
                          ok_codes=(0, 1))
                cs = bench(f"ivplan check, {args.small} plannen", check_cmd(small, small_paths), env, work,
                           args.runs, ok_codes=(0, 1))
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
                    # The small batch warms the caches; the big one is not run an extra time for that.
                    bs = bench(f"ivplan build, {args.small} plannen {tag}, --jobs {cores}",
                               build_cmd(small, small_paths), env, work, batch_runs, prepare=clean(small))
                    bb = bench(f"ivplan build, {args.n} plannen {tag}, --jobs {cores}", build_cmd(big, big_paths),
                               env, work, batch_runs, prepare=clean(big), warmup=False)
                    mem_ratio = bb.maxrss / max(bs.maxrss, 1)
                    ok = bb.median < 60.0 and bb.maxrss < 200 * MB and mem_ratio < 1.25
                    failed |= not ok
                    rows.append(row(bb, f"{mem_ratio:.2f} x geheugen", "< 60 s, < 200 MB", ok))
                    rows.append(row(bs))
                    docs = len(list((big / "out").glob("*.docx")))
                    notes.append(f"3 ({tag}): {args.n} plannen -> {docs} .docx")
                notes.append("3: 'peak MB' is het grootste proces (hoofdproces of werker); 'ratio' bij de batches: "
                             f"piekgeheugen bij {args.n} gedeeld door dat bij {args.small} plannen; CPU/wall > 1: "
                             "meer kernen tegelijk aan het werk")
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
