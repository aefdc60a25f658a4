"""Never a crash: any text (control characters, brackets, pipes, HTML, odd lists) gives a valid .docx."""

import datetime
import importlib.util
import io
import zipfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from ivplan.render.docxwriter import DocumentMeta, write_docx

VALIDATE = Path(__file__).parent / "data" / "docxwriter" / "ooxml" / "validate.py"
_spec = importlib.util.spec_from_file_location("ooxml_validate", VALIDATE)
validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate)
SCHEMA = validate.load_schema()

META = DocumentMeta(title="T\x00itel", subject="Onderwerp", author="Gemeente", created=datetime.date(2027, 1, 1))

PIECES = st.sampled_from(
    [
        "- ",
        "  - ",
        "    - ",
        "1. ",
        "3. ",
        "# ",
        "## ",
        "##### ",
        "> ",
        "    ",
        "| a | b |\n|---|---|\n| 1 |",
        "[[nieuwe-pagina]]",
        "[[labeltabel]]",
        "[[tabel: x]]",
        "[[regels]]",
        "[[/regels]]",
        "[[titel: *t*]]",
        "[[inhoudsopgave]]",
        "[[voettekst: p {PAGE}/{NUMPAGES}]]",
        "[[kopnummering]]",
        "[[afbeelding: x | y]]",
        "\\[[",
        "[l](https://x.nl)",
        "[j](javascript:x)",
        "![a](b)",
        "<script>",
        "&amp;",
        "**",
        "*",
        "`",
        "\n",
        "\n\n",
        "  \n",
        "\x00",
        "\x0b",
        "\ufffe",
        "\ud800",
        "é€",
        "tekst",
        " ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_any_text_gives_a_valid_document(markdown):
    warnings = []
    data = write_docx(markdown, META, warn=warnings.append)
    docx.Document(io.BytesIO(data))  # opens
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml"):
            root = etree.fromstring(z.read(name))
            assert SCHEMA.validate(validate.strip_extensions(root)), (name, SCHEMA.error_log.last_error)
