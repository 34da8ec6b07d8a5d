"""Every string a participant or facilitator reads exists, non-empty, in Bokmål and English, with the same blanks."""

import re

import pytest

from greencoop.measures import load_catalogue
from greencoop.outcomes import OUTCOMES, UNIT_LABELS
from greencoop.params import PARAMETERS, RESEARCH_QUESTIONS, Choice, Parameter
from greencoop.sector.outcomes import SECTOR_OUTCOMES
from greencoop.sector.params import NATIONAL_PARAMETERS
from greencoop.text import LANGUAGES, leaves, text
from greencoop.workshop.figure import PANELS
from greencoop.workshop.modules import modules

DECLARED = PARAMETERS + NATIONAL_PARAMETERS


def _translations():
    """The catalogue's entries, then the words that live with their declarations (and the measures' names)."""
    yield from (("text.yaml: " + key, value) for key, value in leaves())
    for p in DECLARED:
        parts = ("label", "help", "unit") if any(p.unit.values()) else ("label", "help")  # shares may have none
        yield from ((f"{p.name}.{part}", getattr(p, part)) for part in parts)
        yield from ((f"{p.name} choice {option.value}", option.label) for option in p.options)
    yield from ((f"outcome {o.name}", o.label) for o in OUTCOMES + SECTOR_OUTCOMES)
    yield from ((f"unit {unit}", labels) for unit, labels in UNIT_LABELS.items())
    yield from ((f"measure {m.key}", m.name) for m in load_catalogue().measures)
    for module in modules().values():
        yield from ((f"module {module.id}.{part}", getattr(module, part)) for part in ("title", "context"))


TRANSLATIONS = list(_translations())


@pytest.mark.parametrize(("key", "translations"), TRANSLATIONS, ids=[key for key, _ in TRANSLATIONS])
def test_every_string_is_in_both_languages(key, translations):
    assert isinstance(translations, dict), f"{key} is not a {{nb, en}} entry"
    assert set(translations) == set(LANGUAGES), f"{key}: languages {sorted(translations)}, not {list(LANGUAGES)}"
    for lang in LANGUAGES:
        words = translations[lang]
        assert isinstance(words, str) and words.strip(), f"{key}: '{lang}' missing"


@pytest.mark.parametrize(("key", "translations"), TRANSLATIONS, ids=[key for key, _ in TRANSLATIONS])
def test_both_languages_fill_the_same_placeholders(key, translations):
    nb, en = (set(re.findall(r"{(\w*)}", translations[lang])) for lang in LANGUAGES)
    assert nb == en, f"{key}: Bokmål uses {sorted(nb)}, English {sorted(en)}"


@pytest.mark.parametrize("module_id", list(modules()))
def test_every_module_has_its_texts(module_id):
    m = modules()[module_id]
    for lang in LANGUAGES:
        assert m.title[lang].strip() and m.context[lang].strip()
        assert len(m.questions[lang]) >= 2 and all(q.strip() for q in m.questions[lang])
    assert len(m.questions["nb"]) == len(m.questions["en"])


def test_every_research_question_has_words():
    assert {int(key.split(".")[1]) for key, _ in leaves() if key.startswith("research_question.")} \
        == set(RESEARCH_QUESTIONS)


@pytest.mark.parametrize("p", [p for p in DECLARED if p.kind == "choice"], ids=lambda p: p.name)
def test_every_choice_has_words_in_both_languages(p):
    assert p.choices and len(p.options) == len(p.choices)
    for choice in p.choices:
        assert all(p.words(choice, lang).strip() for lang in LANGUAGES), choice


def test_a_choice_without_words_in_every_language_is_refused():
    with pytest.raises(ValueError, match="choice 'b' needs words in nb and en"):
        Parameter("x", "choice", "a", label={"nb": "x", "en": "x"}, help={"nb": "x", "en": "x"}, source="-",
                  group="lever", options=(Choice("a", {"nb": "a", "en": "a"}), Choice("b", {"en": "b"})))


def test_charted_outcomes_are_labelled():
    labelled = {o.name for o in OUTCOMES}
    assert set(PANELS) <= labelled


def test_a_missing_key_fails_loudly():
    with pytest.raises(KeyError, match=r"no text 'module\.nonexistent'"):
        text("module.nonexistent", "nb")


def test_the_right_norwegian_terms_are_used():
    bokmaal = " ".join([value["nb"] for _, value in leaves()]
                       + [m.context["nb"] + " ".join(m.questions["nb"]) for m in modules().values()])
    for term in ("tillitsvalgte", "hovedtillitsvalgt", "partssamarbeid", "drøfting", "Hovedavtalen", "frikjøp"):
        assert term.casefold() in bokmaal.casefold(), term
