"""Export and verify speed for a large session, beside the cost of its signatures alone.

    python benchmarks/export.py           # 10,000 records
    python benchmarks/export.py --quick   # 1,000 records, a smoke run

A real session (opened, five members admitted, moved to the knots phase) grows to N records of
knots, notes and "matters" marks by five authors, all signed before timing starts. Figures:
writing the bundle (encode + atomic write + fsync), verifying it (read, parse, every signature,
replica gate, fold with the deliberation reducer, header), importing it into a fresh peer's data
dir (Node, store, fold), and the Markdown and HTML minutes. The baseline is verifying the same N
signatures in a plain loop on one thread, in the same run: verify's ratio to it says what the
checks beyond the signatures cost.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from beraad.core.deliberation import DeliberationReducer  # noqa: E402
from beraad.core.fold import Fold  # noqa: E402
from beraad.core.identity import Identity  # noqa: E402
from beraad.core.record import Record, sign_record  # noqa: E402
from beraad.core.replica import session_id_for  # noqa: E402
from beraad.core.session import admit_body, open_body  # noqa: E402
from beraad.export.bundle import encode_bundle  # noqa: E402
from beraad.export.files import bundle_lines, write_atomically  # noqa: E402
from beraad.export.minutes import Context, build_minutes  # noqa: E402
from beraad.export.render import render_html, render_markdown  # noqa: E402
from beraad.export.transfer import import_bundle  # noqa: E402
from beraad.export.verify import verify_lines  # noqa: E402

NONCE = "b1" * 16


def make_session(count: int) -> list[Record]:
    people = [Identity.from_seed(bytes([70 + n]) * 32) for n in range(5)]
    session = session_id_for(people[0].public_key, NONCE)
    heads: dict[str, tuple[int, str | None]] = {}
    records: list[Record] = []
    knots: list[str] = []

    def write(person: Identity, kind: str, body: dict) -> Record:
        seq, prev = heads.get(person.public_key, (0, None))
        record = sign_record(
            person,
            session=session,
            seq=seq + 1,
            prev=prev,
            lamport=len(records) + 1,
            at=1_700_000_000_000 + len(records) * 1000,
            kind=kind,
            body=body,
        )
        heads[person.public_key] = (record.seq, record.id)
        records.append(record)
        return record

    write(people[0], "session.open", open_body("Groot beraad", "Hoe?", nonce=NONCE))
    for n, person in enumerate(people[1:], start=1):
        write(people[0], "member.admit", admit_body(person.public_key, f"Lid {n}"))
    write(people[0], "phase.move", {"to": "knots", "proposal": None})
    while len(records) < count:
        person = people[len(records) % 5]
        step = len(records) % 3
        if step == 0 or not knots:
            knots.append(write(person, "knot.add", {"text": f"Knoop {len(records)}"}).id)
        elif step == 1:
            write(
                person, "note.add", {"target": knots[-1], "type": "experience", "text": "Ervaring"}
            )
        else:
            write(person, "knot.matter", {"knot": knots[len(knots) // 2], "matters": True})
    return records


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    count = 1_000 if parser.parse_args().quick else 10_000
    print(f"signing {count} records …", flush=True)
    records = make_session(count)
    fold: Fold = Fold(DeliberationReducer())
    fold.extend(records)
    assert not fold.rejected, list(fold.rejected.values())[:3]
    exporter = Identity.from_seed(b"\x70" * 32)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "big.beraad"

        def baseline() -> None:
            for record in records:
                record.verify()

        base, _ = timed(baseline)
        fresh = [Record.from_dict(r.to_dict()) for r in records]  # no cached state
        export_time, _ = timed(
            lambda: write_atomically(
                path,
                encode_bundle(exporter, records[0].session, fresh, fold.state_hash(), 0),
            )
        )
        verify_time, report = timed(lambda: verify_lines(bundle_lines(path)))
        assert report.ok, [p.message for p in report.problems[:3]]

        async def do_import() -> float:
            from beraad.node import Node

            node = await Node.open(Path(work) / "peer", discovery=False, listen=False)
            try:
                seconds, result = timed(lambda: import_bundle(node, path))
                assert result.new == count and result.matches_header
                return seconds
            finally:
                await node.close()

        import_time = asyncio.run(do_import())
        context = Context(state=fold.state, records=records, state_hash=fold.state_hash())
        md_time, _ = timed(lambda: render_markdown(build_minutes(context)))
        html_time, _ = timed(lambda: render_html(build_minutes(context), "en"))
        size = path.stat().st_size
    print(f"records: {count}, bundle {size / 1e6:.1f} MB")
    print(f"baseline: verify {count} signatures, one thread  {base * 1000:8.0f} ms")
    for label, seconds in (
        ("export bundle (encode, write, fsync)", export_time),
        ("verify bundle (everything)", verify_time),
        ("import into a fresh peer", import_time),
        ("minutes, Markdown", md_time),
        ("minutes, HTML", html_time),
    ):
        print(f"{label:42s} {seconds * 1000:8.0f} ms   {seconds / base:5.2f}x baseline")


if __name__ == "__main__":
    main()
