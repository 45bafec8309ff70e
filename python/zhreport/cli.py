"""The ``zhreport`` command line.

``zhreport demo`` cleans the bundled sample reports and prints what it found;
``zhreport clean FILE`` prints a report's clean text (``--json`` for metadata and lines).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import zhreport as zr


def _read_input(path: str, encoding: str | None, errors: str) -> str:
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return zr.decode(data, encoding, "replace" if errors == "replace" else "strict")


def _format_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in counts.items()) or "none"


def _demo(_: argparse.Namespace) -> int:
    for name, text in zip(zr.sample_report_names(), zr.sample_reports()):
        report = zr.clean(text)
        print(f"== {name}")
        print(f"   title:      {report.title or '(none)'}")
        print(f"   published:  {report.published or '(none)'}")
        print(f"   source:     {report.source or '(none)'}")
        print(f"   script:     {report.script}")
        print(f"   paragraphs: {len(report.paragraphs)}")
        print(f"   removed:    {_format_counts(report.removed)}")
        print(f"   repairs:    {_format_counts(report.repairs)}")
        print()
    return 0


def _cleaned_as_dict(report: zr.Cleaned) -> dict[str, Any]:
    return {
        "title": report.title,
        "published": report.published.isoformat() if report.published else None,
        "source": report.source,
        "editors": report.editors,
        "authors": report.authors,
        "dateline": report.dateline,
        "script": report.script,
        "captions": report.captions,
        "repairs": report.repairs,
        "text": report.text,
        "lines": [line.as_tuple() for line in report.lines],
    }


def _clean(args: argparse.Namespace) -> int:
    report = zr.clean(_read_input(args.file, args.encoding, args.errors))
    if args.json:
        json.dump(_cleaned_as_dict(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.text + ("\n" if report.text else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``zhreport`` command."""
    parser = argparse.ArgumentParser(
        prog="zhreport",
        description="Clean, segment and extract statistics from Chinese news reports.",
    )
    parser.add_argument("--version", action="version", version=f"zhreport {zr.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="clean the bundled sample reports and print what was found")
    demo.set_defaults(run=_demo)

    clean = commands.add_parser("clean", help="print the clean text of one report")
    clean.add_argument("file", metavar="FILE", help="the report file, or - for standard input")
    clean.add_argument("--encoding", default=None, help="encoding of FILE (default: detect)")
    clean.add_argument(
        "--errors",
        choices=["strict", "replace"],
        default="strict",
        help="what to do with undecodable bytes (default: strict, which fails)",
    )
    clean.add_argument("--json", action="store_true", help="print metadata, lines and text as JSON")
    clean.set_defaults(run=_clean)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (OSError, zr.ZhreportError) as error:
        print(f"zhreport: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
