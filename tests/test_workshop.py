"""The workshop pages, driven from code as a group would drive them."""

import json

import pytest

from greencoop.municipality import all_municipalities
from greencoop.params import PARAMETERS_BY_NAME, Params
from greencoop.workshop.controls import lever, slider_positions
from greencoop.workshop.modules import ALL_LEVERS, module, modules
from greencoop.workshop.page import MAX_PINNED, ModulePage, parse_guess
from greencoop.workshop.settings import SETTINGS_FILE, PageSettings, ks_area_municipalities


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path, monkeypatch):
    """Pages may leave their settings file in the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GREENCOOP_LANG", raising=False)
    monkeypatch.delenv("GREENCOOP_MUNICIPALITY", raising=False)


def open_module(module_id, lang="nb", **settings):
    page = ModulePage(module(module_id), PageSettings(lang=lang, **settings))
    page.wait()
    return page


def move(page, lever, value):
    """Move a lever as a participant would, and wait for the chart."""
    before = [bytes(chart.value) for chart in page.charts]
    page.levers[lever].value = value
    page.wait()
    assert [bytes(chart.value) for chart in page.charts] != before, f"moving {lever} did not redraw the chart"


def final(page, outcome):
    return page.choice.final(outcome)[0]


@pytest.mark.parametrize("module_id", list(modules()))
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_module_opens_with_its_levers_and_hides_results_until_the_guess(module_id, lang):
    page = open_module(module_id, lang)
    spec = module(module_id)
    assert list(page.levers) == list(spec.levers)
    assert all("gc-lever" in c._dom_classes and f"gc-lever-{n}" in c._dom_classes for n, c in page.levers.items())
    assert page.results_box.layout.display == "none" and all(bytes(c.value) == b"" for c in page.charts)
    page.guess_input.value = "10"
    page.reveal()
    assert page.results_box.layout.display == "flex"
    assert all(bytes(chart.value).startswith(b"\x89PNG") for chart in page.charts)
    assert ("Dere gjettet 10 %" if lang == "nb" else "You guessed 10 %") in page.headline.value


@pytest.mark.parametrize("module_id", list(modules()))
def test_every_module_starts_at_today_s_practice_and_says_so_until_a_lever_moves(module_id):
    """As the guides open every module: "today climate is on the agenda about twice a year…"."""
    page = open_module(module_id, "en")
    assert page.choice_params == page.reference.params == Params()
    page.reveal()
    assert "Your choices are today's practice" in page.headline.value
    assert "against" not in page.headline.value, "a result is not compared with itself"
    lever = next(name for name in page.levers if PARAMETERS_BY_NAME[name].kind != "choice")
    p = PARAMETERS_BY_NAME[lever]
    move(page, lever, p.high if page.values[lever] != p.high else p.low)
    assert "Your choices are today's practice" not in page.headline.value
    assert "against" in page.headline.value


def test_green_cooperation_beats_today_s_practice_in_module_01():
    page = open_module("01_why")
    page.reveal()
    today = final(page, "reduction_pct")
    move(page, "involvement", "joint")
    move(page, "climate_agenda_per_year", 6)
    move(page, "leadership_commitment", 0.8)
    assert final(page, "reduction_pct") > today
    assert final(page, "trust") > page.reference.final("trust")[0]
    cut = final(page, "reduction_pct")
    move(page, "climate_agenda_per_year", 0)
    assert final(page, "reduction_pct") < cut


def test_feedback_raises_engagement_in_module_02():
    page = open_module("02_agreement_to_practice")
    page.reveal()
    engagement = final(page, "engagement")
    move(page, "feedback_to_staff", 1.0)
    assert final(page, "engagement") > engagement


def test_release_time_matters_in_module_03():
    page = open_module("03_reps")
    page.reveal()
    move(page, "rep_release_hours", 0.0)
    without = final(page, "reduction_pct")
    move(page, "rep_release_hours", 30.0)
    assert final(page, "reduction_pct") > without


def test_training_raises_the_cut_in_module_04():
    page = open_module("04_union_support")
    page.reveal()
    cut = final(page, "reduction_pct")
    move(page, "training_per_year", 0.5)
    assert final(page, "reduction_pct") > cut


def test_no_budget_means_no_measures_in_module_05():
    page = open_module("05_employer")
    page.reveal()
    engagement = final(page, "engagement")
    move(page, "climate_budget", 0.0)
    assert final(page, "reduction_pct") == 0
    assert final(page, "engagement") < engagement
    assert "0 %" in page.headline.value


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_why_this_result_follows_ideas_to_tonnes_and_says_who_proposed_what_was_adopted(lang):
    """From ideas raised to tonnes cut, for today's practice and the group's choice; the adopted split by proposer."""
    import re

    from greencoop.outcomes import OUTCOMES_BY_NAME
    from greencoop.workshop.page import CHAIN

    page = open_module("04_union_support", lang)
    page.reveal()
    move(page, "training_per_year", 0.5)
    rows = re.findall(r"<tr class='gc-(step|part)'><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", page.why.value)
    labels = [OUTCOMES_BY_NAME[outcome].label[lang] for outcome, _, _ in CHAIN]
    assert [label for label in labels if any(label in row[1] for row in rows)] == labels
    assert [outcome for outcome, _, _ in CHAIN][:3] == ["ideas_raised", "measures_proposed", "proposals_tabled"]
    assert [row[0] for row in rows] == ["part" if part else "step" for _, _, part in CHAIN]
    assert ("av disse:" if lang == "nb" else "of which:") in rows[4][1]

    def number(cell):
        return float(cell.replace("\u202f", "").replace("\u2212", "-").replace(",", "." if lang == "nb" else ""))

    for column in (2, 3):
        adopted, from_reps, from_employer = (number(rows[i][column]) for i in (3, 4, 5))
        assert abs(from_reps + from_employer - adopted) <= 1, "the parts add up to what was adopted"
        ideas, proposed, tabled = (number(rows[i][column]) for i in (0, 1, 2))
        assert ideas >= proposed >= tabled >= from_reps
    assert number(rows[1][3]) > number(rows[1][2]), "trained reps make more proposals than today's"


def test_a_band_whose_ends_round_alike_is_written_with_a_decimal_not_as_22_22():
    import numpy as np

    from greencoop.workshop.compute import Ensemble

    page = open_module("06_sandbox", "nb")
    page.reveal()
    outcomes = dict(page.choice.outcomes)
    runs, months = outcomes["reduction_pct"].shape
    outcomes["reduction_pct"] = np.tile(np.linspace(21.5, 22.5, runs)[:, None], (1, months))
    headline = page._headline(page.reference, Ensemble(page.choice.params, outcomes), complete=True)
    assert "22–22" not in headline and "kjøringene: 21,6–22,4 %" in headline


def test_the_sandbox_offers_every_lever_and_compares_up_to_four_choices():
    page = open_module("06_sandbox", "en")
    assert tuple(page.levers) == ALL_LEVERS
    page.reveal()
    for hours in (0.0, 10.0, 20.0, 30.0):
        move(page, "rep_release_hours", hours)
        page.pin()
    assert [label for label, _ in page.pinned] == ["Choice A", "Choice B", "Choice C", "Choice D"]
    assert page.pin_button.disabled and "four choices" in page.full_note.value
    page.pin()
    assert len(page.pinned) == MAX_PINNED
    assert page.table.value.count("<tr>") == 1 + 1 + MAX_PINNED + 1  # header, today, pinned, current
    assert "Release time per rep: 30" in page.table.value and "as today" in page.table.value, "what each differs in"
    page.clear_pinned()
    assert not page.pinned and not page.pin_button.disabled


def test_switching_language_keeps_what_the_group_did():
    page = open_module("03_reps")
    page.levers["rep_release_hours"].value = 12.0
    page.guess_input.value = "7,5"
    page.note_input.value = "mer tid gir mer klima"
    page.reveal()
    page.wait()
    page.set_language("en")
    page.wait()
    assert page.levers["rep_release_hours"].value == 12.0 and page.revealed
    assert page.guess == 7.5 and page.note_input.value == "mer tid gir mer klima"
    assert "You guessed 7.5 %" in page.headline.value
    assert page.levers["rep_release_hours"].tooltip == \
        PARAMETERS_BY_NAME["rep_release_hours"].help["en"]


def test_a_guess_that_is_not_a_number_is_explained_and_results_stay_hidden():
    page = open_module("03_reps")
    page.guess_input.value = "a lot"
    page.reveal()
    assert not page.revealed and "mellom -100 og 100" in page.guess_message.value
    assert parse_guess("12,5 %") == 12.5 and parse_guess("") is None
    with pytest.raises(ValueError):
        parse_guess("150")


def test_guessing_again_hides_the_results():
    page = open_module("03_reps")
    page.reveal()
    page.predict_again()
    assert page.results_box.layout.display == "none" and page.predict_box.layout.display == "flex"


def test_reset_returns_every_lever_to_its_start():
    page = open_module("01_why")
    page.levers["involvement"].value = "joint"
    page.levers["leadership_commitment"].value = 0.1
    page.reset()
    page.wait()
    assert page.values == {"climate_agenda_per_year": 2, "involvement": "inform", "leadership_commitment": 0.5}


def test_the_chosen_municipality_is_modelled():
    bodo = next(m for m in all_municipalities() if m.name == "Bodø")
    page = open_module("03_reps", municipality=bodo)
    assert page.base.municipality == bodo.number
    assert "Bodø" in page.root.children[1].children[1].value


def test_every_default_and_module_start_lies_on_its_slider():
    for name in ALL_LEVERS:
        p = PARAMETERS_BY_NAME[name]
        if p.kind != "choice":
            starts = {p.default} | {m.start[name] for m in modules().values() if name in m.start}
            assert starts <= set(slider_positions(p)[0]), name


@pytest.mark.parametrize(("lang", "shown", "moved"), [("nb", "0,50", "0,85"), ("en", "0.50", "0.85")])
def test_a_slider_shows_its_value_as_the_language_writes_it(lang, shown, moved):
    slider = lever("leadership_commitment", 0.5, lang)
    assert slider.label == shown
    slider.value = 0.85
    assert slider.label == moved
    assert lever("climate_budget", 1500.0, lang).label == {"nb": "1\u202f500", "en": "1,500"}[lang]


def test_settings_come_from_the_address_then_the_file_then_the_environment(monkeypatch):
    assert PageSettings.resolve({}) == PageSettings()
    monkeypatch.setenv("GREENCOOP_LANG", "en")
    assert PageSettings.resolve({}).lang == "en"
    SETTINGS_FILE.write_text(json.dumps({"lang": "nb", "municipality": "1804"}))
    from_file = PageSettings.resolve({})
    assert from_file.lang == "nb" and from_file.municipality.name == "Bodø"
    from_address = PageSettings.resolve({"lang": "en", "municipality": "5001"})
    assert from_address.lang == "en" and from_address.municipality.name == "Trondheim"
    assert from_address.query_string() == "lang=en&municipality=5001"


def test_invalid_settings_are_ignored_and_oslo_is_not_in_the_ks_area():
    settings = PageSettings.resolve({"lang": "de", "municipality": "Atlantis"})
    assert settings == PageSettings()
    assert PageSettings.resolve({"municipality": "0301"}).municipality is None
    names = [m.name for m in ks_area_municipalities()]
    assert len(names) == 356 and "Oslo" not in names
    assert names.index("Ørland") < names.index("Ås")  # Æ, Ø, Å come last


def test_saving_records_choices_guess_result_and_reflection(tmp_path, monkeypatch):
    from greencoop.workshop.session import read_session

    monkeypatch.setenv("GREENCOOP_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("GREENCOOP_SESSION", "kurs-2026-11-24")
    page = open_module("03_reps")
    page.guess_input.value = "11"
    page.note_input.value = "mer tid"
    page.reveal()
    move(page, "rep_release_hours", 12.0)
    page.group_input.value = "  Bord 3 "
    page.reflection_input.value = "Tid er nøkkelen."
    saved = page.save()
    assert "Bord 3" in page.save_message.value
    [record] = read_session("kurs-2026-11-24")
    assert record == saved
    assert record.group == "Bord 3" and record.module == "03_reps" and record.lang == "nb"
    assert record.choices["rep_release_hours"] == 12.0
    assert record.prediction == {"outcome": "reduction_pct", "value": 11.0, "note": "mer tid"}
    assert record.outcome["median"] == pytest.approx(page.choice.final("reduction_pct")[0])
    assert record.outcome["seeds"] == page.choice.runs and record.reflection == "Tid er nøkkelen."


@pytest.mark.parametrize(("lang", "words"), [("en", ("Nothing was saved", "Type your group's name")),
                                             ("nb", ("Ingenting ble lagret", "Skriv gruppenavnet"))])
def test_a_save_without_a_group_name_is_refused_in_the_page_s_language(tmp_path, monkeypatch, lang, words):
    monkeypatch.setenv("GREENCOOP_SESSIONS", str(tmp_path / "sessions"))
    page = open_module("05_employer", lang)
    assert page.save() is None
    assert all(word in page.save_message.value for word in words) and "gc-error" in page.save_message.value
    assert "group name is empty" not in page.save_message.value
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())


def test_a_field_keeps_what_a_save_keeps_and_a_longer_text_is_refused_in_the_page_s_words(tmp_path, monkeypatch):
    from greencoop.workshop.session import MAX_REFLECTION, GroupSave, SessionError

    monkeypatch.setenv("GREENCOOP_SESSIONS", str(tmp_path / "sessions"))
    page = open_module("03_reps")
    page.reflection_input.value = "x" * 5279
    assert len(page.reflection_input.value) == MAX_REFLECTION, "the field cuts what would not be kept"
    with pytest.raises(SessionError) as refused:  # what a save sent around the page would meet
        GroupSave("Bord 1", "03_reps", "nb", {}, {}, {}, "x" * 5279).checked()
    page._save_failed(refused.value)
    message = page.save_message.value
    assert "Ingenting ble lagret" in message and "Refleksjonen har 5\u202f279 tegn" in message
    assert "høyst 4\u202f000 tegn" in message and "characters" not in message


def test_one_click_saves_once_and_the_saved_message_is_not_the_computing_colour(tmp_path, monkeypatch):
    from greencoop.workshop.session import read_session

    monkeypatch.setenv("GREENCOOP_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("GREENCOOP_SESSION", "dobbelt")
    page = open_module("03_reps")
    page.group_input.value = "Bord 2"
    page.save()
    page.save()  # a double click arrives as a second click with nothing changed
    assert len(read_session("dobbelt")) == 1
    assert "allerede lagret" in page.save_message.value and "gc-saved" in page.save_message.value
    page.reflection_input.value = "Noe nytt."
    page.save()
    assert len(read_session("dobbelt")) == 2 and "gc-status" not in page.save_message.value


def test_the_first_runs_are_shown_without_a_band_or_a_verdict():
    page = open_module("03_reps")
    page.guess_input.value = "50"
    page.reveal()
    preview = page._headline(page.reference, page.choice, complete=False)
    assert "de første kjøringene" in preview and "80 %" not in preview and "gjettet" not in preview
    assert "80 % av kjøringene" in page._headline(page.reference, page.choice, complete=True)


def test_an_answer_drawn_before_the_move_returns_does_not_leave_the_page_saying_it_computes(monkeypatch):
    """A choice the kernels have run before is answered at once, possibly before the slider's callback has
    finished: the page must still end with its results shown and no "computing" line left standing."""
    page = open_module("03_reps")
    page.reveal()
    ask = page._worker.request

    def answered_at_once(params):  # the worker draws the whole answer before the callback goes on
        ask(params)
        page._worker.wait(60)

    monkeypatch.setattr(page._worker, "request", answered_at_once)
    page.levers["rep_release_hours"].value = 12.0
    page.wait()
    assert page.choice_complete and page.choice.params.rep_release_hours == 12.0
    assert "gc-status" not in page.status.value
