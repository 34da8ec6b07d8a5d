"""The participants' workshop: one page per research question, driven by the model.

Each notebook in ``workshops/`` is two cells: an import (pre-run by Voilà's
preheated kernels) and a call to :func:`show_start` or :func:`show_module`.
Everything a participant sees is built here, from the parameter declaration
and the texts in ``text.yaml``, in Bokmål or English.
"""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import display

from greencoop.modules import module
from greencoop.workshop.page import ModulePage, prepare
from greencoop.workshop.settings import PageSettings
from greencoop.workshop.start import StartPage

__all__ = ["ModulePage", "PageSettings", "StartPage", "prepare", "show_module", "show_start"]


def show_start(query: Mapping[str, str] | None = None) -> StartPage:
    """Display the start page; ``query`` defaults to the page address's parameters."""
    page = StartPage(PageSettings.resolve(_query(query)))
    display(page.root)
    return page


def show_module(module_id: str, query: Mapping[str, str] | None = None) -> ModulePage:
    """Display module ``module_id`` (e.g. ``"03_reps"``); ``query`` defaults to the page address's parameters."""
    page = ModulePage(module(module_id), PageSettings.resolve(_query(query)))
    display(page.root)
    return page


def _query(query: Mapping[str, str] | None) -> Mapping[str, str]:
    if query is not None:
        return query
    from greencoop.workshop.request import query_parameters  # waits for the page request under preheated Voilà

    return query_parameters()
