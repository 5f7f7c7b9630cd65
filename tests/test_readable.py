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


def test_a_peers_words_in_a_log_line_are_readable(caplog):
    """A log line quotes what peers sent (a refused record's reason, their error): the keeper
    writes its log to a terminal, so neither the rate-limited peer log nor the keeper's
    formatter lets an escape, a line break or a bidi override through."""
    import io
    import logging

    from beraad.net.limits import RateLimitedLog
    from beraad.readable import ReadableFormatter

    hostile = "\x1b[1A\x1b[2K\r\nverified: 0 problems\u202e\x00"
    logger = logging.getLogger("beraad.test_readable")
    with caplog.at_level(logging.INFO, logger=logger.name):
        RateLimitedLog(logger).warning("refused a record from %s: %s", "peer", hostile)
    [record] = caplog.records
    assert all(c.isprintable() for c in record.getMessage()), repr(record.getMessage())
    assert "verified: 0 problems" in record.getMessage()

    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(ReadableFormatter("%(name)s %(message)s"))
    logger.addHandler(handler)
    try:
        logger.warning("dropping connection: %s", hostile)
    finally:
        logger.removeHandler(handler)
    line = out.getvalue()
    assert line.endswith("\n") and line.count("\n") == 1, repr(line)
    assert all(c.isprintable() for c in line[:-1]), repr(line)
    assert "dropping connection: [1A [2K verified: 0 problems" in line
