"""Whose clock is off, from clocks measured on links (``core/clock_skew.py``)."""

from beraad.core.clock_skew import DAY_MS, MARGIN_MS, Measured, Skew, said_of, skew, told

ANJA, BART, CARLA = "a" * 64, "b" * 64, "c" * 64
MINUTE = 60_000


def test_one_peer_behind_me_means_mine_is_ahead_and_mine_is_the_one_to_set():
    """Bart's screen, his laptop 2 minutes fast: his words wait on Anja's."""
    assert skew([Measured(ANJA, -2 * MINUTE)]) == Skew(mine_ahead=2 * MINUTE, of=(ANJA,))


def test_one_peer_ahead_of_me_is_said_as_theirs_ahead_not_mine_behind():
    """Anja's screen: with two laptops either may be off; the one ahead is whose words wait."""
    assert skew([Measured(BART, 2 * MINUTE)]) == Skew(ahead=((BART, 2 * MINUTE),))


def test_behind_every_one_of_two_or_more_peers_means_mine_is_the_one_to_set():
    found = skew([Measured(BART, 2 * MINUTE), Measured(CARLA, 3 * MINUTE)])
    assert found == Skew(mine_behind=2 * MINUTE, of=(BART, CARLA))


def test_a_peer_that_agrees_with_me_makes_the_one_off_the_other():
    """Carla agrees with me: it is Bart's clock that is off, not mine."""
    found = skew([Measured(BART, -2 * MINUTE), Measured(CARLA, 1_000)])
    assert found == Skew(behind=((BART, 2 * MINUTE),))
    assert not skew([Measured(BART, MARGIN_MS), Measured(CARLA, -MARGIN_MS)])


def test_an_unsure_measurement_is_not_said():
    """A round trip of 4 s (a loaded loop) leaves 7 s apart within the margin: not said."""
    assert not skew([Measured(BART, 7_000, within=2_000)])
    assert skew([Measured(BART, 7_000, within=1_000)])


def test_differences_are_said_bounded_whatever_a_peer_claims():
    assert told(4_400) == ("s", 4)
    assert told(-2 * MINUTE) == ("min", 2)
    assert told(119 * MINUTE) == ("min", 119)
    assert told(5 * 60 * MINUTE) == ("h", 5)
    assert told(DAY_MS + 1) == told(2**53 - 1) == told(-(2**53)) == ("day", 1)
    assert said_of(2 * MINUTE, 0) == ("+min", 2) and said_of(-MINUTE, 0) == ("-min", 1)
    assert said_of(MARGIN_MS, 0) is None
