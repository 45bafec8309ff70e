#!/usr/bin/env python3
"""Word-segmentation accuracy: zhreport against jieba and rjieba on SIGHAN 2005 MSR.

Scoring is span F1: every word is the half-open character interval
``(start, end)`` it covers in the line; a predicted word counts as correct only
when the gold segmentation has exactly the same interval. Precision, recall and
F1 are micro-averaged over all words of all scored lines.

Gold: ``shared/eval/msr_test_gold.utf8`` (one sentence a line, words separated
by two spaces). The input of every tool is the line's words joined with no
separator -- the text exactly as it is in the file, including its full-width
digits and Latin letters (no normalisation).

Two scripts are scored:

* ``simplified`` -- the MSR text as is; zhreport.cut, jieba.lcut (HMM on, the
  default) and rjieba.cut.
* ``traditional`` -- every gold word converted with ``zhreport.to_traditional``
  one by one, so the gold boundaries carry over; a line is skipped when the
  converted words joined differ in length from the converted whole line (a
  conversion that changed length or depended on context across a boundary).
  zhreport.cut, jieba.lcut and rjieba.cut are scored on that text.

Usage::

    python benchmarks/bench_segment_accuracy.py
    python benchmarks/bench_segment_accuracy.py --limit 500 --json acc.json
    python benchmarks/bench_segment_accuracy.py --errors 25   # top disagreements of zhreport

A peer that is not installed is skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "msr_test_gold.utf8"

Span = tuple[int, int]


def read_gold(path: Path, limit: int | None) -> list[list[str]]:
    lines: list[list[str]] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            words = [w for w in raw.rstrip("\r\n").split("  ") if w.strip()]
            # Words never contain spaces in MSR; strip stray ones defensively.
            words = [w.strip() for w in words]
            if words:
                lines.append(words)
            if limit is not None and len(lines) >= limit:
                break
    return lines


def spans(words: Iterable[str]) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def clean_pred(words: Iterable[str]) -> list[str]:
    # Drop whitespace-only tokens (none in MSR input, but jieba can emit them).
    return [w for w in words if w and not w.isspace()]


def score(gold: Sequence[list[str]], texts: Sequence[str],
          cut: Callable[[str], list[str]]) -> dict:
    tp = n_gold = n_pred = 0
    mismatched = 0
    t0 = time.perf_counter()
    for words, text in zip(gold, texts):
        pred = clean_pred(cut(text))
        if "".join(pred) != text:
            mismatched += 1  # tool changed the text; spans still scored by position
        g = set(spans(words))
        p = spans(pred)
        n_gold += len(g)
        n_pred += len(p)
        tp += sum(1 for s in p if s in g)
    secs = time.perf_counter() - t0
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"lines": len(texts), "gold_words": n_gold, "pred_words": n_pred,
            "correct": tp, "precision": prec, "recall": rec, "f1": f1,
            "text_changed_lines": mismatched, "seconds": secs}


def regions(gold_words: Sequence[str], pred_words: Sequence[str]):
    """Yield (gold run, predicted run) for every minimal stretch whose two ends are
    boundaries of both segmentations and where they disagree."""
    gi = pi = 0
    while gi < len(gold_words) and pi < len(pred_words):
        g_run, p_run = [gold_words[gi]], [pred_words[pi]]
        g_end, p_end = len(g_run[0]), len(p_run[0])
        while g_end != p_end:
            if g_end < p_end:
                gi += 1
                g_run.append(gold_words[gi])
                g_end += len(gold_words[gi])
            else:
                pi += 1
                p_run.append(pred_words[pi])
                p_end += len(pred_words[pi])
        if len(g_run) > 1 or len(p_run) > 1:
            yield g_run, p_run
        gi += 1
        pi += 1


NUM_CHARS = set("０１２３４５６７８９0123456789〇零一二三四五六七八九十百千万亿两几多余半第％%．.")
DATE_UNITS = set("年月日号时分秒")


def kind(g_run: list[str], p_run: list[str]) -> str:
    """A coarse label for one disagreement: direction + what the text looks like."""
    if len(g_run) == 1:
        direction = "zr splits"
    elif len(p_run) == 1:
        direction = "zr joins"
    else:
        direction = "crossing"
    text = "".join(g_run)
    if any("Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ" or ch.isascii() and ch.isalpha()
           for ch in text):
        what = "Latin letters"
    elif sum(ch in NUM_CHARS for ch in text) >= max(1, len(text) // 2) or any(
            "０" <= ch <= "９" for ch in text):
        what = "date/time" if any(ch in DATE_UNITS for ch in text) else "number/measure"
    elif any(ch in "的地得" for ch in text):
        what = "的/地/得"
    elif any(ch in "了着过" for ch in text):
        what = "了/着/过"
    elif len(g_run) == 1 and len(text) >= 4:
        what = "gold 4+-char word (idiom/compound/name)"
    elif len(p_run) == 1 and len(text) >= 4:
        what = "zr 4+-char word (compound/name)"
    elif len(text) <= 3 and (len(g_run) == 1 or len(p_run) == 1):
        what = f"{len(text)}-char word"
    else:
        what = "other"
    return f"{direction}: {what}"


def disagreements(gold: Sequence[list[str]], texts: Sequence[str],
                  cut: Callable[[str], list[str]]) -> tuple[Counter, Counter, Counter]:
    """Count disagreeing regions by exact (gold | predicted) pair, by kind, and
    the gold words lost per kind."""
    pairs: Counter = Counter()
    kinds: Counter = Counter()
    lost: Counter = Counter()
    for words, text in zip(gold, texts):
        pred = clean_pred(cut(text))
        if "".join(pred) != text:
            continue
        for g_run, p_run in regions(words, pred):
            pairs[(" ".join(g_run), " ".join(p_run))] += 1
            k = kind(g_run, p_run)
            kinds[k] += 1
            lost[k] += len(g_run)
    return pairs, kinds, lost


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def load_tools() -> dict[str, Callable[[str], list[str]]]:
    tools: dict[str, Callable[[str], list[str]]] = {}
    try:
        import zhreport
        tools["zhreport.cut"] = zhreport.cut
    except ImportError as e:
        sys.exit(f"zhreport is required: {e}")
    try:
        import jieba
        jieba.setLogLevel(60)
        jieba.initialize()
        tools["jieba.lcut"] = lambda t: jieba.lcut(t)  # HMM=True (default)
    except ImportError:
        print("jieba not installed; skipped", file=sys.stderr)
    try:
        import rjieba
        tools["rjieba.cut"] = lambda t: rjieba.cut(t)
    except ImportError:
        print("rjieba not installed; skipped", file=sys.stderr)
    return tools


def traditional_gold(gold: Sequence[list[str]]) -> tuple[list[list[str]], int]:
    import zhreport
    out: list[list[str]] = []
    skipped = 0
    for words in gold:
        tw = [zhreport.to_traditional(w) for w in words]
        whole = zhreport.to_traditional("".join(words))
        if len("".join(tw)) != len(whole) or any(not w for w in tw):
            skipped += 1
            continue
        out.append(tw)
    return out, skipped


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--limit", type=int, default=None, help="first N gold lines only")
    ap.add_argument("--json", type=Path, default=None, help="write results here")
    ap.add_argument("--errors", type=int, default=0,
                    help="also print the N most frequent zhreport/gold disagreements (MSR)")
    args = ap.parse_args(argv)

    gold = read_gold(args.gold, args.limit)
    tools = load_tools()
    trad_gold, trad_skipped = traditional_gold(gold)
    sets = {
        "simplified": (gold, ["".join(w) for w in gold]),
        "traditional": (trad_gold, ["".join(w) for w in trad_gold]),
    }
    print(f"gold: {args.gold} ({len(gold)} lines, "
          f"{sum(map(len, gold))} words); traditional: {len(trad_gold)} lines "
          f"({trad_skipped} skipped)")
    results = []
    for script, (g, texts) in sets.items():
        for name, cut in tools.items():
            cut(texts[0] if texts else "预热")  # warm-up (dictionary load)
            r = score(g, texts, cut)
            r.update(tool=name, script=script)
            results.append(r)

    hdr = f"{'tool':<14} {'script':<12} {'P':>7} {'R':>7} {'F1':>7} {'words':>7} {'secs':>6}"
    print(hdr)
    print("-" * len(hdr))
    for r in results:
        print(f"{r['tool']:<14} {r['script']:<12} {r['precision']*100:7.2f} "
              f"{r['recall']*100:7.2f} {r['f1']*100:7.2f} {r['pred_words']:>7} {r['seconds']:6.2f}")
    for r in results:
        if r["text_changed_lines"]:
            print(f"note: {r['tool']} ({r['script']}) changed the text on "
                  f"{r['text_changed_lines']} lines")
    versions = {d: version(d) for d in ("zhreport", "jieba", "rjieba")}
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    errors = []
    if args.errors:
        texts = sets["simplified"][1]
        pairs, kinds, lost = disagreements(gold, texts, tools["zhreport.cut"])
        total = sum(pairs.values())
        n_gold = sum(map(len, gold))
        print(f"\nzhreport vs gold on MSR: {total} disagreeing regions, {len(pairs)} distinct")
        print(f"by kind (regions, gold words missed = recall points):")
        for k, n in kinds.most_common():
            print(f"{n:6d} {lost[k]:6d} {lost[k] / n_gold * 100:5.2f}  {k}")
        print(f"top {args.errors} pairs  (count  gold | zhreport)")
        for (g, p), n in pairs.most_common(args.errors):
            print(f"{n:5d}  {g} | {p}")
            errors.append({"gold": g, "zhreport": p, "count": n})
        errors = {"pairs": errors,
                  "kinds": [{"kind": k, "regions": n, "gold_words": lost[k]}
                            for k, n in kinds.most_common()]}

    if args.json:
        args.json.write_text(json.dumps(
            {"gold": str(args.gold), "lines": len(gold), "traditional_lines": len(trad_gold),
             "traditional_skipped": trad_skipped, "results": results,
             "versions": versions, "top_errors": errors},
            ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
