#!/usr/bin/env python3
"""Reads the passes of `run.sh compare` and prints the side-by-side table.

Usage: compare.py DIR, where DIR holds original-<n>.txt (the stdout of bench.mjs) and java-<n>.json
(JMH's -rf json) for each pass n. Prints, per scenario, the original's and Java's ops/s (medians
over all rounds/iterations of all passes), the ratio Java/original, its range over the passes, and
the target; then the Java allocation per park+retrieve against its target.

Exit code: 0 whatever the numbers (it reports, it does not judge); 1 if a pass's output is missing
or does not hold a scenario (a run failed or printed something unexpected).
"""
import json
import re
import statistics
import sys
import textwrap
from pathlib import Path

BENCH = "dev.parkinglot.bench."

# (label, original series, JMH benchmark, minimum ratio or None for information only)
SCENARIOS = [
    ("park+retrieve, active span", "a", "ParkRetrieveBenchmark.parkThenRetrieve", 10.0),
    ("traceCallback hit", "b", "CallbackBenchmark.hit", 25.0),
    ("park alone, new key, active span", "park", "ParkBenchmark.park", None),
    ("park+retrieve, no duplicate detection", "a",
     "ParkRetrieveBenchmark.parkThenRetrieveWithoutDuplicateDetection", None),
]
ALLOC_BENCH = "ParkRetrieveBenchmark.parkThenRetrieve"
ALLOC_TARGET = 240.0  # bytes per park+retrieve, at most

ROUND_A = re.compile(r"^\s*\[a\] round \d+: ([\d,]+) ops/s")
ROUND_B = re.compile(r"^\s*\[b\] round \d+: ([\d,]+) ops/s .*= ([\d,]+) parks/s")


def fail(message):
    print(f"compare: {message}", file=sys.stderr)
    sys.exit(1)


def number(text):
    return float(text.replace(",", ""))


def read_original(path):
    """The per-round rates bench.mjs prints: scenario a, scenario b, and b's untimed parks."""
    series = {"a": [], "b": [], "park": []}
    for line in path.read_text().splitlines():
        if m := ROUND_A.match(line):
            series["a"].append(number(m.group(1)))
        elif m := ROUND_B.match(line):
            series["b"].append(number(m.group(1)))
            series["park"].append(number(m.group(2)))
    for name, rates in series.items():
        if not rates:
            fail(f"{path}: no rounds of scenario '{name}'")
    return series


def read_java(path):
    """Per benchmark (memory store): the measurement iterations' ops/s, and gc.alloc.rate.norm."""
    results = {}
    for run in json.loads(path.read_text()):
        if run.get("params", {}).get("store", "memory") != "memory":
            continue
        name = run["benchmark"].removeprefix(BENCH)
        raw = [x for fork in run["primaryMetric"]["rawData"] for x in fork]
        secondary = run.get("secondaryMetrics", {})
        alloc = secondary.get("gc.alloc.rate.norm") or secondary.get("\u00b7gc.alloc.rate.norm")
        results[name] = {
            "iterations": raw,
            "score": run["primaryMetric"]["score"],
            "alloc": alloc["score"] if alloc else None,
        }
    return results


def ops(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e3:
        return f"{x / 1e3:.1f}k"
    return f"{x:.0f}"


def table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        fail("usage: compare.py DIR")
    folder = Path(sys.argv[1])
    passes = sorted(int(p.stem.split("-")[1]) for p in folder.glob("original-*.txt"))
    if not passes:
        fail(f"{folder}: no original-<n>.txt")
    originals, javas = [], []
    for n in passes:
        originals.append(read_original(folder / f"original-{n}.txt"))
        java_file = folder / f"java-{n}.json"
        if not java_file.is_file():
            fail(f"{java_file} is missing")
        javas.append(read_java(java_file))

    rows = [("scenario", "original ops/s", "Java ops/s", "ratio", "per pass", "target", "")]
    for label, series, bench, target in SCENARIOS:
        for n, java in zip(passes, javas):
            if bench not in java:
                fail(f"java-{n}.json has no {bench} on the memory store")
        original_all = [x for o in originals for x in o[series]]
        java_all = [x for j in javas for x in j[bench]["iterations"]]
        original_ops = statistics.median(original_all)
        java_ops = statistics.median(java_all)
        ratio = java_ops / original_ops
        per_pass = [statistics.median(j[bench]["iterations"]) / statistics.median(o[series])
                    for o, j in zip(originals, javas)]
        spread = f"{min(per_pass):.1f}-{max(per_pass):.1f}x" if len(per_pass) > 1 else ""
        verdict = "" if target is None else ("PASS" if ratio >= target else "BELOW")
        rows.append((label, ops(original_ops), ops(java_ops), f"{ratio:.1f}x", spread,
                     "info" if target is None else f">= {target:g}x", verdict))
    print(table(rows))

    allocs = [j[ALLOC_BENCH]["alloc"] for j in javas]
    if any(a is None for a in allocs):
        print(f"\nallocation: no gc.alloc.rate.norm for {ALLOC_BENCH} (run without -prof gc?)")
    else:
        alloc = statistics.median(allocs)
        verdict = "PASS" if alloc <= ALLOC_TARGET else "BELOW"
        spread = f" (passes: {', '.join(f'{a:.0f}' for a in allocs)})" if len(allocs) > 1 else ""
        print(f"\nJava allocation per park+retrieve: {alloc:.0f} B{spread}, target <= "
              f"{ALLOC_TARGET:.0f} B: {verdict}\n  (gc.alloc.rate.norm of {ALLOC_BENCH}; "
              "it has no refill to subtract)")
    print()
    print(textwrap.fill(f"{len(passes)} pass(es). ops/s: medians over every round (original) and every measurement "
          "iteration (Java) of all passes; ratio = Java/original; per pass: the lowest and highest "
          "ratio of one pass's medians. 'info' rows have no target: park alone is compared with the "
          "original's untimed parks of scenario b (same shape: new keys, active span); the last row "
          "is the Java lot without duplicate detection (no tombstone, like the original's retrieve) "
          "against the original's park+retrieve.", width=100))


if __name__ == "__main__":
    main()
