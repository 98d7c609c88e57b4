#!/usr/bin/env python3
"""Times two commands in alternating runs (A B A B ...) and prints one JSON object:
the median wall time of each in ms, and the median of the per-pair ratios A/B.

Alternating, and taking the ratio within each pair, lets load from elsewhere on the machine
fall on both sides alike; a block of A runs followed by a block of B runs lets drift between
the blocks into the ratio.

  pairs.py --runs N --warmup W [--reset SRC:DST ...] -- A... -- B...

--reset SRC:DST copies SRC over DST (and removes DST's -wal and -shm) before the warm-up, so a
series of writes starts from the same database every time.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


def once(argv):
    t = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ms = (time.perf_counter() - t) * 1000
    # ebb check --quiet answers 1 when it has something to say; anything above is a failure.
    if r.returncode not in (0, 1):
        sys.exit("bench/pairs.py: %s exited %d: %s" % (" ".join(argv), r.returncode,
                                                        r.stderr.decode(errors="replace")))
    return ms


def main():
    args = sys.argv[1:]
    if args.count("--") != 2:
        sys.exit("usage: pairs.py --runs N --warmup W [--reset SRC:DST ...] -- A... -- B...")
    first = args.index("--")
    second = args.index("--", first + 1)
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--reset", action="append", default=[])
    opts = p.parse_args(args[:first])
    a, b = args[first + 1:second], args[second + 1:]
    for pair in opts.reset:
        src, dst = pair.split(":", 1)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(dst + suffix):
                os.remove(dst + suffix)
        shutil.copyfile(src, dst)
    for _ in range(opts.warmup):
        once(a)
        once(b)
    ta, tb, ratios = [], [], []
    for _ in range(opts.runs):
        x = once(a)
        y = once(b)
        ta.append(x)
        tb.append(y)
        ratios.append(x / y)
    print(json.dumps({"a_ms": statistics.median(ta), "b_ms": statistics.median(tb),
                      "ratio": statistics.median(ratios)}))


if __name__ == "__main__":
    main()
