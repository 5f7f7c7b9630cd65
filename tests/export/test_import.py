"""Export → import on a fresh peer gives the same state; import takes the path of every record."""

from __future__ import annotations

import random

import pytest

from beraad.export.transfer import TransferError, export_bundle, export_minutes, import_bundle
from beraad.i18n import set_language
from beraad.node import Node
from tests.conftest import run_beraad
from tests.export.helpers import honest_bundle, people, relabel, scripted, seed_data_dir

pytestmark = pytest.mark.timeout(60)


async def open_node(path):
    return await Node.open(path, discovery=False, listen=False)


async def test_export_then_import_on_a_fresh_peer_gives_the_same_state_hash(tmp_path):
    runner = scripted("gemeente")
    seed_data_dir(tmp_path / "anja", runner.records, people()[0])
    anja = await open_node(tmp_path / "anja")
    try:
        bundle = tmp_path / "gemeente.beraad"
        assert export_bundle(anja, runner.session, bundle) == len(runner.records)
        expected = anja.state_hash(runner.session)
    finally:
        await anja.close()
    assert expected == runner.fold.state_hash()
    bart = await open_node(tmp_path / "bart")
    try:
        report = import_bundle(bart, bundle)
        assert (report.new, report.already_held, report.refused) == (len(runner.records), 0, [])
        assert report.state_hash == expected and report.matches_header
        assert bart.state_hash(runner.session) == expected
        again = import_bundle(bart, bundle)
        assert (again.new, again.already_held) == (0, len(runner.records))
    finally:
        await bart.close()
    # After a restart the imported session is still there to read and export.
    bart = await open_node(tmp_path / "bart")
    try:
        path = export_minutes(bart, runner.session[:6], "md", tmp_path / "m.md", "en")
        assert runner.state.info.focus in path.read_text(encoding="utf-8")
    finally:
        await bart.close()


async def test_import_in_any_order_converges_and_keeps_the_good_records(tmp_path):
    runner, lines = honest_bundle("armoede")
    shuffled = lines[1:]
    random.Random(7).shuffle(shuffled)
    bundle = tmp_path / "shuffled.beraad"
    bundle.write_bytes(lines[0] + b"".join(shuffled))
    node = await open_node(tmp_path / "carla")
    try:
        # Verify sees the lines out of fold order, so import says so and takes nothing ...
        report = import_bundle(node, bundle)
        assert report.stopped and report.new == 0 and node.session_ids() == []
        assert {p.code for p in report.problems} == {"order", "digest"}
        # ... unless asked to take what holds on its own: then any order converges.
        report = import_bundle(node, bundle, anyway=True)
        assert report.new == len(runner.records) and report.refused == []
        assert node.state_hash(runner.session) == runner.fold.state_hash()
    finally:
        await node.close()


async def test_tampered_records_are_refused_with_reasons_and_the_rest_kept(tmp_path):
    runner, lines = honest_bundle("buurt")
    last = len(lines) - 1
    lines[last] = relabel(lines[last], at=1)  # the last record: nothing depends on it
    lines.insert(3, b"{broken\n")
    bundle = tmp_path / "tampered.beraad"
    bundle.write_bytes(b"".join(lines))
    node = await open_node(tmp_path / "dirk")
    try:
        assert import_bundle(node, bundle).stopped and node.session_ids() == []
        report = import_bundle(node, bundle, anyway=True)
        assert {"line", "signature"} <= {p.code for p in report.problems}
        reasons = " | ".join(f"{w}: {r}" for w, r in report.refused)
        assert len(report.refused) == 2, reasons
        assert "line 4" in reasons and "bad signature" in reasons
        assert report.new == len(runner.records) - 1
        assert not report.matches_header
        assert len(node.records(runner.session)) == len(runner.records) - 1
        # Why, in the reader's language: the envelope's reasons have their template too.
        set_language("nl")
        try:
            again = import_bundle(node, bundle, anyway=True)
        finally:
            set_language("en")
        dutch = " | ".join(reason for _where, reason in again.refused)
        assert "ongeldige handtekening" in dutch and "bad signature" not in dutch, dutch
    finally:
        await node.close()


async def test_a_file_that_is_no_bundle_changes_nothing(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("not a bundle\n", encoding="utf-8")
    node = await open_node(tmp_path / "eva")
    try:
        with pytest.raises(TransferError, match="not a beraad bundle"):
            import_bundle(node, junk)
        with pytest.raises(TransferError, match="Cannot read"):
            import_bundle(node, tmp_path / "missing.beraad")
        assert node.store.sessions() == []
    finally:
        await node.close()


def test_the_commands_export_import_and_verify_end_to_end(tmp_path):
    runner = scripted("buurt")
    seed_data_dir(tmp_path / "a", runner.records, people()[0])
    bundle = tmp_path / "b.beraad"
    out = run_beraad(
        "--data-dir",
        str(tmp_path / "a"),
        "export",
        runner.session[:8],
        "--format",
        "bundle",
        "-o",
        str(bundle),
    )
    assert out.returncode == 0, out.stderr
    checked = run_beraad("verify", str(bundle))
    assert checked.returncode == 0 and runner.fold.state_hash() in checked.stdout
    imported = run_beraad("--data-dir", str(tmp_path / "c"), "import", str(bundle))
    assert imported.returncode == 0, imported.stderr
    assert f"{len(runner.records)} new records" in imported.stdout
    html = tmp_path / "m.html"
    minutes = run_beraad(
        "--data-dir",
        str(tmp_path / "c"),
        "--lang",
        "nl",
        "export",
        runner.session[:8],
        "--format",
        "html",
        "-o",
        str(html),
    )
    assert minutes.returncode == 0, minutes.stderr
    assert runner.state.info.title in html.read_text(encoding="utf-8")
    unknown = run_beraad("--data-dir", str(tmp_path / "c"), "export", "ffff", "-o", str(html))
    assert unknown.returncode == 2 and "ffff" in unknown.stderr
