"""The scenarios a group can start from, as the start screen lists them.

Only the keys the start form needs are read here (``id``, ``title``, ``description``, ``focus``,
the rules); a file that lacks them is reported and left out of the list rather than stopping the
app.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from beraad.core.session import DECISION_RULES, PROCESS_RULES
from beraad.i18n import LANGUAGES, _, current_language


@dataclass(frozen=True, slots=True)
class ScenarioChoice:
    id: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    process_rule: str = "facilitator"
    decision_rule: str = "consent"
    """The rules the scenario is written for: choosing it sets them on the start form."""
    focuses: dict[str, str] = field(default_factory=dict)
    """The focus question it is written for ({} for a blank deliberation)."""

    def focus(self, language: str | None = None) -> str:
        return self.focuses.get(language or current_language(), "")

    def title(self, language: str | None = None) -> str:
        return self.titles.get(language or current_language()) or self.id

    def description(self, language: str | None = None) -> str:
        return self.descriptions.get(language or current_language(), "")


def _texts(data: dict[str, object], key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(
        isinstance(value.get(language), str) for language in LANGUAGES
    ):
        raise ValueError(_("{key} needs a text for each language: en and nl").format(key=key))
    return {language: value[language].strip() for language in LANGUAGES}


def load_scenario(path: Path) -> ScenarioChoice:
    """Read one scenario file's id, title and description; ``ValueError`` says what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(str(error)) from error
    except RecursionError as error:  # nested deeper than the TOML reader follows
        raise ValueError(_("it nests too deeply to be read")) from error
    scenario_id = data.get("id")
    if not isinstance(scenario_id, str) or not scenario_id.strip():
        raise ValueError(_("the id is missing"))
    process_rule = data.get("process_rule", "facilitator")
    if process_rule not in PROCESS_RULES:
        raise ValueError(_("unknown process_rule {rule}").format(rule=process_rule))
    decision_rule = data.get("decision_rule", "consent")
    if decision_rule not in DECISION_RULES:
        raise ValueError(_("unknown decision_rule {rule}").format(rule=decision_rule))
    return ScenarioChoice(
        scenario_id,
        _texts(data, "title"),
        _texts(data, "description"),
        process_rule=str(process_rule),
        decision_rule=str(decision_rule),
        focuses=_texts(data, "focus") if "focus" in data else {},
    )


def load_scenarios(paths: Iterable[Path]) -> tuple[list[ScenarioChoice], list[str]]:
    """The usable scenarios (``blank`` first) and a message for each file that was skipped."""
    found: list[ScenarioChoice] = []
    problems: list[str] = []
    for path in paths:
        try:
            found.append(load_scenario(path))
        except ValueError as error:
            problems.append(
                _("The scenario file {file} was skipped: {reason}").format(
                    file=path.name, reason=error
                )
            )
    found.sort(key=lambda s: (s.id != "blank", s.id))
    return found, problems


@cache
def shipped_sealed() -> frozenset[str]:
    """The shipped scenarios whose votes are sealed, read once (the app reads it in a thread
    at start: parsing every scenario file was a tenth of the first session screen's time)."""
    from beraad.scenarios import load_scenarios as load_checked

    found, _broken = load_checked()
    return frozenset(sid for sid, scenario in found.items() if scenario.sealed_votes)


def seals_votes(scenario_id: str) -> bool:
    """Whether the shipped scenario ``scenario_id`` says its votes are sealed (see
    ``Scenario.sealed_votes``); an unknown scenario does not."""
    return scenario_id in shipped_sealed()
