"""Which language and municipality a workshop page shows, carried from page to page.

Under Voilà the start page's links carry the choice in the address
(``01_why.ipynb?lang=en&municipality=1804``), so every group in the room keeps
its own. In JupyterLab, where pages have no address to read, the start page
also leaves the choice in :data:`SETTINGS_FILE` beside the notebooks. A
server-wide default comes from ``GREENCOOP_LANG`` and ``GREENCOOP_MUNICIPALITY``
(``greencoop present --lang en`` sets it). Precedence: address, file, environment,
built-in defaults; a value that is not valid is ignored, never fatal, so a
mistyped link still opens a working page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from greencoop.errors import ParameterError
from greencoop.files import write_text_atomically
from greencoop.municipality import Municipality, all_municipalities, display_name, find_municipality
from greencoop.text import DEFAULT_LANGUAGE, LANGUAGES

#: Where the start page leaves its choice for pages opened without an address (JupyterLab).
SETTINGS_FILE = Path(".greencoop-workshop.json")


@dataclass(frozen=True)
class PageSettings:
    """The language and (optional) municipality of a page."""

    lang: str = DEFAULT_LANGUAGE
    municipality: Municipality | None = None

    @classmethod
    def resolve(cls, query: Mapping[str, str]) -> PageSettings:
        """Settings from the page's address, else the settings file, else the environment."""
        env = {"lang": os.environ.get("GREENCOOP_LANG"), "municipality": os.environ.get("GREENCOOP_MUNICIPALITY")}
        sources = (query, _saved(), env)
        lang = next((s["lang"] for s in sources if s.get("lang") in LANGUAGES), DEFAULT_LANGUAGE)
        municipality = next((m for s in sources if (m := _municipality(s.get("municipality")))), None)
        return cls(lang, municipality)

    def query(self) -> dict[str, str]:
        """These settings as an address's parameters (what :meth:`resolve` reads)."""
        return {"lang": self.lang} | ({"municipality": self.municipality.number} if self.municipality else {})

    def query_string(self) -> str:
        """The address part that carries these settings to the next page."""
        return urlencode(self.query())

    def save(self) -> None:
        """Leave these settings for pages opened without an address."""
        number = self.municipality.number if self.municipality else None
        write_text_atomically(SETTINGS_FILE, json.dumps({"lang": self.lang, "municipality": number}) + "\n")

    @property
    def model_overrides(self) -> dict[str, str]:
        """The parameter values that model this page's municipality."""
        return {"municipality": self.municipality.number} if self.municipality else {}


def ks_area_municipalities() -> list[Municipality]:
    """The 356 municipalities of the KS area (all but Oslo), sorted by name as Norwegians sort."""
    return sorted((m for m in all_municipalities() if m.in_ks_area), key=lambda m: _sort_key(display_name(m)))


def _sort_key(name: str) -> str:
    # Æ, Ø and Å come last in the Norwegian alphabet, in that order.
    return name.casefold().translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))


def _municipality(value: str | None) -> Municipality | None:
    if not value:
        return None
    try:
        found = find_municipality(value)
    except ParameterError:
        return None
    return found if found.in_ks_area else None


def _saved() -> dict[str, str]:
    try:
        saved = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}
