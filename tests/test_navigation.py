"""The workshop app: the start page and every module in one page, as a group moves through a workshop."""

import json

import pytest

from greencoop.workshop.modules import modules
from greencoop.workshop.navigation import Workshop
from greencoop.workshop.page import ModulePage, start_values
from greencoop.workshop.settings import SETTINGS_FILE, PageSettings


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    """The start page leaves its settings file in the working directory (outside Voilà)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GREENCOOP_LANG", raising=False)
    monkeypatch.delenv("GREENCOOP_MUNICIPALITY", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)


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
    assert app.root.children == (page.root, app.address.output)
    page.wait()


@pytest.mark.parametrize("query", [{}, {"module": "99_nothing"}, {"module": ""}])
def test_an_address_without_a_known_module_opens_the_start_page(query):
    app = Workshop.from_query(query)
    assert app.shown is app.start and app.root.children == (app.start.root, app.address.output)


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


# --- a reload comes back where the group was ----------------------------------------------------------------


def reload(app: Workshop) -> Workshop:
    """What a browser reload does: a new kernel opens the app from the address the page kept."""
    return Workshop.from_query(app.address.query)


def test_a_reload_comes_back_to_the_module_levers_guess_results_and_group(tmp_path, monkeypatch):
    monkeypatch.setenv("GREENCOOP_SESSIONS", str(tmp_path / "sessions"))
    app = Workshop(PageSettings())
    app.start.set_municipality("Bodø")
    page = app.open_module("03_reps")
    page.set_language("en")
    page.levers["rep_release_hours"].value = 9.0
    page.levers["training_per_year"].value = 0.5
    page.guess_input.value = "12,5"
    page.note_input.value = "more time, more proposals"
    page.reveal()
    page.group_input.value = "Table 2"
    page.reflection_input.value = "Time is what reps lack."
    page.wait()
    page.save()
    query = app.address.query
    assert query == {"module": "03_reps", "lang": "en", "municipality": "1804", "rep_release_hours": "9",
                     "training_per_year": "0.5", "group": "Table 2", "guess": "12.5",
                     "note": "more time, more proposals", "shown": "1"}

    again = reload(app).shown
    assert isinstance(again, ModulePage) and again.spec.id == "03_reps" and again is not page
    assert (again.lang, again.settings.municipality.name) == ("en", "Bodø")
    assert again.values == page.values and again.choice_params == page.choice_params
    assert (again.guess, again.note_input.value, again.revealed) == (12.5, "more time, more proposals", True)
    assert again.guess_input.value == "12.5"
    assert again.group_input.value == "Table 2"
    assert again.reflection_input.value == "Time is what reps lack.", "the reflection comes back from the save"
    again.wait()
    assert "You guessed 12.5 %" in again.headline.value
    page.wait()


def test_the_address_follows_the_group_back_to_the_start_and_a_guess_not_yet_shown():
    app = Workshop(PageSettings(lang="en"))
    page = app.open_module("01_why")
    page.guess_input.value = "8"
    assert app.address.query == {"module": "01_why", "lang": "en", "guess": "8"}
    again = reload(app).shown
    assert again.guess_input.value == "8" and not again.revealed and again.guess is None
    page.group_input.value = "Bord 5"
    app.open_start()
    assert app.address.query == {"lang": "en", "group": "Bord 5"}
    assert reload(app).open_module("02_agreement_to_practice").group_input.value == "Bord 5"
    page.levers["involvement"].value = "joint"  # a page not shown does not take the address
    assert "involvement" not in app.address.query
    for p in (page, again):
        p.wait()


@pytest.mark.parametrize(("written", "kept"), [
    ({"rep_release_hours": "9.3"}, {}),  # between two positions of the slider
    ({"rep_release_hours": "-4"}, {}),
    ({"rep_release_hours": "nine"}, {}),
    ({"involvement": "veto"}, {}),  # not a lever of 03_reps, nor a choice of involvement
    ({"climate_budget": "9000"}, {}),  # a lever of another module
    ({"competing_agenda_hours": "20", "training_per_year": "1"}, {"competing_agenda_hours": 20.0,
                                                                  "training_per_year": 1.0}),
])
def test_an_address_s_levers_are_kept_only_where_the_module_s_sliders_can_show_them(written, kept):
    app = Workshop.from_query({"module": "03_reps", **written})
    page = app.shown
    start = start_values(page.spec, page.base)
    assert {name: value for name, value in page.values.items() if value != start[name]} == kept
    page.wait()


@pytest.mark.parametrize("guess", ["twelve", "nan", "1e9", "", "inf"])
def test_a_guess_in_the_address_that_is_not_a_cut_opens_the_page_without_it(guess):
    page = Workshop.from_query({"module": "01_why", "guess": guess, "shown": "1"}).shown
    assert page.guess is None and page.guess_input.value == ""
    assert page.revealed, "the results were shown: they are again, without a guess"
    page.wait()


def test_a_group_name_in_the_address_is_cut_to_what_a_save_keeps():
    from greencoop.workshop.session import MAX_GROUP

    page = Workshop.from_query({"module": "01_why", "group": "x" * 5000}).shown
    assert page.group_input.value == "x" * MAX_GROUP
    page.wait()
