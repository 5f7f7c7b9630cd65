"""Real peers in network namespaces: discovery, join by code, convergence, partitions, crashes.

Each peer is a separate process (``tests/peer_driver.py``) running a real Node with zeroconf,
inside its own namespace of a lab that the test builds (``tests/netns.py``); multicast never
leaves the lab. Convergence is judged by state hashes.
"""

from __future__ import annotations

import json

import pytest

from tests.netns import netns_lab_fixture  # noqa: F401 - provides the netns_lab fixture
from tests.peers import Peer

pytestmark = [pytest.mark.netns, pytest.mark.timeout(240)]

KNOTS = {"to": "knots", "proposal": None}


def converge(peers, session, count, timeout=60):
    """Wait until every peer holds ``count`` records; return their state hashes."""
    return {
        p.call("wait_records", session=session, count=count, timeout=timeout)["hash"] for p in peers
    }


def start(lab, tmp_path, n, **kw):
    return [
        Peer(
            tmp_path / f"peer{i}",
            host=lab.hosts[i].address,
            namespace=lab.hosts[i].name,
            discovery=True,
            **kw,
        )
        for i in range(n)
    ]


def test_three_hosts_discover_join_by_code_and_converge(netns_lab, tmp_path):
    lab = netns_lab(3)
    peers = start(lab, tmp_path, 3)
    try:
        created = peers[0].call("create", title="Speelplein", focus="Hoe maken we het veilig?")
        session = created["session"]
        # The joiners get only the code: the admitter is found by its nameplate over mDNS.
        for peer in peers[1:]:
            assert peer.call("join", code=created["code"], timeout=60)["session"] == session
        peers[0].call("contribute", session=session, kind="phase.move", body=KNOTS)
        # A peer adds a knot only once it holds the move (before it, Opening refuses knots):
        # 2 opening records + 2 admissions + 2 names + the move.
        converge(peers, session, 7)
        for index, peer in enumerate(peers):
            peer.call(
                "contribute",
                session=session,
                kind="knot.add",
                body={"text": f"knot from host {index}"},
            )
        # 2 opening records + 2 admissions + a move + 2 names + 3 knots.
        hashes = converge(peers, session, 10)
        assert len(hashes) == 1
        assert {p.call("hash", session=session)["members"] for p in peers} == {3}
        # Joiners found each other too (not only the admitter): cut the admitter off and
        # the other two still exchange records.
        lab.partition([0], [1, 2])
        peers[1].call("contribute", session=session, kind="knot.add", body={"text": "zonder 0"})
        assert len(converge(peers[1:], session, 11)) == 1
    finally:
        for peer in peers:
            peer.stop()


def test_partition_two_three_then_heal(netns_lab, tmp_path):
    lab = netns_lab(5)
    peers = start(lab, tmp_path, 5)
    try:
        created = peers[0].call("create", title="Gemeente", focus="Wat doen we met het plein?")
        session = created["session"]
        for peer in peers[1:]:
            peer.call("join", code=created["code"], timeout=60)
        peers[0].call("contribute", session=session, kind="phase.move", body=KNOTS)
        base = 2 + 4 + 1 + 4
        converge(peers, session, base)
        lab.partition([0, 1], [2, 3, 4])
        for index, peer in enumerate(peers):
            peer.call(
                "contribute",
                session=session,
                kind="knot.add",
                body={"text": f"tijdens de splitsing, host {index}"},
            )
        left = converge(peers[:2], session, base + 2)
        right = converge(peers[2:], session, base + 3)
        assert len(left) == len(right) == 1
        assert left != right
        for peer in peers:  # neither side saw the other's knots
            assert peer.call("hash", session=session)["records"] < base + 5
        lab.heal()
        assert len(converge(peers, session, base + 5, timeout=90)) == 1
    finally:
        for peer in peers:
            peer.stop()


def test_two_users_on_one_host_find_each_other(netns_lab, tmp_path):
    """The SSH-host case: two data dirs, one machine, joined by code through mDNS."""
    lab = netns_lab(1)
    host = lab.hosts[0]
    anja = Peer(tmp_path / "anja", host=host.address, namespace=host.name, discovery=True)
    bart = Peer(tmp_path / "bart", host=host.address, namespace=host.name, discovery=True)
    try:
        created = anja.call("create", title="Team", focus="Waar beginnen we?")
        assert bart.call("join", code=created["code"], timeout=60)["session"] == created["session"]
        # open, name and admission by anja; bart names himself.
        assert len(converge([anja, bart], created["session"], 4)) == 1
    finally:
        anja.stop()
        bart.stop()


def test_a_guest_code_is_found_nearby_while_the_member_code_is_open(netns_lab, tmp_path):
    """Naive-user finding: with a member code and a guest code open at once only the member
    code's number was announced; typing the guest code found nobody until it was closed."""
    lab = netns_lab(3)
    peers = start(lab, tmp_path, 3)
    try:
        created = peers[0].call("create", title="Buurt", focus="Wat doen we?")
        session = created["session"]
        guest = peers[0].call("invite", session=session, role="guest")["code"]
        assert guest.split("-")[0] != created["code"].split("-")[0]
        # Neither joiner is given an address: both codes must be found by their number.
        assert peers[1].call("join", code=guest, timeout=30)["session"] == session
        assert peers[2].call("join", code=created["code"], timeout=30)["session"] == session
        # 2 opening records + 2 admissions + 2 names: everyone holds the same session.
        assert len(converge(peers, session, 6)) == 1
    finally:
        for peer in peers:
            peer.stop()


def test_kill_during_backfill_then_restart_catches_up(netns_lab, tmp_path):
    lab = netns_lab(2)
    holder = Peer(tmp_path / "holder", host=lab.hosts[0].address, namespace=lab.hosts[0].name)
    joiner_dir = tmp_path / "joiner"
    joiner = Peer(joiner_dir, host=lab.hosts[1].address, namespace=lab.hosts[1].name)
    try:
        created = holder.call("create", title="Groot", focus="Veel knopen")
        session = created["session"]
        holder.call("contribute", session=session, kind="phase.move", body=KNOTS)
        total = holder.call("bulk", session=session, count=3000, timeout=120)["records"]
        journal = joiner_dir / "store" / "records.jsonl"
        # Send the join and kill -9 the joiner once part of the backfill is on its disk.
        assert joiner.process.stdin is not None
        joiner.process.stdin.write(
            json.dumps({"cmd": "join", "code": created["code"], "address": created["address"]})
            + "\n"
        )
        joiner.process.stdin.flush()
        wait_until(lambda: journal.exists() and journal.stat().st_size > 200_000, 60)
        joiner.kill()
        joiner = Peer(joiner_dir, host=lab.hosts[1].address, namespace=lab.hosts[1].name)
        after = joiner.call("wait_records", session=session, count=total + 1, timeout=120)
        # The admission came on top; nothing twice, nothing lost.
        final = holder.call("wait_records", session=session, count=after["records"])
        assert after["records"] == final["records"]
        assert after["hash"] == final["hash"]
    finally:
        holder.stop()
        joiner.stop()


def wait_until(predicate, timeout):
    """Poll a file-system condition (no event to wait on across processes), bounded in time."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.01)


def test_a_record_is_confirmed_by_receipt_and_again_after_kill_and_restart(netns_lab, tmp_path):
    """Naive s10 finding 4, across hosts: Anja's record is confirmed held by Bert's receipt
    while Bert writes nothing; after kill -9 and a restart, Bert's hello says it at once."""
    lab = netns_lab(2)
    anja_dir = tmp_path / "anja"
    anja = Peer(anja_dir, host=lab.hosts[0].address, namespace=lab.hosts[0].name)
    bert = Peer(tmp_path / "bert", host=lab.hosts[1].address, namespace=lab.hosts[1].name)
    try:
        created = anja.call("create", title="Speelplein", focus="Veilig?")
        session = created["session"]
        bert.call("join", code=created["code"], address=created["address"])
        written = bert.call("wait_records", session=session, count=4)["records"]
        anja.call("contribute", session=session, kind="phase.move", body=KNOTS)
        assert anja.call("wait_held", session=session, timeout=30)["by"] == [bert.key]
        # Nothing of Bert's said it: he holds the move and wrote nothing after it.
        assert bert.call("hash", session=session)["records"] == written + 1
        anja.kill()
        anja = Peer(
            anja_dir,
            host=lab.hosts[0].address,
            namespace=lab.hosts[0].name,
            peers=[bert.address],
        )
        assert anja.call("wait_held", session=session, timeout=30)["by"] == [bert.key]
        assert bert.call("hash", session=session)["records"] == written + 1
    finally:
        anja.stop()
        bert.stop()
