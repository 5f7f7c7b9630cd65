"""Equal or look-alike display names are told apart by the key's fingerprint (names.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from beraad.core.identity import Identity, fingerprint
from beraad.core.names import alike, told_apart
from beraad.core.state import Member, SessionState

KEYS = [Identity.from_seed(bytes([n + 1]) * 32).public_key for n in range(6)]


def state_with(names: list[str]) -> SessionState:
    state = SessionState()
    for key, name in zip(KEYS, names, strict=False):
        state.members[key] = Member(key=key, name=name, admitted_by=None, admitted_in="x")
    state.facilitator = KEYS[0]
    return state


def test_a_name_nobody_else_has_shows_as_chosen():
    state = state_with(["Anja", "Bram", "Chris"])
    assert [state.name(k) for k in KEYS[:3]] == ["Anja", "Bram", "Chris"]


def test_the_facilitators_name_taken_by_another_shows_both_fingerprints():
    for copy in [
        "Anja",
        "anja",
        "ANJA ",
        "Аnja",
        "Anja.",
        "Ánja",
        f"Anja ({fingerprint(KEYS[0])})",
    ]:
        state = state_with(["Anja", copy, "Bram"])
        assert state.name(KEYS[0]) == f"Anja ({fingerprint(KEYS[0])})", copy
        assert state.name(KEYS[1]) == f"{copy} ({fingerprint(KEYS[1])})", copy
        assert state.name(KEYS[2]) == "Bram"


@given(st.lists(st.sampled_from(["root", "Root", "root ", "Anja", "Аnja", "anja!", "Bram", "★"]),
                min_size=1, max_size=6))  # fmt: skip
def test_no_two_members_ever_show_the_same_name(names):
    state = state_with(names)
    shown = [state.name(k) for k in state.members]
    assert len(set(shown)) == len(shown)
    # Naive definition: a name gets a fingerprint exactly when another's looks alike.
    for key, name in zip(KEYS, names, strict=False):
        clash = any(alike(o) == alike(name) for k, o in zip(KEYS, names, strict=False) if k != key)
        assert state.name(key) == (f"{name} ({fingerprint(key)})" if clash else name)
        assert told_apart(name, key, []) == name


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6))
def test_any_names_show_distinct(names):
    state = state_with(names)
    shown = [state.name(k) for k in state.members]
    assert len(set(shown)) == len(shown)


class Walks(dict):
    """A members table that counts how often it is walked whole."""

    walked = 0

    def items(self):
        Walks.walked += 1
        return super().items()

    def values(self):
        Walks.walked += 1
        return super().values()


def test_every_shown_name_costs_one_pass_over_the_members():
    """Attack finding 5: each shown name compared with every member, so 3000 puppets made any
    list of members quadratic. All names come from one pass, derived again after a rename."""
    keys = [Identity.from_seed(n.to_bytes(32, "big")).public_key for n in range(1, 61)]
    state = SessionState()
    for n, key in enumerate(keys):
        name = "Anja" if n in (0, 1) else f"person {n}"
        state.members[key] = Member(key=key, name=name, admitted_by=None, admitted_in="x")
    state.members = Walks(state.members)
    Walks.walked = 0
    shown = [state.name(k) for k in keys]
    assert Walks.walked <= 2
    assert shown[0] == f"Anja ({fingerprint(keys[0])})" and shown[2] == "person 2"
    state.members[keys[1]].name = "Bram"  # what member.name does, with the count of renames
    state.renames += 1
    assert state.name(keys[0]) == "Anja" and state.name(keys[1]) == "Bram"
