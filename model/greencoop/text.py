"""What people read, in Bokmål and English: the words by dotted key, and numbers as each language writes them.

Every participant- and facilitator-facing string (workshop pages, debrief,
handouts, dashboard, exported scenario notes, chart words) lives in one
catalogue, ``workshop/text.yaml``, and is read through :func:`text` and
:func:`texts`, so a missing key fails loudly instead of showing a blank on the
projector. Words that belong to a declaration stay with it and are checked
by the same test: a parameter's label, help, unit and choice words
(:mod:`greencoop.params`), an outcome's label and unit words
(:mod:`greencoop.outcomes`), a module's title, introduction and questions
(``data/modules.yaml``).

Every number shown to people goes through :func:`format_number`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from greencoop.files import load_yaml

LANGUAGES = ("nb", "en")
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "en": "English"}
DEFAULT_LANGUAGE = "nb"

#: How each language writes a number: (thousands separator, decimal mark). Bokmål groups thousands with
#: a narrow no-break space (U+202F), the typographic form of the space Norwegian uses, which never breaks a
#: number across lines, and writes a decimal comma; English writes "1,500.5".
SEPARATORS = {"nb": ("\u202f", ","), "en": (",", ".")}
#: The minus sign (U+2212), as Matplotlib draws it on axes, so prose and charts show the same sign.
MINUS = "\u2212"


@cache
def _catalogue() -> dict[str, Any]:
    return load_yaml((resources.files("greencoop.workshop") / "text.yaml").read_text(encoding="utf-8"))


def entry(key: str) -> Any:
    """The raw entry at dotted ``key``: a ``{nb, en}`` mapping or a list of them."""
    node: Any = _catalogue()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no text '{key}' in text.yaml")
        node = node[part]
    return node


def text(key: str, lang: str, **values: Any) -> str:
    """The string at ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    return entry(key)[lang].format(**values) if values else entry(key)[lang]


def texts(key: str, lang: str) -> list[str]:
    """A list entry (such as a handout's reading hints or a table's column heads) in ``lang``."""
    return [item[lang] for item in entry(key)]


def leaves() -> Iterator[tuple[str, dict[str, str]]]:
    """Every translatable entry as (dotted key, {language: string}); list items get their index."""

    def walk(prefix: str, node: Any) -> Iterator[tuple[str, dict[str, str]]]:
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(f"{prefix}.{i}", item)
        elif isinstance(node, dict) and not set(node) & set(LANGUAGES):
            for name, child in node.items():
                yield from walk(f"{prefix}.{name}" if prefix else name, child)
        else:
            yield prefix, node

    yield from walk("", _catalogue())


def format_number(value: float, lang: str, decimals: int = 0, trim: bool = False) -> str:
    """``value`` rounded to ``decimals`` places, written as ``lang`` writes numbers.

    Thousands are grouped from four digits on (``1 500``, not ``1500``), so
    numbers in a column or on an axis read alike; ``trim`` drops trailing
    zeros (for prose: "0,5" rather than "0,50"); a value that rounds to zero
    has no sign.

    >>> format_number(1234.5, "nb", 1), format_number(1234.5, "en", 1)
    ('1\u202f234,5', '1,234.5')
    >>> format_number(0.80, "nb", 2), format_number(0.80, "nb", 2, trim=True), format_number(-0.04, "en", 1)
    ('0,80', '0,8', '0.0')
    """
    thousands, decimal = SEPARATORS[lang]
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    digits = f"{abs(rounded):,.{decimals}f}"
    if trim and "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    digits = digits.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return MINUS + digits if rounded < 0 else digits


def format_band(low: float, high: float, lang: str, decimals: int = 0) -> str:
    """A band's ends written as ``lang`` writes numbers: ``21–24``; with one more decimal where the ends would
    read alike (``21,6–22,4``, not ``22–22``), and as one number where they read alike even so.

    >>> format_band(21.2, 23.9, "nb"), format_band(21.6, 22.4, "nb"), format_band(21.98, 22.02, "en")
    ('21–24', '21,6–22,4', '22.0')
    """
    for places in (decimals, decimals + 1):
        ends = format_number(low, lang, places), format_number(high, lang, places)
        if ends[0] != ends[1]:
            return "–".join(ends)
    return ends[0]
