"""People read acts, not record kinds, and counted words agree with their count."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beraad.core.kinds import KINDS
from beraad.core.refusal import Refusal
from beraad.held import explain
from beraad.i18n import LANGUAGES, ngettext, parse_po, set_language
from beraad.i18n.kinds import KIND_NAMES
from tests.source_messages import source_messages

#: A record kind as the protocol spells it (``round.start``).
RECORD_KIND = re.compile(r"\b[a-z]+\.[a-z]+\b")
#: Every refusal template that names a record kind: the reducer's and the schema's.
KIND_TEMPLATES = sorted(
    m
    for m, where in source_messages().items()
    if "{kind}" in m and where.startswith(("beraad/core/deliberation", "beraad/core/kinds"))
)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


def test_every_record_kind_has_a_name():
    assert set(KINDS) <= set(KIND_NAMES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_refusal_never_shows_a_record_kind(language, kind):
    set_language(language)
    assert KIND_TEMPLATES
    for template in KIND_TEMPLATES:
        params = {"kind": kind, "phase": "knots", "fields": "x", "field": "y", "where": "z"}
        params |= {"n": 1, "reason": "r"}
        shown = explain(Refusal(template, **params))
        assert not re.search(rf"\b{re.escape(kind)}\b", shown), (template, shown)
        assert not RECORD_KIND.search(shown), (template, shown)


def test_the_facilitators_refusal_says_what_was_refused():
    set_language("en")
    shown = explain(Refusal("only the facilitator may write {kind}", kind="round.start"))
    assert shown == "only the facilitator may do that (starting a round)"
    set_language("nl")
    shown = explain(Refusal("only the facilitator may write {kind}", kind="round.start"))
    assert shown == "alleen de begeleider mag dat (een rondje starten)"


OBJECTIONS = (
    "{count} objection stands; work with it and respond again.",
    "{count} objections stand; work with them and respond again.",
)


@pytest.mark.parametrize(
    ("language", "one", "more"),
    [
        ("en", "1 objection stands", "objections stand"),
        ("nl", "1 bezwaar blijft staan", "bezwaren blijven staan"),
    ],
)
@given(count=st.integers(min_value=0, max_value=10_000))
def test_counted_words_agree_with_the_count(language, one, more, count):
    set_language(language)
    shown = ngettext(*OBJECTIONS, count).format(count=count)
    # The naive definition for English and Dutch: singular exactly for one.
    assert shown.startswith(one) if count == 1 else (more in shown and str(count) in shown)


def test_plural_entries_are_read_from_a_catalog():
    text = (
        'msgid "{n} vote"\nmsgid_plural "{n} votes"\nmsgstr[0] "{n} stem"\n'
        'msgstr[1] "{n} stemmen"\n\nmsgid "a"\nmsgstr "b"\n'
    )
    assert parse_po(text) == {"{n} vote\x00{n} votes": "{n} stem\x00{n} stemmen", "a": "b"}
    untranslated = 'msgid "x"\nmsgid_plural "xs"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    assert parse_po(untranslated) == {"x\x00xs": ""}  # missing, as a plain empty msgstr


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_question_mark_is_followed_by_a_full_stop(language):
    """ "… how did we decide?." read as a typo in F1 help."""
    from beraad.i18n import translate

    doubled = [m for m in source_messages() if re.search(r"\?\*?\.", translate(m, language))]
    assert not doubled, doubled


def test_english_screens_show_an_english_example_code():
    """An English reader was shown 7-appel-fiets, which no English code looks like."""
    from beraad.i18n import translate

    dutch = [m for m in source_messages() if "appel" in translate(m, "en")]
    assert not dutch, dutch
    assert "7-appel-fiets" in translate("like 7-apple-river", "nl")


def test_dutch_uses_one_word_for_a_revealed_vote_and_for_moving_the_group():
    """The app says "bekendgemaakt"; "onthuld" beside it, or "verzet" (opposed), confused."""
    from beraad.i18n import translate

    odd = [
        translate(m, "nl")
        for m in source_messages()
        if re.search(r"onthul|verzet door", translate(m, "nl"))
    ]
    assert not odd, odd


def test_dutch_says_jou_where_you_is_the_object():
    """'getrokken door jij' and 'gestart — jij' read wrong: "you" only ever names who did it."""
    from beraad.i18n import translate

    you = translate("you", "nl")
    assert translate("pulled by {names}", "nl").format(names=you) == "getrokken door jou"
    assert you == "jou"


def test_dutch_marks_your_own_words_with_jij_and_says_ronde_in_the_cafe():
    """Naive-user findings: the author mark read "— jou" where "— jij" fits; the café's
    footer said "Einde rondje" beside "ronde" everywhere else in the café; the decision rule
    stood in English ("Consent") in Dutch."""
    from beraad.i18n import translate

    assert translate("— you", "nl") == "— jij"
    assert translate("End café round", "nl") == "Einde ronde"
    assert translate("Consent", "nl") != "Consent"
    cafe = [m for m, where in source_messages().items() if "cafe" in str(where)]
    assert cafe and not [m for m in cafe if "rondje" in translate(m, "nl")]
