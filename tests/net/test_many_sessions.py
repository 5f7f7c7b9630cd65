"""Two people who share several deliberations (a trajectory and a second one) link all of
them through mDNS after a restart, whatever the order the sessions are dialled in.

Naive s12 R0: a cap on dials to addresses only an advert names (attack s12 #5) counted a
link for as long as it lived; two sessions linked to a host took both of that host's slots,
and the third, the one open on screen, was never dialled: "Away: Bart" on every screen, for
minutes. Real peers (``tests/peer_driver.py``) in two namespaces of a lab the test builds,
real zeroconf inside it; the restart gives each a new port, so only the adverts lead there.
"""

from __future__ import annotations

import pytest

from tests.net.test_mesh import KNOTS, converge, start
from tests.netns import netns_lab_fixture  # noqa: F401 - provides the netns_lab fixture

pytestmark = [pytest.mark.netns, pytest.mark.timeout(300)]

SESSIONS = 4


def test_every_shared_session_links_after_a_restart(netns_lab, tmp_path):
    lab = netns_lab(2)
    anja, bart = start(lab, tmp_path, 2)
    sessions = []
    try:
        for n in range(SESSIONS):
            created = anja.call("create", title=f"Plein {n}", focus="Hoe?")
            sessions.append(created["session"])
            assert bart.call("join", code=created["code"], timeout=60)["session"] == sessions[-1]
        for session in sessions:  # the opening, the admission and both names, on both
            assert len(converge([anja, bart], session, 4)) == 1
    finally:
        anja.stop()
        bart.stop()
    anja, bart = start(lab, tmp_path, 2)  # the same data dirs, new ports
    try:
        for session in sessions:
            anja.call("contribute", session=session, kind="phase.move", body=KNOTS)
        for session in sessions:  # each move reaches Bart: every session linked
            assert len(converge([anja, bart], session, 5, timeout=90)) == 1, session
    finally:
        anja.stop()
        bart.stop()
