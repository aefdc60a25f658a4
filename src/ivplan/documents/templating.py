"""Render the document templates (plan_templates/*.md.j2) into Markdown.

Templates run in Jinja's ImmutableSandboxedEnvironment with StrictUndefined; a gemeente's own template
folder (`--templates MAP`) comes first, the built-in folder fills in the rest. User text from the YAML
file is data: it only reaches the Markdown through the filters below, which make it literal (`tekst`,
`md_cel`) or keep it as the user's own Markdown while neutralising what would break the document's
structure (`md`). Any problem with a template is raised as `TemplateError` with a Dutch message that
names the template and the line.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
import sys
import zlib
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ivplan.core import formatting, paths
from ivplan.core.budget import Budget, OverTime
from ivplan.core.errors import TemplateError
from ivplan.core.resources import templates_dir
from ivplan.documents.grafiek import getal_met_eenheid, indicator_eenheid, waarde_tekst
from ivplan.documents.markdown_contract import block_markdown, cell_markdown, escape_inline, labelled_markdown
from ivplan.documents.template_errors import (
    runtime_message,
    security_message,
    syntax_message,
    undefined_message,
)

# Budgets for compiling and rendering one template (a gemeente's own templates are code ivplan does not
# control): the built-in plan.md.j2 compiles in 0.3 s and renders in 0.01 s, and writes about 100 KB.
RENDER_SECONDS = 15
RENDER_MEMORY = 512 * 2**20  # address space on top of what the process uses (core/budget.py)
MAX_TEXT = 16 * 2**20  # characters: the rendered document, and any one value a template computes
MAX_TEMPLATE_BYTES = 2**20  # one template file


# --------------------------------------------------------------------------------------------------
# filters: user text (the rules are the Markdown contract, documents/markdown_contract.py)


def _require(value, filter_name: str):
    if value is None:
        raise ValueError(f"filter '{filter_name}' kreeg geen waarde (None); controleer eerst met 'if'")
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here with the usual message
    return value


def tekst(value) -> str:
    """A literal inline value (a title, a name, a table cell) made safe for Markdown (see
    markdown_contract.escape_inline)."""
    return escape_inline(str(_require(value, "tekst")))


def md(value, niveau: int = 1) -> str:
    """User Markdown as a block in a section whose heading has level `niveau` (see
    markdown_contract.block_markdown)."""
    return block_markdown(str(_require(value, "md")), int(niveau))


def md_na_label(value, label: str, niveau: int = 1) -> str:
    """A Markdown field after a bold label ("**Vorm:** Raadsinformatiebrief met ..."), so a fragment the
    user wrote reads as the value of that label and not as a loose sentence after generated text (see
    markdown_contract.labelled_markdown). `label` is template text (not escaped); `niveau` as for `md`."""
    return labelled_markdown(str(_require(value, "md_na_label")), label, int(niveau))


def md_cel(value) -> str:
    """User Markdown in a table cell, on one line (see markdown_contract.cell_markdown)."""
    return cell_markdown(str(_require(value, "md_cel")))


# --------------------------------------------------------------------------------------------------
# filters: numbers and dates


RAPPORTCIJFER = ("rapportcijfer", "cijfer")


def met_eenheid(x, eenheid: str | None = None, bij: str | None = None) -> str:
    """A number with its unit: "%" sticks to the number ("12%"), "aantal" and no unit give the bare
    number, a report mark is "een 7,4", any other unit follows after a space ("3,4 per 1.000 woningen").
    `bij` is the text the number stands with (the omschrijving in the same table row): when it names
    the unit already ("Rapportcijfer veiligheid"), the number stands alone, so the unit is never said twice."""
    _require(x, "met_eenheid")
    if bij is not None and indicator_eenheid(eenheid, bij) is None:
        return waarde_tekst(x, eenheid)
    if eenheid and " ".join(str(eenheid).split()).lower() in RAPPORTCIJFER:
        return "een " + waarde_tekst(x, eenheid)
    return getal_met_eenheid(x, eenheid)


def _telwoord(n):
    return formatting.telwoord(_require(n, "telwoord"))


def _jaren(values):
    return formatting.jaren(_require(values, "jaren"))


def _hoofdletter(x):
    return formatting.hoofdletter(_require(x, "hoofdletter"))


def waarde(pair, eenheid: str | None = None) -> str:
    """A {waarde, jaar} pair: "3,4 (2025)"; with eenheid "%": "12% (2025)"."""
    _require(pair, "waarde")
    try:
        w, jaar = pair["waarde"], pair.get("jaar")
    except (TypeError, KeyError, AttributeError):
        raise ValueError(f"filter 'waarde' verwacht een paar {{waarde, jaar}}, kreeg {pair!r}") from None
    s = waarde_tekst(w, eenheid)
    return f"{s} ({jaar})" if jaar is not None else s


def _getal(x, decimalen=None):
    return formatting.getal(_require(x, "getal"), decimalen)


def _bedrag(x):
    return formatting.bedrag(_require(x, "bedrag"))


def _datum(x):
    return formatting.datum_lang(_require(x, "datum"))


def lijst(items, sep: str = ", ", laatste: str = " en ") -> str:
    """Join strings the Dutch way: "a, b en c" (`lijst(", ", " of ")`: "a, b of c")."""
    return formatting.opsomming(_require(items, "lijst"), sep, laatste)


def _aantal(n, een: str, meer: str) -> str:
    return formatting.aantal(_require(n, "aantal"), een, meer)


def _meervoud(n, een: str, meer: str) -> str:
    return formatting.meervoud(_require(n, "meervoud"), een, meer)


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
    "md_na_label": md_na_label,
    "getal": _getal,
    "bedrag": _bedrag,
    "datum": _datum,
    "waarde": waarde,
    "met_eenheid": met_eenheid,
    "telwoord": _telwoord,
    "jaren": _jaren,
    "hoofdletter": _hoofdletter,
    "lijst": lijst,
    "aantal": _aantal,
    "meervoud": _meervoud,
    "link_url": link_url,
}


# --------------------------------------------------------------------------------------------------
# environment and rendering


def _finalize(value):
    if value is None:
        raise ValueError("een lege waarde (None) zou als tekst in het document komen; controleer eerst met 'if'")
    return value


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with `*` and `**` checked before they run: `"x" * 3000000000` or `10 ** 10 ** 9`
    would take gigabytes or hours (Jinja even computed them while compiling, folding constants; an
    intercepted operator is never folded)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left, right):
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                    raise _TooLarge(f"een herhaling van {len(seq) * n} tekens of elementen")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right > 0 and right * math.log2(abs(left)) > 64 * 1024:
                raise _TooLarge(f"een macht met meer dan {64 * 1024} bits ({left} ** {right})")
        return super().call_binop(context, operator, left, right)


class _TooLarge(ValueError):
    """A value a template computes would exceed MAX_TEXT (a ValueError: the message becomes Dutch)."""


def _bounded(name: str, filter_fn, *size_args: int):
    """A built-in filter whose numeric arguments at `size_args` (positions after the value) may not
    exceed MAX_TEXT: `"x"|indent(3000000000)` or `center`, `batch` and `slice` with a huge count."""

    # A filter marked @pass_environment (wordwrap) gets the environment before the value: the wrapper
    # keeps the mark, so Jinja keeps passing it, and looks past it for the sizes.
    passed = 1 if getattr(filter_fn, "jinja_pass_arg", None) is not None else 0

    def checked(*args, **kwargs):
        for i in size_args:
            at = passed + 1 + i
            if at < len(args) and isinstance(args[at], int) and abs(args[at]) > MAX_TEXT:
                raise _TooLarge(f"filter '{name}' met {args[at]}")
        for key, arg in kwargs.items():
            if isinstance(arg, int) and abs(arg) > MAX_TEXT and key in ("width", "linecount", "slices"):
                raise _TooLarge(f"filter '{name}' met {key}={arg}")
        return filter_fn(*args, **kwargs)

    if passed:
        checked.jinja_pass_arg = filter_fn.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A gemeente's template folder: only regular files inside it, at most MAX_TEMPLATE_BYTES. A link
    that leads out of the folder (`x.txt -> /etc/passwd`) is refused, not followed; one that stays
    inside is fine. A FIFO or a device is refused before it is opened (reading one could hang)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = os.path.realpath(folder)

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)
        path = os.path.join(self.root, *pieces)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        real = os.path.realpath(path)
        if real != self.root and not real.startswith(self.root + os.sep):
            raise TemplateError(
                f"sjabloon '{template}' is een koppeling naar buiten de sjablonenmap ({real}); ivplan volgt die niet",
                template,
            )
        try:
            info = os.stat(real)
        except OSError:
            raise jinja2.TemplateNotFound(template) from None
        if stat.S_ISDIR(info.st_mode):
            raise jinja2.TemplateNotFound(template)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(f"sjabloon '{template}' is geen gewoon bestand", template)
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                f"sjabloon '{template}' is te groot ({info.st_size} bytes; de grens is {MAX_TEMPLATE_BYTES})",
                template,
            )
        try:
            with open(real, "rb") as fh:
                raw = fh.read(MAX_TEMPLATE_BYTES + 1)
        except PermissionError:
            raise TemplateError(f"sjabloon '{template}' kan niet worden gelezen (geen leesrechten)", template) from None
        if raw.startswith(codecs.BOM_UTF8):  # a BOM (Notepad) would otherwise be text before the first heading
            raw = raw[len(codecs.BOM_UTF8) :]  # dropped here, so a bad byte's place counts in these bytes
        try:
            contents = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise TemplateError(
                f"{_where(template, line)}: het bestand is geen UTF-8 (een ongeldige byte); sla het op als UTF-8",
                template,
                line,
            ) from None
        mtime = info.st_mtime

        def uptodate() -> bool:
            try:
                return os.path.getmtime(real) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(path), uptodate


def make_environment(override_dir: Path | None = None, *, bytecode_cache: bool = True) -> jinja2.Environment:
    """The sandboxed Jinja2 environment: templates from `override_dir` first (when given), then the
    built-in ones. An `override_dir` that is not a folder raises TemplateError. `bytecode_cache=False`:
    no file cache of compiled templates (a long-running process that must write no files keeps them
    in memory anyway)."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        if not paths.is_dir(override_dir):
            raise TemplateError(f"sjablonenmap '{override_dir}' bestaat niet of is geen map")
        loaders.append(_ConfinedLoader(Path(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
        bytecode_cache=_bytecode_cache() if bytecode_cache else None,
    )
    for name, size_args in (("indent", (0,)), ("center", (0,)), ("wordwrap", (0,)), ("batch", (0,)), ("slice", (0,))):
        env.filters[name] = _bounded(name, env.filters[name], *size_args)
    env.filters.update(FILTERS)
    return env


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that never fails a build: a folder that cannot be written only means compiling again."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling plan.md.j2 takes far longer than rendering it
    (0.3 s against 0.01 s), and a gemeente builds its plan many times. Jinja's own file cache, in its
    private per-user folder in the temp directory; an entry is used only for the same template source
    (Jinja checks that), the same Python and Jinja, and the same version of this module (the compiled
    code depends on the environment's settings, such as `finalize`). None when Jinja finds no safe
    folder: then templates are compiled as before."""
    key = zlib.crc32(Path(__file__).read_bytes() + jinja2.__version__.encode())
    try:
        return _BytecodeCache(pattern=f"ivplan-{key:08x}-%s.cache")
    except (OSError, RuntimeError):
        return None


def _template_frame(tb, template_name: str) -> tuple[str, int | None]:
    """(template, line) of the innermost template frame in a traceback that Jinja rewrote (its frames
    carry the template's file name and line)."""
    name, line = template_name, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename or ""
        if filename and not filename.endswith(".py") and not filename.startswith("<frozen"):
            name, line = Path(filename).name if filename != "<template>" else template_name, tb.tb_lineno
            compiled = tb.tb_frame.f_globals.get("__jinja_template__")
            if compiled is not None:  # a frame Jinja did not rewrite (OverTime): map the line back
                line = compiled.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return name, line


def _where(name: str | None, line: int | None) -> str:
    where = f"sjabloon '{name}'" if name else "sjabloon"
    return f"{where}, regel {line}" if line else where


def render(env: jinja2.Environment, template_name: str, context: dict) -> str:
    """Render one template with `context`; returns Markdown (blank-line runs collapsed, one final
    newline). Raises TemplateError with a Dutch message naming the template and line. Compiling and
    rendering together get RENDER_SECONDS and RENDER_MEMORY; the text at most MAX_TEXT characters."""
    try:
        with Budget(RENDER_SECONDS, RENDER_MEMORY):
            text = _render(env, template_name, context)
    except OverTime:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(
            f"{_where(name, line)}: het sjabloon is na {RENDER_SECONDS} seconden nog niet klaar (een lus die "
            "te lang doorgaat?); het document is niet gemaakt",
            name,
            line,
        ) from None
    except MemoryError:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(
            f"{_where(name, line)}: het sjabloon vraagt meer dan {RENDER_MEMORY // 2**20} MB geheugen (een te "
            "grote herhaling, breedte of tekst?); het document is niet gemaakt",
            name,
            line,
        ) from None
    if len(text) > MAX_TEXT:
        raise TemplateError(
            f"{_where(template_name, None)}: het sjabloon maakt {len(text)} tekens tekst (de grens is "
            f"{MAX_TEXT}); het document is niet gemaakt",
            template_name,
        )
    return _tidy(text)


def _render(env: jinja2.Environment, template_name: str, context: dict) -> str:
    try:
        template = env.get_template(template_name)
    except jinja2.TemplateSyntaxError as err:
        name = err.name or template_name
        raise TemplateError(
            f"{_where(name, err.lineno)}: {syntax_message(err.message or '')}", name, err.lineno
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
            f"{_where(name, err.lineno)}: {syntax_message(err.message or '')}", name, err.lineno
        ) from err
    except jinja2.TemplateNotFound as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(f"{_where(name, line)}: sjabloon '{err.name}' niet gevonden", name, line) from err
    except jinja2.UndefinedError as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(f"{_where(name, line)}: {undefined_message(str(err.message or err))}", name, line) from err
    except SecurityError as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(f"{_where(name, line)}: {security_message(err)}", name, line) from err
    except TemplateError:
        raise
    except OverflowError as err:  # the sandbox refuses huge ranges and repetitions
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(
            f"{_where(name, line)}: de sandbox van de sjablonen weigert een te grote reeks of herhaling", name, line
        ) from err
    except _TooLarge as err:
        name, line = _template_frame(sys.exc_info()[2], template_name)
        raise TemplateError(
            f"{_where(name, line)}: de uitkomst wordt te groot ({err}; de grens is {MAX_TEXT} tekens)", name, line
        ) from err
    except MemoryError:
        raise
    except Exception as err:  # a filter that got a wrong value, a type error in an expression
        tb = sys.exc_info()[2]
        name, line = _template_frame(tb, template_name)
        raise TemplateError(f"{_where(name, line)}: {runtime_message(err, tb)}", name, line) from err
    return text


def _tidy(text: str) -> str:
    """Collapse runs of blank lines; end with exactly one newline."""
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", text)
    return text.strip("\n") + "\n"
