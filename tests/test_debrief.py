"""After the workshop: the debrief page, scenario export, handouts and the facilitator dashboard."""

import re

import pytest
import yaml

from greencoop.cli import main
from greencoop.experiments.scenarios import load_scenario
from greencoop.params import PARAMETERS_BY_NAME
from greencoop.workshop.dashboard import Dashboard, saves_table
from greencoop.workshop.debrief import debrief_html, session_language
from greencoop.workshop.export import slug
from greencoop.workshop.modules import modules
from greencoop.workshop.session import GroupSave, append_save, latest_saves, read_session

SEEDS = 3


def save(group: str, module: str, choices: dict, predicted: float, lang: str = "nb", **changes) -> GroupSave:
    """A save as a module would make it: a short horizon keeps the re-runs quick."""
    values = dict(
        group=group, module=module, lang=lang, choices={**choices, "horizon_years": 2},
        prediction={"outcome": "reduction_pct", "value": predicted, "note": ""},
        outcome={"outcome": "reduction_pct", "median": 1.0, "low": 0.5, "high": 1.5, "baseline_median": 0.4,
                 "seeds": SEEDS},
        reflection="Vi så at tid betyr mye.\nOg opplæring.",
    )
    return GroupSave(**(values | changes))


@pytest.fixture
def sessions(tmp_path, monkeypatch):
    folder = tmp_path / "sessions"
    monkeypatch.setenv("GREENCOOP_SESSIONS", str(folder))
    append_save(save("Bord 1", "03_reps", {"rep_release_hours": 12, "training_per_year": 0.3}, 14), "kurs")
    append_save(save("<script>alert(1)</script>", "03_reps", {"rep_release_hours": 2}, 0.1), "kurs")
    append_save(save("Bord 1", "05_employer", {"involvement": "joint", "climate_budget": 2000}, 20), "kurs")
    append_save(save("Bord 1", "05_employer", {"involvement": "consult"}, 9), "kurs")  # a second try
    return folder


def test_the_debrief_is_one_self_contained_page_in_the_sessions_language(sessions, tmp_path):
    out = tmp_path / "debrief.html"
    assert main(["debrief", "kurs", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<html lang='nb'>" in page and "Oppsummering fra verkstedet kurs" in page
    # Nothing outside the file: no URL, no linked stylesheet or script, every image inline.
    assert not re.search(r"https?:|<link|<script|@import|url\(", page)
    images = re.findall(r"<img [^>]*src='([^']*)'", page)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    # One chart per group's latest save in each module and one overview per module.
    assert len(images) == 3 + 2
    # Choices in plain words with units, the group's prediction against the re-run, and reflections.
    consult = PARAMETERS_BY_NAME["involvement"].words("consult", "nb")
    assert "Frikjøp per tillitsvalgt" in page and "12 timer/mnd" in page and consult in page
    assert PARAMETERS_BY_NAME["involvement"].words("joint", "nb") not in page, "an earlier save is not repeated"
    assert "1 tidligere lagringer fra gruppen er ikke vist" in page
    assert "Dere gjettet 14 %" in page and f"av {SEEDS} kjøringer" in page
    assert "Vi så at tid betyr mye.<br>Og opplæring." in page
    for question in modules()["03_reps"].questions["nb"]:
        assert question in page
    assert modules()["01_why"].title["nb"] not in page  # no saves there, no section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # a group name is text, never markup


def test_the_debrief_follows_the_saves_language_or_the_one_asked_for(sessions, tmp_path):
    saves = [save("Table 2", "01_why", {"involvement": "joint"}, 5, lang="en")] * 2 + read_session("kurs")[:1]
    assert session_language(saves) == "en" and session_language(saves[1:]) == "nb"
    page = debrief_html("kurs", saves[:2], seeds=SEEDS)
    assert "<html lang='en'>" in page and "You guessed 5 %" in page and "decide jointly" in page
    assert "<html lang='en'>" in debrief_html("kurs", saves[2:], lang="en", seeds=SEEDS)


@pytest.mark.parametrize(("args", "message"), [
    (["debrief", "nosuch"], "no session 'nosuch' in"),
    (["debrief", "empty"], "session 'empty' has no saves yet"),
    (["debrief", "../kurs"], "session name '../kurs' must be"),
    (["debrief", "kurs", "--seeds", "0"], "--seeds must be at least 1"),
    (["export", "kurs", "--group", "Bord 9"], "no save in session 'kurs' matches group 'Bord 9' (groups: <script>"),
    (["export", "kurs", "--module", "09_x"], "unknown module '09_x'"),
])
def test_a_missing_or_empty_session_is_one_line_exit_2_and_nothing_written(sessions, tmp_path, capsys, args,
                                                                            message):
    (sessions / "empty.jsonl").touch()
    out = tmp_path / "out" / ("debrief.html" if args[0] == "debrief" else "scenarios")
    (tmp_path / "out").mkdir()
    assert main([*args, "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not list((tmp_path / "out").iterdir())


def test_every_save_exports_to_a_scenario_the_research_tools_accept(sessions, tmp_path):
    assert main(["export", "kurs", "--out", str(tmp_path / "all")]) == 0
    files = sorted((tmp_path / "all").glob("*.yaml"))
    assert [f.name for f in files] == ["kurs-001-03_reps-bord-1.yaml", "kurs-002-03_reps-script-alert-1-script.yaml",
                                       "kurs-003-05_employer-bord-1.yaml", "kurs-004-05_employer-bord-1.yaml"]
    for file, saved in zip(files, read_session("kurs"), strict=True):
        scenario = load_scenario(file)
        assert scenario.params == saved.params()
        assert scenario.seeds == tuple(range(SEEDS))
        assert saved.group in scenario.description["nb"] and saved.group in scenario.description["en"]
    assert main(["validate", *map(str, files)]) == 0


def test_export_selects_by_group_and_module(sessions, tmp_path):
    assert main(["export", "kurs", "--group", " bord 1 ", "--module", "05_employer", "--out", str(tmp_path)]) == 0
    files = sorted(tmp_path.glob("*.yaml"))
    assert len(files) == 2
    assert yaml.safe_load(files[1].read_text(encoding="utf-8"))["parameters"] == {
        "involvement": "consult", "horizon_years": 2}


def test_group_names_become_safe_file_names():
    assert slug("Bord 3 – Bodø/Ærøy") == "bord-3-bodo-aeroy"
    assert slug("../..") == "group"


def test_handouts_are_written_per_module_in_html_and_pdf(tmp_path):
    assert main(["handouts", "--out", str(tmp_path), "--lang", "en"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en"]
    for module in modules().values():
        html = (tmp_path / "en" / f"{module.id}.html").read_text(encoding="utf-8")
        pdf = (tmp_path / "en" / f"{module.id}.pdf").read_bytes()
        assert f"Module {module.number}: {module.title['en']}" in html and "Guess first" in html
        assert all(q in html for q in module.questions["en"])
        assert not re.search(r"https?:|<link|<script", html)
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 10_000
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, f"{module.id}: one A4 sheet per module"


def test_handouts_in_bokmal_name_the_levers_in_bokmal(tmp_path):
    assert main(["handouts", "--out", str(tmp_path), "--lang", "nb"]) == 0
    html = (tmp_path / "nb" / "03_reps.html").read_text(encoding="utf-8")
    assert "Frikjøp per tillitsvalgt" in html and "Gjett først" in html and "0–80 timer/mnd" in html


def test_the_dashboard_shows_each_groups_latest_save_side_by_side(sessions):
    saves = read_session("kurs")
    assert [(x.save.group, x.save.choices.get("involvement"), x.earlier) for x in latest_saves(saves)] == [
        ("<script>alert(1)</script>", None, 0), ("Bord 1", None, 0), ("Bord 1", "consult", 1)]
    table = saves_table(saves, "en")
    assert list(table.columns[:4]) == ["Group", "Module", "Choices", "Guess"]
    assert table.loc[2, "Module"] == "Module 05: " + modules()["05_employer"].title["en"]
    assert table.loc[2, "Choices"] == "Involvement: consult early; Horizon: 2 years"
    assert table.loc[2, "Model gave"] == "1 % (0–2)", "whole per cent, as the headline wrote it"
    assert table.loc[2, "Saved"].endswith("(1 earlier)")


def test_the_dashboard_redraws_only_when_a_group_saves(sessions):
    dashboard = Dashboard(session="kurs", lang="nb")
    assert "4 lagringer fra 2 grupper" in dashboard.status.value and dashboard.chart.value
    assert "&lt;script&gt;" in dashboard.table.value
    assert not dashboard.refresh()
    append_save(save("Bord 7", "03_reps", {}, 3), "kurs")
    assert dashboard.refresh()
    assert "5 lagringer fra 3 grupper" in dashboard.status.value
    assert "No group has saved yet" in Dashboard(session="tomorrow", lang="en").status.value


def test_the_dashboard_switches_language_and_names_the_module_in_its_chart(sessions):
    from greencoop.workshop.dashboard import overview_chart

    dashboard = Dashboard(session="kurs", lang="nb")
    assert "Gruppe" in dashboard.table.value and dashboard.module.options[0][0] == "Alle moduler"
    dashboard.language.value = "en"
    assert "Group" in dashboard.table.value and "Gruppe" not in dashboard.table.value
    assert dashboard.module.options[0][0] == "All modules" and dashboard.session.description == "Workshop"
    assert "saves from 2 groups" in dashboard.status.value and "gc-page" in dashboard.widget._dom_classes
    figure = overview_chart(read_session("kurs"), "05_employer", "en")
    named = "Module 05: " + modules()["05_employer"].title["en"]
    assert [ax.get_title().split("\n")[0] for ax in figure.axes] == [named]


def test_with_all_modules_the_dashboard_charts_every_module_each_under_its_name(sessions, monkeypatch):
    from greencoop.workshop import dashboard as dashboards
    from greencoop.workshop.dashboard import overview_chart

    figure = overview_chart(read_session("kurs"), None, "en")
    titles = [" ".join(ax.get_title().split()) for ax in figure.axes if ax.get_visible()]
    assert titles == [f"Module {modules()[m].number}: {modules()[m].title['en']}" for m in ("03_reps", "05_employer")]
    assert figure.get_suptitle() == "Reduction, per cent"
    charted = []
    monkeypatch.setattr(dashboards, "overview_chart", lambda saves, module_id, lang: charted.append(module_id))
    dashboard = Dashboard(session="kurs", lang="en")
    dashboard.module.value = "03_reps"
    assert charted == [None, "03_reps"], "all modules are charted, not the one saved last"


def test_the_dashboard_opens_in_the_language_of_its_address(sessions, monkeypatch):
    from greencoop.workshop.dashboard import show_dashboard

    monkeypatch.setenv("GREENCOOP_SESSION", "kurs")
    dashboard = show_dashboard({"lang": "en"})
    assert dashboard.lang == "en" and "Group" in dashboard.table.value
    assert "saves from 2 groups" in dashboard.status.value
    dashboard.stop()
    dashboard = show_dashboard({})
    dashboard.stop()
    assert dashboard.lang == "nb"


def test_groups_are_listed_as_a_room_numbers_its_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("GREENCOOP_SESSIONS", str(tmp_path))
    for group in ("Bord 10", "bord 2", "Bord 1"):
        append_save(save(group, "03_reps", {}, 5), "rom")
    assert [x.save.group for x in latest_saves(read_session("rom"))] == ["Bord 1", "bord 2", "Bord 10"]


def test_the_debrief_draws_each_role_in_the_app_s_colour_and_words(sessions, monkeypatch):
    """Blue is today's practice, orange the group's choice, the star its guess: in the debrief as in the app."""
    import matplotlib.colors

    from greencoop.charts.style import CHOICE, GUESS, TODAY
    from greencoop.text import text
    from greencoop.workshop import debrief

    drawn = []

    def keep(figure):
        for ax in figure.axes:
            for line in ax.get_lines():
                drawn.append((line.get_label(), matplotlib.colors.to_hex(line.get_color()), line.get_marker()))
        return ""

    monkeypatch.setattr(debrief, "_image", keep)
    debrief_html("kurs", read_session("kurs"), lang="en", seeds=SEEDS)
    colours = {(label, colour) for label, colour, _ in drawn}
    assert (text(TODAY.words, "en"), TODAY.colour.lower()) in colours
    assert (text(CHOICE.words, "en"), CHOICE.colour.lower()) in colours
    assert not any(label == text(CHOICE.words, "en") and colour == TODAY.colour.lower() for label, colour in colours)
    assert any(colour == GUESS.colour.lower() and marker == GUESS.marker for _, colour, marker in drawn)
