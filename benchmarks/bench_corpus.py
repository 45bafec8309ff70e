#!/usr/bin/env python3
"""Corpus statistics throughput: ``zr.Corpus`` over ~100 MB of reports, and its peers.

The corpus: the clean bodies of the five sample reports (``zr.clean(t).text`` for
``zr.sample_reports()``) are split into sentences; every document draws a random run of
sentences (no sentence twice) from the reports of one script (Simplified: 000, 002, 004;
Traditional: 001, 003), grouped into paragraphs of 1-4 sentences, to a length drawn
log-uniformly between ``--min-bytes`` and ``--max-bytes`` of UTF-8 (about 200 to 3,000
characters), and the digits of the document are permuted (one random permutation per
document) so that the numbers differ too. A share ``--reposts`` of the documents are
reposts: an earlier document with a "转载自…" line before it and an editor line after it
(``near_duplicates`` should find exactly these, plus any chance overlaps of short
documents). Everything is seeded (``--seed``), so a run is reproducible.

zhreport (one run each, in this order, on ``--mb`` MB; 1 MB = 10**6 UTF-8 bytes):
``zr.Corpus(docs, clean=False)`` and its first ``.index`` (segmentation into word-id
arrays, every core), ``frequencies()``, ``keywords(10)`` (TF-IDF), ``keywords(10,
method="textrank")``, ``ngrams(2)``, ``collocations()``, ``keyness`` (first half of the
documents against the second), ``concordance("党员")``, ``near_duplicates()``, then
``zr.text_stats`` on every document (one call per document, one thread; ``--stats-mb``
limits it to a prefix). The index build is also timed with ``workers=1`` on a
``--serial-mb`` prefix, to compare per core with the single-threaded peers. Peak RSS
(``ru_maxrss``) is read after the corpus is generated, after the index is built, and at
the end of the zhreport part (the peers are imported only afterwards).

Peers, on a ``--peer-mb`` prefix of the same documents (MB/s extrapolated, one thread):
``jieba.lcut`` + ``collections.Counter`` (frequencies), ``jieba.analyse.extract_tags``
and ``jieba.analyse.textrank`` (10 keywords per document), ``cntext.word_count`` per
document summed (frequencies), ``cntext.word_in_context(doc, ["党员"])`` (concordance),
``cntext.readability`` per document (the analogue of ``text_stats``), and
``cntext.jaccard_sim`` over every pair of the first ``--pair-docs`` documents (a planted
repost among them) against ``zr.Corpus(...).near_duplicates()`` on the same documents.

Ratios are zhreport MB/s / peer MB/s. For the word tables the zhreport figure includes
the index build ("from text": build + operation), since every peer segments its input.

Usage::

    python benchmarks/bench_corpus.py                       # --mb 100 --peer-mb 2
    python benchmarks/bench_corpus.py --mb 10 --json corpus.json

Needs: zhreport, pandas, pyarrow; peers (optional, skipped when missing): jieba,
cntext (cntext 2.x: ``pip install "cntext>=2.2"``; it pins pandas<3 and numpy<2 and
imports IPython without declaring it). The machine's other load makes timings noisy:
each figure is one run.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import logging
import math
import os
import platform
import random
import resource
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import zhreport as zr

MB = 1e6


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux: ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB


def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def nbytes(texts: list[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


# ------------------------------------------------------------------ the corpus


def sentence_pools() -> dict[str, list[str]]:
    """Sentences of the sample reports' clean bodies, by script."""
    pools: dict[str, list[str]] = {"simplified": [], "traditional": []}
    for raw in zr.sample_reports():
        cleaned = zr.clean(raw)
        script = "traditional" if cleaned.script == "traditional" else "simplified"
        for paragraph in cleaned.text.split("\n"):
            pools[script].extend(s for s in zr.split_sentences(paragraph) if s.strip())
    return pools


def build_documents(
    mb: float, seed: int, min_bytes: int, max_bytes: int, repost_rate: float, pair_docs: int
) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """Documents of about ``mb`` MB in total, their scripts, and the planted (original, repost) pairs."""
    rng = random.Random(seed)
    pools = sentence_pools()
    scripts = list(pools)
    weights = [len(pools[s]) for s in scripts]
    digits = "0123456789"
    docs: list[str] = []
    doc_scripts: list[str] = []
    planted: list[tuple[int, int]] = []
    total = 0
    sites = ["人民网", "新华网", "央广网", "中国新闻网", "光明网", "澎湃新闻"]
    while total < mb * MB:
        i = len(docs)
        # One repost is forced among the first ``pair_docs`` documents for the pairwise test.
        forced = i == pair_docs // 2 and i > 0
        if forced or (i > 0 and rng.random() < repost_rate):
            j = pair_docs // 4 if forced else rng.randrange(i)
            doc = f"(转载自{rng.choice(sites)})\n{docs[j]}\n(责任编辑:{rng.choice('王李张刘陈杨')}{rng.choice('明华军平')})"
            planted.append((j, i))
            script = doc_scripts[j]
        else:
            script = rng.choices(scripts, weights)[0]
            pool = pools[script]
            order = rng.sample(pool, len(pool))
            target = math.exp(rng.uniform(math.log(min_bytes), math.log(max_bytes)))
            paragraphs: list[str] = []
            size = 0
            k = 0
            while size < target and k < len(order):
                take = rng.randint(1, 4)
                paragraph = "".join(order[k : k + take])
                k += take
                paragraphs.append(paragraph)
                size += len(paragraph.encode("utf-8")) + 1
            perm = list(digits)
            rng.shuffle(perm)
            doc = "\n".join(paragraphs).translate(str.maketrans(digits, "".join(perm)))
        docs.append(doc)
        doc_scripts.append(script)
        total += len(doc.encode("utf-8"))
    return docs, doc_scripts, planted


def prefix(docs: list[str], mb: float) -> list[str]:
    out: list[str] = []
    size = 0
    for doc in docs:
        if size >= mb * MB:
            break
        out.append(doc)
        size += len(doc.encode("utf-8"))
    return out


# ------------------------------------------------------------------ timing


CPU_SECONDS: list[float] = []


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall-clock seconds and the result; the process CPU seconds go to CPU_SECONDS."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    CPU_SECONDS.append(time.process_time() - cpu)
    return time.perf_counter() - start, result


def fmt_rate(x: float | None) -> str:
    if x is None:
        return "-"
    if x < 1:
        return f"{x:.2g}"
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in MB of UTF-8 (default 100)")
    parser.add_argument("--peer-mb", type=float, default=2.0, help="prefix the peers run on (default 2)")
    parser.add_argument("--stats-mb", type=float, default=None, help="prefix for zr.text_stats (default: all)")
    parser.add_argument(
        "--serial-mb", type=float, default=10.0, help="prefix for the workers=1 index build (default 10)"
    )
    parser.add_argument(
        "--textrank-mb", type=float, default=0.25, help="prefix for jieba.analyse.textrank (default 0.25)"
    )
    parser.add_argument("--pair-docs", type=int, default=50, help="documents of the pairwise Jaccard test (default 50)")
    parser.add_argument("--min-bytes", type=int, default=600)
    parser.add_argument("--max-bytes", type=int, default=9000)
    parser.add_argument("--reposts", type=float, default=0.005, help="share of documents that are reposts")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--json", metavar="OUT", help="write every figure to this JSON file")
    args = parser.parse_args()

    rss_bare = peak_rss_mb()
    # Fixed costs first (pandas, the segmenter's dictionaries), so the index's own memory shows.
    zr.Corpus(["党员干部下沉社区,发放口罩。"], clean=False).frequencies()
    zr.text_stats("党员干部下沉社区,发放口罩。")
    rss_start = peak_rss_mb()
    t_gen, (docs, doc_scripts, planted) = timed(
        lambda: build_documents(args.mb, args.seed, args.min_bytes, args.max_bytes, args.reposts, args.pair_docs)
    )
    in_bytes = nbytes(docs)
    in_mb = in_bytes / MB
    lengths = sorted(len(d) for d in docs)
    print(
        f"corpus: {len(docs):,} documents, {in_mb:.1f} MB UTF-8, {sum(lengths):,} characters "
        f"(median {lengths[len(lengths) // 2]:,}, min {lengths[0]:,}, max {lengths[-1]:,} per document), "
        f"{doc_scripts.count('traditional'):,} Traditional; {len(planted)} planted reposts; generated in {t_gen:.1f} s",
        flush=True,
    )
    rss_docs = peak_rss_mb()
    cur_docs = current_rss_mb()

    results: dict[str, Any] = {
        "input_mb": in_mb,
        "documents": len(docs),
        "characters": sum(lengths),
        "planted_reposts": len(planted),
        "zhreport": {},
        "peers": {},
        "memory": {},
    }
    zr_rows: dict[str, dict[str, float]] = results["zhreport"]

    def record(name: str, seconds: float, mb: float, rows: int | None = None, **extra: Any) -> None:
        zr_rows[name] = {
            "seconds": seconds,
            "cpu_seconds": CPU_SECONDS[-1],
            "mb": mb,
            "mb_per_s": mb / seconds if seconds > 0 else math.inf,
        }
        if rows is not None:
            zr_rows[name]["rows"] = rows
        zr_rows[name].update(extra)
        print(
            f"  zhreport {name:<40} {seconds:8.2f} s ({CPU_SECONDS[-1]:7.2f} s CPU) {fmt_rate(mb / seconds):>8} MB/s"
            + (f"  ({rows:,} rows)" if rows is not None else ""),
            flush=True,
        )

    # ---- zhreport on the whole corpus
    corpus = zr.Corpus(docs, clean=False)
    t, _index = timed(lambda: corpus.index)
    record("index build (Corpus(...).index)", t, in_mb)
    rss_index = peak_rss_mb()
    build, build_cpu = t, CPU_SECONDS[-1]

    mask = [i < len(docs) // 2 for i in range(len(docs))]
    operations: list[tuple[str, Callable[[], Any]]] = [
        ("frequencies()", lambda: corpus.frequencies()),
        ("keywords(10) tfidf", lambda: corpus.keywords(10)),
        ("keywords(10) textrank", lambda: corpus.keywords(10, method="textrank")),
        ("ngrams(2)", lambda: corpus.ngrams(2)),
        ("collocations()", lambda: corpus.collocations()),
        ("keyness(first half, second half)", lambda: corpus.keyness(mask)),
        ('concordance("党员")', lambda: corpus.concordance("党员")),
        ("near_duplicates()", lambda: corpus.near_duplicates()),
    ]
    outputs: dict[str, Any] = {}
    for name, fn in operations:
        t, out = timed(fn)
        outputs[name] = out
        record(
            name,
            t,
            in_mb,
            rows=len(out),
            from_text_mb_per_s=in_mb / (build + t),
            from_text_mb_per_cpu_s=in_mb / (build_cpu + CPU_SECONDS[-1]),
        )

    pairs = outputs["near_duplicates()"]
    found = {(int(a), int(b)) for a, b in zip(pairs["doc_a"], pairs["doc_b"])}
    planted_set = {(min(a, b), max(a, b)) for a, b in planted}
    dup_recall = len(found & planted_set) / len(planted_set) if planted_set else 1.0
    # Two reposts of one original (or a repost of a repost) are near-duplicates of each other too.
    root = list(range(len(docs)))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for a, b in planted_set:
        root[find(a)] = find(b)
    same_cluster = {(a, b) for a, b in found - planted_set if find(a) == find(b)}
    results["near_duplicates_check"] = {
        "planted": len(planted_set),
        "found": len(found),
        "planted_found": len(found & planted_set),
        "other_pairs": len(found - planted_set),
        "other_pairs_same_original": len(same_cluster),
    }
    print(
        f"  near_duplicates: {len(found & planted_set)}/{len(planted_set)} planted reposts found, "
        f"{len(found - planted_set)} other pairs ({len(same_cluster)} of them reposts of one original; "
        "the rest short documents drawn from the same sentences)",
        flush=True,
    )

    stats_docs = docs if args.stats_mb is None else prefix(docs, args.stats_mb)
    stats_mb = nbytes(stats_docs) / MB

    def run_stats() -> int:
        n = 0
        for doc in stats_docs:
            n += len(zr.text_stats(doc))
        return n

    t, _ = timed(run_stats)
    record("text_stats per document", t, stats_mb, rows=len(stats_docs))
    rss_end = peak_rss_mb()

    serial_docs = prefix(docs, args.serial_mb)
    serial_mb = nbytes(serial_docs) / MB
    t, _ = timed(lambda: zr.Corpus(serial_docs, clean=False, workers=1).index)
    serial_name = f"index build, workers=1 ({serial_mb:.0f} MB prefix)"
    record(serial_name, t, serial_mb)

    results["memory"] = {
        "peak_rss_mb_bare_process": rss_bare,
        "peak_rss_mb_after_warm_up": rss_start,
        "peak_rss_mb_after_generating_documents": rss_docs,
        "rss_mb_after_generating_documents": cur_docs,
        "peak_rss_mb_after_index": rss_index,
        "peak_rss_mb_after_all_zhreport": rss_end,
        "peak_after_index_over_input": rss_index / in_mb,
        "index_increment_over_input": (rss_index - rss_docs) / in_mb,
        "peak_after_all_over_input": rss_end / in_mb,
    }
    print(
        f"  peak RSS: {rss_bare:,.0f} MB bare, {rss_start:,.0f} MB after a warm-up (pandas, dictionaries), {rss_docs:,.0f} MB with the documents as Python str, "
        f"{rss_index:,.0f} MB after the index ({rss_index / in_mb:.2f}x input; index adds "
        f"{(rss_index - rss_docs) / in_mb:.2f}x input), {rss_end:,.0f} MB after every zhreport table",
        flush=True,
    )

    # ---- peers on a prefix
    peers: dict[str, dict[str, Any]] = results["peers"]
    peer_docs = prefix(docs, args.peer_mb)
    peer_mb = nbytes(peer_docs) / MB
    pair_docs = docs[: args.pair_docs]
    pair_mb = nbytes(pair_docs) / MB
    n_pairs = len(pair_docs) * (len(pair_docs) - 1) // 2

    def peer(name: str, seconds: float, mb: float, **extra: Any) -> None:
        peers[name] = {"seconds": seconds, "cpu_seconds": CPU_SECONDS[-1], "mb": mb, "mb_per_s": mb / seconds, **extra}
        print(
            f"  peer     {name:<40} {seconds:8.2f} s ({CPU_SECONDS[-1]:7.2f} s CPU) {fmt_rate(mb / seconds):>8} MB/s  ({mb:.2f} MB)",
            flush=True,
        )

    versions: dict[str, str] = {"python": platform.python_version()}
    if not args.no_peers:
        print(f"peers on the first {len(peer_docs):,} documents ({peer_mb:.2f} MB):", flush=True)
        try:
            import jieba
            import jieba.analyse

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            jieba.analyse.extract_tags("党员干部下沉社区开展疫情防控工作", 3)
            jieba.analyse.textrank("党员干部下沉社区开展疫情防控工作", 3)
            versions["jieba"] = jieba.__version__

            def jieba_freq() -> collections.Counter[str]:
                counts: collections.Counter[str] = collections.Counter()
                for doc in peer_docs:
                    counts.update(jieba.lcut(doc))
                return counts

            t, _ = timed(jieba_freq)
            peer("jieba.lcut + Counter", t, peer_mb)
            t, _ = timed(lambda: [jieba.analyse.extract_tags(doc, 10) for doc in peer_docs])
            peer("jieba.analyse.extract_tags", t, peer_mb)
            # jieba.analyse.textrank tags POS with jieba.posseg, whose HMM is very slow on
            # Traditional text (long runs of characters missing from its dictionary): a
            # smaller prefix, timed per script too.
            tr_docs = prefix(docs, args.textrank_mb)
            per_script: dict[str, list[float]] = {"simplified": [0.0, 0.0, 0.0], "traditional": [0.0, 0.0, 0.0]}

            def textrank_all() -> None:
                for doc, script in zip(tr_docs, doc_scripts):
                    start, cpu = time.perf_counter(), time.process_time()
                    jieba.analyse.textrank(doc, 10)
                    per_script[script][0] += time.perf_counter() - start
                    per_script[script][1] += time.process_time() - cpu
                    per_script[script][2] += len(doc.encode("utf-8")) / MB

            t, _ = timed(textrank_all)
            peer("jieba.analyse.textrank", t, nbytes(tr_docs) / MB)
            for script, (sec, cpu, mb_) in per_script.items():
                if sec:
                    CPU_SECONDS.append(cpu)
                    peer(f"jieba.analyse.textrank, {script} only", sec, mb_)
        except ImportError as exc:
            print(f"  jieba skipped: {exc}")
        try:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
                warnings.catch_warnings(),
            ):
                warnings.simplefilter("ignore")
                import cntext as ct
            versions["cntext"] = ct.__version__
            ct.word_count("党员干部下沉社区")

            def cntext_freq() -> collections.Counter[str]:
                counts: collections.Counter[str] = collections.Counter()
                for doc in peer_docs:
                    counts.update(ct.word_count(doc))
                return counts

            t, _ = timed(cntext_freq)
            peer("cntext.word_count", t, peer_mb)
            t, _ = timed(lambda: [ct.word_in_context(doc, ["党员"], window=5) for doc in peer_docs])
            peer('cntext.word_in_context(["党员"])', t, peer_mb)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t, _ = timed(lambda: [ct.readability(doc) for doc in peer_docs])
            peer("cntext.readability", t, peer_mb)

            def all_pairs() -> list[tuple[int, int, float]]:
                out = []
                for a in range(len(pair_docs)):
                    for b in range(a + 1, len(pair_docs)):
                        out.append((a, b, float(ct.jaccard_sim(pair_docs[a], pair_docs[b]))))
                return out

            t, sims = timed(all_pairs)
            planted_pairs = {(a, b) for a, b in planted_set if b < len(pair_docs)}
            high = sorted(((s, a, b) for a, b, s in sims), reverse=True)[:3]
            peer(
                f"cntext.jaccard_sim, {n_pairs:,} pairs",
                t,
                pair_mb,
                pairs=n_pairs,
                planted=sorted(planted_pairs),
                planted_similarity=[s for a, b, s in sims if (a, b) in planted_pairs],
                best_other=max((s for a, b, s in sims if (a, b) not in planted_pairs), default=0.0),
                top3=high,
            )
        except ImportError as exc:
            print(f"  cntext skipped: {exc}")

    # zhreport on the pairwise documents (no index: near_duplicates reads the texts)
    t, small = timed(lambda: zr.Corpus(pair_docs, clean=False).near_duplicates())
    small_pairs = [(int(a), int(b), float(j)) for a, b, j in zip(small["doc_a"], small["doc_b"], small["jaccard"])]
    record(f"near_duplicates, {len(pair_docs)} docs", t, pair_mb, rows=len(small), pairs=small_pairs)

    # ---- the table
    z = zr_rows
    from_text = {name: (z[name].get("from_text_mb_per_s"), z[name].get("from_text_mb_per_cpu_s")) for name in z}

    def alone(name: str) -> tuple[float, float]:
        return z[name]["mb_per_s"], z[name]["mb"] / z[name]["cpu_seconds"]

    comparisons = [
        ("frequencies (build + frequencies())", from_text["frequencies()"], "jieba.lcut + Counter"),
        ("frequencies (build + frequencies())", from_text["frequencies()"], "cntext.word_count"),
        ("TF-IDF keywords (build + keywords(10))", from_text["keywords(10) tfidf"], "jieba.analyse.extract_tags"),
        (
            "TextRank keywords (build + keywords(10, textrank))",
            from_text["keywords(10) textrank"],
            "jieba.analyse.textrank",
        ),
        (
            "TextRank keywords (build + keywords(10, textrank))",
            from_text["keywords(10) textrank"],
            "jieba.analyse.textrank, simplified only",
        ),
        (
            "TextRank keywords (build + keywords(10, textrank))",
            from_text["keywords(10) textrank"],
            "jieba.analyse.textrank, traditional only",
        ),
        (
            'concordance (build + concordance("党员"))',
            from_text['concordance("党员")'],
            'cntext.word_in_context(["党员"])',
        ),
        ("text_stats per document", alone("text_stats per document"), "cntext.readability"),
        (
            f"near_duplicates, {len(pair_docs)} docs",
            alone(f"near_duplicates, {len(pair_docs)} docs"),
            f"cntext.jaccard_sim, {n_pairs:,} pairs",
        ),
        ("index build, workers=1 (segmentation only)", alone(serial_name), "jieba.lcut + Counter"),
    ]
    print()
    print(
        f"zhreport on {in_mb:.1f} MB ({len(docs):,} documents); peers on {peer_mb:.2f} MB; one run each on "
        f"{os.cpu_count()} shared cores (load average {os.getloadavg()[0]:.1f})"
    )
    print()
    print("| zhreport operation | MB | seconds | CPU s | MB/s (op alone) | MB/s from text (build + op) | rows |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, row in z.items():
        ft = row.get("from_text_mb_per_s")
        print(
            f"| {name} | {row['mb']:.1f} | {row['seconds']:.2f} | {row['cpu_seconds']:.2f} | {fmt_rate(row['mb_per_s'])} "
            f"| {fmt_rate(ft)} | {row.get('rows', '')} |"
        )
    print()
    print("| task | zhreport MB/s | peer | peer MB | peer MB/s | ratio | ratio per CPU second |")
    print("|---|---:|---|---:|---:|---:|---:|")
    table = []
    for task, (rate, cpu_rate), peer_name in comparisons:
        if peer_name not in peers or rate is None:
            continue
        p = peers[peer_name]
        peer_rate, peer_cpu_rate = p["mb_per_s"], p["mb"] / p["cpu_seconds"]
        table.append(
            {
                "task": task,
                "zhreport_mb_per_s": rate,
                "peer": peer_name,
                "peer_mb_per_s": peer_rate,
                "ratio": rate / peer_rate,
                "ratio_per_cpu_second": cpu_rate / peer_cpu_rate,
            }
        )
        print(
            f"| {task} | {fmt_rate(rate)} | {peer_name} | {p['mb']:.2f} | {fmt_rate(peer_rate)} | {rate / peer_rate:,.1f}x "
            f"| {cpu_rate / peer_cpu_rate:,.1f}x |"
        )
    results["comparison"] = table
    mem = results["memory"]
    print()
    print(
        f"peak RSS after the index: {mem['peak_rss_mb_after_index']:,.0f} MB = {mem['peak_after_index_over_input']:.2f}x the input "
        f"(before the index, after the warm-up and the documents as Python str: {rss_docs:,.0f} MB; the index adds "
        f"{mem['index_increment_over_input']:.2f}x); "
        f"after every zhreport table: {rss_end:,.0f} MB = {mem['peak_after_all_over_input']:.2f}x"
    )
    nd = results["near_duplicates_check"]
    print(
        f"near_duplicates on {in_mb:.0f} MB: {nd['planted_found']}/{nd['planted']} planted reposts, {nd['other_pairs']} other "
        f"pairs ({nd['other_pairs_same_original']} reposts of one original) (recall {dup_recall:.3f})"
    )
    if "cntext.jaccard_sim, " + f"{n_pairs:,} pairs" in peers:
        info = peers[f"cntext.jaccard_sim, {n_pairs:,} pairs"]
        print(
            f"pairwise on {len(pair_docs)} docs: cntext word-set Jaccard of the planted repost {info['planted_similarity']}, "
            f"best other pair {info['best_other']:.2f}; zhreport pairs {small_pairs}"
        )
    versions["zhreport"] = getattr(zr, "__version__", "dev")
    versions["cores"] = str(os.cpu_count())
    results["versions"] = versions
    print("versions:", ", ".join(f"{k} {v}" for k, v in versions.items()))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
