"""ivplan's own Markdown-to-.docx writer: the last stage of the pipeline.

Markdown (with the directives of plan_templates/README.md) -> element tree (ivplan.render.markdown_reader) ->
WordprocessingML (writer.py, tables.py, numbering.py, ooxml.py) in the default huisstijl (styles.py) or a
gemeente's reference .docx -> deterministic .docx bytes (package.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from ivplan.core.xmltext import remove_invalid_xml_chars
from ivplan.render.docxwriter.errors import HuisstijlError

__all__ = ["DocumentMeta", "Image", "HuisstijlError", "write_docx"]


@dataclass(frozen=True)
class DocumentMeta:
    """Core properties of the document; ``created`` is also its modification date (never the clock)."""

    title: str
    subject: str
    author: str
    created: datetime.date
    keywords: tuple[str, ...] = ()
    language: str = "nl-NL"


@dataclass(frozen=True)
class Image:
    """An image the program supplies for ``[[afbeelding: naam | alt]]``: PNG or JPEG bytes, or a
    function that gives them, called when the writer reaches the image (so a chart drawn elsewhere
    meanwhile is waited for only then)."""

    data: bytes | Callable[[], bytes]
    alt: str | None = None  # alt text when the directive gives none

    def content(self) -> bytes:
        return self.data() if callable(self.data) else self.data


def _clean(text: str) -> str:
    return remove_invalid_xml_chars(text)[0]


def write_docx(
    markdown: str,
    meta: DocumentMeta,
    *,
    images: Mapping[str, Image] | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> bytes:
    """Render Markdown into .docx bytes (the caller writes them, atomically).

    ``warn`` receives Dutch one-line warnings (missing huisstijl styles, an image not supplied, removed
    control characters). Raises HuisstijlError when ``huisstijl`` is not a readable .docx.
    """
    from ivplan.render.docxwriter.writer import write_document

    clean_meta = DocumentMeta(
        title=_clean(meta.title),
        subject=_clean(meta.subject),
        author=_clean(meta.author),
        created=meta.created,
        keywords=tuple(_clean(k) for k in meta.keywords),
        language=meta.language,
    )
    return write_document(
        markdown,
        clean_meta,
        images=dict(images or {}),
        huisstijl=huisstijl,
        warn=warn or (lambda message: None),
    )
