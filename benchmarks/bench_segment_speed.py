#!/usr/bin/env python3
"""Word-segmentation throughput: zhreport against jieba and rjieba.

The corpus is the SIGHAN 2005 MSR test text (``shared/eval/msr_test_gold.utf8``,
each line's words joined -- the same input the accuracy benchmark scores),
replicated line-by-line in whole passes until it reaches ``--mb`` megabytes
(1 MB = 10**6 bytes of UTF-8 input). Throughput is input UTF-8 bytes per second,
best of ``--repeat`` runs; every run works on fresh copies of the strings (CPython
caches a str's UTF-8 form once an extension asks for it).

Rows:

* ``jieba.lcut``  -- one call per line, HMM on (default); pure Python, so it runs
  on a prefix of about ``--peer-mb`` MB (whole passes when the corpus allows).
* ``rjieba.cut``  -- one call per line (Rust port of jieba), full corpus.
* ``zhreport.cut`` -- one call per line, full corpus.
* ``zhreport.cut_batch(workers=1)`` and ``(workers=2)`` -- the whole corpus in one
  call (Rust threads, GIL released); the 1->2 speed-up is printed.

Ratios ``zhreport/jieba`` and ``zhreport/rjieba`` compare MB/s.

Usage::

    python benchmarks/bench_segment_speed.py                  # 20 MB, jieba on 2 MB
    python benchmarks/bench_segment_speed.py --mb 5 --peer-mb 1 --json speed.json
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

MB = 1_000_000
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "msr_test_gold.utf8"


def read_lines(path: Path) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            text = "".join(w.strip() for w in raw.rstrip("\r\n").split("  "))
            if text:
                out.append(text)
    return out


def replicate(lines: list[str], mb: float) -> list[str]:
    target = int(mb * MB)
    out: list[str] = []
    size = 0
    while size < target:
        for line in lines:
            out.append(line)
            size += len(line.encode("utf-8"))
            if size >= target:
                break
    return out


def nbytes(texts: Sequence[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


def fresh(texts: Sequence[str]) -> list[str]:
    # New str objects with no cached UTF-8 form.
    return [(t + ".")[:-1] for t in texts]


def bench(run: Callable[[list[str]], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        data = fresh(texts)
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            run(data)
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
        del data
    return best


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size (10^6 bytes)")
    ap.add_argument("--peer-mb", type=float, default=2.0, help="jieba's prefix size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    import zhreport

    base = read_lines(args.gold)
    corpus = replicate(base, args.mb)
    peer = replicate(base, min(args.peer_mb, args.mb))
    print(f"corpus: {len(corpus)} lines, {nbytes(corpus)/MB:.2f} MB "
          f"(MSR test text, {len(base)} lines x {len(corpus)/len(base):.2f}); "
          f"jieba on {nbytes(peer)/MB:.2f} MB; best of {args.repeat}; "
          f"{os.cpu_count()} CPUs")

    rows: list[tuple[str, list[str], Callable[[list[str]], object]]] = []
    try:
        import jieba
        jieba.setLogLevel(60)
        jieba.initialize()
        lcut = jieba.lcut
        rows.append(("jieba.lcut", peer, lambda ts: [lcut(t) for t in ts]))
    except ImportError:
        print("jieba not installed; skipped", file=sys.stderr)
    try:
        import rjieba
        rcut = rjieba.cut
        rcut("预热")
        rows.append(("rjieba.cut", corpus, lambda ts: [rcut(t) for t in ts]))
    except ImportError:
        print("rjieba not installed; skipped", file=sys.stderr)
    zcut = zhreport.cut
    zcut("预热")
    rows.append(("zhreport.cut", corpus, lambda ts: [zcut(t) for t in ts]))
    rows.append(("zhreport.cut_batch(w=1)", corpus,
                 lambda ts: zhreport.cut_batch(ts, workers=1)))
    rows.append(("zhreport.cut_batch(w=2)", corpus,
                 lambda ts: zhreport.cut_batch(ts, workers=2)))

    results: dict[str, dict] = {}
    for name, texts, run in rows:
        secs = bench(run, texts, args.repeat)
        b = nbytes(texts)
        results[name] = {"bytes": b, "seconds": secs, "mb_s": b / MB / secs}

    def ratio(a: str, b: str) -> str:
        if a in results and b in results:
            return f"{results[a]['mb_s'] / results[b]['mb_s']:.1f}x"
        return "-"

    hdr = f"{'tool':<24} {'MB':>6} {'secs':>8} {'MB/s':>8} {'vs jieba':>9} {'vs rjieba':>10}"
    print(hdr)
    print("-" * len(hdr))
    for name, r in results.items():
        vj = ratio(name, "jieba.lcut") if name.startswith("zhreport") else ""
        vr = ratio(name, "rjieba.cut") if name.startswith("zhreport") else ""
        print(f"{name:<24} {r['bytes']/MB:6.2f} {r['seconds']:8.3f} "
              f"{r['mb_s']:8.2f} {vj:>9} {vr:>10}")
    speedup = ratio("zhreport.cut_batch(w=2)", "zhreport.cut_batch(w=1)")
    print(f"cut_batch speed-up workers 1 -> 2: {speedup}")
    versions = {d: version(d) for d in ("zhreport", "jieba", "rjieba")}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python {platform.python_version()}; "
          + ", ".join(f"{k} {v}" for k, v in versions.items())
          + f"; peak RSS {rss:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(
            {"corpus_bytes": nbytes(corpus), "peer_bytes": nbytes(peer),
             "repeat": args.repeat, "results": results, "speedup_1_to_2": speedup,
             "versions": versions, "peak_rss_mb": rss}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
