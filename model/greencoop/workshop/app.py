"""The participants' app: the one call each workshop notebook makes to show its page.

Each notebook in ``workshops/`` is two cells: an import of this module
(pre-run by Voilà's preheated kernels, so it loads every widget and the model
before a participant asks for the page) and a call to :func:`show_start` or
:func:`show_module`. Everything a participant sees is built from the
parameter declaration and the texts in ``text.yaml``, in Bokmål or English.
"""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import display

from greencoop.workshop import compute
from greencoop.workshop.modules import module
from greencoop.workshop.page import ModulePage
from greencoop.workshop.settings import PageSettings
from greencoop.workshop.start import StartPage

compute.warm_up()  # the compiled model loads here, while a preheated kernel waits for its page


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
