"""Jinja's and Python's own error messages from a template, in Dutch.

A gemeente's own templates (`--templates MAP`) are written by people who read Dutch; what goes wrong
in them comes from Jinja ("Expected an expression, got 'end of statement block'") or from the Python
underneath a filter ("unsupported operand type(s) for +: 'int' and 'str'"). Each known message is
said again in Dutch; an unknown one is described by its kind, never shown in English. templating.py
adds the template's name and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType

# Python type names as a template writer knows the values
_TYPES = {
    "str": "tekst",
    "Markup": "tekst",
    "int": "een geheel getal",
    "float": "een getal",
    "Decimal": "een getal",
    "bool": "true of false",
    "NoneType": "geen waarde",
    "dict": "een sectie",
    "list": "een lijst",
    "tuple": "een lijst",
    "range": "een reeks",
    "Undefined": "een onbekende waarde",
    "StrictUndefined": "een onbekende waarde",
    "function": "een functie",
    "Macro": "een macro",
}
# ... and as Jinja names the value that lacks an attribute ("'str object' has no attribute 'x'")
_OBJECTS = {f"{name} object": dutch.removeprefix("een ") for name, dutch in _TYPES.items()} | {"None": "geen waarde"}


def _type(name: str) -> str:
    return _TYPES.get(name, f"een waarde van het soort '{name}'")


_TOKENS = {
    "end of statement block": "het einde van de tag (%})",
    "end of print statement": "het einde van de uitvoer (}})",
    "end of template": "het einde van het sjabloon",
    "end of string": "het einde van de tekst",
}


def _token(text: str) -> str:
    return _TOKENS.get(text, f"'{text}'")


_SYNTAX = [
    (
        r"^Unexpected end of template\. Jinja was looking for the following tags: (.+?)\.",
        lambda tags: (
            f"onverwacht einde van het sjabloon; er ontbreekt een afsluitende tag ({tags.replace(' or ', ' of ')})"
        ),
    ),
    (r"^unexpected end of template", lambda: "onverwacht einde van het sjabloon"),
    (r"^Encountered unknown tag '(.+?)'", lambda tag: f"onbekende tag '{tag}'"),
    (r"^No filter named '(.+?)'", lambda name: f"onbekend filter '{name}'"),
    (r"^No test named '(.+?)'", lambda name: f"onbekende test '{name}'"),
    (r"^unexpected char '(.+?)'", lambda ch: f"onverwacht teken '{ch}'"),
    (r"^unexpected '(.+?)'", lambda ch: f"onverwacht teken '{ch}'"),
    (
        r"^expected token '(.+?)', got '(.+?)'",
        lambda want, got: f"verwacht '{want}', gevonden {_token(got)}",
    ),
    (r"^Expected an expression, got '(.+?)'", lambda got: f"verwacht een uitdrukking, gevonden {_token(got)}"),
    (r"^block '(.+?)' defined twice", lambda name: f"blok '{name}' staat twee keer in het sjabloon"),
    (r"^tag name expected", lambda: "na '{%' ontbreekt de naam van de tag"),
    (r"^expected name or number", lambda: "verwacht een naam of een getal"),
    (r"^expected subscript expression", lambda: "verwacht een index tussen [ ]"),
    (r"^invalid syntax for function call expression", lambda: "ongeldige aanroep van een functie of filter"),
    (r"^You cannot chain multiple tests with is", lambda: "'is' kan niet twee keer achter elkaar"),
    (r"^missing end of comment tag", lambda: "het commentaar wordt niet gesloten met #}"),
    (r"^non-default argument follows default argument", lambda: "een argument zonder standaardwaarde na een met"),
    (r"^cannot use extend from a non top-level scope", lambda: "'extends' mag alleen op het hoogste niveau staan"),
    (r"^can't assign to (.+?)$", lambda _what: "hier kan geen waarde worden toegekend"),
]

_RUNTIME = [
    (
        r"^unsupported operand type\(s\) for (.+?): '(\w+)' and '(\w+)'$",
        lambda op, a, b: f"de bewerking '{op}' kan niet met {_type(a)} en {_type(b)}",
    ),
    (
        r"^can only concatenate (\w+) \(not \"(\w+)\"\) to \w+$",
        lambda a, b: f"de bewerking '+' kan niet met {_type(a)} en {_type(b)}",
    ),
    (
        r"^'(.+?)' not supported between instances of '(\w+)' and '(\w+)'$",
        lambda op, a, b: f"vergelijken met '{op}' kan niet tussen {_type(a)} en {_type(b)}",
    ),
    (r"^%\w format: .+ is required, not (\w+)$", lambda a: f"de bewerking '%' wil een getal, maar kreeg {_type(a)}"),
    (r"^not enough arguments for format string$", lambda: "de bewerking '%' krijgt te weinig waarden"),
    (r"^not all arguments converted during string formatting$", lambda: "de bewerking '%' krijgt te veel waarden"),
    (r"^type (\w+) doesn't define __\w+__ method$", lambda a: f"werkt niet op {_type(a)}"),
    (r"^'(\w+)' object is not iterable$", lambda a: f"{_type(a)} is geen lijst; daar kan niet overheen worden gelopen"),
    (r"^'(\w+)' object is not callable$", lambda a: f"{_type(a)} kan niet worden aangeroepen"),
    (r"^'(\w+)' object is not subscriptable$", lambda a: f"{_type(a)} heeft geen elementen om op te vragen"),
    (
        r"^macro '(.+?)' takes not more than (\d+) argument",
        lambda name, n: f"macro '{name}' krijgt te veel argumenten (hooguit {n})",
    ),
    (
        r"^macro '(.+?)' takes no keyword argument '(.+?)'$",
        lambda name, arg: f"macro '{name}' kent geen argument '{arg}'",
    ),
    (r"^invalid literal for int\(\) with base \d+: (.+)$", lambda v: f"{v} is geen geheel getal"),
    (r"^could not convert string to float: (.+)$", lambda v: f"{v} is geen getal"),
    (r"^(?:integer |float )?(?:division|modulo)(?: or modulo)? by zero$", lambda: "deling door nul"),
    (r"^maximum recursion depth exceeded", lambda: "het sjabloon roept zichzelf eindeloos aan"),
]

_UNDEFINED = [
    (r"^'(.+)' is undefined$", lambda name: f"de variabele '{name}' bestaat niet"),
    (r"^'(.+)' has no attribute '(.+)'$", lambda obj, attr: f"'{attr}' bestaat niet (in {_OBJECTS.get(obj, obj)})"),
    (r"^(.+) has no element (.+)$", lambda obj, el: f"element {el} bestaat niet (in {_OBJECTS.get(obj, obj)})"),
]


def _first(patterns, message: str) -> str | None:
    for pattern, dutch in patterns:
        m = re.match(pattern, message)
        if m:
            return dutch(*m.groups())
    return None


def syntax_message(message: str) -> str:
    """Jinja's TemplateSyntaxError message in Dutch."""
    return _first(_SYNTAX, message) or "syntaxfout: deze regel is geen geldige Jinja-code"


def undefined_message(message: str) -> str:
    """Jinja's UndefinedError message (StrictUndefined) in Dutch."""
    return _first(_UNDEFINED, message) or "een waarde die niet bestaat"


def security_message(err: BaseException) -> str:
    """The sandbox's refusal in Dutch: what the template tried to reach."""
    m = re.match(r"^access to attribute '(.+?)' of '(\w+)' object is unsafe", str(err))
    what = f"'{m.group(1)}' van {_type(m.group(2))}" if m else "dit"
    return f"{what} is niet toegestaan in de sandbox van de sjablonen"


def runtime_message(err: BaseException, tb: TracebackType | None) -> str:
    """An error raised while a template ran (in an expression or inside a filter), in Dutch; names the
    filter when the error came from one of Jinja's built-in filters. ivplan's own filters raise
    ValueError with a Dutch message: those are kept as they are."""
    if isinstance(err, ValueError) and _raised_by_ivplan(tb):
        return str(err)
    detail = _first(_RUNTIME, str(err))
    if detail is None:
        if isinstance(err, TypeError):
            detail = "een waarde van de verkeerde soort"
        elif isinstance(err, ValueError):
            detail = "een ongeldige waarde"
        else:
            detail = "het sjabloon kon hier niet worden ingevuld"
    name = _failing_filter(tb)
    return f"het filter '{name}': {detail}" if name else detail


_PACKAGE = str(Path(__file__).resolve().parents[1])  # src/ivplan


def _raised_by_ivplan(tb: TracebackType | None) -> bool:
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    return last is not None and str(Path(last.tb_frame.f_code.co_filename).resolve()).startswith(_PACKAGE)


def _failing_filter(tb: TracebackType | None) -> str | None:
    """The built-in filter (jinja2/filters.py, `do_<name>`) the error came from, if any."""
    name = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.replace("\\", "/").endswith("jinja2/filters.py") and name is None:
            func = code.co_name.removeprefix("sync_")
            if func.startswith("do_"):
                name = func[3:]
        tb = tb.tb_next
    return name
