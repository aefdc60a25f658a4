#!/usr/bin/env bash
# Checks the system packages that ivplan's tests need (run by `make test` before pytest) and installs
# the missing ones with apt-get when allowed: as root, or with passwordless sudo. Otherwise it stops at
# once (exit 1) and prints which packages are missing and the command that installs them.
#
#   LibreOffice Writer  soffice on PATH                     libreoffice-writer-nogui (--pdf, tests/test_pdf.py)
#   python3-uno         /usr/bin/python3 -c 'import uno'    python3-uno (TOC update + tagged PDF export)
#   Chromium            /usr/bin/chromium                   chromium (axe-core check of the HTML report)
#   poppler-utils       pdftotext, pdftoppm, pdfinfo        poppler-utils (reading PDFs in tests)
#   fonts               Liberation Sans, DejaVu Sans        fonts-liberation2 (metric-compatible with
#                                                           Arial, the documents' default font),
#                                                           fonts-dejavu-core (fallback, e.g. for Consolas)
#   Dutch hyphenation   /usr/share/hyphen/hyph_nl_NL.dic    hyphen-nl (LibreOffice hyphenates the
#                                                           documents' Dutch text with it; without it a
#                                                           word too long for its column breaks without
#                                                           a hyphen in the PDF)
#
# Idempotent and fast when everything is present: then it runs no apt-get at all and prints nothing.
# It never downloads a browser or anything else outside the distribution's packages.
set -euo pipefail

missing=()

have_fonts() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$1" family 2>/dev/null)" ]
}

check() {
    missing=()
    if ! command -v soffice >/dev/null 2>&1; then
        missing+=(libreoffice-writer-nogui)
    fi
    if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -I -c 'import uno' >/dev/null 2>&1; }; then
        missing+=(python3-uno)
    fi
    if [ ! -x /usr/bin/chromium ]; then
        missing+=(chromium)
    fi
    if ! { command -v pdftotext && command -v pdftoppm && command -v pdfinfo; } >/dev/null 2>&1; then
        missing+=(poppler-utils)
    fi
    if ! command -v fc-list >/dev/null 2>&1; then
        missing+=(fontconfig)
    fi
    if ! have_fonts "Liberation Sans"; then
        missing+=(fonts-liberation2)
    fi
    if ! have_fonts "DejaVu Sans"; then
        missing+=(fonts-dejavu-core)
    fi
    if [ ! -f /usr/share/hyphen/hyph_nl_NL.dic ]; then
        missing+=(hyphen-nl)
    fi
}

install_command() {
    echo "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
}

check
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    sudo=(sudo -n)
else
    echo "systeempakketten: deze pakketten ontbreken voor de tests: ${missing[*]}" >&2
    echo "systeempakketten: installeer ze (met beheerdersrechten) met:" >&2
    echo "  $(install_command)" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "systeempakketten: deze pakketten ontbreken voor de tests: ${missing[*]}" >&2
    echo "systeempakketten: apt-get niet gevonden; installeer ze met de pakketbeheerder van dit systeem" >&2
    exit 1
fi

echo "systeempakketten: installeren: ${missing[*]}" >&2
# Lock::Timeout: wait for an apt-get that is already running instead of failing at once.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
    install --no-install-recommends "${missing[@]}" >&2

check
if [ ${#missing[@]} -ne 0 ]; then
    echo "systeempakketten: na installatie ontbreken nog: ${missing[*]}" >&2
    echo "systeempakketten: probeer handmatig: $(install_command)" >&2
    exit 1
fi
echo "systeempakketten: alles geïnstalleerd" >&2
