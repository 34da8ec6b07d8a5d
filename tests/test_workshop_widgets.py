"""The pages' widgets share their layouts and styles, so a page opening sends a fraction of the widgets it did."""

import ipywidgets
import pytest
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_style import Style

from greencoop.workshop import widgets
from greencoop.workshop.navigation import Workshop


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    """Pages may leave their settings file in the working directory."""
    monkeypatch.chdir(tmp_path)


def opened_by(build) -> list[ipywidgets.Widget]:
    """The widgets ``build()`` opens (each one a message to the page and a model the page builds)."""
    before = set(_instances)
    build().shown.wait()
    return [widget for key, widget in _instances.items() if key not in before]


def test_a_module_page_opens_one_layout_and_style_per_look_not_one_per_widget():
    Workshop.from_query({"module": "06_sandbox"})  # every shared look made once, as in a kernel's first page
    opened = opened_by(lambda: Workshop.from_query({"module": "03_reps", "lang": "en"}))
    looks = [w for w in opened if isinstance(w, ipywidgets.Layout | Style)]
    # the two boxes the page shows or hides have layouts of their own; nothing else opens a layout or style
    assert len(looks) == 2, sorted(type(w).__name__ for w in looks)
    assert len(opened) < 110  # 242 when each widget opened its own layout and style


def test_widgets_given_no_look_share_one_and_the_same_look_is_shared():
    first, second = widgets.HTML("a"), widgets.HTML("b")
    assert first.layout is second.layout and first.style is second.style
    assert widgets.Button().style is widgets.Button().style is not first.style
    assert widgets.layout(width="auto") is widgets.layout(width="auto") is not first.layout
    assert widgets.style(widgets.Text, description_width="initial").description_width == "initial"
    assert isinstance(first, ipywidgets.HTML) and first.get_state()["_model_name"] == "HTMLModel"


def test_a_shared_look_cannot_be_changed_but_a_widget_s_own_can():
    shared = widgets.VBox()
    with pytest.raises(AttributeError, match="shared by many widgets"):
        shared.layout.display = "none"
    assert widgets.layout().display is None
    own = widgets.VBox(layout=widgets.Layout())
    own.layout.display = "none"
    assert own.layout.display == "none" and widgets.VBox().layout.display is None
