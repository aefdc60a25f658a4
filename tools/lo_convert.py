"""Convert .docx files to tagged PDFs with their tables of contents filled in, in one LibreOffice session.

This script does NOT run in ivplan's own Python: it needs the `uno` module, which only the Python that
LibreOffice was built against can import (Debian: /usr/bin/python3 with the package python3-uno).
`ivplan.render.pdf.docx_to_pdfs` starts it as

    /usr/bin/python3 -I lo_convert.py SOFFICE PROFILE_DIR PIPE_NAME INPUT.docx OUTPUT.pdf [INPUT OUTPUT]... [GUARD_FD]

or, with `- -` for the documents, reading them from stdin while LibreOffice starts (`_documents`),

in a process group of its own, so that on a timeout the caller can kill this script and every
LibreOffice process it started at once. The caller owns PROFILE_DIR (a folder of this run alone, so
parallel conversions never share a LibreOffice profile: fresh, or a copy of a profile kept from an
earlier run, which spares LibreOffice making one) and removes it afterwards.

GUARD_FD (optional) is the read end of a pipe whose write end only the caller holds. Before anything
else, a guard process is forked that waits on it: at end-of-file (the caller closed it, or died in any
way, SIGKILL included) the guard kills this process group, so no LibreOffice outlives the caller.

Steps: start `soffice --headless` with that profile, listening on a named pipe; connect; then for each
document: load it hidden; update every index (the Word TOC field is imported as a LibreOffice table of
contents, which a plain `--convert-to pdf` leaves as its placeholder text) and refresh all fields;
give a heading LibreOffice left alone at the bottom of a page a page break before it
(`_keep_with_next`) and then update the indexes again; store as PDF with the export filter options
below; close it. Finally terminate LibreOffice. One LibreOffice start for all documents: starting it
costs more than converting a plan.

Progress goes to stdout, one line each, flushed at once, so the caller can time every step:
`gestart` once LibreOffice answers, then per document (numbered from 0 in argument order) `klaar N`,
or `fout N <one Dutch line>` when that document failed (the others are still converted).

Exit status: 0 LibreOffice ran (see the progress lines per document); 2 the `uno` module cannot be
imported (python3-uno missing); 3 LibreOffice could not be started or failed as a whole, with one
Dutch line on stderr saying why.
"""

import os
import signal
import subprocess
import sys
import threading
import time

EXIT_NO_UNO = 2
EXIT_FAILED = 3

try:
    import uno
    from com.sun.star.beans import PropertyValue, UnknownPropertyException
    from com.sun.star.connection import NoConnectException
    from com.sun.star.container import NoSuchElementException
    from com.sun.star.lang import DisposedException
except ImportError as exc:  # python3-uno missing, or LibreOffice's URE not found
    print(f"de Python-module 'uno' ontbreekt ({exc})", file=sys.stderr)
    sys.exit(EXIT_NO_UNO)

# PDF export filter options (LibreOffice's writer_pdf_Export FilterData).
PDF_FILTER_DATA = {
    "UseTaggedPDF": True,  # structure tags: headings, lists, tables, alt text (EN 301 549 / WCAG)
    "ExportBookmarks": True,  # headings become the PDF outline (bookmarks pane)
    "DisplayPDFDocumentTitle": True,  # the viewer shows the document title, not the file name
    "ExportNotes": False,
    "ExportFormFields": False,
    "UseLosslessCompression": False,
    "Quality": 90,
}

SECONDS_BETWEEN_CONNECT_TRIES = 0.02  # LibreOffice answers within a second or so: look often
SECONDS_TO_WAIT_FOR_EXIT = 20


class ConversionError(Exception):
    """The conversion failed; the message is one Dutch line."""


def _props(**values):
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        result.append(prop)
    return tuple(result)


def _start_soffice(soffice, profile_dir, pipe_name):
    args = [
        soffice,
        "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile_dir)),
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext",
    ]
    try:
        # No pipes to LibreOffice: a process holding our stdout/stderr could keep the caller waiting.
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise ConversionError(f"LibreOffice ({soffice}) kan niet worden gestart: {exc.strerror or exc}") from None


def _connect(process, pipe_name):
    """The remote component context; waits as long as LibreOffice is starting (the caller times out)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            pass
        code = process.poll()
        if code is not None:
            raise ConversionError(f"LibreOffice stopte onverwacht tijdens het opstarten (afsluitcode {code})")
        time.sleep(SECONDS_BETWEEN_CONNECT_TRIES)


def _update_indexes_and_fields(doc):
    indexes = doc.getDocumentIndexes()
    # Twice: the first update replaces the placeholder with the real entries, which can move headings
    # to other pages; the second one picks up those final page numbers.
    for _ in range(2):
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()


MAX_KEEP_FIXES = 20  # pages a stranded keep-with-next paragraph may be moved to, per document


def _page(cursor, text_range):
    cursor.gotoRange(text_range, False)
    return cursor.getPage()


def _body(doc):
    """The body's elements (paragraphs and tables) and, for each, whether it keeps with the next one
    (UNO's ParaKeepTogether; a heading, a short intro). Two UNO calls per element: each call crosses
    the pipe to LibreOffice (0.2-0.4 ms), and a plan has hundreds of paragraphs. The end of the
    enumeration and a table (which has no ParaKeepTogether) are told by their exceptions instead of
    asking first."""
    elements, keeps = [], []
    enumeration = doc.getText().createEnumeration()
    while True:
        try:
            element = enumeration.nextElement()
        except NoSuchElementException:
            return elements, keeps
        elements.append(element)
        try:
            keeps.append(bool(element.getPropertyValue("ParaKeepTogether")))
        except UnknownPropertyException:
            keeps.append(False)


def _start_of(element):
    return (
        element.getAnchor().getStart() if element.supportsService("com.sun.star.text.TextTable") else element.getStart()
    )


def _first_stranded(elements, keeps, cursor):
    """The first paragraph of a keep-with-next chain that ends a page while what it keeps with starts on
    the next one; None when there is none (or when the chain starts its page: moving it would not help)."""
    for i, element in enumerate(elements[:-1]):
        if not keeps[i]:
            continue
        page = _page(cursor, element.getEnd())
        if _page(cursor, _start_of(elements[i + 1])) <= page:
            continue
        first = i
        while first > 0 and keeps[first - 1] and _page(cursor, elements[first - 1].getEnd()) == page:
            first -= 1
        if first > 0 and _page(cursor, elements[first - 1].getEnd()) == page:
            return elements[first]
    return None


def _a_page_ends_in_a_keep(doc, cursor) -> bool:
    """Whether a page other than the last ends in a paragraph that keeps with the next one: a paragraph
    _first_stranded finds ends its page, so where none does, it finds nothing. About five UNO calls per
    page instead of about ten per paragraph (havenstad's plan: 30 pages, 318 elements, 139 of which
    keep with the next; 0.35 s of round trips to LibreOffice for nothing when every keep was honoured)."""
    body = doc.getText()
    cursor.jumpToLastPage()
    for page in range(1, cursor.getPage()):
        cursor.jumpToPage(page)
        cursor.jumpToEndOfPage()
        try:
            paragraph = body.createTextCursorByRange(cursor.getEnd())
            if paragraph.getPropertyValue("ParaKeepTogether"):
                return True
        except Exception:  # noqa: BLE001 - the page ends in a table or a frame: not a body paragraph
            continue
    return False


def _keep_with_next(doc) -> bool:
    """Give every heading (and short intro) that LibreOffice left alone at the bottom of a page a page
    break before it, so it stands with what it keeps with; whether any was moved.

    LibreOffice lays a page out in several passes and, to end them, stops moving a paragraph forward
    once it has moved back; on a page with a table that can leave a 'keep with next' paragraph alone at
    the bottom while the paragraph it keeps with went to the next page (Word does not do this). This
    reads the finished layout through the view cursor and only acts where the keep was not honoured."""
    from com.sun.star.style.BreakType import PAGE_BEFORE

    cursor = doc.getCurrentController().getViewCursor()
    if not _a_page_ends_in_a_keep(doc, cursor):
        return False
    moved = False
    elements, keeps = _body(doc)
    for _ in range(MAX_KEEP_FIXES):
        stranded = _first_stranded(elements, keeps, cursor)
        if stranded is None:
            break
        stranded.setPropertyValue("BreakType", PAGE_BEFORE)  # moves it, adds or removes no element
        moved = True
    return moved


def _convert(desktop, source, target):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(source)),
        "_blank",
        0,
        # The import filter named, so that a broken file fails instead of opening as plain text.
        _props(Hidden=True, FilterName="MS Word 2007 XML"),
    )
    if doc is None:
        raise ConversionError("LibreOffice kan het document niet openen")
    try:
        _update_indexes_and_fields(doc)
        if _keep_with_next(doc):
            _update_indexes_and_fields(doc)  # the page numbers in the TOC after headings moved
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", _props(**PDF_FILTER_DATA))
        args = _props(FilterName="writer_pdf_Export", Overwrite=True)
        args = args + (PropertyValue("FilterData", 0, filter_data, 0),)
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(os.path.abspath(target)), args))
    finally:
        try:
            doc.close(True)
        except Exception:  # noqa: BLE001 - closing is best effort; LibreOffice is terminated next
            pass


def _terminate(desktop, process):
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge drops while LibreOffice exits
            pass
    try:
        process.wait(timeout=SECONDS_TO_WAIT_FOR_EXIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _guard(fd):
    """Fork the guard process (module docstring); the caller goes on at once."""
    group = os.getpgrp()
    if os.fork() != 0:
        os.close(fd)
        return
    # the guard holds none of the caller's pipes (its stderr: the caller reads it to the end)
    devnull = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1, 2):
        os.dup2(devnull, std)
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    try:
        os.killpg(group, signal.SIGKILL)  # this guard too
    finally:
        os._exit(0)


def _documents():
    """The (input, output) pairs on stdin: their count, then every name, each followed by a NUL byte.
    Sent when the caller has them, so it can start LibreOffice before its documents exist (ivplan
    build --pdf starts it before it makes them). Counted, not read to the end: a process the caller
    forked meanwhile may hold the pipe open."""
    data = b""
    entries = []
    while not entries or len(entries) < 1 + 2 * int(entries[0]):
        chunk = os.read(0, 65536)
        if not chunk:
            raise ConversionError("de lijst met documenten is onvolledig")
        data += chunk
        entries = data.split(b"\0")[:-1]
    names = [os.fsdecode(name) for name in entries[1 : 1 + 2 * int(entries[0])]]
    return list(zip(names[0::2], names[1::2], strict=True))


def _documents_meanwhile():
    """Read the documents on stdin (_documents) in a thread from the start, while LibreOffice starts:
    a list of many documents is larger than a pipe holds, and the caller, writing it, must never wait
    for LibreOffice (a LibreOffice that hangs at its start is the caller's timeout to handle). Returns
    the function that waits for the list."""
    box = {}

    def read():
        try:
            box["pairs"] = _documents()
        except BaseException as exc:  # noqa: BLE001 - raised again in the main thread
            box["error"] = exc

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def documents():
        reader.join()
        if "error" in box:
            raise box["error"]
        return box["pairs"]

    return documents


def _say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _one_line(exc):
    """A UNO or Python exception as one line."""
    detail = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
    return " ".join(detail.split())


def main(argv):
    if len(argv) < 5:
        print(
            "gebruik: lo_convert.py SOFFICE PROFIELMAP PIJPNAAM INVOER.docx UITVOER.pdf [INVOER UITVOER]... [BEWAKER]",
            file=sys.stderr,
        )
        return EXIT_FAILED
    files = argv[3:]
    if len(files) % 2:  # an odd count: the last one is the guard's file descriptor
        _guard(int(files.pop()))
    soffice, profile_dir, pipe_name = argv[:3]
    pairs = list(zip(files[0::2], files[1::2], strict=True))
    later = pairs == [("-", "-")]  # the documents come on stdin (see _documents)
    documents = _documents_meanwhile() if later else None
    process = None
    desktop = None
    try:
        process = _start_soffice(soffice, profile_dir, pipe_name)
        context = _connect(process, pipe_name)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        _say("gestart")
        for number, (source, target) in enumerate(documents() if documents is not None else pairs):
            try:
                _convert(desktop, source, target)
                if not os.path.isfile(target) or os.path.getsize(target) == 0:
                    raise ConversionError("LibreOffice schreef geen PDF")
            except ConversionError as exc:
                _say(f"fout {number} {exc}")
            except Exception as exc:  # noqa: BLE001 - UNO raises its own exception types
                if isinstance(exc, DisposedException) or process.poll() is not None:
                    # LibreOffice itself is gone (its bridge closed; `process` is its launcher, which may
                    # not have noticed yet): the caller starts a new session for the rest
                    raise
                _say(f"fout {number} LibreOffice gaf een fout: {_one_line(exc)}")
            else:
                _say(f"klaar {number}")
    except ConversionError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - UNO raises its own exception types; report them in one line
        print(f"LibreOffice gaf een fout: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if process is not None:
            _terminate(desktop, process)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
