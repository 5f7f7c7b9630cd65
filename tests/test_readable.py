"""What the command line prints of others' words: no terminal controls (attack finding 11)."""

from beraad.commands.keeper import _describe
from beraad.events import PeerJoined
from beraad.net.limits import Throttle
from beraad.readable import readable


def test_the_keeper_prints_a_peer_name_without_what_a_terminal_acts_on():
    """A name in a peer's hello never passed the record checks: the keeper printed it raw."""
    for hostile in ("\x9b2J\x9b31mRED", "a\x7fb", "x\u202eevil", "a\u2028b", "\x85next", "\x1b[2J"):
        line = _describe(PeerJoined("0" * 32, "ab" * 32, hostile), Throttle())
        assert line is not None
        assert all(c.isprintable() for c in line), repr(line)


def test_readable_keeps_letters_and_makes_one_line():
    assert readable("Zoë  van\nDijk") == "Zoë van Dijk"
    assert readable("x\u202eevil") == "x evil"


def test_a_display_name_is_cleaned_of_what_the_record_checks_refuse():
    """Our own name goes into ``member.name`` and a joiner's into ``member.admit``: one with a
    bidi override or a C1 control would have made creating or joining a session fail."""
    from beraad.core.kinds import validate
    from beraad.identity_file import clean_name

    for hostile in ("Zoë\u202e", "a\x7fb", "\x9bAnja", "Bart\u2028"):
        cleaned = clean_name(hostile)
        validate("member.name", {"name": cleaned})
        assert cleaned and all(c.isprintable() for c in cleaned)
