"""The chart process of a single `ivplan build`, started as early as possible.

A first build of a plan with metingen waits for its charts: a second process loads matplotlib (0.2 s)
and draws them while this one loads its own modules and checks the plan
(render/chart_cache.EarlyDrawer). The sooner it starts, the sooner the charts are there. `entry.py`
starts it from the command line as typed, before click and the commands are loaded (75 ms after the
process began instead of 130 ms); the build command starts it itself when entry did not (a command
line this module does not recognise, or the commands called from Python, as the tests do).

A guess that is wrong costs CPU, never a different document: the process draws only the charts the
build sends it, into the chart cache, and the build draws whatever it did not leave.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

TYPE_CHECKING = False  # not typing's: entry.py imports this module, and `typing` costs --help 3 ms
if TYPE_CHECKING:
    from ivplan.render.chart_cache import EarlyDrawer

MAX_SNIFF = 4 * 2**20  # bytes of a plan looked at for "metingen" (beyond the source cap: IVP905 anyway)
PLAN_SUFFIXES = (".yaml", ".yml")


def start_early_charts(plannen: list[str] | list[Path], jobs: int | None) -> EarlyDrawer | None:
    """For one plan with metingen and a core to spare: the process that draws its charts, started now,
    so that loading matplotlib overlaps with loading the build's own modules and checking the plan
    instead of following them."""
    if len(plannen) != 1 or (jobs or os.cpu_count() or 1) < 2:
        return None
    try:
        if not stat.S_ISREG(os.stat(plannen[0]).st_mode):
            return None  # a FIFO or a device: never opened here (the loader says what it is)
        with open(plannen[0], "rb") as fh:
            if b"metingen" not in fh.read(MAX_SNIFF):
                return None  # no charts to draw: a plan without metingen, or an uitvoeringsprogramma
    except OSError:
        return None
    # here: the chart code (not matplotlib: the child loads that), only for a single build with metingen
    from ivplan.render import chart_cache, charts

    plan = Path(plannen[0])
    return chart_cache.EarlyDrawer.start(charts.load_drawing, charts.draw_chart, lambda: charts.charts_missing(plan))


def early_charts_for(args: list[str]) -> EarlyDrawer | None:
    """The chart process for a command line `build ... PLAN.yaml ...` as typed (without the program
    name): one argument naming a YAML file, no --jobs and no --help.
    Anything else is left to the build command."""
    if args[:1] != ["build"]:
        return None
    rest = args[1:]
    if any(a.startswith(("--jobs", "-j")) or a in ("--help", "-h") for a in rest):
        return None  # the build decides about a second core; help builds nothing
    plannen = [a for a in rest if not a.startswith("-") and a.endswith(PLAN_SUFFIXES)]
    return start_early_charts(plannen, None) if len(plannen) == 1 else None
