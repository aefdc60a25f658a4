"""Save-to-update latency of `ivplan preview` (issue 19: at most 300 ms, median of 20 saves).

`ivplan preview` runs as its own process on a copy of examples/havenstad.yaml; Debian's Chromium, driven
by Playwright, shows the page. A MutationObserver in the page notes the moment the expected new text
appears in the document (`performance.timeOrigin + performance.now()`, the machine's wall clock, in
ms); the benchmark notes the moment its write of the YAML file returns (`time.time()`, the same clock).
The latency is the difference. Saves are one second apart and alternate a title edit and a
streefwaarde edit of a doel with a chart (which redraws that chart); one save of each kind first as a
warm-up, then `saves` of each kind. Reported: the median of the title saves, of the streefwaarde saves
and of all of them, against the target of at most 300 ms.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

TARGET = 0.300  # seconds, median
TITLE = 'titel: "Samen veilig in Havenstad'
STREEFWAARDE = "streefwaarde: {waarde: 45, jaar: 2030}"  # doel ond-bestuurlijk, 11 charts in the plan
URL_LINE = re.compile(r"Voorbeeld: (http://127\.0\.0\.1:\d+/\?t=[0-9a-f]+)  \(stoppen: Ctrl\+C\)")

OBSERVER = """() => {
  window.ivpBench = { verwacht: null, gezien: null };
  const inhoud = document.getElementById("inhoud");
  new MutationObserver(() => {
    const b = window.ivpBench;
    if (b.verwacht !== null && b.gezien === null && inhoud.textContent.includes(b.verwacht)) {
      b.gezien = performance.timeOrigin + performance.now();
    }
  }).observe(inhoud, { childList: true, subtree: true, characterData: true });
}"""


@dataclass
class Latencies:
    title: list[float] = field(default_factory=list)  # seconds
    streefwaarde: list[float] = field(default_factory=list)
    cpu_per_save: float = 0.0  # seconds of the preview process's CPU time per save
    peak_rss: int = 0  # bytes, the preview process's high-water mark

    @property
    def all(self) -> list[float]:
        return self.title + self.streefwaarde


def chromium() -> str | None:
    path = os.environ.get("IVPLAN_CHROMIUM", "/usr/bin/chromium")
    return path if (Path(path).exists() or shutil.which(path)) else None


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _proc_peak(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def measure(ivplan: list[str], env: dict, work: Path, saves: int = 20, interval: float = 1.0, log=print) -> Latencies:
    from playwright.sync_api import sync_playwright

    folder = work / "preview"
    folder.mkdir(parents=True, exist_ok=True)
    plan = folder / "havenstad.yaml"
    source = (Path(__file__).resolve().parent.parent / "examples" / "havenstad.yaml").read_text(encoding="utf-8")
    if TITLE not in source or STREEFWAARDE not in source:
        raise SystemExit("bench: examples/havenstad.yaml heeft niet meer de titel of streefwaarde die de bench wijzigt")
    plan.write_text(source, encoding="utf-8")
    proc = subprocess.Popen(
        ivplan + ["preview", str(plan), "--geen-browser"],
        env=env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    result = Latencies()
    try:
        match = URL_LINE.search(proc.stdout.readline())
        if match is None:
            raise SystemExit(f"bench: ivplan preview gaf geen URL:\n{proc.stderr.read()[-2000:]}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            page.goto(match.group(1))
            page.locator("#inhoud .titel").wait_for()
            page.evaluate(OBSERVER)
            cpu_start = _proc_cpu(proc.pid)
            for i in range(-1, saves):  # -1: the warm-up pair
                for kind in ("title", "streefwaarde"):
                    n = i + 2  # a different value every save
                    if kind == "title":
                        expected = f"Samen veilig in Havenstad {n}:"
                        text = source.replace(TITLE, f'titel: "Samen veilig in Havenstad {n}', 1)
                    else:
                        # three decimals ending in 1: no trailing zero that the document would drop
                        expected = f"45,{n:02d}1 (2030)"
                        text = source.replace(STREEFWAARDE, f"streefwaarde: {{waarde: 45.{n:02d}1, jaar: 2030}}", 1)
                    page.evaluate("e => { window.ivpBench.verwacht = e; window.ivpBench.gezien = null; }", expected)
                    plan.write_text(text, encoding="utf-8")
                    written = time.time() * 1000
                    seen = None
                    deadline = time.monotonic() + 10
                    while seen is None and time.monotonic() < deadline:
                        time.sleep(0.01)
                        seen = page.evaluate("window.ivpBench.gezien")
                    if seen is None:
                        raise SystemExit(f"bench: de pagina toonde '{expected}' niet binnen 10 s")
                    latency = (seen - written) / 1000
                    if i >= 0:
                        getattr(result, kind).append(latency)
                        log(f"  ivplan preview, {kind} {i + 1}/{saves}: {latency * 1000:.0f} ms")
                    time.sleep(max(0.0, interval - (time.time() * 1000 - written) / 1000))
            result.cpu_per_save = (_proc_cpu(proc.pid) - cpu_start) / (2 * saves + 2)
            result.peak_rss = _proc_peak(proc.pid)
            browser.close()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
    return result


def rows(result: Latencies) -> list[tuple]:
    """Table rows in bench/run.py's columns: name, median, min, max, CPU, CPU/wall, peak MB, ratio, target."""
    out = []
    everything = result.all
    for name, values in (
        ("ivplan preview: opslaan -> pagina, titel", result.title),
        ("ivplan preview: opslaan -> pagina, streefwaarde (grafiek)", result.streefwaarde),
        ("ivplan preview: opslaan -> pagina, alle", everything),
    ):
        median = statistics.median(values)
        last = values is everything
        out.append(
            (
                name,
                f"{median:.3f}",
                f"{min(values):.3f}",
                f"{max(values):.3f}",
                f"{result.cpu_per_save:.3f}" if last else "",
                f"{result.cpu_per_save / median:.2f}" if last and median else "",
                f"{result.peak_rss / (1024 * 1024):.0f}" if last else "",
                f"mediaan van {len(values)}",
                f"<= {TARGET:.3f} s",
                "ok" if median <= TARGET else "NIET GEHAALD",
            )
        )
    return out
