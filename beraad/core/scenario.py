"""Scenarios: a ready-made deliberation (focus, rules, suggested knots) and a scripted walk.

A scenario file (``scenarios/*.toml``, format in ``scenarios/README.md``) is read by
``beraad.scenarios`` and checked here, purely: ``parse_scenario`` accepts the decoded table and
either returns a ``Scenario`` or raises ``ScenarioError`` saying what is wrong and where. Texts
come in Dutch and English; the script's placeholders (``@ref`` for an earlier step's record,
``@member:N`` for a simulated member's key) are resolved by ``beraad.core.script``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from beraad.core import kinds
from beraad.core.messages import N_, Explained
from beraad.core.session import (
    DECISION_RULES,
    DEFAULT_DOTS,
    DEFAULT_GRADIENT_THRESHOLD,
    LANGUAGES,
    PHASES,
    PROCESS_RULES,
    RULE_NEEDS,
)

#: Steps whose body the runner completes from the state (you name the option / the commit).
COMPLETED_BY_RUNNER = ("decision.take", "vote.reveal")
Texts = dict[str, str]


class ScenarioError(Explained, ValueError):
    """A scenario file does not describe a valid scenario."""


@dataclass(frozen=True, slots=True)
class Step:
    """One scripted contribution: which simulated member writes which kind of record."""

    member: int
    kind: str
    body: dict[str, Any]
    ref: str | None = None
    sealed: bool = False


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: Texts
    description: Texts
    focus: Texts
    phases: tuple[str, ...]
    process_rule: str
    decision_rule: str
    private: bool
    dots_per_member: int
    gradient_threshold: int
    knots: tuple[Texts, ...]
    members: tuple[Texts, ...]
    script: tuple[Step, ...]
    sealed_votes: bool = False
    """Votes are meant to be sealed: the decide view starts with "Seal my vote" ticked."""

    def text(self, name: str, language: str) -> str:
        """``title``, ``description`` or ``focus`` in ``language``."""
        texts: Texts = getattr(self, name)
        return texts.get(language) or texts.get("en", "")

    def member_name(self, index: int, language: str) -> str:
        return self.members[index].get(language) or self.members[index]["en"]


def _fail(template: str, **params: Any) -> None:
    raise ScenarioError(template, **params)


def _texts(value: Any, where: str, required: bool = True) -> Texts:
    if value is None and not required:
        return {language: "" for language in LANGUAGES}
    if isinstance(value, str) and not required:
        return {language: value for language in LANGUAGES}
    if not isinstance(value, Mapping) or any(
        not isinstance(value.get(language), str) for language in LANGUAGES
    ):
        _fail(N_("{where} needs a text in each of: {languages}"), where=where, languages="en, nl")
    return {language: value[language] for language in LANGUAGES}


def is_texts(value: Any) -> bool:
    """A table holding exactly one text per language (a translatable text in a script)."""
    return (
        isinstance(value, Mapping)
        and set(value) == set(LANGUAGES)
        and all(isinstance(v, str) for v in value.values())
    )


def localize(value: Any, language: str) -> Any:
    """Pick ``language`` from every translatable text inside ``value``."""
    if is_texts(value):
        return value[language]
    if isinstance(value, Mapping):
        return {k: localize(v, language) for k, v in value.items()}
    if isinstance(value, list):
        return [localize(v, language) for v in value]
    return value


def placeholder_id(ref: str) -> str:
    """A stand-in record id for ``@ref`` when a script is checked before it runs."""
    return hashlib.sha256(ref.encode("utf-8")).hexdigest()


def _choice(data: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in choices:
        _fail(N_("{key} must be one of: {choices}"), key=key, choices=", ".join(choices))
    return value


def _integer(data: Mapping[str, Any], key: str, low: int, high: int, default: int) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        _fail(N_("{key} must be a whole number from {low} to {high}"), key=key, low=low, high=high)
    return value


def parse_scenario(data: Mapping[str, Any]) -> Scenario:
    """Check a decoded scenario table; ScenarioError names the first problem."""
    if not isinstance(data, Mapping):
        _fail(N_("a scenario must be a table"))
    scenario_id = data.get("id")
    try:
        kinds.slug(scenario_id, "id")
        phases = list(data.get("phases", PHASES))
        kinds.phases(phases, "phases")
    except kinds.SchemaError as error:
        raise ScenarioError(error.template, **error.params) from error
    private = data.get("private", True)
    if not isinstance(private, bool):
        _fail(N_("private must be true or false"))
    members_raw = data.get("members", [])
    if not isinstance(members_raw, list):
        _fail(N_("members must be a list"))
    members = tuple(_texts(m, f"members[{i}]", required=False) for i, m in enumerate(members_raw))
    knots_raw = data.get("knots", [])
    if not isinstance(knots_raw, list):
        _fail(N_("knots must be a list"))
    scenario = Scenario(
        id=scenario_id,
        title=_texts(data.get("title"), "title"),
        description=_texts(data.get("description"), "description"),
        focus=_texts(data.get("focus"), "focus", required=False),
        phases=tuple(phases),
        process_rule=_choice(data, "process_rule", PROCESS_RULES, "facilitator"),
        decision_rule=_choice(data, "decision_rule", DECISION_RULES, "consent"),
        private=private,
        dots_per_member=_integer(data, "dots_per_member", 1, 100, DEFAULT_DOTS),
        gradient_threshold=_integer(data, "gradient_threshold", 1, 7, DEFAULT_GRADIENT_THRESHOLD),
        knots=tuple(_texts(k, f"knots[{i}]") for i, k in enumerate(knots_raw)),
        members=members,
        script=_steps(data.get("script", []), len(members)),
    )
    sealed_votes = data.get("sealed_votes", any(step.sealed for step in scenario.script))
    if not isinstance(sealed_votes, bool):
        _fail(N_("sealed_votes must be true or false"))
    scenario = replace(scenario, sealed_votes=sealed_votes)
    missing = [p for p in RULE_NEEDS[scenario.decision_rule] if p not in scenario.phases]
    if missing:
        _fail(
            N_("decision rule {rule} needs the phases {phases}"),
            rule=scenario.decision_rule,
            phases=", ".join(missing),
        )
    if scenario.script and not members:
        _fail(N_("a script needs at least one member"))
    return scenario


def _substitute_for_check(value: Any, refs: set[str], members: int, where: str) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return _resolve_for_check(value, refs, members, where)
    if isinstance(value, Mapping):
        return {
            _substitute_for_check(k, refs, members, where): _substitute_for_check(
                v, refs, members, where
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_substitute_for_check(v, refs, members, where) for v in value]
    return value


def _resolve_for_check(token: str, refs: set[str], members: int, where: str) -> str:
    name = token[1:]
    if name.startswith("member:"):
        index = name.removeprefix("member:")
        if not index.isdigit() or int(index) >= members:
            _fail(N_("{where}: no member {token}"), where=where, token=token)
        return "a" * 64
    if name not in refs:
        _fail(N_("{where}: {token} names no earlier step"), where=where, token=token)
    return placeholder_id(name)


def _steps(raw: Any, members: int) -> tuple[Step, ...]:
    if not isinstance(raw, list):
        _fail(N_("script must be a list of steps"))
    steps: list[Step] = []
    refs: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"script[{index}]"
        if not isinstance(entry, Mapping):
            _fail(N_("{where} must be a table"), where=where)
        member, kind, body = entry.get("member"), entry.get("kind"), entry.get("body", {})
        ref, sealed = entry.get("ref"), entry.get("sealed", False)
        if not isinstance(member, int) or isinstance(member, bool) or not 0 <= member < members:
            _fail(N_("{where}: member must be 0 to {last}"), where=where, last=members - 1)
        if kind not in kinds.KINDS or kind == "session.open":
            _fail(N_("{where}: unknown step kind {kind}"), where=where, kind=kind)
        if not isinstance(body, Mapping):
            _fail(N_("{where}: body must be a table"), where=where)
        if sealed not in (True, False) or (sealed and kind not in kinds.VOTE_KINDS):
            _fail(N_("{where}: only votes can be sealed"), where=where)
        if ref is not None and (not isinstance(ref, str) or not ref or ref in refs):
            _fail(N_("{where}: ref must be a new name"), where=where)
        resolved = _substitute_for_check(dict(body), refs, members, where)
        if kind not in COMPLETED_BY_RUNNER:
            for language in LANGUAGES:
                try:
                    kinds.validate(kind, localize(resolved, language))
                except kinds.SchemaError as error:
                    _fail(N_("{where}: {problem}"), where=where, problem=str(error))
        if ref:
            refs.add(ref)
        steps.append(Step(member=member, kind=kind, body=dict(body), ref=ref, sealed=sealed))
    return tuple(steps)
