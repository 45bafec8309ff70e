"""The ``zhreport`` command line: ``analyze`` over folders of mixed encodings, with failures."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import zhreport as zr
from zhreport.cli import main

# Sentences written for these tests (Simplified; the Traditional ones by hand, not converted).
SENTENCES = [
    "社区党员志愿者连续值守十天,服务群众3400余人次。",
    "全区共发放口罩近6万只,消毒液200余瓶。",
    "2月8日上午,区委书记王建国到毛纺小区检查疫情防控工作。",
    "市直机关56个党组织的1200名党员下沉到社区一线。",
    "截至3月1日,全市累计筹集捐款310万元。",
]
TRADITIONAL = [
    "社區黨員志願者連續值守十天,服務群眾3400餘人次。",
    "全區共發放口罩近6萬隻,消毒液200餘瓶。",
    "市直機關56個黨組織的1200名黨員下沉到社區一線。",
]
ENCODINGS = ["utf-8", "gbk", "big5", "utf-16", "gb18030"]
EXPECTED_NAMES = {"utf-8": "UTF-8", "gbk": "gb18030", "gb18030": "gb18030", "big5": "Big5", "utf-16": "UTF-16LE"}
SUMMARY = re.compile(
    r"zhreport: (\d+) files, (\d+) reports, (\d+) failed, ([\d.]+) MB in [\d.]+ s \(([\d.]+) MB/s\) -> (.+)"
)


def _document(i: int, encoding: str) -> str:
    """The i-th generated report: a title, a meta line and three sentences."""
    pool = TRADITIONAL if encoding == "big5" else SENTENCES
    body = "\n".join(pool[(i + k) % len(pool)] for k in range(3))
    title, source = (f"第{i}號報告", "來源:測試網") if encoding == "big5" else (f"第{i}号报告", "来源:测试网")
    return f"{title}\n\n2020-02-{1 + i % 28:02d} {source}\n\n{body}\n"


def _make_corpus(root: Path, count: int) -> dict[str, tuple[str, str]]:
    """Writes ``count`` generated reports (plus the samples) in rotating encodings, in
    subfolders; returns id -> (text, encoding)."""
    written: dict[str, tuple[str, str]] = {}
    for i in range(count):
        encoding = ENCODINGS[i % len(ENCODINGS)]
        text = _document(i, encoding)
        relative = f"{i % 7}/{i:04d}_{encoding}.txt"
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(text.encode(encoding))
        written[relative] = (text, encoding)
    for name, text in zip(zr.sample_report_names(), zr.sample_reports()):
        # Sample 001 is Traditional (Big5-encodable); the others are Simplified (GBK).
        encoding = "big5" if name.startswith("001") else "gbk"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            encoding, data = "utf-8", text.encode("utf-8")
        (root / "samples").mkdir(exist_ok=True)
        (root / "samples" / name).write_bytes(data)
        written[f"samples/{name}"] = (text, encoding)
    return written


def _summary(err: str) -> tuple[int, int, int, float, float, str]:
    match = SUMMARY.search(err)
    assert match, err
    files, reports, failed, mb, rate, out = match.groups()
    return int(files), int(reports), int(failed), float(mb), float(rate), out


def test_analyze_mixed_folder_with_garbage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    written = _make_corpus(corpus, 300)
    garbage = bytes((i * 37 + 11) % 128 + 128 for i in range(4000))  # high bytes only: no encoding fits
    (corpus / "3" / "garbage.txt").write_bytes(garbage)
    (corpus / "readme.md").write_text("not matched by the pattern", encoding="utf-8")
    total_bytes = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    out = tmp_path / "out.parquet"

    code = main(["analyze", str(corpus), "-o", str(out), "--workers", "2", "--tables", str(tmp_path / "tables")])

    assert code == 1
    err = capsys.readouterr().err
    files, reports, failed, mb, _, target = _summary(err)
    assert (files, reports, failed) == (306, 305, 1)
    assert mb == pytest.approx(total_bytes / 1e6, abs=0.006)
    assert target == str(out)
    assert f"zhreport: failed: {corpus.as_posix()}/3/garbage.txt: cannot decode: " in err

    table = pq.read_table(out)
    rows = {row["id"]: row for row in table.to_pylist()}
    prefix = corpus.as_posix() + "/"
    assert set(rows) == {prefix + key for key in written} | {prefix + "3/garbage.txt"}
    assert rows[prefix + "3/garbage.txt"]["error"].startswith("cannot decode: ")
    assert rows[prefix + "3/garbage.txt"]["text"] == ""
    for key, (text, encoding) in written.items():
        row = rows[prefix + key]
        assert row["error"] is None
        assert row["encoding"] == EXPECTED_NAMES[encoding]
        assert row["text"] == zr.clean(text).text
    generated = rows[prefix + "1/0015_utf-8.txt"]
    assert generated["title"] == "第15号报告"
    assert generated["source"] == "测试网"
    assert str(generated["published"]) == "2020-02-16 00:00:00"
    assert generated["text"].split("\n") == [SENTENCES[0], SENTENCES[1], SENTENCES[2]]
    assert generated["n_sentences"] == 3
    assert [q["text"] for q in generated["quantities"]] == ["十天", "3400余人次", "近6万只", "200余瓶"]
    big5 = rows[prefix + "2/0002_big5.txt"]
    assert big5["title"] == "第2號報告" and big5["script"] == "traditional"
    assert big5["text"].split("\n") == [TRADITIONAL[2], TRADITIONAL[0], TRADITIONAL[1]]

    quantities = pq.read_table(tmp_path / "tables" / "quantities.parquet").to_pylist()
    assert len(quantities) == sum(row["n_quantities"] for row in rows.values())
    mine = [q["text"] for q in quantities if q["id"] == prefix + "1/0015_utf-8.txt"]
    assert mine == ["十天", "3400余人次", "近6万只", "200余瓶"]
    dates = pq.read_table(tmp_path / "tables" / "dates.parquet")
    assert dates.num_rows == sum(row["n_dates"] for row in rows.values())
    entities = pq.read_table(tmp_path / "tables" / "entities.parquet")
    assert entities.column_names[:2] == ["doc", "id"]
    assert entities.num_rows == sum(
        row["n_people"] + row["n_organizations"] + row["n_places"] for row in rows.values()
    )


def test_analyze_files_and_stdin_to_jsonl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.txt"
    one.write_bytes(_document(1, "gbk").encode("gbk"))
    stdin_text = _document(2, "big5")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin_text.encode("big5"))))
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(one), "-", "-o", str(out), "--no-progress"]) == 0
    files, reports, failed, *_ = _summary(capsys.readouterr().err)
    assert (files, reports, failed) == (2, 2, 0)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["encoding"], r["title"]) for r in rows] == [
        (one.as_posix(), "gb18030", "第1号报告"),
        ("-", "Big5", "第2號報告"),
    ]


def test_analyze_to_csv_with_encoding_pattern_and_reference_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes("2月8日,共3人。".encode("gbk"))
    (folder / "b.text").write_bytes("3月1日,近6万只。".encode("gbk"))
    out = tmp_path / "out.csv"
    args = ["analyze", str(folder), "-o", str(out), "--encoding", "gbk", "--pattern", "*.text"]
    assert main([*args, "--reference-date", "2021-05-01", "--tables", str(tmp_path / "t")]) == 0
    import pyarrow.csv as pcsv

    rows = pcsv.read_csv(out).to_pylist()
    assert [(r["id"], r["encoding"]) for r in rows] == [(folder.as_posix() + "/b.text", "GBK")]
    assert json.loads(rows[0]["dates"])[0]["start_date"] == "2021-03-01"
    assert json.loads(rows[0]["quantities"])[0]["value"] == 60000.0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["dates.csv", "entities.csv", "quantities.csv"]
    assert _summary(capsys.readouterr().err)[:3] == (1, 1, 0)


def test_analyze_survives_loops_vanishing_and_unreadable(
    tmp_path: Path, flaky_open: Callable[[str, str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt", "sub/d.txt"):
        (folder / name).write_text(_document(3, "utf-8"), encoding="utf-8")
    os.symlink("..", folder / "sub" / "loop")
    os.symlink("self.txt", folder / "self.txt")
    # b.txt vanishes between the listing of the folder and its reading, and c.txt refuses
    # to open (the tests run as root, for whom mode 000 changes nothing).
    flaky_open("b.txt", "c.txt")
    out = tmp_path / "out.parquet"
    assert main(["analyze", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert _summary(err)[:3] == (6, 2, 4)
    prefix = folder.as_posix() + "/"
    errors = {row["id"]: row["error"] for row in pq.read_table(out).to_pylist()}
    assert errors == {
        prefix + "a.txt": None,
        prefix + "b.txt": "cannot read: [Errno 2] No such file or directory",
        prefix + "c.txt": "cannot read: [Errno 13] Permission denied",
        prefix + "self.txt": "cannot read: [Errno 40] Too many levels of symbolic links",
        prefix + "sub/d.txt": None,
        prefix + "sub/loop/": "symlink loop: leads back to a folder being read",
    }
    for file_id, error in errors.items():
        assert (f"zhreport: failed: {file_id}: {error}" in err) is (error is not None)


def test_analyze_empty_folder_writes_an_empty_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out.parquet"
    assert main(["analyze", str(tmp_path / "empty"), "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.column_names[:3] == ["id", "encoding", "title"]
    assert _summary(capsys.readouterr().err)[:3] == (0, 0, 0)


def test_analyze_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["analyze", str(tmp_path)],  # no -o
        ["analyze", str(tmp_path), "-o", "x.parquet", "--workers", "0"],
        ["analyze", str(tmp_path), "-o", "x.parquet", "--reference-date", "2020/02/01"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 2
    capsys.readouterr()
    assert main(["analyze", str(tmp_path), "-o", str(tmp_path / "out.xlsx")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")]) == 1
    assert "No such file or directory" in capsys.readouterr().err


def test_analyze_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    text = capsys.readouterr().out
    for option in ("-o OUT", "--workers N", "--encoding E", "--pattern GLOB", "--tables DIR", "--reference-date", "--no-progress"):
        assert option in text
    assert "standard input" in text and "exit status" in text


def test_installed_script_runs_as_a_subprocess(tmp_path: Path) -> None:
    script = shutil.which("zhreport", path=os.path.dirname(sys.executable)) or shutil.which("zhreport")
    assert script is not None
    folder = tmp_path / "in"
    folder.mkdir()
    for i, encoding in enumerate(ENCODINGS):
        (folder / f"{i}.txt").write_bytes(_document(i, encoding).encode(encoding))
    (folder / "junk.txt").write_bytes(bytes(range(128, 256)) * 8)
    out = tmp_path / "out.jsonl"
    result = subprocess.run([script, "analyze", str(folder), "-o", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert _summary(result.stderr)[:3] == (6, 5, 1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in rows if r["error"] is None] == [
        "第0号报告",
        "第1号报告",
        "第2號報告",
        "第3号报告",
        "第4号报告",
    ]


def test_stats_prints_every_figure_of_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.txt"
    source.write_bytes(zr.sample_reports()[4].encode("gb18030"))
    assert main(["stats", str(source), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures == zr.analyze(zr.sample_reports()[4]).stats
    assert main(["stats", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("title: ") and "mtld" in out and "lexicon.epidemic" in out
