"""Reading scenario files (``scenarios/*.toml``) into checked ``Scenario`` objects.

The file I/O lives here, outside the pure core; ``beraad.core.scenario.parse_scenario`` does the
checking. A broken file is reported by name with the reason, never fatal to the others.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from beraad.core.scenario import Scenario, ScenarioError, parse_scenario
from beraad.i18n import _
from beraad.resources import data_files


@dataclass(frozen=True, slots=True)
class BrokenScenario:
    path: Path
    reason: str


def load_scenario(path: Path) -> Scenario:
    """One scenario file; ScenarioError (translated message) if it cannot be used."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(
            _("Cannot read scenario {path}: {error}"), path=path.name, error=error
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(
            _("Scenario {path} is not valid TOML: {error}"), path=path.name, error=error
        ) from error
    except RecursionError as error:  # nested deeper than the TOML reader follows
        raise ScenarioError(
            _("Scenario {path} is not valid TOML: {error}"),
            path=path.name,
            error=_("it nests too deeply to be read"),
        ) from error
    try:
        return parse_scenario(data)
    except ScenarioError as error:
        raise ScenarioError(
            _("Scenario {path}: {problem}"),
            path=path.name,
            problem=_(error.template).format(**error.params),
        ) from error


def load_scenarios(
    paths: list[Path] | None = None,
) -> tuple[dict[str, Scenario], list[BrokenScenario]]:
    """Every scenario shipped with beraad (or in ``paths``), by id, and the files that failed."""
    found: dict[str, Scenario] = {}
    broken: list[BrokenScenario] = []
    for path in data_files("scenarios") if paths is None else paths:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            broken.append(BrokenScenario(path, str(error)))
            continue
        if scenario.id in found:
            broken.append(BrokenScenario(path, _("Another scenario already uses this id.")))
            continue
        found[scenario.id] = scenario
    return found, broken


@cache
def _shipped() -> Mapping[str, Scenario]:
    """The scenarios shipped with beraad, read once per process: they are package data that
    cannot change while it runs, and the minutes name the session's scenario on every export
    (reading and checking every file each time was most of an export's cost)."""
    scenarios, _broken = load_scenarios()
    return MappingProxyType(scenarios)


def get_scenario(scenario_id: str) -> Scenario:
    """The shipped scenario with this id; KeyError (with a clear message) if there is none."""
    scenarios = _shipped()
    if scenario_id not in scenarios:
        raise KeyError(_("There is no scenario {id}.").format(id=scenario_id))
    return scenarios[scenario_id]


def scenario_title(scenario_id: str, language: str) -> str:
    """What the start form called the scenario ("Blank deliberation"); its id if none ships."""
    scenario = _shipped().get(scenario_id)
    return scenario.text("title", language) if scenario else scenario_id
