#!/usr/bin/env python3
"""Whole-process benchmark of certified keys: `exactnet run --scalar certified --format json`
against the mpmath peer (sigmoid_mpmath.py) writing the same JSON, on a dense sigmoid MLP, at
several digit counts. Interleaved rounds; medians of wall time and of per-round ratios; the two
keys are checked to be identical byte for byte first.

    swift build -c release --product exactnet
    python3 Benchmarks/python/certified_vs_mpmath.py .build/release/exactnet [ROUNDS [SIZES/SAMPLES/STEPS/DIGITS ...]]
"""
import os
import statistics
import sys
import tempfile

from whole_process import interleaved, network_file, same_keys

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "sigmoid_mpmath.py")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/exactnet")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    cases = sys.argv[3:] or ["4-8-8-1/16/4/20", "4-8-8-1/16/4/50", "4-8-8-1/16/4/100", "4-8-8-1/16/4/1000"]
    print("| case | digits | JSON key | exactnet | mpmath | speed-up | exactnet precision |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            sizes, samples, steps, digits = case.split("/")
            net = network_file(PEER, tmp, sizes, samples, steps)
            ours_cmd = [binary, "run", net, "--scalar", "certified", "--digits", digits, "--format", "json"]
            peer_cmd = [sys.executable, PEER, "key", sizes, samples, steps, digits]
            identical, ours = same_keys(ours_cmd, peer_cmd, tmp)
            runs, _ = interleaved(rounds, {"ours": ours_cmd, "peer": peer_cmd})
            times, peer_times = runs["ours"], runs["peer"]
            ratios = [p / t for p, t in zip(peer_times, times)]
            print(f"| {sizes}, {samples} samples, {steps} steps | {digits} | {os.path.getsize(ours) / 1e6:.2f} MB"
                  f"{'' if identical else ' (keys differ!)'} | {statistics.median(times) * 1000:.0f} ms | "
                  f"{statistics.median(peer_times) * 1000:.0f} ms | **{statistics.median(ratios):.1f}x** | "
                  f"{4 * int(digits) + 32} bits |", flush=True)


if __name__ == "__main__":
    main()
