"""Turn ivplan's intermediate Markdown (`ivplan build --markdown`) into its pandoc-native equivalent.

    python bench/pandoc_native.py PLAN.md --docx PLAN.docx -o OUT_DIR

The benchmark's fair yardstick (issue 20). Fed the raw .md, pandoc spends much of its time on ivplan's
`[[...]]` directive lines, which it reads as text: that comparison flatters ivplan. Here every directive
becomes what pandoc itself would be given to make the same document:

- `[[titel: T]]`, `[[ondertitel: S]]`: YAML metadata `title`, `subtitle`;
- `[[inhoudsopgave: K]]`: `--toc` and metadata `toc-title: K` (`[[inhoudsopgave: 3]]`: `--toc-depth=3`);
  `[[kopnummering]]`: `--number-sections`;
- `[[bijlage: K]]`: `# K {.unnumbered}`;
- `[[tabel: B]]` before a table: a `Table: B` caption;
- `[[afbeelding: naam | alt]]`: `![alt](naam.png)` followed by a backslash-space, so the image is embedded
  inline, as ivplan places it (not a figure with a caption);
- `[[nieuwe-pagina]]`: a raw OpenXML page break;
- `[[regels]]` ... `[[/regels]]` and `[[ondertekening]]` ... `[[/ondertekening]]`: a line block (`| regel`);
- `[[labeltabel]]`, `[[voettekst: ...]]`, `[[koptekst: ...]]`: nothing (pandoc takes table looks, headers
  and footers from its reference document);
- `[[alinea]]`, `[[punt]]`, `[[nummer]]` in a table cell: a space or a bullet (a pipe-table cell holds no
  blocks in pandoc).

The images are the ones ivplan embedded: `--docx` takes them from the .docx built from the same Markdown
(word/media, in the order the document shows them, which is the order of the `[[afbeelding]]` lines),
so pandoc embeds the same PNG bytes. Without `--docx`, `--images DIR` names a folder with `naam.png`.

Writes OUT_DIR/<stem>.md and the images beside it and prints the pandoc command line for it (the images
found through --resource-path). A benchmark tool, not part of ivplan: standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

DIRECTIVE = re.compile(r"^ {0,3}\[\[(/?[a-z][a-z0-9-]*)(?::[ \t]*(.*?))?\]\][ \t]*$")
CELL_MARKER = re.compile(r"(?<!\\)\[\[(alinea|punt|nummer)(?::[ \t]*([1-9]))?\]\]")
PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'

_EMBED = re.compile(r'<a:blip\b[^>]*\br:embed="([^"]+)"')
_REL = re.compile(r"<Relationship\b[^>]*>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Native:
    """The pandoc-native document: its Markdown text, the pandoc options it needs, the images it uses."""

    text: str
    options: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # image names in document order


def _cell(line: str) -> str:
    def marker(m: re.Match[str]) -> str:
        return " " if m.group(1) == "alinea" else " • "

    return CELL_MARKER.sub(marker, line)


def convert(markdown: str) -> Native:
    """The pandoc-native equivalent of one intermediate Markdown document (see the module docstring)."""
    meta: dict[str, str] = {}
    options: list[str] = []
    images: list[str] = []
    body: list[str] = []
    in_block = None  # "/regels" or "/ondertekening" while inside such a block
    for line in markdown.split("\n"):
        m = DIRECTIVE.match(line)
        name, arg = (m.group(1), m.group(2)) if m else (None, None)
        if in_block is not None:
            if name == in_block:
                in_block = None
            elif line.strip():
                body.append("| " + line.strip())
            continue
        if m is None:
            body.append(_cell(line) if line.lstrip().startswith("|") else line)
            continue
        if name == "titel":
            meta["title"] = arg or ""
        elif name == "ondertitel":
            meta["subtitle"] = arg or ""
        elif name == "inhoudsopgave":
            options.append("--toc")
            if arg and arg.strip().isdigit():
                options.append(f"--toc-depth={arg.strip()}")
            elif arg:
                meta["toc-title"] = arg
        elif name == "kopnummering":
            options.append("--number-sections")
        elif name == "bijlage":
            body.append(f"# {arg or ''} {{.unnumbered}}")
        elif name == "tabel":
            body.append(f"Table: {arg or ''}")
        elif name == "afbeelding":
            image, _, alt = (arg or "").partition("|")
            image, alt = image.strip(), alt.strip()
            images.append(image)
            # the backslash-space after it keeps the image inline, as ivplan places it (no figure caption)
            body.append(f"![{alt}]({image}.png)\\ ")
        elif name == "nieuwe-pagina":
            body.append(PAGE_BREAK)
        elif name in ("regels", "ondertekening"):
            in_block = "/" + name
        elif name in ("labeltabel", "voettekst", "koptekst", "/lijst"):
            continue
        else:
            body.append(line)  # unknown to ivplan too: it keeps the line as text
    head = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()] + ["---", ""]
    return Native("\n".join(head + body), options, images)


def docx_images(docx: Path) -> list[bytes]:
    """The images of a .docx in the order its body shows them."""
    with zipfile.ZipFile(docx) as z:
        document = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        targets = {}
        for rel in _REL.findall(rels):
            attrs = dict(_ATTR.findall(rel))
            targets[attrs.get("Id")] = attrs.get("Target", "")
        return [z.read("word/" + targets[r_id].lstrip("/").removeprefix("word/")) for r_id in _EMBED.findall(document)]


def write_native(md: Path, out_dir: Path, *, docx: Path | None = None, images: Path | None = None) -> list[str]:
    """Write OUT_DIR/<stem>.md and its images; return the pandoc command for it, with absolute paths (the
    images are found through --resource-path), writing OUT_DIR/<stem>.docx."""
    native = convert(md.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    if native.images:
        if docx is not None:
            data = docx_images(docx)
            if len(data) != len(native.images):
                raise SystemExit(
                    f"pandoc_native: {docx} toont {len(data)} afbeeldingen, {md} noemt er {len(native.images)}"
                )
            for name, payload in zip(native.images, data, strict=True):
                (out_dir / f"{name}.png").write_bytes(payload)
        elif images is not None:
            for name in native.images:
                (out_dir / f"{name}.png").write_bytes((images / f"{name}.png").read_bytes())
        else:
            raise SystemExit("pandoc_native: geef --docx of --images voor de afbeeldingen")
    target = out_dir / md.name
    target.write_text(native.text, encoding="utf-8")
    return [
        "pandoc",
        str(target),
        *native.options,
        f"--resource-path={out_dir}",
        "-o",
        str(target.with_suffix(".docx")),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("markdown", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True, help="folder for the pandoc-native .md and images")
    ap.add_argument("--docx", type=Path, help="the .docx ivplan built from this Markdown (its images)")
    ap.add_argument("--images", type=Path, help="a folder with naam.png for every [[afbeelding: naam]]")
    args = ap.parse_args(argv)
    cmd = write_native(args.markdown, args.out, docx=args.docx, images=args.images)
    print(shlex.join(cmd))
    return 0


if __name__ == "__main__":
    sys.exit(main())
