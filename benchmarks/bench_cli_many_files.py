#!/usr/bin/env python3
"""``zhreport analyze`` over a folder of many small files of mixed encodings.

Generates ``--files`` reports (default 10,000) in a temporary folder, spread over 100
subfolders and written in rotation as UTF-8, GBK, Big5 (the Traditional sample and
hand-written Traditional sentences), UTF-16 (with BOM) and GB18030, plus one file of garbage
bytes; then runs the installed ``zhreport analyze`` on the folder and checks:

* exit status 1 (one file failed) and the summary line: files = N + 1, reports = N,
  failed = 1, MB = the bytes on disk;
* the garbage file is named on stderr and in the table with its error;
* the output table has N + 1 rows, every generated report's encoding as written and
  its title as generated.

Usage::

    python benchmarks/bench_cli_many_files.py                   # 10,000 files, parquet
    python benchmarks/bench_cli_many_files.py --files 2000 --output out.jsonl --workers 1
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zhreport as zr

SIMPLIFIED = [
    "社区党员志愿者连续值守十天,服务群众3400余人次。",
    "全区共发放口罩近6万只,消毒液200余瓶。",
    "2月8日上午,区委书记王建国到毛纺小区检查疫情防控工作。",
    "市直机关56个党组织的1200名党员下沉到社区一线。",
]
TRADITIONAL = [
    "社區黨員志願者連續值守十天,服務群眾3400餘人次。",
    "全區共發放口罩近6萬隻,消毒液200餘瓶。",
    "市直機關56個黨組織的1200名黨員下沉到社區一線。",
]
ENCODINGS = ["utf-8", "gbk", "big5", "utf-16", "gb18030"]
NAMES = {"utf-8": "UTF-8", "gbk": "gb18030", "gb18030": "gb18030", "big5": "Big5", "utf-16": "UTF-16LE"}
SUMMARY = re.compile(r"zhreport: (\d+) files, (\d+) reports, (\d+) failed, ([\d.]+) MB in ([\d.]+) s \(([\d.]+) MB/s\)")


def generate(root: Path, count: int) -> dict[str, tuple[str, str]]:
    """Writes the files; returns relative path -> (title, encoding)."""
    samples = zr.sample_reports()
    traditional_sample = samples[1]
    simplified_samples = [s for i, s in enumerate(samples) if i != 1]
    expected: dict[str, tuple[str, str]] = {}
    for i in range(count):
        encoding = ENCODINGS[i % len(ENCODINGS)]
        if encoding == "big5":
            title = f"第{i}號報告"
            body = traditional_sample.split("\n", 1)[1] if i % 2 else "\n".join(TRADITIONAL)
            text = f"{title}\n2020-02-{1 + i % 28:02d} 來源:測試網\n{body}\n"
        else:
            title = f"第{i}号报告"
            body = simplified_samples[i % 4].split("\n", 1)[1] if i % 3 == 0 else "\n".join(SIMPLIFIED)
            text = f"{title}\n2020-02-{1 + i % 28:02d} 来源:测试网\n{body}\n"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:  # a rare character outside Big5 or GBK: keep it readable
            data = text.encode(encoding, errors="replace")
        relative = f"{i % 100:02d}/{i:05d}.txt"
        path = root / relative
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        expected[relative] = (title, encoding)
    return expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--output", default="out.parquet", help="output file name (suffix picks the format)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    script = shutil.which("zhreport", path=os.path.dirname(sys.executable)) or shutil.which("zhreport")
    if script is None:
        sys.exit("the zhreport command is not installed")
    work = Path(tempfile.mkdtemp(prefix="zhreport-many-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        start = time.perf_counter()
        expected = generate(corpus, args.files)
        (corpus / "50" / "garbage.txt").write_bytes(bytes((i * 37 + 11) % 128 + 128 for i in range(6000)))
        disk_mb = sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1e6
        print(f"generated {args.files} + 1 files, {disk_mb:.1f} MB, in {time.perf_counter() - start:.1f} s")

        out = work / args.output
        command = [script, "analyze", str(corpus), "-o", str(out), "--no-progress"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        print(done.stderr.strip())
        print(f"wall time of the command: {wall:.2f} s ({disk_mb / wall:.2f} MB/s, {(args.files + 1) / wall:.0f} files/s)")

        match = SUMMARY.search(done.stderr)
        problems: list[str] = []
        if done.returncode != 1:
            problems.append(f"exit status {done.returncode}, expected 1")
        if not match:
            problems.append("no summary line")
        else:
            files, reports, failed, mb = int(match[1]), int(match[2]), int(match[3]), float(match[4])
            if (files, reports, failed) != (args.files + 1, args.files, 1):
                problems.append(f"summary says {files} files, {reports} reports, {failed} failed")
            if abs(mb - disk_mb) > 0.01:
                problems.append(f"summary says {mb} MB, the files hold {disk_mb:.2f} MB")
        garbage_id = f"{corpus.as_posix()}/50/garbage.txt"
        if f"zhreport: failed: {garbage_id}: cannot decode" not in done.stderr:
            problems.append("the garbage file is not reported on stderr")

        if out.suffix == ".parquet":
            import pyarrow.parquet as pq

            rows = pq.read_table(out, columns=["id", "encoding", "title", "error"]).to_pylist()
        elif out.suffix == ".jsonl":
            import json

            rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        else:
            import pyarrow.csv as pcsv

            rows = pcsv.read_csv(out).select(["id", "encoding", "title", "error"]).to_pylist()
        by_id = {row["id"]: row for row in rows}
        if len(rows) != args.files + 1:
            problems.append(f"{len(rows)} rows, expected {args.files + 1}")
        if not (by_id.get(garbage_id) or {}).get("error"):
            problems.append("the garbage file has no error in the table")
        wrong = [
            rel
            for rel, (title, encoding) in expected.items()
            if (row := by_id.get(f"{corpus.as_posix()}/{rel}")) is None
            or row["error"] is not None
            or row["encoding"] != NAMES[encoding]
            or row["title"] != title
        ]
        if wrong:
            problems.append(f"{len(wrong)} rows wrong, e.g. {wrong[:3]}")
        print("checks: " + ("all passed" if not problems else "; ".join(problems)))
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
