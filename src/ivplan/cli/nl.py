"""Dutch for click's own messages (usage errors, help headings), so every line a user reads is Dutch.

click words its messages through `gettext`, looked up in each click module at call time as the module
globals `_` and `ngettext`. `install()` points those at this table; a message it does not know stays
as click wrote it. Called once by `ivplan.cli.commands.main` before click parses anything.
"""

from __future__ import annotations

import importlib

import click.types

MESSAGES = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Commando's",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Hulp: '{command} {option}'.",
    "No such option {name!r}.": "onbekende optie {name!r}.",
    "No such command {name!r}.": "onbekend commando {name!r}.",
    "Missing argument": "ontbrekend argument",
    "Missing option": "ontbrekende optie",
    "Missing parameter": "ontbrekende parameter",
    "Missing command.": "geef een commando.",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing parameter: {param_name}": "ontbrekende parameter: {param_name}",
    "Invalid value for {param_hint}: {message}": "ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "ongeldige waarde: {message}",
    "Option {name!r} does not take a value.": "optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "argument {name!r} neemt {nargs} waarden.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "Could not open file {filename!r}: {message}": "kan bestand {filename!r} niet openen: {message}",
    "default: {default}": "standaard: {default}",
    # the marks in an option's help line ("[required]", "[env var: X]"); click translates "required"
    # through gettext too, but as a variable, so it is easy to miss
    "required": "verplicht",
    "deprecated": "verouderd",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(dynamisch)",
    "Aborted!": "Afgebroken.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
}

PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "onverwacht extra argument ({args})",
        "onverwachte extra argumenten ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "optie {name!r} heeft een waarde nodig.",
        "optie {name!r} heeft {nargs} waarden nodig.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} is niet {choice}.",
        "{value!r} is niet een van {choices}.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Bedoelde u {possibility}?",
        "(Bedoelde u een van: {possibilities}?)",
    ),
}

_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


# click names a parameter type in its messages ("'abc' is geen geldig integer range") by a class
# attribute, which its gettext never sees; the types ivplan's options use get Dutch names here.
_TYPE_NAMES = {
    "IntParamType": "geheel getal",
    "IntRange": "geheel getal",
    "FloatParamType": "getal",
    "FloatRange": "getal",
}


def install() -> None:
    for cls, naam in _TYPE_NAMES.items():
        getattr(click.types, cls).name = naam
    for name in _MODULES:
        module_globals = vars(importlib.import_module(name))  # what click's functions look `_` up in
        if "_" in module_globals:
            module_globals["_"] = gettext
        if "ngettext" in module_globals:
            module_globals["ngettext"] = ngettext
