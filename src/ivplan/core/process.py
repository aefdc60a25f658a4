"""Child processes that die with their parent.

A batch's worker processes and the process that draws charts ahead are forked from ivplan. When ivplan
is killed (SIGKILL, or SIGTERM, whose default action ends the process without any clean-up), nothing in
it runs any more, so the children must notice by themselves: on Linux the kernel sends them a signal
when their parent dies (prctl PR_SET_PDEATHSIG). LibreOffice is guarded differently, see render/pdf.py.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes that die with this one, also when it is killed (SIGKILL, SIGTERM):
    no orphans."""
    from concurrent.futures import ProcessPoolExecutor  # here: one plan or a small region needs no pool (17 ms)

    return ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """Call first thing in a child: it gets `sig` when its parent dies. The parent may have died
    before the call took effect; then the child ends at once. Does nothing where prctl is missing.

    (The kernel ties the signal to the parent *thread* that forked the child: fork from the thread that
    lives as long as the process, as ProcessPoolExecutor does with the fork start method.)"""
    if not sys.platform.startswith("linux"):
        return
    import ctypes.util  # here: only a child needs it, not every ivplan start

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid and not _alive(parent_pid):
        os._exit(1)  # the parent died before the signal was armed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
