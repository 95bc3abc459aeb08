#!/usr/bin/python3
"""Merges BenchmarkDotNet's full JSON reports and pytorch_bench.py's output into one markdown table.

Usage: make_table.py <BenchmarkDotNet results folder> <pytorch.tsv>

Rows are net/mode, columns the implementations; each cell is the fastest iteration's ns per sample
(the least disturbed by other processes on a shared machine) and, for the peers, the ratio
to NetGen (> 1× means NetGen is faster). Benchmark methods are named <Peer>_<Mode> in classes named <Net>Benchmarks.
"""
import glob
import json
import os
import sys

COLUMNS = [("NetGen", "NetGen"), ("Hand", "Hand (AVX-512)"), ("Naive", "naive C#"), ("TensorPrimitives", "TensorPrimitives"),
           ("Onnx", "ONNX Runtime"), ("PyTorch", "PyTorch")]
MODES = {"Fwd1": "fwd b1", "Train1": "fwd+bwd b1", "Fwd256": "fwd b256", "Train256": "fwd+bwd b256"}
ROWS = [f"{net} {mode}" for net in ("small", "mid", "large")
        for mode in ("fwd b1", "fwd b256", "fwd+bwd b1", "fwd+bwd b256")]


def read_dotnet(folder):
    """{(row, peer): ns per sample} from every *-report-full.json in the folder."""
    times = {}
    for path in glob.glob(os.path.join(folder, "*-report-full.json")):
        with open(path) as f:
            report = json.load(f)
        for benchmark in report["Benchmarks"]:
            statistics = benchmark.get("Statistics")
            if not statistics:
                continue  # a benchmark that failed has no statistics
            net = benchmark["Type"].removesuffix("Benchmarks").lower()
            peer, mode = benchmark["Method"].split("_", 1)
            # Statistics are per operation, and batch benchmarks count one operation per sample.
            times[(f"{net} {MODES[mode]}", peer)] = statistics["Min"]
    return times


def read_pytorch(path):
    times = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "\t" in line and not line.startswith("#"):
                    row, ns = line.rstrip("\n").split("\t")
                    times[(row, "PyTorch")] = float(ns)
    return times


def format_ns(ns):
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def main():
    times = read_dotnet(sys.argv[1])
    times.update(read_pytorch(sys.argv[2]))
    print("ns per sample (fastest iteration); in brackets: time ÷ NetGen's time, so > 1× means NetGen is faster.")
    print()
    print("| net / mode | " + " | ".join(title for _, title in COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for row in ROWS:
        baseline = times.get((row, "NetGen"))
        cells = []
        for peer, _ in COLUMNS:
            ns = times.get((row, peer))
            if ns is None:
                cells.append("—")
            elif peer == "NetGen" or baseline is None:
                cells.append(format_ns(ns))
            else:
                ratio = ns / baseline
                cells.append(f"{format_ns(ns)} ({ratio:.0f}×)" if ratio >= 10 else f"{format_ns(ns)} ({ratio:.2f}×)")
        print(f"| {row} | " + " | ".join(cells) + " |")

    # Issue 8's bar: every row within 1.1x of the hand-optimised peer (or faster); mid and large fwd b256 faster than
    # ONNX Runtime. Ratios here are NetGen's time over the other's, so <= 1.1 (resp. < 1) meets the goal.
    print()
    print("NetGen against the bar of issue 8 (NetGen's time ÷ the other's: ≤ 1.10× Hand, and < 1× ONNX Runtime for mid/large fwd b256).")
    print()
    print("| net / mode | NetGen ÷ Hand | meets ≤ 1.10× | NetGen ÷ ONNX Runtime |")
    print("|---|---:|---|---:|")
    for row in ROWS:
        netgen, hand, onnx = times.get((row, "NetGen")), times.get((row, "Hand")), times.get((row, "Onnx"))
        if netgen is None:
            continue
        versus_hand = f"{netgen / hand:.2f}×" if hand else "—"
        meets = ("yes" if netgen / hand <= 1.10 else "no") if hand else "—"
        versus_onnx = f"{netgen / onnx:.2f}×" if onnx else "—"
        print(f"| {row} | {versus_hand} | {meets} | {versus_onnx} |")


if __name__ == "__main__":
    main()
