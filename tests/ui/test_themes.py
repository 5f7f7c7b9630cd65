"""Themes come from files; a broken file is reported by name and skipped, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.resources import data_files
from beraad.ui.app import BeraadApp
from beraad.ui.themes import DEFAULT_THEME, ThemeFileError, load_theme_file, load_themes
from tests.ui.conftest import SIZE, make_profile

GOOD = """name = "test-sea"
label = { en = "Sea", nl = "Zee" }
dark = true
primary = "#1e88e5"
foreground = "#ffffff"
background = "#002244"
"""


def test_shipped_themes_all_load_with_labels_in_both_languages():
    themes, problems = load_themes(data_files("themes"))
    assert problems == []
    names = {t.name for t in themes}
    assert {
        "beraad-light",
        "beraad-dark",
        "beraad-high-contrast",
        "beraad-projector",
    } <= names
    assert DEFAULT_THEME in names
    for theme in themes:
        assert theme.label("en") and theme.label("nl")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('name = "x"\nprimary = ', "not valid TOML"),
        (GOOD.replace('"#1e88e5"', '"sea green-ish"'), "is not a colour"),
        (GOOD.replace('background = "#002244"\n', ""), "missing keys: background"),
        (GOOD.replace('nl = "Zee"', 'de = "See"'), "each language"),
        (GOOD.replace("dark = true", 'dark = "yes"'), "true or false"),
        (GOOD + 'sparkle = "#fff"\n', "unknown keys: sparkle"),
    ],
)
def test_broken_theme_file_says_why(tmp_path: Path, text: str, reason: str):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(ThemeFileError, match=reason):
        load_theme_file(path)


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path):
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text("this is = = not toml")
    (tmp_path / "c.toml").write_text(GOOD)  # the same name again
    themes, problems = load_themes(sorted(tmp_path.glob("*.toml")))
    assert [t.name for t in themes] == ["test-sea"]
    assert [p.path.name for p in problems] == ["b.toml", "c.toml"]
    assert "already in use" in problems[1].message()


async def test_app_reports_a_broken_theme_file_and_keeps_working(tmp_path: Path):
    (tmp_path / "sea.toml").write_text(GOOD)
    (tmp_path / "oops.toml").write_text(GOOD.replace('"#002244"', '"#00224"'))
    files = [*data_files("themes"), *sorted(tmp_path.glob("*.toml"))]
    app = BeraadApp(
        profile=make_profile(tmp_path / "home"), data_dir=tmp_path / "home", theme_files=files
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1
        assert "oops.toml" in warnings[0].message and "not a colour" in warnings[0].message
        assert "test-sea" in app.available_themes
        assert app.theme == DEFAULT_THEME
        app.switch_theme("test-sea")
        await pilot.pause()
        assert app.screen.styles.background.hex.lower() == "#002244"


async def test_switching_theme_from_the_command_palette(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark_background = app.screen.styles.background
        await pilot.press("ctrl+p")
        await pilot.press(*"theme light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "beraad-light"
        assert app.screen.styles.background != dark_background
        assert app.screen.styles.background.hex.lower() == "#f7f5f0"
