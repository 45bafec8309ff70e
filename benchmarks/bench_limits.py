"""Pathological input and memory limits (issue 7, "Load and limits"). A script, not a test.

Growth curves: each pathological input is built at 1, 10 and 100 MB (UTF-8) and timed;
the ratio between successive sizes should be about 10 when the time is linear in the size.
Memory: peak resident memory of analysing one 100 MB report and a batch of 100,000 small
reports, as a multiple of the input's size.

Every measurement runs in a fresh subprocess, so that its peak RSS is its own.

    python benchmarks/bench_limits.py                  # everything (about 10 minutes)
    python benchmarks/bench_limits.py --sizes 1,10     # quicker
    python benchmarks/bench_limits.py --only parens,files
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap

MB = 1_000_000

# name -> (what it is, Python expression for the unit repeated to `size` bytes)
CASES: dict[str, tuple[str, str]] = {
    "no_newline": ("report text with every line break removed", "(''.join(zr.sample_reports()).replace('\\n', ''))"),
    "newlines": ("nothing but line breaks (1 MB = a million)", "'\\n'"),
    "parens": ("one line of `(`", "'('"),
    "ruby": ("`字(zì)` repeated on one line", "'字(zì)'"),
    "lost": ("`?dān)` repeated on one line", "'?dān)'"),
}
# Stages timed: `pipeline` is clean + cut of the body, the Rust work with one list of words
# back; `analyze` is everything, including one Python object per token (at 100 MB of `(`,
# 100 million of them: too much memory for a shared machine, so analyze stops at
# --analyze-max MB).
STAGES = ("pipeline", "analyze")

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    import zhreport as zr
    name, unit, size, stage = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    unit = eval(unit)
    zr.analyze("预热。")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if name == "report":
        # One long report: a title, a meta line and numbered paragraphs from the samples'
        # bodies (numbered so that none repeats: repeated lines are boilerplate to layout).
        paragraphs = [p for t in zr.sample_reports() for p in zr.clean(t).text.split("\\n") if p]
        lines, total = ["关于疫情防控工作的报道", "2020-02-17 来源:人民网", ""], 0
        while total < size:
            lines.append(f"{paragraphs[len(lines) % len(paragraphs)]}（{len(lines)}）")
            total += len(lines[-1].encode()) + 1
        text = "\\n".join(lines)
    else:
        text = unit * (size // len(unit.encode()) + 1)
    encoded = len(text.encode())
    start = time.perf_counter()
    if stage == "analyze":
        zr.analyze(text)
    else:
        zr.cut(zr.clean(text).text)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "bytes": encoded, "peak": peak, "base": rss_before}))
    """
)

BATCH_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    import zhreport as zr
    count = int(sys.argv[1])
    zr.analyze("预热。")
    samples = [t[:300] for t in zr.sample_reports()]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    texts = [samples[i % len(samples)] + str(i) for i in range(count)]
    encoded = sum(len(t.encode()) for t in texts)
    start = time.perf_counter()
    reports = zr.analyze_batch(texts)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "bytes": encoded, "peak": peak, "base": rss_before, "n": len(reports)}))
    """
)

FILES_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, tempfile, time
    from zhreport.io import read_dir
    count = int(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        for i in range(count):
            sub = os.path.join(folder, str(i // 1000))
            if i % 1000 == 0:
                os.mkdir(sub)
            with open(os.path.join(sub, f"{i}.txt"), "w", encoding="utf-8") as f:
                f.write(f"标题{i}\\n\\n正文。")
        start = time.perf_counter()
        n = sum(1 for r in read_dir(folder) if r.ok)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "n": n, "peak": peak}))
    """
)


def run(args: list[str], code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def growth(values: list[float]) -> str:
    return " ".join(f"{b / a:5.1f}x" if a > 0 else "   -" for a, b in zip(values, values[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="sizes in MB (default 1,10,100)")
    parser.add_argument("--only", default="", help="comma-separated cases (default: all, plus files and memory)")
    parser.add_argument("--analyze-max", type=int, default=10, help="largest size (MB) for analyze (default 10)")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs below 100 MB (default 2)")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    only = set(filter(None, options.only.split(",")))

    print(f"## Growth: seconds at {', '.join(f'{s} MB' for s in sizes)}; ratio per step\n")
    print("| input | stage | " + " | ".join(f"{s} MB" for s in sizes) + " | growth per step |")
    print("|---|---|" + "---:|" * len(sizes) + "---|")
    for name, (what, unit) in CASES.items():
        if only and name not in only:
            continue
        for stage in STAGES:
            times: list[float] = []
            for size in sizes:
                if stage == "analyze" and size > options.analyze_max:
                    break
                runs = options.repeat if size < 100 else 1
                times.append(min(run([name, unit, str(size * MB), stage], CHILD)["seconds"] for _ in range(runs)))
            cells = " | ".join([f"{t:.2f} s" for t in times] + ["-"] * (len(sizes) - len(times)))
            print(f"| {what} | {stage} | {cells} | {growth(times)} |", flush=True)
    if not only or "files" in only:
        counts = [1_000, 10_000, 100_000]
        times = [run([str(n)], FILES_CHILD)["seconds"] for n in counts]
        cells = " | ".join(f"{t:.2f} s ({n:,} files)" for t, n in zip(times, counts))
        print(f"| tiny files read by read_dir | read | {cells} | {growth(times)} |", flush=True)

    if not only or "memory" in only:
        print("\n## Peak memory (fresh process; multiple = (peak - RSS before the input was built) / input bytes)\n")
        print("| work | input | seconds | RSS before | peak RSS | multiple of input |")
        print("|---|---:|---:|---:|---:|---:|")
        single = run(["report", "''", str(max(sizes) * MB), "analyze"], CHILD)
        batch = run(["100000"], BATCH_CHILD)
        for label, r in [(f"analyze one {max(sizes)} MB report", single), ("analyze_batch of 100,000 reports", batch)]:
            multiple = (r["peak"] - r["base"]) / r["bytes"]
            print(
                f"| {label} | {r['bytes'] / MB:.1f} MB | {r['seconds']:.1f} | {r['base'] / MB:.0f} MB "
                f"| {r['peak'] / MB:.0f} MB | {multiple:.1f}x |",
                flush=True,
            )


if __name__ == "__main__":
    main()
