#!/usr/bin/env python3
"""Quantity/date extraction: correctness against jionlp, and throughput.

Part 1 -- about 30 hand-written cases (quantities and dates with a reference day).
The expected answers were derived by hand from the Chinese text, not from either
program. zhreport: first result of ``extract_quantities`` / ``extract_dates``.
jionlp: ``parse_money`` / ``parse_time(time_base=reference)``; an exception counts
as a wrong answer. Only numeric values are compared (units are not scored).

Part 2 -- throughput on the five bundled sample reports, clean bodies repeated to
about ``--mb`` MB (1 MB = 10**6 UTF-8 bytes), one thread, best of ``--repeat``.
jionlp's corpus-level extractors (``jionlp.ner.extract_money`` /
``jionlp.ner.extract_time``; not top-level functions) run on the same bodies; the
slow ``extract_time`` on a ``--peer-mb`` subset, its time scaled. jionlp's own
logging (it logs a traceback for every string it rejects) is silenced throughout.

Usage::

    python benchmarks/bench_extract.py              # --mb 5 --peer-mb 0.5 --repeat 3
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import logging
import math
import time

import zhreport as zr

with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
    import jionlp

D = dt.date


def approx(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


# ---------------------------------------------------------------- quantity cases
# expected: ("point", x)      -> the value is x
#           ("atleast", x)    -> "x余/多/近x": value or lower bound is x
#           ("range", lo, hi) -> bounds lo..hi
#           ("pct", x)        -> x as a fraction (0.15) or x*100 with a % unit
#           ("tens",)         -> 数十: a range inside 10..100 with lo < hi
QTY_CASES = [
    ("2.5万个", ("point", 25_000)),
    ("310万元", ("point", 3_100_000)),
    ("416.54万元", ("point", 4_165_400)),
    ("近2000套", ("atleast", 2000)),
    ("3400余人次", ("atleast", 3400)),
    ("64.2萬元", ("point", 642_000)),
    ("一千零三十八名", ("point", 1038)),
    ("1.4万多人", ("atleast", 14_000)),
    ("百分之十五", ("pct", 0.15)),
    ("三分之一", ("point", 1 / 3)),
    ("四五个小时", ("range", 4, 5)),
    ("3至5天", ("range", 3, 5)),
    ("10-20人", ("range", 10, 20)),
    ("两亿元", ("point", 200_000_000)),
    ("二十多万元", ("atleast", 200_000)),
    ("数十名", ("tens",)),
    ("1200元", ("point", 1200)),
    ("三千五百元", ("point", 3500)),
    ("5.8亿元", ("point", 580_000_000)),
    ("约300人", ("point", 300)),
]

# ---------------------------------------------------------------- date cases
# (text, reference, expected start, expected end)
DATE_CASES = [
    ("腊月二十九", D(2020, 2, 17), D(2020, 1, 23), D(2020, 1, 23)),
    ("大年三十", D(2020, 2, 1), D(2020, 1, 24), D(2020, 1, 24)),
    ("春节", D(2020, 2, 17), D(2020, 1, 25), D(2020, 1, 25)),
    ("元宵节", D(2020, 2, 17), D(2020, 2, 8), D(2020, 2, 8)),
    ("2月8日", D(2020, 2, 17), D(2020, 2, 8), D(2020, 2, 8)),
    ("12月30日", D(2020, 2, 17), D(2019, 12, 30), D(2019, 12, 30)),
    ("3月12日至28日", D(2022, 4, 1), D(2022, 3, 12), D(2022, 3, 28)),
    ("1月27日—2月5日", D(2020, 2, 17), D(2020, 1, 27), D(2020, 2, 5)),
    ("2022年04月01日14:11", D(2022, 4, 1), D(2022, 4, 1), D(2022, 4, 1)),
    ("3月初", D(2022, 4, 1), D(2022, 3, 1), D(2022, 3, 10)),
    ("去年12月", D(2020, 2, 17), D(2019, 12, 1), D(2019, 12, 31)),
    ("昨天", D(2020, 2, 17), D(2020, 2, 16), D(2020, 2, 16)),
    ("2019年10月", D(2020, 2, 17), D(2019, 10, 1), D(2019, 10, 31)),
]


def describe_expected(exp) -> str:
    kind = exp[0]
    if kind == "point":
        return f"{exp[1]:g}"
    if kind == "atleast":
        return f"≥{exp[1]:g}"
    if kind == "range":
        return f"{exp[1]:g}..{exp[2]:g}"
    if kind == "pct":
        return f"{exp[1]:g} (={exp[1] * 100:g}%)"
    return "range within 10..100"


def check_qty(exp, value, low, high, unit) -> bool:
    """value/low/high are floats or None (low/high default to value)."""
    low = value if low is None else low
    high = value if high is None else high
    kind = exp[0]
    if kind == "point":
        return approx(value, exp[1]) and approx(low, exp[1]) and approx(high, exp[1])
    if kind == "atleast":
        return approx(value, exp[1]) or approx(low, exp[1])
    if kind == "range":
        return approx(low, exp[1]) and approx(high, exp[2])
    if kind == "pct":
        return approx(value, exp[1]) or (approx(value, exp[1] * 100) and unit in ("%", "％"))
    if kind == "tens":
        return low is not None and high is not None and 10 <= low < high <= 100
    raise ValueError(kind)


def zr_qty(text):
    qs = zr.extract_quantities(text)
    if not qs:
        return "(none)", (None, None, None, None)
    q = qs[0]
    v, lo, hi, u = q.value, q.low, q.high, q.unit
    s = f"{v:g}" if v is not None else "None"
    if lo is not None and hi is not None and (lo != v or hi != v):
        s += f" [{lo:g}..{hi:g}]"
    if u:
        s += f" {u}"
    return s, (v, lo, hi, u)


def jio_qty(text):
    r = jionlp.parse_money(text)
    num, case = r.get("num"), r.get("case")
    if isinstance(num, (list, tuple)):
        lo, hi = float(num[0]), float(num[1])
        return f"{lo:g}..{hi:g} {case}", (None, lo, hi, case)
    v = float(num)
    return f"{v:g} {case}", (v, v, v, case)


def zr_date(text, ref):
    ds = zr.extract_dates(text, reference=ref)
    if not ds:
        return "(none)", (None, None)
    d = ds[0]
    return f"{d.start_date}..{d.end_date}", (d.start_date, d.end_date)


def jio_date(text, ref):
    r = jionlp.parse_time(text, time_base=dt.datetime(ref.year, ref.month, ref.day))
    t = r.get("time")
    if not isinstance(t, (list, tuple)):
        return f"{r.get('type')}: {t}", (None, None)

    def day(s):
        try:
            return dt.date.fromisoformat(str(s)[:10])
        except ValueError:
            return None

    a, b = day(t[0]), day(t[1])
    return f"{a}..{b}", (a, b)


def check_date(start, end, exp_start, exp_end) -> bool:
    end = start if end is None else end
    return start == exp_start and end == exp_end


@contextlib.contextmanager
def quiet():
    """jionlp prints and logs (root logger, full tracebacks) on strings it rejects."""
    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        logging.disable(logging.NOTSET)


def safe(fn, *args):
    try:
        with quiet():
            return fn(*args), None
    except Exception as e:  # noqa: BLE001 -- any failure is a wrong answer
        return None, f"{type(e).__name__}: {str(e)[:60]}"


def md_escape(s: str) -> str:
    return str(s).replace("|", "\\|")


def correctness() -> None:
    rows = []  # (case, expected, zr_str, zr_ok, jio_str, jio_ok)
    for text, exp in QTY_CASES:
        out = []
        for fn in (zr_qty, jio_qty):
            res, err = safe(fn, text)
            if err:
                out.append((f"EXC {err}", False))
            else:
                s, (v, lo, hi, u) = res
                out.append((s, check_qty(exp, v, lo, hi, u)))
        rows.append((text, describe_expected(exp), *out[0], *out[1]))
    for text, ref, es, ee in DATE_CASES:
        out = []
        for fn in (zr_date, jio_date):
            res, err = safe(fn, text, ref)
            if err:
                out.append((f"EXC {err}", False))
            else:
                s, (a, b) = res
                out.append((s, check_date(a, b, es, ee)))
        exp = f"{es}" if es == ee else f"{es}..{ee}"
        rows.append((f"{text} (ref {ref})", exp, *out[0], *out[1]))

    print("## Correctness: zhreport vs jionlp\n")
    print("| case | expected | zhreport | ok | jionlp | ok |")
    print("|---|---|---|---|---|---|")
    for case, exp, zs, zok, js, jok in rows:
        print(f"| {md_escape(case)} | {md_escape(exp)} | {md_escape(zs)} | "
              f"{'✓' if zok else '✗'} | {md_escape(js)} | {'✓' if jok else '✗'} |")
    n = len(rows)
    print(f"\nzhreport right {sum(r[3] for r in rows)}/{n}, "
          f"jionlp right {sum(r[5] for r in rows)}/{n}\n")
    zr_only = [r[0] for r in rows if r[3] and not r[5]]
    jio_only = [r[0] for r in rows if r[5] and not r[3]]
    print(f"- zhreport right, jionlp wrong ({len(zr_only)}): {', '.join(zr_only) or '-'}")
    print(f"- jionlp right, zhreport wrong ({len(jio_only)}): {', '.join(jio_only) or '-'}\n")


# ---------------------------------------------------------------- speed
def fresh(strings):
    # new str objects each run (CPython caches a str's UTF-8 form)
    return [(s + "\x00")[:-1] for s in strings]


def best_of(repeat, fn, items):
    best = math.inf
    for _ in range(repeat):
        data = fresh(items)
        t0 = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - t0)
    return best


def speed(mb: float, peer_mb: float, repeat: int) -> None:
    raws = zr.sample_reports()
    cleaned = [zr.clean(r) for r in raws]
    bodies = [c.text for c in cleaned]
    refs = []
    for c in cleaned:
        p = c.published
        refs.append(p.date() if isinstance(p, dt.datetime) else (p or D(2020, 2, 17)))

    target = mb * 1e6
    idx, size = [], 0
    while size < target:
        i = len(idx) % len(bodies)
        idx.append(i)
        size += len(bodies[i].encode())
    corpus = [bodies[i] for i in idx]
    corpus_refs = [refs[i] for i in idx]
    raw_corpus = [raws[i] for i in idx]
    body_mb = sum(len(s.encode()) for s in corpus) / 1e6
    raw_mb = sum(len(s.encode()) for s in raw_corpus) / 1e6

    pidx, psize = [], 0
    while psize < peer_mb * 1e6 and len(pidx) < len(idx):
        pidx.append(idx[len(pidx)])
        psize += len(bodies[pidx[-1]].encode())
    peer = [bodies[i] for i in pidx]
    peer_refs = [dt.datetime(refs[i].year, refs[i].month, refs[i].day) for i in pidx]
    peer_mb_real = psize / 1e6

    def run_dates(data):
        for s, r in zip(data, corpus_refs):
            zr.extract_dates(s, reference=r)

    def run_jio_time(data):
        with quiet():
            for s, r in zip(data, peer_refs):
                jionlp.ner.extract_time(s, time_base=r)

    def run_jio_money(data):
        with quiet():
            for s in data:
                jionlp.ner.extract_money(s)

    # (label, fn, items, MB of input, scaled-from-subset?)
    jobs = [
        ("zr.tokens (segmentation)", lambda d: [zr.tokens(s) for s in d], corpus, body_mb, False),
        ("zr.analyze (raw: clean+segment+extract)", lambda d: [zr.analyze(s) for s in d],
         raw_corpus, raw_mb, False),
        ("zr.extract_quantities", lambda d: [zr.extract_quantities(s) for s in d], corpus, body_mb, False),
        ("zr.extract_dates(reference)", run_dates, corpus, body_mb, False),
        ("zr.extract_entities", lambda d: [zr.extract_entities(s) for s in d], corpus, body_mb, False),
        ("jionlp.ner.extract_money", run_jio_money, corpus, body_mb, False),
        ("jionlp.ner.extract_time(time_base)", run_jio_time, peer, peer_mb_real, True),
    ]
    results = []
    for label, fn, items, size_mb, sub in jobs:
        secs = best_of(repeat, fn, items)
        results.append((label, size_mb, secs, sub))
    seg_rate = results[0][1] / results[0][2]  # MB/s of segmentation

    print("## Throughput (one thread, best of %d)\n" % repeat)
    print(f"Corpus: {len(corpus)} report bodies, {body_mb:.2f} MB "
          f"(raw for analyze: {raw_mb:.2f} MB); jionlp.ner.extract_time on a "
          f"{peer_mb_real:.2f} MB subset ({len(peer)} bodies), seconds scaled to the full "
          f"body corpus; jionlp logging silenced while timed.\n")
    print("Each zr.extract_* row converts and segments its text itself; what extraction adds "
          "to the segmentation the pipeline does anyway is timed by "
          "`cargo run --release --example profile_extract`.\n")
    print("| function | input MB | seconds | MB/s | time / segmentation time |")
    print("|---|---|---|---|---|")
    for label, size_mb, secs, sub in results:
        rate = size_mb / secs
        # time per MB relative to segmentation's time per MB
        ratio = seg_rate / rate
        secs_shown = secs * (body_mb / size_mb) if sub else secs
        note = " (scaled)" if sub else ""
        print(f"| {label} | {size_mb:.2f} | {secs_shown:.3f}{note} | {rate:.3f} | {ratio:.2f}x |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    ap.add_argument("--peer-mb", type=float, default=0.5, help="jionlp subset in MB (default 0.5)")
    ap.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    args = ap.parse_args()
    print(f"zhreport {getattr(zr, '__version__', '?')}, jionlp {jionlp.__version__}\n")
    correctness()
    speed(args.mb, args.peer_mb, args.repeat)


if __name__ == "__main__":
    main()
