#!/usr/bin/env python3
"""Whole-process benchmark: `exactnet run` writing its answer key against the Python `fractions`
peer (mlp_answer_key.py) writing the same JSON, over a grid of dense ReLU MLPs. Interleaved
rounds; medians of wall time and of per-round ratios; peak memory of each process.

    swift build -c release --product exactnet
    python3 Benchmarks/python/whole_process.py .build/release/exactnet [ROUNDS [SIZES/SAMPLES/STEPS ...]]
"""
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "mlp_answer_key.py")


def measure(command, output=None):
    """Wall time and peak RSS of `command`, run in a child of a fresh Python so the RSS is its own."""
    probe = subprocess.run([sys.executable, "-c", f"""
import resource, subprocess, sys, time
out = open({output!r}, "wb") if {output!r} else subprocess.DEVNULL
start = time.perf_counter()
r = subprocess.run({command!r}, stdout=out, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
sys.stderr.buffer.write(r.stderr)
print(r.returncode, elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""], capture_output=True, text=True)
    code, elapsed, rss = probe.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"{command}: exit {code}: {probe.stderr[:300]}")
    return float(elapsed), int(rss) / 1024


def network_file(peer, directory, *case):
    """Writes the peer's network file for `case` (its `exnet` mode) into `directory`; returns its path."""
    path = os.path.join(directory, "net.exnet")
    with open(path, "w") as f:
        f.write(subprocess.run([sys.executable, peer, "exnet", *map(str, case)],
                               capture_output=True, text=True, check=True).stdout)
    return path


def same_keys(ours_command, peer_command, directory):
    """Runs both commands once, keeping their keys in `directory`: whether the bytes are identical, and our key's path."""
    ours, theirs = os.path.join(directory, "ours.json"), os.path.join(directory, "theirs.json")
    measure(ours_command, ours)
    measure(peer_command, theirs)
    with open(ours, "rb") as a, open(theirs, "rb") as b:
        return a.read() == b.read(), ours


def interleaved(rounds, commands):
    """Runs every command once per round, in order, so machine noise hits them alike. Returns, per name, the list of
    wall times and the peak resident memory in MB."""
    times = {name: [] for name in commands}
    peaks = {name: 0 for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            t, m = measure(command)
            times[name].append(t)
            peaks[name] = max(peaks[name], m)
    return times, peaks


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/exactnet")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    # SIZES/SAMPLES/STEPS cases from the command line, else the grid that fits a few minutes here
    # (exact sizes roughly double every step: with these weights 4-8-8-1 on 16 samples writes 3 MB of key
    # after 4 steps and 230 MB after 8).
    cases = sys.argv[3:] or ["4-8-8-1/16/3", "4-8-8-1/16/4", "4-8-8-1/64/3", "4-8-8-1/64/4",
                             "8-16-16-1/16/3", "8-16-16-1/16/4", "8-16-16-1/64/3", "8-16-16-1/64/4"]
    grid = [(c.split("/")[0], int(c.split("/")[1]), int(c.split("/")[2])) for c in cases]
    print(f"| case | JSON key | exactnet json | Python | speed-up | exactnet text | text/json time | text/json size | steps | final | exactnet peak | Python peak |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for sizes, samples, steps in grid:
            net = network_file(PEER, tmp, sizes, samples, steps)
            run = [binary, "run", net, "--budget", "100"]
            # Same bytes first: the peer is only a peer if it writes the identical key.
            identical, ours = same_keys(run + ["--format", "json"], [sys.executable, PEER, "key", sizes, str(samples),
                                                                    str(steps)], tmp)
            if not identical:
                raise SystemExit(f"{sizes}/{samples}/{steps}: the keys differ")
            json_size = os.path.getsize(ours)
            measure(run + ["--format", "text"], ours)
            text_size = os.path.getsize(ours)
            times, peaks = interleaved(rounds, {
                "json": run + ["--format", "json"],
                "python": [sys.executable, PEER, "key", sizes, str(samples), str(steps)],
                "text": run + ["--format", "text"],
                "steps": run + ["--format", "json", "--detail", "steps"],
                "final": run + ["--format", "json", "--detail", "final"],
            })
            ratios = [p / t for p, t in zip(times["python"], times["json"])]
            text_ratios = [x / t for x, t in zip(times["text"], times["json"])]
            med = {k: statistics.median(v) for k, v in times.items()}
            print(f"| {sizes}, {samples} samples, {steps} steps | {json_size / 1e6:.1f} MB | {med['json']:.2f} s | "
                  f"{med['python']:.2f} s | **{statistics.median(ratios):.1f}x** | {med['text']:.2f} s | "
                  f"{statistics.median(text_ratios):.2f}x | {text_size / json_size:.2f}x | {med['steps']:.2f} s | "
                  f"{med['final']:.2f} s | {peaks['json']:.0f} MB | {peaks['python']:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
