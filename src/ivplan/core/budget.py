"""Time and memory budgets for work that runs code ivplan does not control (a gemeente's templates).

`Budget(seconds, memory)` is a context manager around such work:
- time: a watchdog thread raises `OverTime` in the working thread when the time is up (CPython's
  PyThreadState_SetAsyncExc: delivered between two bytecodes, so a Jinja loop that never ends is
  stopped; one long C call, such as allocating a huge string, is not, which the memory budget covers);
- memory: the process's address space (RLIMIT_AS) is capped at what it uses now plus `memory` bytes, so
  an allocation beyond it fails at once with MemoryError instead of taking gigabytes. The cap is
  process-wide, so it is only set while this thread is the only one (a batch worker, a single build);
  the soft limit is restored afterwards (raising it back up to the hard limit needs no privileges).

Both are BaseExceptions or MemoryError, which template code cannot catch.
"""

from __future__ import annotations

import ctypes  # PyThreadState_SetAsyncExc (CPython's C API); cheap: 1 ms
import threading
from types import TracebackType

try:
    import resource
except ImportError:  # not on Windows: no memory cap there
    resource = None  # type: ignore[assignment]


class OverTime(BaseException):
    """The time budget ran out (a BaseException: template and library code catching Exception must
    not swallow it)."""


def _address_space_in_use() -> int | None:
    """Bytes of address space this process has mapped now (VmSize), None where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class Budget:
    def __init__(self, seconds: float, memory: int | None = None) -> None:
        self.seconds = seconds
        self.memory = memory
        self.over_time = False
        self._lock = threading.Lock()
        self._active = False
        self._thread_id = 0
        self._timer: threading.Timer | None = None
        self._saved_limit: tuple[int, int] | None = None

    def __enter__(self) -> Budget:
        only_thread = threading.active_count() == 1
        self._thread_id = threading.get_ident()
        self._active = True
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        if self.memory is not None and only_thread and resource is not None:
            self._cap_memory(self.memory)
        return self

    def _cap_memory(self, memory: int) -> None:
        in_use = _address_space_in_use()
        if in_use is None:
            return
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = in_use + memory
        if hard != resource.RLIM_INFINITY and cap > hard:
            return
        if soft != resource.RLIM_INFINITY and soft <= cap:
            return  # a tighter limit is already in force
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            self._saved_limit = (soft, hard)
        except (ValueError, OSError):
            pass

    def _fire(self) -> None:
        with self._lock:
            if not self._active:
                return
            self.over_time = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), ctypes.py_object(OverTime))

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            with self._lock:
                self._active = False
            if self._timer is not None:
                self._timer.cancel()
            if self.over_time:
                # fired just as the work ended: the exception may still be pending; take it back and
                # raise it here, where the caller expects it, not somewhere after the with-block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)
                if kind is None:
                    raise OverTime
        finally:
            # also when OverTime arrives inside this method: the cap never outlives the budget
            if self._saved_limit is not None:
                resource.setrlimit(resource.RLIMIT_AS, self._saved_limit)
                self._saved_limit = None
