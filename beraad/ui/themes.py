"""Theme files (``themes/*.toml``) turned into Textual themes.

A theme file is data a person may edit by hand, so a mistake in one must never stop the app:
each file is checked on its own and a broken one is reported with the reason and skipped.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from beraad.i18n import LANGUAGES, _, current_language
from beraad.i18n.os_words import os_reason

DEFAULT_THEME = "beraad-dark"
COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
REQUIRED_KEYS = ("name", "label", "primary", "foreground", "background")
KNOWN_KEYS = frozenset((*COLOUR_KEYS, "name", "label", "dark", "variables"))


class ThemeFileError(ValueError):
    """A theme file cannot be used; the message says why, in the user's language."""


@dataclass(frozen=True, slots=True)
class BeraadTheme:
    """A Textual theme with the name people see in each language."""

    theme: Theme
    labels: dict[str, str]

    @property
    def name(self) -> str:
        return self.theme.name

    def label(self, language: str | None = None) -> str:
        return self.labels.get(language or current_language()) or self.theme.name


@dataclass(frozen=True, slots=True)
class ThemeProblem:
    """A theme file that was skipped, and why."""

    path: Path
    reason: str

    def message(self) -> str:
        return _("The theme file {file} was skipped: {reason}").format(
            file=self.path.name, reason=self.reason
        )


def _colour(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(_("{key} must be a colour in quotes").format(key=key))
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            _("{key} = {value!r} is not a colour").format(key=key, value=value)
        ) from None
    return value


def _labels(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(language), str) and value[language].strip() for language in LANGUAGES
    ):
        raise ThemeFileError(_("label needs a name for each language: en and nl"))
    return {language: value[language].strip() for language in LANGUAGES}


def parse_theme(data: dict[str, object]) -> BeraadTheme:
    """Check one theme's keys and values and build it; raises ``ThemeFileError``."""
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise ThemeFileError(_("missing keys: {keys}").format(keys=", ".join(missing)))
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ThemeFileError(_("unknown keys: {keys}").format(keys=", ".join(unknown)))
    name = data["name"]
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise ThemeFileError(_("name must be a word without spaces around it"))
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(_("dark must be true or false"))
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ThemeFileError(_("variables must be a table of text values"))
    colours = {key: _colour(key, data[key]) for key in COLOUR_KEYS if key in data}
    theme = Theme(name=name, dark=dark, variables=dict(variables), **colours)
    return BeraadTheme(theme=theme, labels=_labels(data["label"]))


def load_theme_file(path: Path) -> BeraadTheme:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeFileError(_("cannot read it: {error}").format(error=os_reason(error))) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(_("it is not valid TOML ({error})").format(error=error)) from error
    except RecursionError as error:  # nested deeper than the TOML reader follows
        raise ThemeFileError(_("it nests too deeply to be read")) from error
    return parse_theme(data)


def load_themes(
    paths: Iterable[Path], taken: Iterable[str] = ()
) -> tuple[list[BeraadTheme], list[ThemeProblem]]:
    """Load every file that works; list the ones that do not (a duplicate name is a problem)."""
    themes: list[BeraadTheme] = []
    problems: list[ThemeProblem] = []
    names = set(taken)
    for path in paths:
        try:
            loaded = load_theme_file(path)
        except ThemeFileError as error:
            problems.append(ThemeProblem(path, str(error)))
            continue
        if loaded.name in names:
            problems.append(
                ThemeProblem(path, _("the name {name} is already in use").format(name=loaded.name))
            )
            continue
        names.add(loaded.name)
        themes.append(loaded)
    return themes, problems
