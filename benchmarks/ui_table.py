"""The table ``benchmarks/ui.py`` prints: each figure over its repeated runs, beside a baseline.

A figure of a few milliseconds measured once swings by 0.5x and more between runs a minute
apart (session 11's end: the 200x50 switch median 1.5x in one run, 1.7x in the next; text key
max 2.1x / 1.0x). So every (size, terminal) is run several times, the sizes interleaved so the
machine's load drifts over all of them alike, and each figure is printed as the median of its
runs, their spread (min-max) and the ratio of the medians to the smallest session's.

A max is one sample: one scheduler hiccup decides it. Beside each max the table prints a high
percentile over every sample of every run (``POOLED``), and the tails section lists the largest
samples with what the cycle collector took in each, so a max that one sample makes can be told
from a tail that moved.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

Figures = dict[str, Any]


def percentile(values: list[float], q: float) -> float:
    """The value below which a share ``q`` of ``values`` lies (nearest rank, as ``spread``)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _keys(figures: Figures, key: str, which: str) -> float:
    """A key latency's ``which`` in milliseconds (nan when the run did not measure it)."""
    return figures[key][which] * 1000 if key in figures else float("nan")


#: Per run: (label, the figure from one run's figures, target printed beside it).
ROWS: list[tuple[str, Callable[[Figures], float], float | None]] = [
    ("session screen (s)", lambda f: f["session_screen"], 0.5),
    ("session screen CPU (ms)", lambda f: f.get("session_screen_cpu", 0) * 1000, None),
    ("view switch median (ms)", lambda f: f["view_switch"]["median"] * 1000, None),
    ("view switch p90 (ms)", lambda f: f["view_switch"]["p90"] * 1000, 100),
    ("view switch max (ms)", lambda f: f["view_switch"]["max"] * 1000, None),
    ("F1 help (ms)", lambda f: f["help"] * 1000, None),
    ("composer opens (ms)", lambda f: f["composer"] * 1000, None),
    ("peer record painted (ms)", lambda f: f["peer_paint"] * 1000, 50),
    ("peer record CPU (ms)", lambda f: f.get("peer_cpu", 0) * 1000, None),
    ("decide key median (ms)", lambda f: f["decide_key"]["median"] * 1000, None),
    ("decide key p99 (ms)", lambda f: f["decide_key"]["p99"] * 1000, 50),
    ("decide key max (ms)", lambda f: f["decide_key"]["max"] * 1000, None),
    ("text key median (ms)", lambda f: f["text_key"]["median"] * 1000, None),
    ("text key max (ms)", lambda f: f["text_key"]["max"] * 1000, None),
    ("RSS (MB)", lambda f: f["rss_mb"], None),
    # (a checkout from before this figure has none: nan)
    ("peer adds: key median (ms)", lambda f: _keys(f, "adds_key", "median"), None),
    ("peer adds: key p99 (ms)", lambda f: _keys(f, "adds_key", "p99"), None),
    ("peer adds: key max (ms)", lambda f: _keys(f, "adds_key", "max"), None),
]

#: Over all samples of all runs: (label, the samples' key in a run's figures, percentile),
#: each printed after the per-run row it stands beside.
POOLED: dict[str, tuple[str, str, float]] = {
    "view switch max (ms)": ("  switch p95, all runs (ms)", "view_switch_samples", 0.95),
    "peer record painted (ms)": ("  peer record, all runs, median", "peer_paint_samples", 0.5),
    "decide key max (ms)": ("  decide key p99, all runs (ms)", "decide_key_samples", 0.99),
    "text key max (ms)": ("  text key p99, all runs (ms)", "text_key_samples", 0.99),
    "peer adds: key max (ms)": ("  peer adds: key p99, all runs", "adds_key_samples", 0.99),
}


def pooled(runs: list[Figures], key: str) -> list[float]:
    """Every sample of ``key`` over ``runs``, in milliseconds."""
    return [s * 1000 for run in runs for s in run.get(key, [])]


def summary(runs: list[Figures]) -> dict[str, dict[str, float]]:
    """Per figure: the median of the runs and their min and max (and the pooled rows)."""
    out: dict[str, dict[str, float]] = {}
    for label, get, _ in ROWS:
        values = [get(run) for run in runs]
        out[label] = {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
        }
        if label in POOLED:
            name, key, q = POOLED[label]
            value = percentile(pooled(runs, key), q)
            out[name.strip()] = {"median": value, "min": value, "max": value}
    return out


def cell(figure: dict[str, float], base: dict[str, float] | None) -> str:
    """``median [min-max] ratio`` (the ratio of medians; none for the baseline itself)."""
    value, low, high = figure["median"], figure["min"], figure["max"]
    spread = f"[{low:.1f}-{high:.1f}]" if high != low else ""
    if base is None:
        return f"{value:>8.1f} {spread:<15}      "
    ratio = value / base["median"] if base["median"] else 0.0
    return f"{value:>8.1f} {spread:<15}{ratio:>4.1f}x "


def print_table(results: dict[str, dict[int, list[Figures]]], sizes: list[int]) -> None:
    """Per terminal: each figure per size, median [min-max] of its runs, ratio of medians."""
    base = sizes[0]
    for terminal, by_size in results.items():
        repeats = min(len(by_size[n]) for n in sizes)
        summaries = {n: summary(by_size[n]) for n in sizes}
        print(
            f"\n{terminal}  (median [min-max] of {repeats} runs; ratio of medians to the "
            f"{base}-contribution session of the same runs)"
        )
        head = "".join(f"{n:>8} {'':21}" for n in sizes)
        print(f"{'':32}{head}target")
        labels = [label for label in summaries[base]]
        targets = {label: target for label, _, target in ROWS}
        for label in labels:
            cells = "".join(
                cell(summaries[n][label], None if n == base else summaries[base][label])
                for n in sizes
            )
            target = targets.get(label)
            goal = f"< {target}" if target is not None else ""
            shown = label if label in targets else f"  {label}"
            print(f"{shown:32}{cells}{goal}")
        records = "  ".join(f"{n}: {by_size[n][0]['records']}" for n in sizes)
        print(f"{'records in the session':32}{records}")
    print(
        "\nTargets at 5,000: every figure within 1.5x of the 10-contribution session "
        "(a max reads its pooled percentile: benchmarks/ui-figures.md, session 12)."
    )


TAILS = [
    ("view switch", "view_switch_samples", None),
    ("decide key", "decide_key_samples", "decide_key_gc"),
    ("text key", "text_key_samples", "text_key_gc"),
    ("adds key", "adds_key_samples", "adds_key_gc"),
]


def print_tails(results: dict[str, dict[int, list[Figures]]], sizes: list[int]) -> None:
    """The five largest samples per figure and size (all runs), with the cycle collector's
    milliseconds within each where measured: a max that one sample makes, or a tail."""
    print("\nThe largest samples over all runs (ms; the collector's ms within it in brackets)")
    for terminal, by_size in results.items():
        for name, key, gc_key in TAILS:
            for n in sizes:
                samples: list[tuple[float, float | None]] = []
                for run in by_size[n]:
                    times = run.get(key, [])
                    gcs = run.get(gc_key, [None] * len(times)) if gc_key else [None] * len(times)
                    samples += [(t * 1000, g) for t, g in zip(times, gcs, strict=True)]
                samples.sort(reverse=True)
                top = "  ".join(f"{t:.1f}" + (f" ({g:.1f})" if g else "") for t, g in samples[:5])
                print(f"{terminal} {name:12} {n:>5} ({len(samples):>4} samples): {top}")


def print_detail(results: dict[str, dict[int, list[Figures]]]) -> None:
    """Each composer open and each switch of each run, side by side per size (``--detail``)."""
    for terminal, by_size in results.items():
        sizes = list(by_size)
        for r in range(min(len(runs) for runs in by_size.values())):
            print(f"\n{terminal}, run {r + 1}")
            for n in sizes:
                opens = "  ".join(
                    f"{o['ms']:>6.1f} {o['cpu_ms']:>5.1f} {o['tree_lines']:>3}L "
                    f"{o['full_gc']}gc2 {o['gc_ms']:>5.1f}"
                    for o in by_size[n][r].get("composer_detail", [])
                )
                print(f"{n}: composer opens (ms, cpu, tree lines, full gc, gc ms) {opens}")
            print("each view switch (ms, cpu ms, frames, layouts) per size")
            rows = zip(*(by_size[n][r]["switch_detail"] for n in sizes), strict=True)
            for k, row in enumerate(rows, 1):
                cells = "  ".join(
                    f"{s['ms']:>6.1f} {s['cpu_ms']:>5.1f} {s['frames']:>2}f {s['layouts']:>2}L"
                    for s in row
                )
                print(f"{k:>2} {row[0]['from']:>9} -> {row[0]['to']:<9} {cells}")
            for n in sizes:
                print(f"  {n}: what was dirty per frame, per switch")
                for s in by_size[n][r]["switch_detail"]:
                    print(f"    {s['from']:>9} -> {s['to']:<9} {' | '.join(s['dirty'])}")
