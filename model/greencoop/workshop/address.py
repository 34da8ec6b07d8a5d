"""What a page keeps in its address, so that a reload comes back where the group was.

A phone reloads a page at a swipe; a laptop's browser may restore a tab after a crash. Either way the
page's kernel is new and knows only the address. So, under Voilà, the page keeps its address in step with
what the group has done (``history.replaceState``: no reload, no new history entry): the module, language
and municipality, the group's name, every lever moved from where the module starts, the guess and its
note, and whether the results were shown:
``00_start_here.ipynb?module=03_reps&lang=en&group=Table+2&rep_release_hours=9&guess=12&shown=1``.
A reload opens the app from that address. A reflection is too long and too personal for an address (it
would land in the server's log and the browser's history); it comes back from the group's latest save of the
module instead.

What an address holds is read as settings are (:mod:`greencoop.workshop.settings`): a value that is not
valid (a lever off its slider, a guess that is not a number) is left out, never fatal, so a mistyped or
tampered address still opens a working page. The server's own parameters (the LAN mode's token) are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from IPython.display import Javascript, display

from greencoop.params import PARAMETERS_BY_NAME
from greencoop.workshop import widgets
from greencoop.workshop.controls import slider_positions
from greencoop.workshop.request import SERVER_PARAMETERS, under_voila

#: The address's parameters for the group's state on a module page (beside ``module``, ``lang``, ``municipality``).
GROUP, GUESS, NOTE, SHOWN = "group", "guess", "note", "shown"


def lever_values(levers: Iterable[str], query: Mapping[str, str]) -> dict[str, Any]:
    """The lever values an address sets, for the levers named: a choice by its value, a number as written
    with a decimal point, and only where the lever's control can show it (one of its slider positions).

    >>> lever_values(["involvement", "rep_release_hours", "climate_agenda_per_year"],
    ...              {"involvement": "joint", "rep_release_hours": "9", "climate_agenda_per_year": "2.5"})
    {'involvement': 'joint', 'rep_release_hours': 9.0}
    """
    found = {}
    for name in levers:
        written = query.get(name)
        if written is None:
            continue
        p = PARAMETERS_BY_NAME[name]
        if p.kind == "choice":
            if written in p.choices:
                found[name] = written
            continue
        try:
            number = float(written)
        except ValueError:
            continue
        position = next((v for v in slider_positions(p)[0] if v == number), None)
        if position is not None:
            found[name] = position
    return found


def write_value(value: Any) -> str:
    """A lever's value as an address writes it: ``joint``, ``9``, ``0.85`` (as :func:`lever_values` reads it)."""
    return value if isinstance(value, str) else format(value, ".12g")


def replace_query_script(query: Mapping[str, str]) -> str:
    """JavaScript putting ``query`` in the page's address, keeping the server's own parameters.

    What a group typed goes in as JSON with ``<`` escaped, so no name can end the script or start markup.

    >>> "</script>" in replace_query_script({"group": "</script><b>"})
    False
    """
    typed = json.dumps(dict(query)).replace("<", "\\u003c")
    return ("(() => { const url = new URL(window.location.href); const next = new URLSearchParams("
            f"{typed}); for (const name of {json.dumps(sorted(SERVER_PARAMETERS))}) "
            "{ if (url.searchParams.has(name)) next.set(name, url.searchParams.get(name)); } "
            "url.search = next.toString(); window.history.replaceState(window.history.state, '', url); })();")


class AddressBar:
    """Keeps the browser's address showing a page's state; its :attr:`output` must be displayed with the page.

    Outside Voilà (JupyterLab, tests) there is no page address to keep, and it does nothing.
    """

    def __init__(self):
        self.output = widgets.Output()
        self.output.add_class("gc-address")
        self.query: dict[str, str] = {}

    def show(self, query: Mapping[str, str]) -> None:
        """Put ``query`` in the address (once: the same query again changes nothing)."""
        query = dict(query)
        if query == self.query:
            return
        self.query = query
        if not under_voila():
            return
        self.output.clear_output()
        with self.output:
            display(Javascript(replace_query_script(query)))
