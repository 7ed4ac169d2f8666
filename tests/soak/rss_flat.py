#!/usr/bin/python3
"""Judges a resident-memory log: is it flat over the run? Standard library only.

usage: rss_flat.py LOG --max-growth-kib K --run-seconds S
LOG holds one sample a line, "SECONDS RSS_KIB" (any clock, in order), taken over a run of
S seconds. Prints min / median / max and the comparison; exits 1 if the largest RSS in
the last half of the run is more than K KiB above the largest in its first quarter
(after a warm-up: the first 5 %, while the process maps its code and allocates its
buffers), 2 if the samples are too few or stop short of the run's end.
"""

import argparse
import statistics
import sys

WARM_UP = 0.05
MIN_SAMPLES = 20
# The samples must reach this share of the run (the sampler stopping early would judge
# the first minutes only).
MIN_COVER = 0.9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--max-growth-kib", type=float, required=True)
    parser.add_argument("--run-seconds", type=float, required=True)
    args = parser.parse_args()

    samples = []
    with open(args.log) as log:
        for line in log:
            seconds, kib = line.split()
            samples.append((float(seconds), int(kib)))
    if len(samples) < MIN_SAMPLES:
        print(f"FAIL: {len(samples)} RSS samples, too few to judge (at least {MIN_SAMPLES}); "
              f"sample more often")
        return 2
    origin = samples[0][0]
    samples = [(t - origin, kib) for t, kib in samples]
    end = samples[-1][0]
    if end < MIN_COVER * args.run_seconds:
        print(f"FAIL: RSS samples cover {end:.1f} s of a {args.run_seconds:.1f} s run")
        return 2
    early = [kib for t, kib in samples if WARM_UP * end <= t <= 0.25 * end]
    late = [kib for t, kib in samples if t >= 0.5 * end]
    if not early or not late:
        print("FAIL: no RSS samples in the first quarter or the last half")
        return 2
    rss = [kib for t, kib in samples if t >= WARM_UP * end]
    growth = max(late) - max(early)
    print(f"RSS after warm-up: {len(rss)} samples over {end:.1f} s; "
          f"min {min(rss) / 1024:.1f} MiB, "
          f"median {statistics.median(rss) / 1024:.1f} MiB, max {max(rss) / 1024:.1f} MiB; "
          f"last half's max {growth:+d} KiB against the first quarter's "
          f"(limit {args.max_growth_kib:g} KiB)")
    if growth > args.max_growth_kib:
        print(f"FAIL: RSS grew by {growth} KiB")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
