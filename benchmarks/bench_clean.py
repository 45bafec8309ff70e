#!/usr/bin/env python3
"""Cleaning and script-conversion throughput: zhreport against its peers.

The corpus is the bundled sample reports (``zhreport.sample_reports()`` when
zhreport is importable, else the files in ``shared/seeds/``), repeated whole
until it reaches ``--mb`` megabytes (1 MB = 10**6 bytes of UTF-8 input). Every
tool runs in the same process on the same reports, one call per report, and is
timed best-of-``--repeat``. Throughput is always input UTF-8 bytes per second.

Tasks and the peer each zhreport task is compared with:

=====================  ===================================  ====================
zhreport               peer                                 what
=====================  ===================================  ====================
``zr.clean``           ``jionlp.clean_text``                clean one report
``zr.to_simplified``   ``opencc.OpenCC("t2s").convert``     Traditional->Simpl.
``zr.to_simplified(    ``OpenCC.convert(jionlp.clean_text(  clean, then convert
zr.clean(t).text)``    t))``
``zr.clean(t)          ``OpenCC.convert(jionlp.clean_text(  the same, in one
.simplified``          t))``                                Rust call (if present)
``zr.clean_batch``     ``jionlp.clean_text``                whole corpus, Rust
                                                            threads (if present)
=====================  ===================================  ====================

Before timing, zhreport's outputs on the sample reports are checked against
``expected_clean.json`` (SHA-256 digests of main's outputs before the speed work of
issue 2): ``clean(t).text``, ``to_simplified(t)`` and ``to_simplified(clean(t).text)``
must be byte-identical, and ``clean(t).simplified`` and ``clean_batch`` must agree with
them; a mismatch is an error (exit 1). ``--write-expected`` rewrites the file from the
installed build.

jionlp is slow, so it (and the jionlp+OpenCC pipeline) runs on a prefix of the
corpus of about ``--peer-mb`` MB; both the corpus and that prefix are whole
cycles of the sample reports, so their mix of reports is the same.

Each repeat works on fresh copies of the strings: CPython caches a str's UTF-8
form the first time an extension asks for it, and reports read from disk never
have that cache filled, so reusing the same objects would flatter repeats 2..N.

Usage::

    python benchmarks/bench_clean.py                 # 20 MB, peers on 2 MB
    python benchmarks/bench_clean.py --mb 5 --repeat 5 --json out.json
    python benchmarks/bench_clean.py --tools opencc,zhreport

A tool that is not installed is skipped with a message; an exception inside a
tool is reported in the table (and in the JSON) instead of stopping the run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import importlib.metadata
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

MB = 1_000_000
ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the main work tree (../shared/seeds from the repo root).
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
ALL_TOOLS = ("jionlp", "opencc", "zhreport")
EXPECTED = Path(__file__).resolve().parent / "expected_clean.json"


@dataclass
class Result:
    """One timed row of the table."""

    tool: str
    task: str
    mb: float  # UTF-8 input megabytes processed per repeat
    reports: int
    seconds: float | None = None  # best of the repeats
    all_seconds: list[float] = field(default_factory=list)
    mb_per_s: float | None = None
    out_chars: int | None = None  # characters produced (sanity check)
    setup_seconds: float | None = None  # import / constructor, untimed above
    compare_to: str | None = None  # task key of the peer row, for the ratio
    ratio: float | None = None  # this MB/s over the peer's MB/s
    error: str | None = None

    @property
    def key(self) -> str:
        return f"{self.tool}:{self.task}"


# --------------------------------------------------------------------------
# corpus


def utf8_len(texts: Sequence[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


def load_samples(seeds_dir: Path, zr: ModuleType | None) -> tuple[list[str], str]:
    """The sample reports and where they came from."""
    if zr is not None and hasattr(zr, "sample_reports"):
        try:
            samples = [s for s in zr.sample_reports() if s]
            if samples:
                return samples, "zhreport.sample_reports()"
        except Exception as exc:  # noqa: BLE001 - fall back to the files
            print(f"! zhreport.sample_reports() failed ({exc!r}); reading {seeds_dir}")
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        sys.exit(f"no sample reports: zhreport.sample_reports() unavailable and no *.txt in {seeds_dir}")
    return [f.read_text(encoding="utf-8") for f in files], str(seeds_dir)


def replicate(samples: Sequence[str], target_mb: float) -> list[str]:
    """Whole cycles of ``samples`` adding up to about ``target_mb`` MB (at least one cycle)."""
    cycle = utf8_len(samples)
    cycles = max(1, round(target_mb * MB / cycle))
    return list(samples) * cycles


def fresh(texts: Sequence[str]) -> list[str]:
    """Distinct str objects with equal content and no cached UTF-8 form."""
    return [(t + " ")[:-1] for t in texts]


# --------------------------------------------------------------------------
# correctness


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def output_digests(zr: ModuleType, samples: Sequence[str]) -> dict[str, dict[str, str]]:
    """Per sample (keyed by the digest of its text): digests of zhreport's outputs."""
    digests = {}
    for text in samples:
        body = zr.clean(text).text
        digests[sha(text)] = {
            "clean": sha(body),
            "to_simplified": sha(zr.to_simplified(text)),
            "clean_to_simplified": sha(zr.to_simplified(body)),
        }
    return digests


def check_outputs(zr: ModuleType, samples: Sequence[str]) -> list[str]:
    """Differences between zhreport's outputs and ``expected_clean.json`` (empty if none)."""
    problems = []
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["samples"] if EXPECTED.exists() else {}
    got = output_digests(zr, samples)
    for key, digests in got.items():
        if key not in expected:
            problems.append(f"sample {key[:12]} is not in {EXPECTED.name} (custom --seeds?)")
            continue
        problems += [f"sample {key[:12]}: {task} differs" for task in digests if digests[task] != expected[key][task]]
    for text in samples:
        cleaned = zr.clean(text)
        if hasattr(cleaned, "simplified") and cleaned.simplified != zr.to_simplified(cleaned.text):
            problems.append(f"sample {sha(text)[:12]}: clean(t).simplified differs from to_simplified(clean(t).text)")
    clean_batch = getattr(zr, "clean_batch", None)
    if clean_batch is not None and [c.text for c in clean_batch(list(samples))] != [zr.clean(t).text for t in samples]:
        problems.append("clean_batch texts differ from clean")
    return problems


# --------------------------------------------------------------------------
# timing


def time_per_item(fn: Callable[[str], str], texts: Sequence[str], repeat: int) -> tuple[list[float], int]:
    """Seconds for each repeat of ``fn`` over every text, and the output size."""
    times: list[float] = []
    out_chars = 0
    for _ in range(repeat):
        batch = fresh(texts)
        gc.collect()
        gc.disable()
        try:
            n = 0
            start = time.perf_counter()
            for t in batch:
                n += len(fn(t))
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
        out_chars = n
    return times, out_chars


def time_batch(fn: Callable[[list[str]], Any], texts: Sequence[str], repeat: int) -> tuple[list[float], Any]:
    times: list[float] = []
    out: Any = None
    for _ in range(repeat):
        batch = fresh(texts)
        out = None
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            out = fn(batch)
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return times, out


def run_item(
    tool: str,
    task: str,
    fn: Callable[[str], str],
    texts: Sequence[str],
    repeat: int,
    setup_seconds: float | None = None,
    compare_to: str | None = None,
) -> Result:
    res = Result(tool, task, utf8_len(texts) / MB, len(texts), setup_seconds=setup_seconds, compare_to=compare_to)
    print(f"  {tool:<9} {task:<26} {res.mb:7.2f} MB x{repeat} ...", end=" ", flush=True)
    try:
        fn(texts[0])  # warm-up: lazy dictionaries, first-call costs
        res.all_seconds, res.out_chars = time_per_item(fn, texts, repeat)
    except Exception as exc:  # noqa: BLE001 - report, carry on
        res.error = f"{type(exc).__name__}: {exc}"
        print(f"FAILED {res.error}")
        return res
    finish(res)
    return res


def finish(res: Result) -> None:
    res.seconds = min(res.all_seconds)
    res.mb_per_s = res.mb / res.seconds if res.seconds > 0 else float("inf")
    print(f"{res.seconds:.3f} s  {res.mb_per_s:.2f} MB/s")


# --------------------------------------------------------------------------
# tools


def try_import(name: str) -> tuple[ModuleType | None, float, str | None]:
    start = time.perf_counter()
    try:
        mod = importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - ImportError, or a broken install
        return None, 0.0, f"{type(exc).__name__}: {exc}"
    return mod, time.perf_counter() - start, None


def dist_version(*names: str) -> str | None:
    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def opencc_converter() -> tuple[Callable[[str], str], str, str, float]:
    """OpenCC's t2s converter, its label, version and constructor seconds.

    The PyPI package ``opencc`` is the official C++ binding. The pure-Python
    ``opencc-python-reimplemented`` installs into the *same* ``opencc``
    directory (cntext depends on it) and, installed last, replaces the official
    ``__init__``; so check what was really imported and label it.
    """
    start = time.perf_counter()
    import opencc  # noqa: PLC0415 - optional peer

    official = hasattr(opencc, "opencc_clib")
    if official:
        conv = opencc.OpenCC("t2s")  # "t2s.json" works too with opencc >= 1.1
        label, version = "OpenCC", f"{getattr(opencc, '__version__', '?')} (official C++ binding, PyPI 'opencc')"
    else:
        try:
            conv = opencc.OpenCC("t2s")
        except Exception:  # noqa: BLE001 - some builds only accept the file name
            conv = opencc.OpenCC("t2s.json")
        label = "OpenCC-py"
        version = f"{dist_version('opencc-python-reimplemented') or '?'} (opencc-python-reimplemented, pure Python)"
    return conv.convert, label, version, time.perf_counter() - start


# --------------------------------------------------------------------------
# report


def fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def print_table(results: Sequence[Result]) -> None:
    by_key = {r.key: r for r in results}
    for r in results:
        peer = by_key.get(r.compare_to or "")
        if peer and r.mb_per_s and peer.mb_per_s:
            r.ratio = r.mb_per_s / peer.mb_per_s
    head = f"{'tool':<10} {'task':<28} {'MB':>8} {'reports':>8} {'seconds':>9} {'MB/s':>9}  {'x peer':>8}  peer"
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        if r.error:
            print(f"{r.tool:<10} {r.task:<28} {r.mb:8.2f} {r.reports:8d}  ERROR: {r.error}")
            continue
        peer = by_key.get(r.compare_to or "")
        peer_label = peer.key if peer else ""
        print(
            f"{r.tool:<10} {r.task:<28} {r.mb:8.2f} {r.reports:8d} {fmt(r.seconds, '9.3f')} "
            f"{fmt(r.mb_per_s, '9.2f')}  {fmt(r.ratio, '.2f') + 'x' if r.ratio else '':>8}  {peer_label}"
        )


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / MB if sys.platform == "darwin" else rss * 1024 / MB


# --------------------------------------------------------------------------
# main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 input (default 20)")
    p.add_argument("--peer-mb", type=float, default=2.0, help="size of the prefix that jionlp runs on (default 2)")
    p.add_argument("--repeat", type=int, default=3, help="repeats per task; the best is kept (default 3)")
    p.add_argument("--json", type=Path, metavar="OUT.json", help="also write the results as JSON")
    p.add_argument(
        "--write-expected",
        action="store_true",
        help=f"write {EXPECTED.name} from the installed zhreport's outputs on the samples, then exit",
    )
    p.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"sample reports dir (default {DEFAULT_SEEDS})")
    p.add_argument(
        "--tools",
        default=",".join(ALL_TOOLS),
        help=f"comma-separated subset of {','.join(ALL_TOOLS)} (default all)",
    )
    args = p.parse_args(argv)
    args.tools = {t.strip() for t in args.tools.split(",") if t.strip()}
    unknown = args.tools - set(ALL_TOOLS)
    if unknown:
        p.error(f"unknown tools: {', '.join(sorted(unknown))}")
    if args.repeat < 1 or args.mb <= 0 or args.peer_mb <= 0:
        p.error("--repeat, --mb and --peer-mb must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    versions: dict[str, str] = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
    }
    skipped: dict[str, str] = {}

    zr: ModuleType | None = None
    zr_import_s = 0.0
    if "zhreport" in args.tools:
        zr, zr_import_s, err = try_import("zhreport")
        if zr is None:
            skipped["zhreport"] = err or "not importable"
        else:
            versions["zhreport"] = getattr(zr, "__version__", None) or dist_version("zhreport") or "?"

    samples, source = load_samples(args.seeds, zr)
    if args.write_expected:
        if zr is None:
            sys.exit("--write-expected needs zhreport")
        payload = {"zhreport": versions.get("zhreport"), "samples": output_digests(zr, samples)}
        EXPECTED.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {EXPECTED}")
        return 0
    output_problems = check_outputs(zr, samples) if zr is not None else []
    for problem in output_problems:
        print(f"! output check: {problem}")
    if zr is not None and not output_problems:
        print(f"output check: zhreport's outputs on the {len(samples)} samples match {EXPECTED.name}")
    corpus = replicate(samples, args.mb)
    subset = replicate(samples, min(args.peer_mb, args.mb))
    print(f"samples: {len(samples)} reports, {utf8_len(samples):,} bytes, from {source}")
    print(f"corpus:  {len(corpus)} reports, {utf8_len(corpus) / MB:.2f} MB; peer subset {len(subset)} reports, "
          f"{utf8_len(subset) / MB:.2f} MB; best of {args.repeat}")

    results: list[Result] = []

    # ---- peers -------------------------------------------------------------
    jio_clean: Callable[[str], str] | None = None
    if "jionlp" in args.tools:
        jio, secs, err = try_import("jionlp")  # prints its own banner
        if jio is None:
            skipped["jionlp"] = err or "not importable"
        else:
            versions["jionlp"] = getattr(jio, "__version__", None) or dist_version("jionlp") or "?"
            jio_clean = jio.clean_text
            results.append(run_item("jionlp", "clean_text", jio.clean_text, subset, args.repeat, secs))

    cc_convert: Callable[[str], str] | None = None
    cc_label = "OpenCC"
    if "opencc" in args.tools:
        try:
            cc_convert, cc_label, versions["opencc"], secs = opencc_converter()
        except Exception as exc:  # noqa: BLE001
            skipped["opencc"] = f"{type(exc).__name__}: {exc}"
        else:
            results.append(run_item(cc_label, "t2s convert", cc_convert, corpus, args.repeat, secs))

    if jio_clean is not None and cc_convert is not None:
        jc, cc = jio_clean, cc_convert
        results.append(
            run_item("jionlp+cc", "clean_text -> t2s", lambda t: cc(jc(t)), subset, args.repeat)
        )

    # ---- zhreport ----------------------------------------------------------
    if zr is not None:
        results.append(
            run_item("zhreport", "clean", lambda t: zr.clean(t).text, corpus, args.repeat, zr_import_s,
                     compare_to="jionlp:clean_text")
        )
        results.append(
            run_item("zhreport", "to_simplified", zr.to_simplified, corpus, args.repeat,
                     compare_to=f"{cc_label}:t2s convert")
        )
        results.append(
            run_item("zhreport", "clean -> to_simplified", lambda t: zr.to_simplified(zr.clean(t).text), corpus,
                     args.repeat, compare_to="jionlp+cc:clean_text -> t2s")
        )
        if hasattr(zr.clean(samples[0]), "simplified"):
            results.append(
                run_item("zhreport", "clean(t).simplified", lambda t: zr.clean(t).simplified, corpus, args.repeat,
                         compare_to="jionlp+cc:clean_text -> t2s")
            )
        clean_batch = getattr(zr, "clean_batch", None)
        if clean_batch is None:
            skipped["zhreport.clean_batch"] = "not in this zhreport build"
        else:
            res = Result("zhreport", "clean_batch", utf8_len(corpus) / MB, len(corpus), compare_to="jionlp:clean_text")
            print(f"  {'zhreport':<9} {'clean_batch':<26} {res.mb:7.2f} MB x{args.repeat} ...", end=" ", flush=True)
            try:
                clean_batch(corpus[: len(samples)])  # warm-up
                res.all_seconds, out = time_batch(clean_batch, corpus, args.repeat)
                res.out_chars = sum(len(c.text) for c in out)
                if len(out) != len(corpus):
                    raise RuntimeError(f"clean_batch returned {len(out)} results for {len(corpus)} texts")
            except Exception as exc:  # noqa: BLE001
                res.error = f"{type(exc).__name__}: {exc}"
                print(f"FAILED {res.error}")
            else:
                finish(res)
            results.append(res)

    # ---- report ------------------------------------------------------------
    print_table(results)
    rss = peak_rss_mb()
    print()
    print("versions: " + "; ".join(f"{k} {v}" for k, v in versions.items()))
    for name, why in skipped.items():
        print(f"skipped:  {name}: {why}")
    print(f"peak RSS: {rss:.0f} MB (ru_maxrss, whole process)")

    if args.json:
        payload = {
            "settings": {"mb": args.mb, "peer_mb": args.peer_mb, "repeat": args.repeat, "samples_from": source},
            "versions": versions,
            "skipped": skipped,
            "output_problems": output_problems,
            "peak_rss_mb": rss,
            "results": [asdict(r) | {"key": r.key} for r in results],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 1 if output_problems or any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
