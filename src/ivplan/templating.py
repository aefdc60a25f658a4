"""Render the document templates (plan_templates/*.md.j2) into Markdown.

Templates run in Jinja's ImmutableSandboxedEnvironment with StrictUndefined; a gemeente's own template
folder (`--templates MAP`) comes first, the built-in folder fills in the rest. User text from the YAML
file is data: it only reaches the Markdown through the filters below, which make it literal (`tekst`,
`md_cel`) or keep it as the user's own Markdown while neutralising what would break the document's
structure (`md`). Any problem with a template is raised as `TemplateError` with a Dutch message that
names the template and the line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ivplan import formatting
from ivplan.resources import templates_dir

MAX_KOPNIVEAU = 4


class TemplateError(Exception):
    """A template could not be loaded or rendered. `str(err)` is a Dutch message for the user."""

    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.template = template
        self.line = line


# --------------------------------------------------------------------------------------------------
# filters: literal text


_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]{}#|>])")


def _require(value, filter_name: str):
    if value is None:
        raise ValueError(f"filter '{filter_name}' kreeg geen waarde (None); controleer eerst met 'if'")
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here with the usual message
    return value


def tekst(value) -> str:
    """A literal inline value (a title, a name, a table cell) made safe for Markdown.

    The Markdown punctuation \\ ` * _ [ ] { } # | > is backslash-escaped, newlines and runs of
    whitespace become one space, and a start that would read as a list item ("1.", "-", "+") is
    escaped. `<` and `&` need nothing: the reader shows raw HTML and entities as text. Meant for inline
    positions: after a label, in a heading, a table cell, a list item or a directive argument.
    """
    _require(value, "tekst")
    s = " ".join(str(value).split())
    s = _INLINE_ESCAPE.sub(r"\\\1", s)
    s = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", s)
    s = re.sub(r"^([-+])(?=\s|$|[-+])", r"\\\1", s)
    return s


# --------------------------------------------------------------------------------------------------
# filters: user Markdown

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_HASH_NO_SPACE = re.compile(r"^( {0,3})(#+)(?=[^#\s])")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BLOCK_START = re.compile(r"^ {0,3}(?:[-+*][ \t]|\d+[.)](?:[ \t]|$)|>|\||#|\\?\[\[)")


def _escape_double_brackets(line: str) -> str:
    """Escape every `[[` outside inline code spans, so no line of user text reads as a directive."""
    parts = re.split(r"(`+[^`]*?`+)", line)
    out = []
    for part in parts:
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            out.append(part)
        else:
            out.append(re.sub(r"(?<!\\)\[\[", r"\\[[", part))
    line = "".join(out)
    stripped = line.lstrip()
    if stripped.startswith("[["):  # a code span at the start of a line is no protection
        line = line[: len(line) - len(stripped)] + "\\" + stripped
    return line


def _heading(level: int, text: str, niveau: int) -> list[str]:
    text = text.strip()
    if not text:
        return []
    target = niveau + level
    if target <= MAX_KOPNIVEAU:
        return ["", "#" * target + " " + text, ""]
    return ["", "**" + text + "**", ""]


def md(value, niveau: int = 1) -> str:
    """User Markdown placed in a section whose heading has level `niveau`.

    A `#` heading in the text becomes level niveau+1, `##` niveau+2 and so on (setext headings, text
    underlined with === or ---, too); a heading that would get a level above 4 becomes a bold
    paragraph. Every `[[` is escaped (`\\[[`), so no line of user text reads as a directive; a `#` at
    the start of a line without a space after it is text, not a heading, and is escaped; empty headings
    are dropped. Everything else stays the user's Markdown (raw HTML is shown as text by the reader).
    """
    _require(value, "md")
    niveau = int(niveau)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    paragraph: list[int] = []  # indices in `out` of the current plain paragraph's lines

    for line in lines:
        if not line.strip():
            paragraph = []
            out.append("")
            continue
        m = _ATX.match(line)
        if m:
            paragraph = []
            out.extend(_heading(len(m.group(1)), _escape_double_brackets(m.group(2) or ""), niveau))
            continue
        m = _SETEXT.match(line)
        if m and paragraph:
            text = " ".join(out[i].strip() for i in paragraph)
            del out[paragraph[0]:]
            out.extend(_heading(1 if m.group(1)[0] == "=" else 2, text, niveau))
            paragraph = []
            continue
        if m and out and out[-1].strip():
            # an underline after a list item or a quote: python-markdown would make that a heading too
            out.append("")
            out.append(line)
            continue
        line = _HASH_NO_SPACE.sub(lambda mm: mm.group(1) + "\\" + mm.group(2), line)
        line = _escape_double_brackets(line)
        if _BLOCK_START.match(line) or line.startswith(("    ", "\t")):
            paragraph = []
        else:
            paragraph.append(len(out))
        out.append(line)

    text = "\n".join(line.rstrip() if not line.endswith("  ") else line for line in out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


_LIST_MARKER = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")


def md_cel(value) -> str:
    """User Markdown in a table cell: one line (paragraphs, list items and lines joined with a
    space, headings as bold text), `|` escaped, `[[` escaped. Inline formatting stays."""
    _require(value, "md_cel")
    pieces: list[str] = []
    for line in str(value).replace("\r", "\n").split("\n"):
        s = line.strip()
        if not s or re.fullmatch(r"(=+|-+|\*{3,}|_{3,})", s) or s.startswith(("```", "~~~")):
            continue
        m = _ATX.match(s)
        if m:
            if m.group(2):
                pieces.append("**" + m.group(2).strip() + "**")
            continue
        s = _LIST_MARKER.sub("", s)
        s = re.sub(r"^>\s?", "", s)
        pieces.append(s)
    s = " ".join(" ".join(pieces).split())
    s = re.sub(r"(?<!\\)\|", r"\\|", s)
    s = re.sub(r"(?<!\\)\[\[", r"\\[[", s)
    s = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", s)
    s = re.sub(r"^([-+])(?=\s|$)", r"\\\1", s)
    return s


# --------------------------------------------------------------------------------------------------
# filters: numbers and dates


def met_eenheid(x, eenheid: str | None = None) -> str:
    """A number with its unit: "%" sticks to the number ("12%"), "aantal" and no unit give the bare
    number, any other unit follows after a space ("3,4 per 1.000 woningen")."""
    _require(x, "met_eenheid")
    s = formatting.getal(x)
    if not eenheid or str(eenheid).strip().lower() == "aantal":
        return s
    eenheid = str(eenheid).strip()
    if eenheid == "%":
        return s + "%"
    return s + " " + eenheid


def waarde(pair, eenheid: str | None = None) -> str:
    """A {waarde, jaar} pair: "3,4 (2025)"; with eenheid "%": "12% (2025)"."""
    _require(pair, "waarde")
    try:
        w, jaar = pair["waarde"], pair.get("jaar")
    except (TypeError, KeyError, AttributeError):
        raise ValueError(f"filter 'waarde' verwacht een paar {{waarde, jaar}}, kreeg {pair!r}") from None
    s = formatting.getal(w) + ("%" if eenheid and str(eenheid).strip() == "%" else "")
    return f"{s} ({jaar})" if jaar is not None else s


def _getal(x, decimalen=None):
    return formatting.getal(_require(x, "getal"), decimalen)


def _bedrag(x):
    return formatting.bedrag(_require(x, "bedrag"))


def _datum(x):
    return formatting.datum_lang(_require(x, "datum"))


def lijst(items, sep: str = ", ", laatste: str = " en ") -> str:
    """Join strings the Dutch way: "a, b en c"."""
    items = [str(i) for i in _require(items, "lijst")]
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + laatste + items[-1]


def link_url(url) -> str:
    """A URL made safe as a Markdown link destination (spaces, parentheses and angle brackets
    percent-encoded)."""
    s = str(_require(url, "link_url")).strip()
    for a, b in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ('"', "%22")):
        s = s.replace(a, b)
    return s


FILTERS = {
    "tekst": tekst,
    "md": md,
    "md_cel": md_cel,
    "getal": _getal,
    "bedrag": _bedrag,
    "datum": _datum,
    "waarde": waarde,
    "met_eenheid": met_eenheid,
    "lijst": lijst,
    "link_url": link_url,
}


# --------------------------------------------------------------------------------------------------
# environment and rendering


def _finalize(value):
    if value is None:
        raise ValueError("een lege waarde (None) zou als tekst in het document komen; controleer eerst met 'if'")
    return value


def make_environment(override_dir: Path | None = None) -> jinja2.Environment:
    """The sandboxed Jinja2 environment: templates from `override_dir` first (when given), then the
    built-in ones. An `override_dir` that is not a folder raises TemplateError."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        if not Path(override_dir).is_dir():
            raise TemplateError(f"sjablonenmap '{override_dir}' bestaat niet of is geen map")
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters.update(FILTERS)
    return env


def _template_frame(tb, template_name: str) -> tuple[str, int | None]:
    """(template, line) of the innermost template frame in a traceback that Jinja rewrote (its frames
    carry the template's file name and line)."""
    name, line = template_name, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename or ""
        if filename and not filename.endswith(".py") and not filename.startswith("<frozen"):
            name, line = Path(filename).name if filename != "<template>" else template_name, tb.tb_lineno
        tb = tb.tb_next
    return name, line


_UNDEFINED_PATTERNS = [
    (re.compile(r"^'(.+)' is undefined$"), "de variabele '{0}' bestaat niet"),
    (re.compile(r"^'(.+)' has no attribute '(.+)'$"), "'{1}' bestaat niet (in {0})"),
    (re.compile(r"^(.+) has no element (.+)$"), "element {1} bestaat niet (in {0})"),
]


def _translate_undefined(message: str) -> str:
    for pattern, dutch in _UNDEFINED_PATTERNS:
        m = pattern.match(message)
        if m:
            groups = [g.replace("dict object", "sectie").replace("list object", "lijst") for g in m.groups()]
            return dutch.format(*groups)
    return f"onbekende waarde ({message})"


_SYNTAX_PATTERNS = [
    (re.compile(r"^Unexpected end of template\. Jinja was looking for the following tags: (.+?)\."),
     "onverwacht einde van het sjabloon; er ontbreekt een afsluitende tag ({0})"),
    (re.compile(r"^unexpected end of template"), "onverwacht einde van het sjabloon"),
    (re.compile(r"^Encountered unknown tag '(.+?)'"), "onbekende tag '{0}'"),
    (re.compile(r"^No filter named '(.+?)'"), "onbekend filter '{0}'"),
    (re.compile(r"^No test named '(.+?)'"), "onbekende test '{0}'"),
    (re.compile(r"^unexpected '(.+?)'"), "onverwacht teken '{0}'"),
    (re.compile(r"^expected token '(.+?)', got '(.+?)'"), "verwacht '{0}', gevonden '{1}'"),
]


def _translate_syntax(message: str) -> str:
    for pattern, dutch in _SYNTAX_PATTERNS:
        m = pattern.match(message)
        if m:
            return dutch.format(*(g.replace("' or '", "' of '") for g in m.groups()))
    return f"syntaxfout ({message})"


def _where(name: str | None, line: int | None) -> str:
    where = f"sjabloon '{name}'" if name else "sjabloon"
    return f"{where}, regel {line}" if line else where


def render(env: jinja2.Environment, template_name: str, context: dict) -> str:
    """Render one template with `context`; returns Markdown (blank-line runs collapsed, one final
    newline). Raises TemplateError with a Dutch message naming the template and line."""
    try:
        template = env.get_template(template_name)
    except jinja2.TemplateSyntaxError as err:
        name = err.name or template_name
        raise TemplateError(
            f"{_where(name, err.lineno)}: {_translate_syntax(err.message or '')}", name, err.lineno
        ) from err
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"sjabloon '{err.name}' niet gevonden", str(err.name)) from err
    except (OSError, UnicodeDecodeError) as err:
        raise TemplateError(f"sjabloon '{template_name}' kan niet worden gelezen: {err}", template_name) from err

    try:
        text = template.render(context)
    except jinja2.TemplateSyntaxError as err:  # an included template
        name = err.name or template_name
        raise TemplateError(
            f"{_where(name, err.lineno)}: {_translate_syntax(err.message or '')}", name, err.lineno
        ) from err
    except jinja2.TemplateNotFound as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(f"{_where(name, line)}: sjabloon '{err.name}' niet gevonden", name, line) from err
    except jinja2.UndefinedError as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(
            f"{_where(name, line)}: {_translate_undefined(str(err.message or err))}", name, line
        ) from err
    except SecurityError as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(
            f"{_where(name, line)}: niet toegestaan in de sandbox van de sjablonen ({err})", name, line
        ) from err
    except TemplateError:
        raise
    except Exception as err:  # a filter that got a wrong value, a type error in an expression
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(f"{_where(name, line)}: {err}", name, line) from err
    return _tidy(text)


def _tidy(text: str) -> str:
    """Collapse runs of blank lines; end with exactly one newline."""
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", text)
    return text.strip("\n") + "\n"
