"""The start page: what the kit is, how to use it, the group's language and municipality, and the modules.

It is the first page of the workshop app (:mod:`greencoop.workshop.navigation`), which carries the
group's choice into every module it opens from here. In JupyterLab the choice is also left in a file,
for module notebooks opened on their own (see :mod:`greencoop.workshop.settings`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

from greencoop.municipality import DEFAULT_EMPLOYEES, Municipality, all_municipalities, display_name, folded
from greencoop.text import LANGUAGE_NAMES, LANGUAGES, format_number, text
from greencoop.workshop import widgets
from greencoop.workshop.modules import modules
from greencoop.workshop.request import under_voila
from greencoop.workshop.settings import PageSettings, ks_area_municipalities
from greencoop.workshop.style import STYLESHEET


class StartPage:
    """The start page for one group; rebuilt in place when the language changes.

    Args:
        settings: language and municipality to begin with.
        open_module: called with a module's id when the group opens it.
        on_change: called when the group changes its language or municipality.
    """

    def __init__(self, settings: PageSettings, open_module: Callable[[str], object],
                 on_change: Callable[[], None] | None = None):
        self.settings = settings
        self._open_module = open_module
        self._on_change = on_change
        self._by_name = {display_name(m): m for m in ks_area_municipalities()}
        self._by_folded_name = {folded(name): m for name, m in self._by_name.items()}
        self.root = widgets.VBox()
        self.root.add_class("gc-page")
        self._build()

    def set_language(self, lang: str) -> None:
        self._change(replace(self.settings, lang=lang))
        self._build()

    def set_municipality(self, typed: str) -> None:
        """Choose the municipality typed or picked (an empty field means the mean municipality), and say which.

        The name matches whatever the case and accents (``bodo`` is Bodø); a
        municipality outside the KS area is named as such; the choice is
        confirmed with the municipality's number of employees.
        """
        typed = typed.strip()
        if not typed:
            self._choose(None)
            return
        found = self._by_folded_name.get(folded(typed))
        if found is not None:
            self._choose(found)
            return
        outside = [m for m in all_municipalities() if not m.in_ks_area and folded(m.name) == folded(typed)]
        key = "start.municipality_outside_ks" if outside else "start.municipality_unknown"
        message = text(key, self.lang, name=html.escape(outside[0].name if outside else typed))
        self.message.value = f"<div class='gc-error'>{message}</div>"

    def _choose(self, municipality: Municipality | None) -> None:
        self._change(replace(self.settings, municipality=municipality))
        if municipality is None:
            self.message.value = ""
            return
        chosen = text("start.municipality_chosen", self.lang, name=html.escape(display_name(municipality)),
                      employees=format_number(municipality.employees, self.lang))
        self.message.value = f"<div class='gc-saved'>{chosen}</div>"

    @property
    def lang(self) -> str:
        return self.settings.lang

    def _change(self, settings: PageSettings) -> None:
        self.settings = settings
        if not under_voila():
            settings.save()  # in JupyterLab the modules have no address to read the choice from
        if self._on_change:
            self._on_change()

    def _build(self) -> None:
        lang = self.lang
        language = widgets.ToggleButtons(options=[(LANGUAGE_NAMES[code], code) for code in LANGUAGES], value=lang)
        language.add_class("gc-language")
        language.observe(lambda change: self.set_language(change["new"]), names="value")
        chosen = display_name(self.settings.municipality) if self.settings.municipality else ""
        municipality_help = text("start.municipality_help", lang, employees=format_number(DEFAULT_EMPLOYEES, lang))
        self.municipality = widgets.Combobox(value=chosen, options=list(self._by_name),
                                             placeholder=text("start.municipality_placeholder", lang),
                                             ensure_option=False, continuous_update=False,
                                             layout=widgets.layout(width="28em"))
        self.municipality.add_class("gc-municipality")
        self.municipality.observe(lambda change: self.set_municipality(change["new"]), names="value")
        self.message = widgets.HTML()
        self.links = self._module_buttons()
        self.root.children = [
            widgets.HTML(STYLESHEET),
            widgets.HBox([widgets.HTML(f"<h1 class='gc-h1'>{text('app.title', lang)}</h1>"), language],
                         layout=widgets.layout(justify_content="space-between", align_items="center")),
            widgets.HTML(f"<p class='gc-question'>{text('app.subtitle', lang)}</p>"
                         f"<p class='gc-text'>{text('start.welcome', lang)}</p>"),
            widgets.HTML(f"<h2 class='gc-h2'>{text('start.municipality', lang)}</h2>"
                         f"<p class='gc-help'>{municipality_help}</p>"),
            self.municipality,
            self.message,
            widgets.HTML(f"<h2 class='gc-h2'>{text('start.modules_title', lang)}</h2>"),
            self.links,
            widgets.HTML(f"<h2 class='gc-h2'>{text('start.how_to_title', lang)}</h2>"
                         f"<p class='gc-text'>{text('start.how_to', lang)}</p>"
                         f"<h2 class='gc-h2'>{text('start.how_to_read_title', lang)}</h2>"
                         f"<p class='gc-text'>{text('start.how_to_read', lang)}</p>"
                         f"<p class='gc-small'>{text('app.not_a_forecast', lang)}</p>"),
        ]

    def _module_buttons(self) -> widgets.Widget:
        """One button a module, opening it in this page with the group's language and municipality."""
        buttons = []
        for m in modules().values():
            button = widgets.Button(description=text("start.module_link", self.lang, number=m.number,
                                                     title=m.title[self.lang]),
                                    layout=widgets.layout(width="auto", max_width="100%", height="auto"))
            button.add_class("gc-module-link")
            button.add_class(f"gc-module-{m.id}")
            button.on_click(lambda _, module_id=m.id: self._open_module(module_id))
            buttons.append(button)
        # A long title wraps inside its button on a phone, instead of running off the screen.
        wrap = widgets.HTML("<style>.gc-module-link { white-space: normal; text-align: left; "
                            "line-height: 1.3; padding: 0.4em 0.8em; }</style>")
        box = widgets.VBox([wrap, *buttons], layout=widgets.layout(align_items="flex-start"))
        box.add_class("gc-modules")
        return box
