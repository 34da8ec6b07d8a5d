"""The workshop's words in Bokmål and English, looked up by dotted key.

Participant-facing text lives in ``text.yaml`` beside this module; parameter
and outcome labels stay with their declarations. :func:`text` is the one way
the workshop reads a string, so a missing key fails loudly instead of showing
a blank on the projector.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("nb", "en")
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "en": "English"}
DEFAULT_LANGUAGE = "nb"


@cache
def _table() -> dict[str, Any]:
    with (resources.files("greencoop.workshop") / "text.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def entry(key: str) -> Any:
    """The raw entry at dotted ``key``: a ``{nb, en}`` mapping or a list of them."""
    node: Any = _table()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no workshop text '{key}' in text.yaml")
        node = node[part]
    return node


def text(key: str, lang: str, **values: Any) -> str:
    """The string at ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    return entry(key)[lang].format(**values) if values else entry(key)[lang]


def texts(key: str, lang: str) -> list[str]:
    """A list entry (such as a module's reflection questions) in ``lang``."""
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

    yield from walk("", _table())


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as it is written in ``lang``: decimal comma and space-grouped thousands in Bokmål.

    >>> number(1234.5, "nb", 1), number(1234.5, "en", 1)
    ('1 234,5', '1,234.5')
    """
    formatted = f"{value:,.{decimals}f}"
    if lang == "nb":
        return formatted.replace(",", " ").replace(".", ",")
    return formatted
