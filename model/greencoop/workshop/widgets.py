"""The pages' widgets: ipywidgets' own, less a layout and a style of their own for each.

Each ipywidgets widget opens a Layout widget beside itself, and most also a Style widget: on a module
page that was 151 of its 242 widgets. Every one is a message the kernel sends as the page opens, one the
server relays and reads twice (in its single thread, for the whole room), a state the page asks for and
a model the participant's device builds. The classes here give every widget built without a layout or
style the one :func:`layout` and :func:`style` shared by all of its kind, and :func:`layout` and
:func:`style` with arguments share one object among all widgets asking for the same look.

A shared layout or style cannot be changed (that would change every widget showing it): a widget whose
layout the page changes later, to show or hide it, is given its own, ``VBox(..., layout=Layout())``.
"""

from __future__ import annotations

from functools import cache

import ipywidgets
from ipywidgets import Layout, ValueWidget, Widget
from traitlets import default

__all__ = ["HTML", "Box", "Button", "Combobox", "HBox", "Image", "Layout", "Output", "SelectionSlider", "Text",
           "Textarea", "ToggleButtons", "VBox", "ValueWidget", "Widget", "layout", "style"]


class _Shared:
    """A layout or style shown by many widgets: its attributes are set once, when it is made."""

    _sealed = False

    def __setattr__(self, name: str, value) -> None:
        if self._sealed and name in self.keys:
            raise AttributeError(f"this {type(self).__name__} is shared by many widgets; give the widget "
                                 f"its own (layout=Layout(...)) to change its {name}")
        super().__setattr__(name, value)


@cache
def _shared_kind(kind: type) -> type:
    return type(f"Shared{kind.__name__}", (_Shared, kind), {})


@cache
def _shared(kind: type, attributes: frozenset) -> Widget:
    made = _shared_kind(kind)(**dict(attributes))
    made._sealed = True
    return made


def layout(**attributes: str) -> Layout:
    """The layout shared by every widget with these ``attributes`` (``width="auto"``); none: the default."""
    return _shared(Layout, frozenset(attributes.items()))


def style(widget: type, **attributes: str) -> Widget:
    """The style of ``widget``'s kind (a :class:`Button`'s: a ButtonStyle) shared by every widget with these
    ``attributes`` (``description_width="initial"``); none: the default."""
    return _shared(widget.class_traits()["style"].klass, frozenset(attributes.items()))


def _lean(base: type) -> type:
    """``base`` whose layout, and style if it has one, default to the shared ones."""
    namespace = {"__doc__": f"ipywidgets' {base.__name__}, sharing its default layout and style (see the module).",
                 "__module__": __name__,
                 "_default_layout": default("layout")(lambda self: layout())}
    style_trait = base.class_traits().get("style")
    if style_trait is not None:
        namespace["_default_style"] = default("style")(lambda self: style(base))
    return type(base.__name__, (base,), namespace)


Box = _lean(ipywidgets.Box)
Button = _lean(ipywidgets.Button)
Combobox = _lean(ipywidgets.Combobox)
HBox = _lean(ipywidgets.HBox)
HTML = _lean(ipywidgets.HTML)
Image = _lean(ipywidgets.Image)
Output = _lean(ipywidgets.Output)
SelectionSlider = _lean(ipywidgets.SelectionSlider)
Text = _lean(ipywidgets.Text)
Textarea = _lean(ipywidgets.Textarea)
ToggleButtons = _lean(ipywidgets.ToggleButtons)
VBox = _lean(ipywidgets.VBox)
