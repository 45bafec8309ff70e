"""The ``zhreport`` command line.

``zhreport demo`` cleans the bundled sample reports and prints what it found;
``zhreport clean FILE`` prints a report's clean text (``--json`` for metadata and lines);
``zhreport analyze PATH... -o OUT`` analyses files and folders into a report table;
``zhreport stats FILE`` prints the statistics of one report.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import zhreport as zr
from zhreport.io import FileResult, read_dir, read_file

if TYPE_CHECKING:
    from zhreport.arrow import TableWriter


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


#: Files per call into Rust: enough to keep every worker busy and the bar moving.
_CHUNK_FILES = 256
#: … and at most this many bytes per call.
_CHUNK_BYTES = 8_000_000


def _stats(args: argparse.Namespace) -> int:
    report = zr.analyze(_read_input(args.file, args.encoding, args.errors))
    if args.json:
        json.dump(report.stats, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"title: {report.title or '(none)'}")
    width = max(map(len, report.stats), default=0)
    for key, value in report.stats.items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    return 0


def _sources(paths: Sequence[str], pattern: str, encoding: str | None) -> Iterator[FileResult]:
    """Every file named or found under the folders named, read one at a time."""
    for path in paths:
        if path == "-":
            data = sys.stdin.buffer.read()
            try:
                text, used = zr._core.decode_with_encoding(data, encoding, "strict")
            except zr.ZhreportError as error:
                yield FileResult("-", None, None, f"cannot decode: {error}", len(data))
                continue
            yield FileResult("-", text, used, None, len(data))
        elif Path(path).is_dir():
            prefix = Path(path).as_posix().rstrip("/") + "/"
            for result in read_dir(path, pattern, encoding):
                yield FileResult(prefix + result.id, result.text, result.encoding, result.error, result.size)
        else:
            yield read_file(path, id=Path(path).as_posix(), encoding=encoding)


def _chunks(results: Iterator[FileResult]) -> Iterator[list[FileResult]]:
    chunk: list[FileResult] = []
    size = 0
    for result in results:
        chunk.append(result)
        size += result.size
        if len(chunk) >= _CHUNK_FILES or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _prefetched(chunks: Iterator[list[FileResult]]) -> Iterator[list[FileResult]]:
    """Reads the next chunk of files in a thread while the current one is analysed."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[list[FileResult] | None] = pool.submit(next, chunks, None)
        while True:
            chunk = pending.result()
            if chunk is None:
                return
            pending = pool.submit(next, chunks, None)
            yield chunk


def _analysed(
    chunks: Iterator[list[FileResult]], workers: int | None, reference: datetime.date | None
) -> Iterator[tuple[list[FileResult], list[zr.Report]]]:
    """Analyses chunk k+1 (in Rust, GIL released) while chunk k is turned into rows and written."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: tuple[list[FileResult], Future[list[zr.Report]]] | None = None
        for chunk in chunks:
            texts = [r.text for r in chunk]
            submitted = (chunk, pool.submit(zr.analyze_batch, texts, workers, False, reference))
            if pending is not None:
                yield pending[0], pending[1].result()
            pending = submitted
        if pending is not None:
            yield pending[0], pending[1].result()


@dataclass
class _Summary:
    files: int = 0
    reports: int = 0
    bytes: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


_ITEM_KINDS: tuple[Literal["quantities", "dates", "entities"], ...] = ("quantities", "dates", "entities")


def _analyze(args: argparse.Namespace) -> int:
    import pyarrow as pa
    from tqdm.auto import tqdm

    from zhreport import arrow

    output = Path(args.output)
    out_format = arrow.format_for(output)
    if args.tables is not None:
        Path(args.tables).mkdir(parents=True, exist_ok=True)
    reference = datetime.date.fromisoformat(args.reference_date) if args.reference_date else None
    writers: dict[str, TableWriter] = {"reports": arrow.TableWriter(output, out_format)}
    if args.tables is not None:
        suffix = output.suffix
        for kind in _ITEM_KINDS:
            writers[kind] = arrow.TableWriter(Path(args.tables) / f"{kind}{suffix}", out_format)
    summary = _Summary()
    started = time.perf_counter()
    bar = tqdm(
        unit="file",
        desc="zhreport analyze",
        file=sys.stderr,
        disable=True if args.no_progress else None,
    )
    passthrough_schema = pa.schema([("id", pa.string()), ("encoding", pa.string())])
    try:
        chunks = _prefetched(_chunks(_sources(args.paths, args.pattern, args.encoding)))
        for chunk, reports in _analysed(chunks, args.workers, reference):
            reports = [
                report if result.error is None else zr.Report(report.cleaned, [], [], error=result.error)
                for result, report in zip(chunk, reports)
            ]
            ids = [r.id for r in chunk]
            passthrough = pa.table(
                {"id": ids, "encoding": [r.encoding for r in chunk]}, schema=passthrough_schema
            )
            table = arrow.reports_to_table(reports, passthrough)
            writers["reports"].write(table)
            for kind in _ITEM_KINDS:
                if kind in writers:
                    writers[kind].write(arrow.flatten_items(table, kind, id_column="id"))
            summary.files += len(chunk)
            summary.bytes += sum(r.size for r in chunk)
            for file_id, report in zip(ids, reports):
                if report.error is None:
                    summary.reports += 1
                else:
                    summary.failures.append((file_id, report.error))
            bar.update(len(chunk))
    finally:
        bar.close()
        empty = arrow.reports_to_table([], pa.table({"id": [], "encoding": []}, schema=passthrough_schema))
        writers["reports"].close(empty.schema)
        for kind in _ITEM_KINDS:
            if kind in writers:
                writers[kind].close(arrow.flatten_items(empty, kind, "id").schema)
    elapsed = max(time.perf_counter() - started, 1e-9)
    megabytes = summary.bytes / 1e6
    for file_id, error in summary.failures:
        print(f"zhreport: failed: {file_id}: {error}", file=sys.stderr)
    print(
        f"zhreport: {summary.files} files, {summary.reports} reports, {len(summary.failures)} failed, "
        f"{megabytes:.2f} MB in {elapsed:.2f} s ({megabytes / elapsed:.2f} MB/s) -> {output}",
        file=sys.stderr,
    )
    return 1 if summary.failures else 0


_ANALYZE_EPILOG = """\
output columns: id (the file's path: PATH itself, or PATH/relative for files found in a
folder; "-" for standard input), encoding (detected or given), then the report columns:
title, published, source, editors, authors, dateline, script, text (the clean body),
the counts n_chars, n_paragraphs, n_sentences, n_tokens, n_quantities, n_dates, n_people,
n_organizations, n_places, error (empty unless the file failed) and the lists
quantities, dates, entities (JSON text in CSV). A file that cannot be read or decoded
(no permission, vanished, symlink loop, garbage bytes) gets a row with its error and is
listed on stderr; the other files are analysed all the same.

exit status: 0 if every file was analysed, 1 if any failed, 2 for a usage error.
"""


def _add_file_arguments(command: argparse.ArgumentParser) -> None:
    """The FILE, --encoding and --errors arguments of the one-report commands."""
    command.add_argument("file", metavar="FILE", help="the report file, or - for standard input")
    command.add_argument("--encoding", default=None, help="encoding of FILE (default: detect)")
    command.add_argument(
        "--errors",
        choices=["strict", "replace"],
        default="strict",
        help="what to do with undecodable bytes (default: strict, which fails)",
    )


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
    _add_file_arguments(clean)
    clean.add_argument("--json", action="store_true", help="print metadata, lines and text as JSON")
    clean.set_defaults(run=_clean)

    stats = commands.add_parser(
        "stats",
        help="print the statistics of one report's clean body (see zhreport.text_stats for the definitions)",
    )
    _add_file_arguments(stats)
    stats.add_argument("--json", action="store_true", help="print the figures as a JSON object")
    stats.set_defaults(run=_stats)

    analyze = commands.add_parser(
        "analyze",
        help="analyse files and folders of reports into a table (Parquet, CSV or JSON Lines)",
        description="Analyse reports (clean, segment, extract quantities, dates and entities) "
        "in parallel and write one row per file. Prints a progress bar and a summary "
        "(files, reports, failures, MB, MB/s) on stderr.",
        epilog=_ANALYZE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    analyze.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a report file, a folder (searched with --pattern), or - for standard input",
    )
    analyze.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the report table to write; its suffix picks the format: .parquet, .csv or .jsonl",
    )
    analyze.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="number of worker threads (default: every core)",
    )
    analyze.add_argument(
        "--encoding",
        default=None,
        metavar="E",
        help="encoding of every input file, e.g. gbk, big5, utf-8 (default: detect each file's own)",
    )
    analyze.add_argument(
        "--pattern",
        default="**/*.txt",
        metavar="GLOB",
        help="which files of a folder to read, relative to it; ** matches any number of "
        "subfolders (default: **/*.txt)",
    )
    analyze.add_argument(
        "--tables",
        default=None,
        metavar="DIR",
        help="also write quantities, dates and entities tables (one row per item, with the "
        "file's id) into DIR, in the format of OUT",
    )
    analyze.add_argument(
        "--reference-date",
        default=None,
        metavar="YYYY-MM-DD",
        help="resolve partial dates (2月8日) against this day (default: each report's publication date)",
    )
    analyze.add_argument("--no-progress", action="store_true", help="do not show the progress bar")
    analyze.set_defaults(run=_analyze)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "workers", None) is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    if getattr(args, "reference_date", None):
        try:
            datetime.date.fromisoformat(args.reference_date)
        except ValueError:
            parser.error(f"--reference-date must be YYYY-MM-DD, not {args.reference_date!r}")
    try:
        code: int = args.run(args)
    except (OSError, zr.ZhreportError) as error:
        print(f"zhreport: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
