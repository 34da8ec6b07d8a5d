"""The start page: what the kit is, how to use it, and the group's language and municipality.

The choice is carried into every module through the links this page draws
(see :mod:`greencoop.workshop.settings`).
"""

from __future__ import annotations

import html
import os
from dataclasses import replace

import ipywidgets as widgets

from greencoop.municipality import DEFAULT_EMPLOYEES, display_name
from greencoop.text import LANGUAGE_NAMES, LANGUAGES, format_number, text
from greencoop.workshop.modules import modules
from greencoop.workshop.settings import PageSettings, ks_area_municipalities
from greencoop.workshop.style import STYLESHEET


class StartPage:
    """The start page for one group; rebuilt in place when the language changes."""

    def __init__(self, settings: PageSettings):
        self.settings = settings
        self._by_name = {display_name(m): m for m in ks_area_municipalities()}
        self.root = widgets.VBox()
        self.root.add_class("gc-page")
        self._build()

    def set_language(self, lang: str) -> None:
        self._change(replace(self.settings, lang=lang))
        self._build()

    def set_municipality(self, typed: str) -> None:
        """Choose the municipality by its name as listed; an empty field means a typical municipality."""
        typed = typed.strip()
        if typed and typed not in self._by_name:
            unknown = text("start.municipality_unknown", self.lang, name=html.escape(typed))
            self.message.value = f"<div class='gc-error'>{unknown}</div>"
            return
        self.message.value = ""
        self._change(replace(self.settings, municipality=self._by_name.get(typed)))
        self.links.value = self._links()

    @property
    def lang(self) -> str:
        return self.settings.lang

    def _change(self, settings: PageSettings) -> None:
        self.settings = settings
        if not os.environ.get("SERVER_SOFTWARE", "").startswith("voila"):
            settings.save()  # in JupyterLab the modules have no address to read the choice from

    def _build(self) -> None:
        lang = self.lang
        language = widgets.ToggleButtons(options=[(LANGUAGE_NAMES[code], code) for code in LANGUAGES], value=lang)
        language.add_class("gc-language")
        language.observe(lambda change: self.set_language(change["new"]), names="value")
        chosen = display_name(self.settings.municipality) if self.settings.municipality else ""
        municipality_help = text("start.municipality_help", lang, employees=format_number(DEFAULT_EMPLOYEES, lang))
        self.municipality = widgets.Combobox(value=chosen, options=list(self._by_name),
                                             placeholder=text("start.municipality_placeholder", lang),
                                             ensure_option=False, layout=widgets.Layout(width="28em"))
        self.municipality.add_class("gc-municipality")
        self.municipality.observe(lambda change: self.set_municipality(change["new"]), names="value")
        self.message = widgets.HTML()
        self.links = widgets.HTML(self._links())
        self.root.children = [
            widgets.HTML(STYLESHEET),
            widgets.HBox([widgets.HTML(f"<h1 class='gc-h1'>{text('app.title', lang)}</h1>"), language],
                         layout=widgets.Layout(justify_content="space-between", align_items="center")),
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

    def _links(self) -> str:
        lang, query = self.lang, self.settings.query_string()
        items = "".join(
            f"<li><a class='gc-link' href='{m.id}.ipynb?{query}'>"
            f"{text('start.module_link', lang, number=m.number, title=m.title[lang])}</a></li>"
            for m in modules().values()
        )
        return f"<ol class='gc-modules' style='list-style: none; padding-left: 0'>{items}</ol>"
