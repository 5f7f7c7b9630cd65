"""The real ``beraad`` on different terminals: ``TERM=xterm-256color``, ``TERM=screen``,
``NO_COLOR=1``, at 80×24 and larger (tmux, the real command, a real node on loopback).

One walk per terminal goes through what a newcomer sees first: the welcome (first run), the
lobby, the form to start a deliberation, the join code, and the session screen. Each screen
must be complete (its labels and its footer keys), the words must not depend on the terminal
type (only the colours may), and the colours must suit the terminal: hues where it has 256
colours, only the 16 basic colours under ``TERM=screen``, and no hue at all under ``NO_COLOR``
while focus stays visible.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from beraad.core.identity import Identity
from tests.conftest import beraad_command
from tests.ui.tmux import CODE, Tmux, clean_env, coloured, press_and_see

pytestmark = [
    pytest.mark.timeout(120),
    # The walks are made once per worker (walk_on is module-scoped): keep them on one.
    pytest.mark.xdist_group("terminals"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

# The node listens on loopback only and stays off mDNS: these tests never touch the network.
LOOPBACK = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0"}
# pytest imports readline, and GNU readline exports COLUMNS=80 LINES=24 into the process's C
# environment (not os.environ); tmux hands them on, and Textual (shutil.get_terminal_size) would
# then believe them over the real terminal. A person's terminal does not export them.
REAL_SIZE = ["env", "-u", "COLUMNS", "-u", "LINES"]
# A fixed key, so the fingerprint on screen is the same in every walk.
WOUT = Identity.from_seed(bytes(range(100, 132)))

TERMINALS: dict[str, dict[str, str]] = {
    "xterm-256color": {"TERM": "xterm-256color"},
    "screen": {"TERM": "screen"},
    "no-color": {"TERM": "xterm-256color", "NO_COLOR": "1"},
}

# What each screen must show: its labels, then its footer's keys with their labels.
LABELS: dict[str, tuple[str, ...]] = {
    "welcome": (
        "beraad — Welcome to beraad",
        f"Your key fingerprint is {WOUT.fingerprint}",
        "Your name, as the group will see it",
        "Language",
        "English",
        "Nederlands",
        "Continue",
    ),
    "lobby": (
        "beraad — Lobby",
        f"You are Wout ({WOUT.fingerprint})",
        "Deliberations nearby",
        "My deliberations",
        "Start a new one",
        "Join by code",
        "Connect to an address",
    ),
    "start": (
        "beraad — Start a new deliberation",
        "Scenario",
        "Blank deliberation",
        "Title",
        "Our street",
        "Focus question",
        "How do we slow the traffic?",
        "The facilitator moves the group",
        "The group moves by consent",
        "Consent",
        "Start",
        "Back",
    ),
    "invitation": (
        "beraad — Join code",
        "Our street",
        "Others choose “Join by code” and type it.",
        "The code works for",
    ),
    "session": (
        "beraad — Our street",
        "▸Opening",
        "Knots",
        "Evaluate",
        "Here: Wout",
        "How do we slow the traffic?",
        "How we work together (8 × co-creation)",
        "Who is here",
    ),
}
FOOTER: dict[str, tuple[str, ...]] = {
    "welcome": ("^s Continue", "^q Quit", "f1 Help", "f2 Rules", "^p palette"),
    "lobby": ("n New", "j Join", "c Connect", "^q Quit", "f1 Help", "f2 Rules", "^p palette"),
    "start": ("^s Start", "esc Back", "^q Quit", "f1 Help", "f2 Rules", "^p palette"),
    "invitation": ("esc Done", "^q Quit", "f1 Help", "f8 Other code", "^p palette"),
    "session": ("f6 Move on", "f7 Meeting", "^q Quit", "f1 Help", "^p palette"),
}
# What a screen shows once its start-up has settled: the lobby first says "Starting the
# network…" and only then its node's status; the walks compare the settled words.
SETTLED: dict[str, tuple[str, ...]] = {
    "lobby": ("Online; not looking nearby (discovery is off).",),
}
# The screens whose words are the same in every walk (the join code is new each time).
FIXED = ("welcome", "lobby", "start", "session")


@dataclass
class Walk:
    width: int
    height: int
    plain: dict[str, str]
    coloured: dict[str, str]


def settled(term: Tmux, wanted: tuple[str, ...], timeout: float = 30) -> str:
    """The screen once every wanted text is on it and two looks in a row agree.

    A frame reaches tmux in pieces; comparing two captures waits for the whole frame.
    """
    previous: list[str] = [""]

    def done(screen: str) -> bool:
        same = screen == previous[0]
        previous[0] = screen
        return same and all(text in screen for text in wanted)

    return term.wait_for(done, timeout=timeout, interval=0.15)


def walk(home: Path, terminal: str, width: int = 80, height: int = 24) -> Walk:
    """First run → lobby → start form → join code → session screen, then quit."""
    home.mkdir(parents=True, mode=0o700)
    (home / "identity.pem").write_bytes(WOUT.to_pem())
    (home / "identity.pem").chmod(0o600)
    result = Walk(width, height, {}, {})
    env = clean_env(BERAAD_LANG="en", **LOOPBACK, **TERMINALS[terminal])

    def look(name: str) -> None:
        result.plain[name] = settled(term, LABELS[name] + FOOTER[name] + SETTLED.get(name, ()))
        result.coloured[name] = coloured(term)

    with Tmux(width, height) as term:
        term.start([*REAL_SIZE, *beraad_command(), "--data-dir", str(home)], env=env)
        term.wait_for("Your name, as the group will see it", timeout=30)
        look("welcome")
        if "for example" not in result.plain["welcome"]:  # clear only a suggested name
            term.send("C-u")
            term.wait_for("for example")
        term.type("Wout")
        term.wait_for("▊  Wout")
        term.send("Enter")
        look("lobby")
        term.send("n")
        term.wait_for("Focus question")
        term.type("Our street")
        term.wait_for("Our street")
        press_and_see(term, "Tab", "Focus question")
        term.type("How do we slow the traffic?")
        look("start")
        term.send("C-s")
        look("invitation")
        term.send("Escape")
        look("session")
        term.send("C-q")
        term.wait_for("[exited 0]")
    return result


@pytest.fixture(scope="module")
def walk_on(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Walk]]:
    """``walk_on(terminal, width=80, height=24)``: each walk is made once per test module."""
    done: dict[tuple[str, int, int], Walk | BaseException] = {}

    def get(terminal: str, width: int = 80, height: int = 24) -> Walk:
        key = (terminal, width, height)
        if key not in done:
            home = tmp_path_factory.mktemp(f"{terminal}-{width}x{height}") / "wout"
            try:
                done[key] = walk(home, terminal, width, height)
            except Exception as error:  # a failed walk fails every test that needs it, once
                done[key] = error
        found = done[key]
        if isinstance(found, BaseException):
            raise found
        return found

    yield get


# --- reading colours out of `tmux capture-pane -e` ---------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
BASIC_GREYS = {0, 7, 8, 15}  # black, white, bright black, bright white
CUBE_GREYS = {16, 59, 102, 145, 188, 231}  # the r = g = b corners of the 6×6×6 cube


@dataclass(frozen=True)
class Colour:
    kind: str  # "16" (30–37, 90–97 and backgrounds), "256" (5;n) or "rgb" (2;r;g;b)
    value: tuple[int, ...]

    @property
    def neutral(self) -> bool:
        """Black, white or a grey: a colour without a hue."""
        if self.kind == "rgb":
            return len(set(self.value)) == 1
        (n,) = self.value
        if self.kind == "16":
            return n in BASIC_GREYS
        return n in BASIC_GREYS or n in CUBE_GREYS or 232 <= n <= 255


def colours(screen: str) -> list[Colour]:
    """Every foreground and background colour the escape sequences on ``screen`` set."""
    found: list[Colour] = []
    for match in SGR.finditer(screen):
        params = [int(p) if p else 0 for p in re.split("[;:]", match.group(1))]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48, 58) and i + 1 < len(params):
                if params[i + 1] == 5:
                    found.append(Colour("256", (params[i + 2],)))
                    i += 3
                    continue
                if params[i + 1] == 2:
                    found.append(Colour("rgb", tuple(params[i + 2 : i + 5])))
                    i += 5
                    continue
            if 30 <= p <= 37 or 40 <= p <= 47:
                found.append(Colour("16", (p % 10,)))
            elif 90 <= p <= 97 or 100 <= p <= 107:
                found.append(Colour("16", (p % 10 + 8,)))
            i += 1
    return found


def rows(screen: str) -> list[str]:
    return screen.split("\n")


def row_index(screen: str, start: str) -> int:
    return next(i for i, line in enumerate(rows(screen)) if line.lstrip().startswith(start))


# --- the tests -----------------------------------------------------------------------------------


def assert_complete(result: Walk, names: tuple[str, ...] = tuple(LABELS)) -> None:
    """Every label on its screen, and the footer with all its keys on the bottom row."""
    for name in names:
        screen = result.plain[name]
        missing = [text for text in LABELS[name] if text not in screen]
        assert not missing, f"{name}: missing {missing}\n{screen}"
        footer = rows(screen)[result.height - 1]
        missing = [text for text in FOOTER[name] if text not in footer]
        assert not missing, f"{name}: footer lacks {missing}: {footer!r}"
        # The palette key sits at the right edge (one cell of padding): the whole width is used.
        assert footer.rstrip().endswith("^p palette"), f"{name}: {footer!r}"
        assert len(footer.rstrip()) == result.width - 1, f"{name}: {footer!r}"


def test_xterm_256color_screens_are_complete_and_in_colour(walk_on):
    result = walk_on("xterm-256color")
    assert_complete(result)
    # The comparison below is only worth something if this walk does use hues.
    for name in FIXED:
        assert any(not c.neutral for c in colours(result.coloured[name])), name


@pytest.mark.parametrize("terminal", ["screen", "no-color"])
def test_the_words_do_not_depend_on_the_terminal_type(walk_on, terminal: str):
    result = walk_on(terminal)
    assert_complete(result)
    reference = walk_on("xterm-256color")
    for name in FIXED:  # same text in the same cells: only the colours differ
        assert result.plain[name] == reference.plain[name], (
            f"{name} on {terminal}:\n{result.plain[name]}\n"
            f"on xterm-256color:\n{reference.plain[name]}"
        )
    code = CODE.search(result.plain["invitation"])
    assert code, result.plain["invitation"]


def focus_is_visible(result: Walk) -> None:
    """On the start form the focused field (Focus question, just typed in) has a border drawn
    differently from the unfocused Title field's: the same characters, other attributes."""
    plain, colour = result.plain["start"], result.coloured["start"]
    focused = row_index(plain, "✎ Focus question") - 1  # the field with the keys is marked
    unfocused = row_index(plain, "Title") - 1
    assert rows(plain)[focused] == rows(plain)[unfocused], plain
    assert rows(colour)[focused] != rows(colour)[unfocused], colour


def test_screen_terminal_gets_only_the_sixteen_basic_colours(walk_on):
    result = walk_on("screen")
    for name, screen in result.coloured.items():
        wider = {c for c in colours(screen) if c.kind != "16"}
        assert not wider, f"{name}: colours TERM=screen cannot show: {sorted(wider, key=str)}"
    focus_is_visible(result)


def test_no_color_shows_no_hue_and_focus_stays_visible(walk_on):
    result = walk_on("no-color")
    for name, screen in result.coloured.items():
        hued = {c for c in colours(screen) if not c.neutral}
        assert not hued, f"{name}: NO_COLOR, yet hues {sorted(hued, key=str)}"
    focus_is_visible(result)
    # The current phase is marked by more than colour.
    session = result.plain["session"]
    assert "▸Opening" in session and "▸Knots" not in session


def test_a_larger_terminal_is_used_to_its_full_size(walk_on):
    result = walk_on("xterm-256color", 120, 40)
    assert_complete(result)
    for name, screen in result.plain.items():
        header = rows(screen)[0]
        title = header.index("beraad — ")
        middle = title + len(header[title:].rstrip()) / 2
        assert abs(middle - 60) <= 4, f"{name}: the title is not centred on 120 columns: {header!r}"
    # With room to spare, the session screen's footer has every key with its label.
    footer = rows(result.plain["session"])[39]
    assert all(key in footer for key in FOOTER["session"]), footer


def test_session_footer_shows_every_key_with_its_label_at_80_columns(walk_on):
    footer = rows(walk_on("xterm-256color").plain["session"])[23]
    assert all(key in footer for key in FOOTER["session"]), footer


def test_resizing_the_terminal_lays_the_screen_out_again(tmp_path: Path):
    """A window made larger, then back to 80×24: the lobby follows, nothing is lost."""
    home = tmp_path / "wout"
    env = clean_env(BERAAD_LANG="en", **LOOPBACK)
    wanted = LABELS["lobby"][2:] + FOOTER["lobby"]

    def footer_on_row(height: int) -> Callable[[str], bool]:
        return lambda s: all(t in s for t in wanted) and "^p palette" in rows(s)[height - 1]

    with Tmux(80, 24) as term:
        term.start([*REAL_SIZE, *beraad_command(), "--data-dir", str(home)], env=env)
        term.wait_for("Your name, as the group will see it", timeout=30)
        term.type("Wout")  # first run asks for a name; none is suggested
        term.wait_for("▊  Wout")
        term.send("Enter")
        term.wait_for(footer_on_row(24))
        term._tmux("resize-window", "-t", term.target, "-x", "120", "-y", "40")
        screen = term.wait_for(footer_on_row(40))
        assert len(rows(screen)[39].rstrip()) == 119, screen
        term._tmux("resize-window", "-t", term.target, "-x", "80", "-y", "24")
        screen = term.wait_for(footer_on_row(24))
        assert all(len(line) <= 80 for line in rows(screen)), screen
        term.send("C-q")
        term.wait_for("[exited 0]")
