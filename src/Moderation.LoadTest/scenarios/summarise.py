#!/usr/bin/env python3
"""Medians of the throughput.sh runs: service vs bus-only baseline, side by side."""
import json, statistics, sys
from collections import defaultdict

runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
groups = defaultdict(lambda: defaultdict(list))
for r in runs:
    if r["label"] == "warmup":
        continue
    kind = r["label"].rsplit("-", 1)[0]
    groups[kind][r["target"]].append(r)

def med(xs): return statistics.median(xs) if xs else float("nan")
def spread(xs): return f"{min(xs):.0f}-{max(xs):.0f}" if xs else "-"

for kind, by in groups.items():
    s, b = by.get("service", []), by.get("baseline", [])
    print(f"\n== {kind}: {len(s)} service runs, {len(b)} baseline runs (alternated)")
    for name, key in [("throughput/s (overall)", "throughputPerSecond"), ("throughput/s (steady)", "steadyThroughputPerSecond")]:
        sv, bv = [r[key] for r in s], [r[key] for r in b]
        ratios = [x / y for x, y in zip(sv, bv) if y]
        print(f"{name:26} service {med(sv):7.0f} ({spread(sv)})  baseline {med(bv):7.0f} ({spread(bv)})  ratio median {med(ratios):.2f} (per-pair {', '.join(f'{x:.2f}' for x in ratios)})")
    for p in ["p50", "p95", "p99", "max"]:
        sv, bv = [r["latencyMs"][p] for r in s], [r["latencyMs"][p] for r in b]
        print(f"latency {p:4} ms              service {med(sv):9.1f} ({spread(sv)})  baseline {med(bv):9.1f} ({spread(bv)})  ratio {med(sv)/med(bv) if med(bv) else float('nan'):.2f}")
    lost = sum(r["lost"] for r in s + b); twice = sum(r["decidedTwiceDifferently"] for r in s + b)
    store_missing = sum((r.get("store") or {}).get("missing", 0) for r in s)
    print(f"exactly-once: lost {lost}, decided twice differently {twice}, store rows missing {store_missing}")
    print("load average during runs: " + "; ".join(r["loadAverage"].split(" -> ")[0] for r in s + b))
