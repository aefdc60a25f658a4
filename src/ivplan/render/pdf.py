"""Convert a built .docx to a tagged PDF with LibreOffice headless (`ivplan build --pdf`).

A plain `soffice --convert-to pdf` leaves the Word TOC field as its placeholder text and writes an
untagged PDF. So the conversion goes through LibreOffice's UNO API: the script tools/lo_convert.py
runs under the Python that has the `uno` module (Debian: /usr/bin/python3 with python3-uno; ivplan's
own venv cannot import it), starts soffice with a profile folder of its own, updates every index and
field, and exports with the filter option `UseTaggedPDF`.

Each conversion gets a fresh temporary folder (LibreOffice profile, a copy of the input, the PDF before
it is moved into place) and a unique pipe name, so parallel conversions never collide. The script and
every LibreOffice process it starts share one process group, which is killed as a whole on a timeout
and, to be sure nothing lingers, after every run.

When ivplan itself is killed (SIGKILL, or SIGTERM), none of that runs. So LibreOffice is also guarded
from outside ivplan: the script gets the read end of a pipe whose only write end ivplan holds; a small
guard process of the script waits on it and kills the whole process group when it reads end-of-file,
which the kernel gives as soon as ivplan is gone, however it ended. The temporary folder holds a lock
(flock) for as long as its conversion runs; the next conversion removes every folder of this user
whose lock is free (its ivplan died) before it makes its own.

Errors (`PdfError`, one Dutch line naming the file, `exit_code` for the CLI):
- 2: LibreOffice or python3-uno is not installed (a usage error, docs/uitvoer.md "Exitcodes": the user must
  install something);
- 3: LibreOffice is installed but the conversion failed or hung (an internal failure).
A PDF that cannot be written to its folder raises `ivplan.core.output.OutputError`, like every output.
"""

from __future__ import annotations

import errno
import fcntl
import importlib.util
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from ivplan.core.errors import PdfError
from ivplan.core.output import reason, write_atomic

# The Python that can `import uno`. Debian's python3-uno installs the module for the system Python.
UNO_PYTHON = "/usr/bin/python3"
# Program names looked up on PATH, in this order.
SOFFICE_NAMES = ("soffice", "libreoffice")

DEBIAN_PACKAGES = "libreoffice-writer-nogui (of libreoffice-writer) en python3-uno"
INSTALL_HINT = (
    f"installeer de Debian-pakketten {DEBIAN_PACKAGES}: "
    "sudo apt-get install --no-install-recommends libreoffice-writer-nogui python3-uno"
)

_EXIT_NO_UNO = 2  # tools/lo_convert.py: the uno module cannot be imported
_SECONDS_FOR_UNO_CHECK = 30

_CHECKOUT_ROOT = Path(__file__).resolve().parents[3]


def _find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _converter_script() -> Path:
    """tools/lo_convert.py in a checkout; the module `ivplan.tools.lo_convert` in an installed wheel."""
    checkout = _CHECKOUT_ROOT / "tools" / "lo_convert.py"
    if (_CHECKOUT_ROOT / "pyproject.toml").is_file() and checkout.is_file():
        return checkout
    spec = importlib.util.find_spec("ivplan.tools")
    if spec is not None and spec.submodule_search_locations:
        installed = Path(list(spec.submodule_search_locations)[0]) / "lo_convert.py"
        if installed.is_file():
            return installed
    raise PdfError("ivplan-installatie onvolledig: tools/lo_convert.py niet gevonden", exit_code=3)


def _uno_env() -> dict[str, str]:
    """The environment for the system Python: nothing of ivplan's venv may leak into it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    return env


def libreoffice_available() -> bool:
    """True when soffice is on PATH and the system Python can import `uno` (python3-uno)."""
    if _find_soffice() is None:
        return False
    try:
        result = subprocess.run(
            [UNO_PYTHON, "-I", "-c", "import uno"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_uno_env(),
            timeout=_SECONDS_FOR_UNO_CHECK,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def _seconds(timeout: float) -> str:
    """120 -> '120', 0.5 -> '0,5' (Dutch decimal comma)."""
    if float(timeout).is_integer():
        return str(int(timeout))
    return f"{timeout:g}".replace(".", ",")


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _last_line(text: bytes) -> str:
    lines = [line.strip() for line in text.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


WORK_PREFIX = "ivplan-pdf-"
LOCK_NAME = ".ivplan-bezig"
_SECONDS_BEFORE_UNLOCKED_IS_STALE = 600  # a folder without a lock file: older versions, or just made


def remove_stale_work_folders(root: Path | None = None) -> list[Path]:
    """Remove the temporary folders of conversions whose ivplan died (killed during `build --pdf`):
    folders named ivplan-pdf-* in the temp folder, owned by this user, not links, whose lock is free.
    Returns what was removed. Never fails: a folder that cannot be judged or removed stays."""
    root = Path(root or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(WORK_PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            continue
        folder = Path(entry.path)
        try:
            fd = os.open(folder / LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            if time.time() - info.st_mtime > _SECONDS_BEFORE_UNLOCKED_IS_STALE:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a running conversion holds it
        finally:
            os.close(fd)  # also releases the lock just taken
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


# What a conversion needs in the temporary folder besides the document: LibreOffice's profile (a few
# MB) and the PDF. Below this, LibreOffice fails in ways that blame the document ("kan het document
# niet openen"); the user must be told that the temporary folder is full instead.
MIN_FREE_BYTES = 32 * 2**20


def temp_too_full(needed: int = MIN_FREE_BYTES) -> PdfError | None:
    """A usage error (exit 2) when a temporary folder of this conversion has less than `needed` bytes
    free: Python's (tempfile passes over a full $TMPDIR without a word) and $TMPDIR, which LibreOffice
    uses as it is."""
    folders = [tempfile.gettempdir()]
    if os.environ.get("TMPDIR"):
        folders.insert(0, os.environ["TMPDIR"])
    for folder in folders:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            continue
        if free < needed:
            return _full_error(folder, free, needed)
    return None


def _full_error(folder: str, free: int, needed: int) -> PdfError:
    return PdfError(
        f"de tijdelijke map {folder} is (bijna) vol: {free // 2**20} MB vrij, LibreOffice heeft er ten minste "
        f"{needed // 2**20} MB nodig; maak ruimte of wijs met TMPDIR een andere map aan",
        exit_code=2,
    )


def _locked_work_folder() -> tuple[Path, int]:
    """A fresh temporary folder and the open file descriptor of its lock (held until closed)."""
    remove_stale_work_folders()
    root = Path(tempfile.gettempdir())
    full = temp_too_full()
    if full is not None:
        raise full
    try:
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    except OSError as exc:
        raise PdfError(f"de tijdelijke map {root} kan niet worden gebruikt ({reason(exc)})", exit_code=2) from None
    # The lock is taken under another name and then renamed into place, so that LOCK_NAME never
    # exists unlocked: a parallel run's remove_stale_work_folders would take a free lock for a dead one.
    unlocked = work / (LOCK_NAME + ".nieuw")
    fd = os.open(unlocked, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.replace(unlocked, work / LOCK_NAME)
    return work, fd


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: float = 120) -> None:
    """Convert `docx` to a tagged PDF at `pdf` with the TOC filled in; `pdf` is written atomically.

    Raises PdfError (exit_code 2: LibreOffice/python3-uno missing; 3: conversion failed or took longer
    than `timeout` seconds, after which every LibreOffice process of this run is killed) and
    OutputError (the PDF cannot be written).
    """
    docx = Path(docx)
    pdf = Path(pdf)
    soffice = _find_soffice()
    if soffice is None:
        raise PdfError(f"{pdf}: LibreOffice is niet geïnstalleerd (soffice niet gevonden); {INSTALL_HINT}", exit_code=2)
    script = _converter_script()
    if not docx.is_file():
        raise PdfError(f"{docx}: het Word-document om naar PDF om te zetten bestaat niet", exit_code=3)

    work, lock = _locked_work_folder()
    try:
        # A copy of the input: LibreOffice puts its lock file beside the document it opens, and a
        # conversion must neither touch the output folder nor trip over another run's lock.
        source = work / docx.name
        try:
            shutil.copyfile(docx, source)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise PdfError(f"de tijdelijke map {work.parent} is vol ({reason(exc)})", exit_code=2) from None
            raise PdfError(f"{docx}: kan niet lezen ({exc.strerror or exc})", exit_code=3) from None
        target = work / "uitvoer.pdf"
        profile = work / "profiel"
        profile.mkdir()
        pipe_name = f"ivplan-{uuid.uuid4().hex}"
        guard_read, guard_write = os.pipe()  # see the module docstring: LibreOffice dies with ivplan
        args = [
            UNO_PYTHON,
            "-I",
            str(script),
            soffice,
            str(profile),
            pipe_name,
            str(source),
            str(target),
            str(guard_read),
        ]
        try:
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=_uno_env(),
                cwd=work,
                start_new_session=True,
                pass_fds=(guard_read,),
            )
        except OSError:
            os.close(guard_write)
            raise PdfError(
                f"{pdf}: {UNO_PYTHON} ontbreekt, nodig voor LibreOffice; {INSTALL_HINT}", exit_code=2
            ) from None
        finally:
            os.close(guard_read)  # the script has its own copy; ivplan keeps only the write end
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.communicate()
            raise PdfError(
                f"LibreOffice reageerde niet binnen {_seconds(timeout)} seconden bij het omzetten van {docx} naar PDF",
                exit_code=3,
            ) from None
        finally:
            # Also after a normal exit or an interrupt: no soffice of this run may outlive it.
            _kill_group(process.pid)
            if process.poll() is None:
                process.wait()
            os.close(guard_write)
        if process.returncode == _EXIT_NO_UNO:
            raise PdfError(
                f"{pdf}: python3-uno is niet geïnstalleerd ({UNO_PYTHON} kan 'uno' niet importeren); {INSTALL_HINT}",
                exit_code=2,
            )
        if process.returncode != 0:
            full = temp_too_full()
            if full is not None:  # LibreOffice ran out of room; its own message blames the document
                raise full
            why = _last_line(stderr) or f"afsluitcode {process.returncode}"
            raise PdfError(f"{docx}: omzetten naar PDF mislukt: {why}", exit_code=3)
        write_atomic(pdf, target.read_bytes())
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(lock)
