"""Every string a participant sees exists, non-empty, in Bokmål and English."""

import re

import pytest

from greencoop.charts.style import TEXT as CHART_TEXT
from greencoop.outcomes import OUTCOMES, UNIT_LABELS
from greencoop.params import PARAMETERS, RESEARCH_QUESTIONS
from greencoop.sector import charts as sector_charts
from greencoop.workshop import dashboard, debrief, handouts
from greencoop.workshop.figure import PANELS
from greencoop.workshop.i18n import LANGUAGES, leaves, text
from greencoop.workshop.modules import ALL_LEVERS, CHOICE_WORDS, modules


def _translations():
    yield from (("text.yaml: " + key, value) for key, value in leaves())
    for p in PARAMETERS:
        if p.group == "lever":
            yield from ((f"{p.name}.{part}", getattr(p, part)) for part in ("label", "help"))
    yield from ((f"outcome {o.name}", o.label) for o in OUTCOMES)
    yield from ((f"unit {unit}", labels) for unit, labels in UNIT_LABELS.items())
    yield from ((f"chart {key}", labels) for key, labels in CHART_TEXT.items())
    yield from ((f"research question {n}", q) for n, q in RESEARCH_QUESTIONS.items())
    for words in CHOICE_WORDS.values():
        yield from ((f"choice {value}", labels) for value, labels in words.items())
    for module in modules().values():
        yield from ((f"module {module.id}.{part}", getattr(module, part)) for part in ("title", "context"))
    # What participants see after the workshop (debrief, handouts) and what the facilitator's screens show.
    for table in (debrief, handouts, dashboard, sector_charts):
        yield from ((f"{table.__name__} {key}", labels) for key, labels in table._TEXT.items())


@pytest.mark.parametrize(("key", "translations"), list(_translations()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_string_is_in_both_languages(key, translations):
    assert isinstance(translations, dict), f"{key} is not a {{nb, en}} entry"
    for lang in LANGUAGES:
        words = translations.get(lang)
        words = " ".join(words) if isinstance(words, tuple) else words
        assert isinstance(words, str) and words.strip(), f"{key}: '{lang}' missing"
    assert set(translations) == set(LANGUAGES), f"{key}: unexpected languages {sorted(translations)}"


@pytest.mark.parametrize(("key", "translations"), list(leaves()))
def test_both_languages_fill_the_same_placeholders(key, translations):
    nb, en = (set(re.findall(r"{(\w+)}", translations[lang])) for lang in LANGUAGES)
    assert nb == en, f"{key}: Bokmål uses {sorted(nb)}, English {sorted(en)}"


@pytest.mark.parametrize("module_id", list(modules()))
def test_every_module_has_its_texts(module_id):
    m = modules()[module_id]
    for lang in LANGUAGES:
        assert m.title[lang].strip() and m.context[lang].strip()
        assert len(m.questions[lang]) >= 2 and all(q.strip() for q in m.questions[lang])
    assert len(m.questions["nb"]) == len(m.questions["en"])


def test_every_choice_of_every_lever_has_words():
    for p in PARAMETERS:
        if p.name in ALL_LEVERS and p.kind == "choice":
            for choice in p.choices:
                assert all(CHOICE_WORDS[p.name][choice][lang].strip() for lang in LANGUAGES)


def test_charted_outcomes_are_labelled():
    labelled = {o.name for o in OUTCOMES}
    assert set(PANELS) <= labelled


def test_a_missing_key_fails_loudly():
    with pytest.raises(KeyError, match=r"no workshop text 'module\.nonexistent'"):
        text("module.nonexistent", "nb")


def test_the_right_norwegian_terms_are_used():
    bokmaal = " ".join([value["nb"] for _, value in leaves()]
                       + [m.context["nb"] + " ".join(m.questions["nb"]) for m in modules().values()])
    for term in ("tillitsvalgte", "hovedtillitsvalgt", "partssamarbeid", "drøfting", "Hovedavtalen", "frikjøp"):
        assert term.casefold() in bokmaal.casefold(), term
