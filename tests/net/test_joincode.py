"""Join codes: parsing what people type, generating fresh ones, and sound word lists."""

from __future__ import annotations

import re

import pytest

from beraad.net.errors import CodeFormatError
from beraad.net.joincode import LANGUAGES, JoinCode, words


@pytest.mark.parametrize(
    "typed",
    ["7-appel-fiets", "7 appel fiets", "  7 APPEL-Fiets ", "7--appel  fiets", "7_appel.fiets"],
)
def test_parsing_accepts_case_spaces_and_dashes(typed):
    assert JoinCode.parse(typed) == JoinCode(7, ("appel", "fiets"))
    assert str(JoinCode.parse(typed)) == "7-appel-fiets"


def test_english_codes_parse_too():
    code = JoinCode.parse("42 Apple River")
    assert code.language == "en"
    assert code.password() == b"42-apple-river"


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("appel-fiets", "number and two words"),
        ("7-appel", "number and two words"),
        ("0-appel-fiets", "between 1 and 99"),
        ("100-appel-fiets", "between 1 and 99"),
        ("7-appel-fietz", "'fietz' is not a word"),
        ("7-appel-river", "different languages"),
    ],
)
def test_bad_codes_get_a_clear_error(typed, hint):
    with pytest.raises(CodeFormatError, match=hint):
        JoinCode.parse(typed)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.both_languages
def test_generated_codes_round_trip_and_avoid_taken_nameplates(language):
    taken = set(range(1, 99))
    code = JoinCode.generate(language, taken=taken)
    assert code.nameplate == 99
    assert code.language == language
    assert JoinCode.parse(str(code)) == code


def test_generation_is_random():
    assert len({str(JoinCode.generate("nl")) for _ in range(20)}) > 15


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_word_lists_are_sound(language):
    listed = words(language)
    assert len(listed) == 256
    assert len(set(listed)) == 256, "duplicates"
    assert all(re.fullmatch(r"[a-z]{3,7}", w) for w in listed), "plain lowercase, 3-7 letters"
    for index, word in enumerate(listed):
        for other in listed[index + 1 :]:
            assert not (word.startswith(other) or other.startswith(word)), (word, other)
            assert not _one_edit_apart(word, other), (word, other)


def test_word_lists_do_not_share_words():
    assert not set(words("nl")) & set(words("en"))


def test_dutch_list_avoids_ij_y_spelling_traps():
    assert not [w for w in words("nl") if "ij" in w or "y" in w]
