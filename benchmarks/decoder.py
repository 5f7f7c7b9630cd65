"""The one JSON reader for outside input, on hostile and honest text, beside ``json.loads``.

    python benchmarks/decoder.py           # up to 4 MiB (the largest message a peer may send)
    python benchmarks/decoder.py --quick   # up to 256 KiB

For each shape and size: the time ``decode_json`` takes to read or refuse the text, the time
``json.loads`` takes on text of the same size (the baseline, measured in the same run), their
ratio, and the growth factor from the previous size (about 4 per doubling would be quadratic;
about 2 is linear). Shapes: an unclosed string of escaped quotes past 600 brackets (what made
the old depth check quadratic: 64 KB took 108 s), a flat list of empty lists (the most brackets
per byte), and ordinary records.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from beraad.core.canonical import CanonicalError, decode_json  # noqa: E402


def unclosed_string(size: int) -> str:
    return "[" * 600 + '"' + '\\"' * ((size - 601) // 2)


def empty_lists(size: int) -> str:
    return "[" + ",".join(["[]"] * (size // 3)) + "]"


def records(size: int) -> str:
    one = json.dumps({"kind": "knot.add", "body": {"text": "Wie brengt de tafels?"}, "seq": 7})
    return "[" + ",".join([one] * (size // (len(one) + 1))) + "]"


def best_of(runs: int, read: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(CanonicalError, ValueError):
            read(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    top = 256 * 1024 if args.quick else 4 * 1024 * 1024
    heads = ("shape", "bytes", "decode_json", "json.loads", "ratio", "growth")
    print("{:18} {:>9} {:>12} {:>11} {:>6} {:>7}".format(*heads))
    for name, shape in (
        ("unclosed string", unclosed_string),
        ("empty lists", empty_lists),
        ("records", records),
    ):
        size, previous = 64 * 1024, None
        while size <= top:
            text = shape(size)
            ours = best_of(3, decode_json, text)
            baseline = best_of(3, json.loads, text)
            growth = f"{ours / previous:6.1f}x" if previous else ""
            print(
                f"{name:18} {len(text):9d} {ours * 1000:10.1f}ms {baseline * 1000:9.1f}ms "
                f"{ours / baseline:6.1f} {growth:>7}"
            )
            size, previous = size * 2, ours


if __name__ == "__main__":
    main()
