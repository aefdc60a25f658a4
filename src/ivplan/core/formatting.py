"""Dutch text: numbers, amounts, dates, counts ("3 fouten"), lists ("a, b en c") and the output file
name of a plan. Every message, sentence and document that writes one of these uses this module.

Numbers use a decimal comma and a thousands point ("1.250", "3,4", "€ 250.000"); dates are written out
("28 januari 2027"). Rounding is half away from zero on the number as written, never on its binary float
value, so 2.675 with two decimals gives "2,68".
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _decimal(x: object) -> Decimal:
    """The number as written: floats through their shortest repr, numeric strings as they are."""
    if isinstance(x, bool) or x is None:
        raise ValueError(f"geen getal: {x!r}")
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, int):
        d = Decimal(x)
    elif isinstance(x, float):
        d = Decimal(repr(x))
    elif isinstance(x, str):
        try:
            d = Decimal(x.strip())
        except InvalidOperation:
            raise ValueError(f"geen getal: {x!r}") from None
    else:
        raise ValueError(f"geen getal: {x!r}")
    if not d.is_finite():
        raise ValueError(f"geen eindig getal: {x!r}")
    return d


def _group(digits: str) -> str:
    """'1250000' -> '1.250.000'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def _dutch(d: Decimal, decimalen: int | None) -> str:
    if decimalen is not None:
        if decimalen < 0:
            raise ValueError("het aantal decimalen kan niet negatief zijn")
        d = d.quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    else:
        # a float that is a whole number prints without decimals (1250.0 -> "1.250")
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))
    sign = "-" if d.is_signed() and d != 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    out = sign + _group(whole)
    if frac:
        out += "," + frac
    return out


def getal(x: object, decimalen: int | None = None) -> str:
    """A number in Dutch notation.

    getal(1250) -> "1.250", getal(3.4) -> "3,4", getal(0.5) -> "0,5", getal(-2) -> "-2";
    a float prints with its shortest decimals (1250.0 -> "1.250"); a numeric string keeps the decimals
    as written ("3.40" -> "3,40"); with `decimalen` the number is rounded half away from zero
    (getal(2.675, 2) -> "2,68", getal(3, 1) -> "3,0").
    """
    d = _decimal(x)
    if isinstance(x, str) and decimalen is None:
        # as written: keep trailing zeros, no exponent
        sign = "-" if d.is_signed() and d != 0 else ""
        whole, _, frac = format(abs(d), "f").partition(".")
        return sign + _group(whole) + ("," + frac if frac else "")
    return _dutch(d, decimalen)


def bedrag(x: object) -> str:
    """An amount in euro: bedrag(250000) -> "€ 250.000", bedrag(1234.5) -> "€ 1.234,50".

    Whole euros without cents; otherwise two decimals (rounded half away from zero). Negative amounts
    as "€ -1.234,50".
    """
    d = _decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if d == d.to_integral_value():
        return "€ " + _dutch(d, 0)
    return "€ " + _dutch(d, 2)


def _as_date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"geen geldige datum (verwacht JJJJ-MM-DD): {value!r}")


def datum_lang(iso: object) -> str:
    """ "2027-01-28" -> "28 januari 2027". Also takes a datetime.date. Raises ValueError otherwise."""
    d = _as_date(iso)
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def iso_datum(value: object) -> str | None:
    """A date (string or datetime.date) as an ISO string; None stays None."""
    if value is None:
        return None
    return _as_date(value).isoformat()


def opsomming(items: Iterable[str], scheiding: str = ", ", laatste: str = " en ") -> str:
    """Items joined the Dutch way: "a, b en c"; one item as it is, none as "".
    `laatste` joins the last two: `opsomming(["a", "b", "c"], laatste=" of ")` -> "a, b of c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return scheiding.join(items[:-1]) + laatste + items[-1]


def meervoud(n: int, een: str, meer: str) -> str:
    """The word for `n` things: meervoud(1, "fout", "fouten") -> "fout"; with 0 or 2: "fouten"."""
    return een if n == 1 else meer


def aantal(n: int, een: str, meer: str) -> str:
    """A count with its word: aantal(1, "fout", "fouten") -> "1 fout", aantal(3, ...) -> "3 fouten"."""
    return f"{n} {meervoud(n, een, meer)}"


def slug(text: str) -> str:
    """Lower case, accents folded to ASCII, apostrophes dropped, other runs of non-alnum -> '-'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE").replace("ø", "o")
    text = text.replace("Ø", "O").replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    text = re.sub(r"['\u2018\u2019\u02bc\u0060\u00b4]", "", text)
    # separators (also non-ASCII ones: dashes, non-breaking spaces) become '-' before the fold to
    # ASCII, which would otherwise delete them and glue the words together
    text = re.sub(r"[\W_]+", "-", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def bestandsnaam(gemeente: str, start: int, eind: int) -> str:
    """ "'s-Hertogenbosch", 2027, 2030 -> "s-hertogenbosch-ivp-2027-2030" (docs/uitvoer.md, "Namen")."""
    naam = slug(gemeente) or "gemeente"
    return f"{naam}-ivp-{int(start)}-{int(eind)}"


# ---- words in sentences -------------------------------------------------------------------------------

TELWOORDEN = (
    "nul één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien twintig"
).split()


def telwoord(n: object) -> str:
    """A count in running text, as the Taalunie advises: in words up to twenty ("drie prioriteiten",
    "één wijkagent"), in figures above it ("24 wijkagenten", "1.250")."""
    if isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= len(TELWOORDEN) - 1:
        return TELWOORDEN[n]
    return getal(n)


def jaren(values: Iterable[int | str]) -> str:
    """Years in a sentence: "2027 tot en met 2030" for three or more years in a row, else the years
    listed ("2027 en 2029", "2027, 2028 en 2030")."""
    years = sorted({int(v) for v in values})
    if not years:
        return ""
    if len(years) >= 3 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]} tot en met {years[-1]}"
    texts = [str(y) for y in years]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " en " + texts[-1]


def hoofdletter(text: object) -> str:
    """The text with its first letter a capital ("woninginbraak" -> "Woninginbraak"); the rest as written,
    so "high impact crimes" becomes "High impact crimes" and "RIEC" stays "RIEC"."""
    text = str(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _words(text: object) -> str:
    return " ".join(str(text).lower().split())


def noemt(text: object, eenheid: object) -> bool:
    """Whether `text` already names the unit ("Rapportcijfer veiligheid" names "rapportcijfer",
    "Woninginbraken per 1.000 woningen" names "per 1.000 woningen")."""
    return bool(eenheid) and _words(eenheid) in _words(text)
