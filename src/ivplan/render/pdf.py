"""Convert a built .docx to a tagged PDF with LibreOffice headless (`ivplan build --pdf`).

A plain `soffice --convert-to pdf` leaves the Word TOC field as its placeholder text and writes an
untagged PDF. So the conversion goes through LibreOffice's UNO API: the script tools/lo_convert.py
runs under the Python that has the `uno` module (Debian: /usr/bin/python3 with python3-uno; ivplan's
own venv cannot import it), starts soffice with a profile folder of its own, updates every index and
field, and exports with the filter option `UseTaggedPDF`.

All documents of a run are converted in one LibreOffice session (`docx_to_pdfs`): starting LibreOffice
costs more than converting a plan. Each session gets a temporary folder of its own (LibreOffice profile,
copies of the inputs, the PDFs before they are moved into place) and a unique pipe name, so parallel
runs never collide. The profile is a copy of one kept in ivplan's cache folder
($XDG_CACHE_HOME/ivplan/libreoffice/, per LibreOffice installation): making a profile is a large part of
LibreOffice's first start (about 1 s), and a copy per session keeps parallel runs apart. The first
session that ends well without one leaves its profile there (a rename, so no run can copy half a
profile); IVPLAN_CACHE=uit means a fresh profile every time. The script and every LibreOffice process
it starts share one process group, which is killed as a whole on a timeout and, to be sure nothing
lingers, after every session (once the PDFs are in place: LibreOffice's own shutdown is not waited for).

When ivplan itself is killed (SIGKILL, or SIGTERM), none of that runs. So LibreOffice is also guarded
from outside ivplan: the script gets the read end of a pipe whose only write end ivplan holds; a small
guard process of the script waits on it and kills the whole process group when it reads end-of-file,
which the kernel gives as soon as ivplan is gone, however it ended. The temporary folder holds a lock
(flock) for as long as its conversion runs; the next conversion removes every folder of this user
whose lock is free (its ivplan died) before it makes its own.

Errors (`PdfError`, one Dutch line naming the file, `exit_code` for the CLI):
- 2: LibreOffice or python3-uno is not installed (a usage error, docs/uitvoer.md "Exitcodes": the user must
  install something);
- 2 also: LibreOffice is installed but fails as a program: it stops before it could convert, or hangs
  (no answer within the time limit); the user must repair or restart it, as when it is missing;
- 3: LibreOffice reports that it cannot convert a document ivplan made (an internal failure).
A document that fails does not stop the others: a session that hangs or dies on one document is killed
and a new one converts the rest. When LibreOffice does not start at all, every document gets that error.
A PDF that cannot be written to its folder raises `ivplan.core.output.OutputError`, like every output.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import importlib.util
import os
import selectors
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ivplan.core.cache import cache_root, private_folder
from ivplan.core.errors import OutputError, PdfError
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
# The time limit for one document (the first one includes LibreOffice's start, maybe with a fresh
# profile): the example plan havenstad converts in about 2 seconds on a development machine, so a plan many
# times its size on a slow, busy machine stays well within it; a LibreOffice that hangs (a dialog it waits
# on, a profile another instance holds) is stopped after 3 minutes instead of never (exit 2).
DOCUMENT_SECONDS = 180
_SECONDS_FOR_LAST_WORDS = 10  # the script ended its output: this long for its exit code and stderr

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


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: float | None = None) -> None:
    """Convert `docx` to a tagged PDF at `pdf` with the TOC filled in; `pdf` is written atomically.

    Raises PdfError (exit_code 2: LibreOffice/python3-uno missing, LibreOffice stopped early or took longer
    than `timeout` seconds, after which every LibreOffice process of this run is killed; 3: LibreOffice
    could not convert the document) and OutputError (the PDF cannot be written).
    """
    [error] = docx_to_pdfs([(Path(docx), Path(pdf))], timeout=timeout)
    if error is not None:
        raise error


def docx_to_pdfs(
    pairs: Sequence[tuple[Path, Path]], *, timeout: float | None = None, session: PdfSession | None = None
) -> list[Exception | None]:
    """Convert every (docx, pdf) pair in one LibreOffice session; per pair None (the PDF is written,
    atomically) or its PdfError / OutputError. `timeout`: seconds LibreOffice may take for one document
    (the first one includes its start) before the session is killed. `session`: one started before the
    documents were made (PdfSession), used for them first.

    Raises PdfError with exit_code 2 when LibreOffice or python3-uno is not installed."""
    if timeout is None:
        timeout = DOCUMENT_SECONDS
    pairs = [(Path(d), Path(p)) for d, p in pairs]
    results: list[Exception | None] = [None] * len(pairs)
    if not pairs:
        return results
    soffice = _find_soffice()
    if soffice is None:
        first_pdf = pairs[0][1]
        raise PdfError(
            f"{first_pdf}: LibreOffice is niet geïnstalleerd (soffice niet gevonden); {INSTALL_HINT}", exit_code=2
        )
    script = _converter_script()
    todo = []
    for number, (docx, _pdf) in enumerate(pairs):
        if docx.is_file():
            todo.append(number)
        else:
            results[number] = PdfError(f"{docx}: het Word-document om naar PDF om te zetten bestaat niet", exit_code=3)
    early = session.take() if session is not None else None
    while todo:
        if early is not None:
            current, early = early, None
            current.timeout = timeout
            try:
                current.give([pairs[n] for n in todo])
            finally:
                current.close()
        else:
            current = _Session(soffice, script, [pairs[n] for n in todo], timeout)
            try:
                current.run()
            finally:
                current.close()
        if current.no_uno:
            raise PdfError(
                f"{pairs[todo[0]][1]}: python3-uno is niet geïnstalleerd ({UNO_PYTHON} kan 'uno' niet importeren); "
                f"{INSTALL_HINT}",
                exit_code=2,
            )
        for index, outcome in current.outcomes.items():
            results[todo[index]] = outcome
        if not current.started:
            # LibreOffice did not start (or not in time): every document left gets that error
            for index in range(len(todo)):
                if index not in current.outcomes:
                    results[todo[index]] = current.error_for(index)
            break
        todo = [n for i, n in enumerate(todo) if i not in current.outcomes]
    if early is not None:
        early.close()  # no document to give it
    return results


class PdfSession:
    """A LibreOffice session started before the documents exist (`ivplan build --pdf` starts it before it
    makes them: LibreOffice's start, about a second, then overlaps with the build). Hand it to
    docx_to_pdfs; `close()` it in any case (a session never used is stopped)."""

    def __init__(self, session: _Session | None) -> None:
        self._session = session

    @classmethod
    def start(cls) -> PdfSession:
        """Start one; without LibreOffice or its script, an empty one (docx_to_pdfs then says why)."""
        soffice = _find_soffice()
        if soffice is None:
            return cls(None)
        try:
            session = _Session(soffice, _converter_script(), [], 0)
            try:
                session.launch_early()
            except BaseException:
                session.close()
                raise
        except PdfError:
            return cls(None)
        return cls(session)

    def take(self) -> _Session | None:
        session, self._session = self._session, None
        return session

    def close(self) -> None:
        session = self.take()
        if session is not None:
            session.close()


@dataclass
class _Session:
    """One LibreOffice session (tools/lo_convert.py) for `pairs`, in a work folder of its own. `run()`
    fills `outcomes` (index -> None or the error) for the documents it finished; a session that hangs or
    dies on a document gives that document the error and leaves the rest for the next session."""

    soffice: str
    script: Path
    pairs: list[tuple[Path, Path]]
    timeout: float
    outcomes: dict[int, Exception | None] = field(default_factory=dict)
    started: bool = False
    no_uno: bool = False
    failure: str = ""  # why the session ended early (a last stderr line, an exit code, a timeout)
    timed_out: bool = False

    def __post_init__(self) -> None:
        self.work, self.lock = _locked_work_folder()
        self.profile = self.work / "profiel"
        self.kept_profile = _kept_profile(self.soffice)
        self.process: subprocess.Popen[bytes] | None = None
        self.guard: int | None = None  # the write end of the guard pipe (module docstring)
        self.pipe_name: str | None = None  # the named pipe LibreOffice listens on

    def error_for(self, index: int) -> PdfError:
        docx, pdf = self.pairs[index]
        # LibreOffice itself failing (it hangs, or stops before it could convert) is the installation's
        # problem, like LibreOffice missing: exit 2. A document it reports it cannot convert stays exit 3.
        if self.timed_out:
            seconds = _seconds(self.timeout)
            return PdfError(
                f"LibreOffice reageerde niet binnen {seconds} seconden bij het omzetten van {docx} naar PDF",
                exit_code=2,
            )
        return PdfError(f"{docx}: omzetten naar PDF mislukt: {self.failure}", exit_code=2)

    def run(self) -> None:
        """Convert `pairs`, starting LibreOffice now."""
        sources = self._copy_sources()
        if len(self.outcomes) == len(self.pairs):
            self.started = True  # nothing to convert; not a LibreOffice failure
            return
        self._launch(
            [
                str(p)
                for number, source in enumerate(sources)
                if number not in self.outcomes
                for p in (source, self._target(number))
            ]
        )
        self._finish()

    def launch_early(self) -> None:
        """Start LibreOffice before the documents exist; `give` them later (PdfSession)."""
        self._launch(["-", "-"], stdin=subprocess.PIPE)

    def give(self, pairs: list[tuple[Path, Path]]) -> None:
        """The documents for a session started early: sent to the script, then converted."""
        assert self.process is not None and self.process.stdin is not None
        self.pairs = pairs
        sources = self._copy_sources()
        todo = [number for number in range(len(sources)) if number not in self.outcomes]
        names = f"{len(todo)}".encode() + b"\0"  # the count first: tools/lo_convert.py _documents
        names += b"".join(
            os.fsencode(str(p)) + b"\0" for number in todo for p in (sources[number], self._target(number))
        )
        try:
            self.process.stdin.write(names)
            self.process.stdin.close()
        except OSError:
            pass  # the script ended already: _follow reads why
        if len(self.outcomes) == len(self.pairs):
            self.started = True
            return
        self._finish()

    def _copy_sources(self) -> list[Path]:
        sources = []
        for number, (docx, _pdf) in enumerate(self.pairs):
            # A copy of each input: LibreOffice puts its lock file beside the document it opens, and a
            # conversion must neither touch the output folder nor trip over another run's lock.
            source = self.work / f"{number}-{docx.name}"
            try:
                shutil.copyfile(docx, source)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise PdfError(
                        f"de tijdelijke map {self.work.parent} is vol ({reason(exc)})", exit_code=2
                    ) from None
                self.outcomes[number] = PdfError(f"{docx}: kan niet lezen ({exc.strerror or exc})", exit_code=3)
            sources.append(source)
        return sources

    def _launch(self, files: list[str], stdin: int = subprocess.DEVNULL) -> None:
        if self.kept_profile is not None and self.kept_profile.is_dir():
            try:
                shutil.copytree(self.kept_profile, self.profile, symlinks=True)
            except OSError:
                shutil.rmtree(self.profile, ignore_errors=True)  # a fresh profile then; slower, not wrong
        self.profile.mkdir(exist_ok=True)
        pipe_name = f"ivplan-{os.urandom(16).hex()}"  # one no other session has (not uuid: 2 ms to import)
        self.pipe_name = pipe_name
        args = [UNO_PYTHON, "-I", str(self.script), self.soffice, str(self.profile), pipe_name]
        guard_read, self.guard = os.pipe()  # see the module docstring: LibreOffice dies with ivplan
        try:
            self.process = subprocess.Popen(
                args + files + [str(guard_read)],
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_uno_env(),
                cwd=self.work,
                start_new_session=True,
                pass_fds=(guard_read,),
            )
        except OSError:
            raise PdfError(f"{UNO_PYTHON} ontbreekt, nodig voor LibreOffice; {INSTALL_HINT}", exit_code=2) from None
        finally:
            os.close(guard_read)  # the script has its own copy; ivplan keeps only the write end

    def _finish(self) -> None:
        assert self.process is not None
        self._follow([n for n in range(len(self.pairs)) if n not in self.outcomes])
        if self.kept_profile is not None and not self.kept_profile.exists() and len(self.outcomes) == len(self.pairs):
            # LibreOffice made a profile: let it end by itself, so that profile is whole and can be kept
            # (otherwise close() kills it right away: the PDFs are written, its shutdown is not needed)
            try:
                self.process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                pass

    def _target(self, number: int) -> Path:
        return self.work / f"{number}.pdf"

    def _follow(self, order: list[int]) -> None:
        """Read the script's progress lines, each step within `timeout` seconds."""
        assert self.process is not None and self.process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        buffered = b""
        position = 0  # index into `order` of the document being converted
        deadline = time.monotonic() + self.timeout
        try:
            while position < len(order):
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(timeout=left):
                    self.timed_out = True
                    self._fail(order[position])
                    return
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:  # the script ended before every document was done
                    self._ended_early(order[position])
                    return
                buffered += chunk
                while b"\n" in buffered:
                    line, buffered = buffered.split(b"\n", 1)
                    word, _, rest = line.decode("utf-8", "replace").partition(" ")
                    if word == "gestart":
                        self.started = True
                        continue
                    number_text, _, message = rest.partition(" ")
                    index = order[position]
                    if number_text != str(position):
                        continue  # not a line of ours
                    if word == "klaar":
                        self.outcomes[index] = self._keep(index)
                    else:
                        self.outcomes[index] = PdfError(
                            f"{self.pairs[index][0]}: omzetten naar PDF mislukt: {message}", exit_code=3
                        )
                    position += 1
                    deadline = time.monotonic() + self.timeout
        finally:
            selector.close()

    def _keep(self, index: int) -> Exception | None:
        try:
            write_atomic(self.pairs[index][1], self._target(index).read_bytes())
        except OutputError as exc:
            return exc
        except OSError:
            return PdfError(f"{self.pairs[index][0]}: omzetten naar PDF mislukt: LibreOffice schreef geen PDF")
        return None

    def _ended_early(self, index: int) -> None:
        assert self.process is not None
        if self.process.stdin is not None and self.process.stdin.closed:
            self.process.stdin = None  # handed its documents already (give): communicate() must not flush it
        try:
            _, stderr = self.process.communicate(timeout=_SECONDS_FOR_LAST_WORDS)
        except subprocess.TimeoutExpired:  # its stdout closed, but something of it lingers: enough
            _kill_group(self.process.pid)
            _, stderr = self.process.communicate()
        if self.process.returncode == _EXIT_NO_UNO:
            self.no_uno = True
            return
        full = temp_too_full()
        if full is not None:  # LibreOffice ran out of room; its own message blames the document
            raise full
        self.failure = _last_line(stderr) or f"afsluitcode {self.process.returncode}"
        self._fail(index)

    def _fail(self, index: int) -> None:
        """The session ends on document `index`: it gets the error if LibreOffice had started (the rest
        are for a next session); else run() leaves the error to every document."""
        if self.started:
            self.outcomes[index] = self.error_for(index)

    def close(self) -> None:
        """No LibreOffice process of this session may outlive it (also after an interrupt); a profile
        LibreOffice made here is kept for the next runs when the session went well."""
        try:
            if self.process is not None:
                _kill_group(self.process.pid)
                if self.process.poll() is None:
                    self.process.wait()
                for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                    if stream is not None:
                        stream.close()
                if self.process.returncode == 0 and self.kept_profile is not None and self.outcomes:
                    _keep_profile(self.profile, self.kept_profile)
        finally:
            if self.guard is not None:
                os.close(self.guard)
            if self.pipe_name is not None:
                _remove_pipe(self.pipe_name)
                _remove_pipe(_single_instance_pipe(self.profile))
            _remove(self.work)
            os.close(self.lock)


# Where LibreOffice (its OSL library) puts the socket of a named pipe: /tmp, else /var/tmp, whatever TMPDIR says
_PIPE_FOLDERS = ("/tmp", "/var/tmp")


def _remove_pipe(name: str) -> None:
    """Remove the socket of LibreOffice's named pipe (OSL_PIPE_<uid>_<name>): LibreOffice removes it
    only when it shuts down by itself, and a session stops it once the PDFs are written. Only a
    socket of this user is removed."""
    for folder in _PIPE_FOLDERS:
        path = os.path.join(folder, f"OSL_PIPE_{os.getuid()}_{name}")
        try:
            info = os.lstat(path)
            if stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid():
                os.unlink(path)
        except OSError:
            pass


def _single_instance_pipe(profile: Path) -> str:
    """The name of the pipe every LibreOffice makes for its profile ("SingleOfficeIPC_" and the MD5 of the
    profile's file URL as UTF-16, each byte in hex without a leading zero: desktop/source/app/
    officeipcthread.cxx). A session's profile is a new folder each run, so each run would leave one
    socket in /tmp. The URL is the one lo_convert.py passes (uno.systemPathToFileUrl); for a path with
    characters the two encode differently the name does not match and nothing is removed."""
    digest = hashlib.md5(Path(os.path.abspath(profile)).as_uri().encode("utf-16-le")).digest()  # noqa: S324
    return "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)


def _remove(folder: Path, seconds: float = 5.0) -> None:
    """Remove the work folder. LibreOffice is killed once the PDFs are in place (its shutdown is not
    waited for), and a killed process may still write to its profile for a moment: try again briefly."""
    deadline = time.monotonic() + seconds
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists() or time.monotonic() > deadline:
            return
        time.sleep(0.02)


def _kept_profile(soffice: str) -> Path | None:
    """Where the LibreOffice profile for this installation is kept; None when the cache is off or not
    private to this user (a profile someone else could write to could hold macros)."""
    root = cache_root()
    folder = private_folder(None if root is None else root / "libreoffice")
    if folder is None:
        return None
    real = os.path.realpath(soffice)
    try:
        stamp = f"{real}|{os.stat(real).st_mtime_ns}"
    except OSError:
        stamp = real
    return folder / hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:16]


def _keep_profile(profile: Path, kept: Path) -> None:
    """Copy a profile LibreOffice made into the cache, unless one is there already: first beside its
    place (the cache may be on another file system than the temporary folder), then renamed into it,
    atomically, so a run copying the kept profile sees all of it or none."""
    if kept.exists() or not (profile / "user").is_dir():
        return
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=".nieuw-", dir=kept.parent))
        shutil.copytree(profile, staging / "profiel", symlinks=True)
        os.rename(staging / "profiel", kept)
    except OSError:
        pass  # another run kept one first, or the cache is full: next time a fresh profile again
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
