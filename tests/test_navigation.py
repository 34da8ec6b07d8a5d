"""The workshop app: the start page and every module in one page, as a group moves through a workshop."""

import json

import pytest

from greencoop.workshop.modules import modules
from greencoop.workshop.navigation import Workshop
from greencoop.workshop.page import ModulePage
from greencoop.workshop.settings import SETTINGS_FILE, PageSettings


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    """The start page leaves its settings file in the working directory (outside Voilà)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GREENCOOP_LANG", raising=False)
    monkeypatch.delenv("GREENCOOP_MUNICIPALITY", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)


def click(root, css_class):
    """Press the one button with ``css_class`` under ``root``, as a participant would."""
    [button] = [w for w in _widgets(root) if css_class in getattr(w, "_dom_classes", ())]
    button.click()


def _widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _widgets(child)


def test_a_module_link_opens_the_app_on_that_module_in_its_language_and_municipality():
    app = Workshop.from_query({"module": "03_reps", "lang": "en", "municipality": "3201"})
    page = app.shown
    assert isinstance(page, ModulePage) and page.spec.id == "03_reps"
    assert page.lang == "en" and page.settings.municipality.name == "Bærum"
    assert app.root.children == (page.root,)
    page.wait()


@pytest.mark.parametrize("query", [{}, {"module": "99_nothing"}, {"module": ""}])
def test_an_address_without_a_known_module_opens_the_start_page(query):
    app = Workshop.from_query(query)
    assert app.shown is app.start and app.root.children == (app.start.root,)


def test_the_start_page_opens_every_module_inside_the_same_page():
    app = Workshop(PageSettings())
    for module_id in modules():
        click(app.root, f"gc-module-{module_id}")
        assert app.shown.spec.id == module_id
        click(app.root, "gc-to-start")
        assert app.shown is app.start


def test_language_municipality_and_group_name_carry_across_modules():
    app = Workshop(PageSettings())
    app.start.set_municipality("Bodø")
    assert json.loads(SETTINGS_FILE.read_text()) == {"lang": "nb", "municipality": "1804"}
    first = app.open_module("03_reps")
    assert first.settings.municipality.name == "Bodø" and first.lang == "nb"
    first.set_language("en")
    first.group_input.value = "Table 3"
    second = app.open_module("05_employer")
    assert (second.lang, second.settings.municipality.name, second.group_input.value) == ("en", "Bodø", "Table 3")
    app.open_start()
    assert app.start.lang == "en" and "Module 03" in app.start.links.children[3].description
    for page in (first, second):
        page.wait()


def test_a_module_visited_before_is_shown_as_the_group_left_it_unless_the_municipality_changed():
    app = Workshop(PageSettings())
    page = app.open_module("03_reps")
    page.guess_input.value = "12"
    page.reveal()
    app.open_start()
    assert app.open_module("03_reps") is page and page.revealed
    app.open_start()
    app.start.set_municipality("Bodø")
    again = app.open_module("03_reps")
    assert again is not page and again.settings.municipality.name == "Bodø" and not again.revealed
    for p in (page, again):
        p.wait()


def test_a_typo_in_the_municipality_is_said_on_the_start_page_and_changes_nothing():
    app = Workshop(PageSettings())
    app.start.set_municipality("Bodø")
    app.start.set_municipality("Bodøø")
    assert "Bodøø" in app.start.message.value and app.settings.municipality.name == "Bodø"
    app.start.set_municipality("")
    assert app.settings.municipality is None


def test_the_municipality_matches_whatever_the_case_and_accents_and_is_confirmed_with_its_employees():
    app = Workshop(PageSettings(lang="en"))
    app.start.set_municipality("bodo")
    assert app.settings.municipality.name == "Bodø"
    assert "Chosen: Bodø" in app.start.message.value and "employees" in app.start.message.value
    app.start.set_municipality("Oslo")
    assert "outside the KS area" in app.start.message.value and app.settings.municipality.name == "Bodø"
