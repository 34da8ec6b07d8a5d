"""The participants' app: the one call each workshop notebook makes to show its page.

Each notebook in ``workshops/`` is two cells: an import of this module
(pre-run by Voilà's preheated kernels, so it loads every widget and the model
before a participant asks for the page) and a call to :func:`show_workshop`
(``00_start_here``: the whole workshop in one page, what participants use) or
:func:`show_module` (one module alone, for JupyterLab and the notebook tests).
The facilitator's dashboard has its own, which does not load the model's compiled engine:
:func:`greencoop.workshop.dashboard.show_dashboard`.
Everything a participant sees is built from the parameter declaration and the
texts in ``text.yaml``, in Bokmål or English.
"""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import display

from greencoop.text import entry
from greencoop.workshop import compute, figure
from greencoop.workshop.address import AddressBar
from greencoop.workshop.modules import module, modules
from greencoop.workshop.navigation import Workshop
from greencoop.workshop.page import ModulePage
from greencoop.workshop.settings import PageSettings


def preload() -> None:
    """Load what every page reads, so a preheated kernel does it while it waits for its page, not after: the
    model's compiled code, the modules and the text catalogue (read on a page's first word, it was 45 % of a
    kernel's work after the request), and a module's worth of chart panels with their axes drawn (a group's
    first reveal took 40 % less time on them)."""
    compute.warm_up()
    entry("app.title")
    figure.prepare_panels(max(len(figure.panels_of(spec.panels)) for spec in modules().values()))


preload()


def show_workshop(query: Mapping[str, str] | None = None) -> Workshop:
    """Display the workshop app, on the start page or the module the address names (``?module=03_reps``);
    ``query`` defaults to the page address's parameters."""
    app = Workshop.from_query(_query(query))
    display(app.root)
    return app


def show_module(module_id: str, query: Mapping[str, str] | None = None) -> ModulePage:
    """Display module ``module_id`` (e.g. ``"03_reps"``), as its address says the group left it; ``query``
    defaults to the page address's parameters."""
    query = _query(query)
    page = ModulePage(module(module_id), PageSettings.resolve(query), address=query)
    address = AddressBar()
    page.on_change = lambda: address.show(page.address())
    display(page.root, address.output)
    page.on_change()
    return page


def _query(query: Mapping[str, str] | None) -> Mapping[str, str]:
    if query is not None:
        return query
    from greencoop.workshop.request import query_parameters  # waits for the page request under preheated Voilà

    return query_parameters()
