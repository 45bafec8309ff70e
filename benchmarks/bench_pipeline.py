#!/usr/bin/env python3
"""Whole-pipeline throughput: ``zr.analyze_batch`` against a typical pure-Python pipeline.

The corpus is the bundled sample reports repeated to about ``--mb`` MB (1 MB = 10**6 bytes
of UTF-8), each copy perturbed so that no two reports are identical: copy ``k`` gets a
line naming it after the title, and every ASCII digit ``d`` of its body becomes
``(d + k) % 10`` (so numbers, dates and their counts differ from copy to copy).

Rows (each in its own child process, so that its peak memory is its own):

* ``zhreport w=1`` / ``w=2``: ``zr.analyze_batch(chunk, workers=N)`` over the whole corpus,
  in chunks of ``--chunk-docs`` reports whose Reports are dropped after counting (as a
  streaming job would); the work is cleaning, sentence splitting, segmentation with POS
  tags, quantities, dates and entities, returned as Python objects.
* ``python`` (and ``python-lcut``, the same with ``jieba.lcut``, no POS tags): per report ``jionlp.clean_text`` -> ``opencc.OpenCC("t2s").convert`` ->
  ``jieba.posseg.lcut`` -> regular expressions for numbers with units and for dates, on a
  prefix of about ``--peer-mb`` MB (whole cycles of the samples, same mix); MB/s is
  measured on the prefix and the time for the whole corpus extrapolated from it.
* ``profile`` (``--profile``): one core, where zhreport's time goes: ``clean_batch``,
  ``cut_batch`` of the clean bodies, the core's ``_core.analyze_batch`` (Rust work plus
  building the Python objects) and the ``Report`` wrapping in ``zr.analyze_batch``.

Peak memory: the child's peak RSS (``resource.getrusage``) minus its RSS once the corpus
is built, and tracemalloc's peak of Python allocations (``--tracemalloc``; slows the
Python pipeline a lot, so off by default).

Usage::

    pip install -r benchmarks/requirements.txt && pip install .
    python benchmarks/bench_pipeline.py                  # 50 MB, peers on 2 MB
    python benchmarks/bench_pipeline.py --mb 5 --peer-mb 0.5 --profile --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

MB = 1_000_000


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / MB


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB


def corpus(target_mb: float) -> list[str]:
    """The sample reports, repeated and perturbed to about ``target_mb`` MB."""
    import zhreport as zr

    samples = zr.sample_reports()
    out: list[str] = []
    size = 0
    k = 0
    while size < target_mb * MB:
        shift = str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10)))
        for text in samples:
            title, _, rest = text.partition("\n")
            perturbed = f"{title}\n(第{k}篇)\n{rest.translate(shift)}"
            out.append(perturbed)
            size += len(perturbed.encode("utf-8"))
        k += 1
    return out


def prefix(texts: list[str], target_mb: float, cycle: int) -> list[str]:
    """Whole cycles of ``cycle`` reports adding up to about ``target_mb`` MB."""
    out: list[str] = []
    size = 0
    for start in range(0, len(texts), cycle):
        if size >= target_mb * MB:
            break
        block = texts[start : start + cycle]
        out.extend(block)
        size += sum(len(t.encode("utf-8")) for t in block)
    return out


def utf8_mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / MB


# ------------------------------------------------------------------ the pure-Python peer

NUMBER = re.compile(
    r"(?:约|近|超过|多达)?[0-9０-９.,，]+(?:余|多)?(?:万|亿|千|百)?"
    r"(?:名|人次|人|个|家|户|只|件|元|万元|天|次|所|辆|瓶|份|%|公斤|吨|小时)?"
)
CHINESE_NUMBER = re.compile(r"[一二三四五六七八九十百千万两]+(?:余|多)?(?:名|人次|人|个|家|户|只|件|元|天|次)")
DATE = re.compile(
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:[至到-]\d{1,2}[日号])?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月"
)


def python_pipeline(pos_tags: bool = True) -> Callable[[str], int]:
    import logging

    import jieba
    import jieba.posseg
    import jionlp
    import opencc

    logging.getLogger("jieba").setLevel(logging.ERROR)
    jieba.setLogLevel(logging.ERROR)
    jieba.initialize()
    converter = opencc.OpenCC("t2s")

    def run(text: str) -> int:
        clean = jionlp.clean_text(text)
        simplified = converter.convert(clean)
        sentences = [s for s in re.split(r"(?<=[。！？!?；])", simplified) if s.strip()]
        tokens = jieba.posseg.lcut(simplified) if pos_tags else jieba.lcut(simplified)
        numbers = NUMBER.findall(simplified) + CHINESE_NUMBER.findall(simplified)
        dates = DATE.findall(simplified)
        return len(sentences) + len(tokens) + len(numbers) + len(dates)

    return run


# ------------------------------------------------------------------ stages (child processes)


def stage_zhreport(texts: list[str], workers: int, chunk_docs: int) -> dict[str, Any]:
    import zhreport as zr

    zr.analyze_batch(texts[:5], workers=workers)  # warm-up: dictionaries
    tokens = 0
    start, cpu, main_thread = time.perf_counter(), time.process_time(), time.thread_time()
    for i in range(0, len(texts), chunk_docs):
        reports = zr.analyze_batch(texts[i : i + chunk_docs], workers=workers)
        tokens += sum(len(r.tokens) for r in reports)
        del reports
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        # CPU seconds of the process, and of the calling thread alone: with workers=N the
        # Rust work runs on a pool while the caller waits, so the caller's CPU time is the
        # serial part (reading the str arguments, building Python objects, freeing them).
        "cpu_seconds": time.process_time() - cpu,
        "main_thread_cpu_seconds": time.thread_time() - main_thread,
        "mb": utf8_mb(texts),
        "reports": len(texts),
        "tokens": tokens,
    }


def stage_python(texts: list[str], peer_mb: float, pos_tags: bool = True) -> dict[str, Any]:
    run = python_pipeline(pos_tags)
    part = prefix(texts, peer_mb, 5)
    run(part[0])
    start, cpu = time.perf_counter(), time.process_time()
    items = sum(run(t) for t in part)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "mb": utf8_mb(part), "reports": len(part), "items": items}


def stage_profile(texts: list[str], chunk_docs: int) -> dict[str, Any]:
    import zhreport as zr
    from zhreport import _core

    zr.analyze_batch(texts[:5], workers=1)
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[[list[str]], object]) -> None:
        start = time.perf_counter()
        for i in range(0, len(texts), chunk_docs):
            fn(texts[i : i + chunk_docs])
        timings[name] = time.perf_counter() - start

    bodies = [c.text for c in zr.clean_batch(texts, workers=1)]
    timed("clean_batch", lambda chunk: zr.clean_batch(chunk, workers=1))
    start = time.perf_counter()
    for i in range(0, len(bodies), chunk_docs):
        zr.cut_batch(bodies[i : i + chunk_docs], workers=1)
    timings["cut_batch (clean bodies)"] = time.perf_counter() - start
    timed("_core.analyze_batch", lambda chunk: _core.analyze_batch(chunk, 1, None))
    timed("zr.analyze_batch", lambda chunk: zr.analyze_batch(chunk, workers=1))
    return {"timings": timings, "mb": utf8_mb(texts), "body_mb": utf8_mb(bodies)}


def child(args: argparse.Namespace) -> None:
    texts = corpus(args.mb)
    baseline = rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    if args.stage == "zhreport1":
        result = stage_zhreport(texts, 1, args.chunk_docs)
    elif args.stage == "zhreport2":
        result = stage_zhreport(texts, 2, args.chunk_docs)
    elif args.stage == "python":
        result = stage_python(texts, args.peer_mb)
    elif args.stage == "python-lcut":
        result = stage_python(texts, args.peer_mb, pos_tags=False)
    else:
        result = stage_profile(texts, args.chunk_docs)
    if args.tracemalloc:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    result["baseline_rss_mb"] = baseline
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def run_stage(stage: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--stage",
        stage,
        "--mb",
        str(args.mb),
        "--peer-mb",
        str(args.peer_mb),
        "--chunk-docs",
        str(args.chunk_docs),
    ]
    if args.tracemalloc:
        command.append("--tracemalloc")
    print(f"  running {stage} ...", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"stage {stage} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument("--peer-mb", type=float, default=2.0, help="prefix for the pure-Python pipeline (default 2)")
    parser.add_argument("--chunk-docs", type=int, default=500, help="reports per analyze_batch call (default 500)")
    parser.add_argument("--profile", action="store_true", help="also break zhreport's one-core time down")
    parser.add_argument("--tracemalloc", action="store_true", help="also report tracemalloc's peak")
    parser.add_argument("--json", default=None, help="write the results to this JSON file")
    parser.add_argument("--stage", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        child(args)
        return

    import zhreport as zr

    print(f"zhreport {zr.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    stages = ["python", "python-lcut", "zhreport1", "zhreport2"] + (["profile"] if args.profile else [])
    results = {stage: run_stage(stage, args) for stage in stages}
    py, one, two = results["python"], results["zhreport1"], results["zhreport2"]
    rate = {name: r["mb"] / r["seconds"] for name, r in (("python", py), ("w1", one), ("w2", two))}
    print()
    print(f"corpus: {one['mb']:.1f} MB, {one['reports']} reports, {one['tokens']:,} tokens; "
          f"pure-Python pipeline on {py['mb']:.2f} MB ({py['reports']} reports)")
    print(f"{'pipeline':<44} {'MB/s':>8} {'s for corpus':>13} {'peak RSS +MB':>13} {'vs python':>10}")
    lcut = results["python-lcut"]
    rate["lcut"] = lcut["mb"] / lcut["seconds"]
    rows = [
        ("jionlp + OpenCC t2s + jieba.posseg + regex", rate["python"], one["mb"] / rate["python"], py, 1.0),
        ("  same with jieba.lcut (no POS tags)", rate["lcut"], one["mb"] / rate["lcut"], lcut, rate["lcut"] / rate["python"]),
        ("zr.analyze_batch workers=1", rate["w1"], one["seconds"], one, rate["w1"] / rate["python"]),
        ("zr.analyze_batch workers=2", rate["w2"], two["seconds"], two, rate["w2"] / rate["python"]),
    ]
    for name, mbs, seconds, r, ratio in rows:
        extra = r["peak_rss_mb"] - r["baseline_rss_mb"]
        print(f"{name:<44} {mbs:8.2f} {seconds:13.1f} {extra:13.0f} {ratio:9.1f}x")
    print(f"2 workers over 1: {rate['w2'] / rate['w1']:.2f}x; workers=1 over the jieba.lcut pipeline: "
          f"{rate['w1'] / rate['lcut']:.1f}x")
    # On a shared machine wall time depends on the neighbours; CPU time does much less.
    cpu_rate = {
        name: r["mb"] / r["cpu_seconds"] for name, r in (("python", py), ("lcut", lcut), ("w1", one), ("w2", two))
    }
    # With workers=1 the chunks run one after the other and the caller only waits while the
    # pool thread works, so the caller's CPU time is the serial (GIL-held) part.
    serial = one["main_thread_cpu_seconds"]
    parallel = one["cpu_seconds"] - serial
    bound = (serial + parallel) / (serial + parallel / 2)
    print(
        f"per CPU second: python {cpu_rate['python']:.3f} MB (lcut {cpu_rate['lcut']:.3f}), "
        f"workers=1 {cpu_rate['w1']:.2f} MB ({cpu_rate['w1'] / cpu_rate['python']:.1f}x python, "
        f"{cpu_rate['w1'] / cpu_rate['lcut']:.1f}x lcut), workers=2 {cpu_rate['w2']:.2f} MB"
    )
    print(
        f"serial part (GIL held: reading the str, building and freeing Python objects) {serial:.1f} CPU-s, "
        f"parallel part {parallel:.1f} CPU-s: 2 cores give at most {bound:.2f}x without overlap; "
        "analyze_batch overlaps chunks, so up to 2x"
    )
    for name, r in (("python", py), ("lcut", lcut), ("w1", one), ("w2", two)):
        line = f"  {name}: RSS after corpus {r['baseline_rss_mb']:.0f} MB, peak {r['peak_rss_mb']:.0f} MB"
        if "tracemalloc_peak_mb" in r:
            line += f", tracemalloc peak {r['tracemalloc_peak_mb']:.0f} MB"
        print(line)
    if "profile" in results:
        prof = results["profile"]
        print(f"\none core, where the time goes ({prof['mb']:.1f} MB raw, {prof['body_mb']:.1f} MB clean bodies):")
        for name, seconds in prof["timings"].items():
            print(f"  {name:<28} {seconds:7.2f} s  {prof['mb'] / seconds:7.2f} MB/s of raw input")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
