"""The workshop as one app: the start page and every module in one page, one kernel per participant.

A participant's page takes one kernel when the workshop starts and keeps it: moving to a module, back to
the start or on to the next module swaps the widgets inside that page, with no new page, no new kernel
and nothing run again. The group's language, municipality and name go with it from module to module, and
a module visited before is shown as the group left it. A link opens the app on a module directly:
``00_start_here.ipynb?module=03_reps&lang=en&municipality=3201``. The app keeps its address in step with the
module shown and what the group did there (:mod:`greencoop.workshop.address`), so a reload comes back to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from greencoop.workshop import widgets
from greencoop.workshop.address import GROUP, AddressBar
from greencoop.workshop.modules import modules
from greencoop.workshop.page import ModulePage
from greencoop.workshop.settings import PageSettings
from greencoop.workshop.start import StartPage

#: The query parameter naming the module a link opens (``?module=03_reps``).
MODULE_PARAMETER = "module"


class Workshop:
    """The start page and the modules of one group, one shown at a time in :attr:`root`.

    Args:
        settings: the group's language and municipality to begin with.
        module_id: the module to open first; None or an unknown id: the start page.
        address: the app's address, for the first module to come back where the group was before a reload.
    """

    def __init__(self, settings: PageSettings, module_id: str | None = None,
                 address: Mapping[str, str] | None = None):
        self.address = AddressBar()
        self.root = widgets.VBox()
        self.root.add_class("gc-app")
        self.start = StartPage(settings, open_module=self.open_module, on_change=self._remember)
        self.pages: dict[str, ModulePage] = {}
        self.shown: StartPage | ModulePage = self.start
        self.group_name = (address or {}).get(GROUP, "")  # as last typed in a module, for the next module's save box
        if module_id in modules():
            self.open_module(module_id, address)
        else:
            self.open_start()

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Workshop:
        """The app as a link or a reload asks for it: ``module``, ``lang``, ``municipality`` and what the group did
        in the module (any may be missing)."""
        return cls(PageSettings.resolve(query), query.get(MODULE_PARAMETER), query)

    @property
    def settings(self) -> PageSettings:
        """The group's language (as last chosen on any page) and municipality (chosen on the start page)."""
        return replace(self.start.settings, lang=self.shown.lang)

    def open_start(self) -> None:
        """Show the start page, in the language the group reads now."""
        self._leave()
        if self.start.lang != self.shown.lang:
            self.start.set_language(self.shown.lang)
        self._show(self.start)

    def open_module(self, module_id: str, address: Mapping[str, str] | None = None) -> ModulePage:
        """Show module ``module_id``, as the group left it if it was there before (or as ``address`` says it
        was, before a reload), in the group's language and municipality and under its name."""
        settings = self.settings
        self._leave()
        page = self.pages.get(module_id)
        if page is None or page.settings.municipality != settings.municipality:
            page = ModulePage(modules()[module_id], settings, to_start=self.open_start, address=address)
            page.on_change = self._remember
            self.pages[module_id] = page
        page.set_language(settings.lang)
        if self.group_name:
            page.group_input.value = self.group_name
        self._show(page)
        return page

    def _leave(self) -> None:
        """Remember what the page being left knows that the next one needs: the group's name."""
        if isinstance(self.shown, ModulePage):
            self.group_name = self.shown.group_input.value or self.group_name

    def _show(self, page: StartPage | ModulePage) -> None:
        self.shown = page
        self.root.children = [page.root, self.address.output]
        self._remember()

    def _remember(self) -> None:
        """Keep the address in step with the page shown: the module and what the group did there, or the
        start page with the group's settings and name."""
        page = self.shown
        if isinstance(page, ModulePage):
            self.address.show({MODULE_PARAMETER: page.spec.id} | page.address())
        else:
            self.address.show(page.settings.query() | ({GROUP: self.group_name} if self.group_name else {}))
