"""analyze_batch (per-document errors, order, progress) and zhreport.io.read_dir."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import zhreport as zr
from zhreport import _core
from zhreport.io import FileResult, pattern_matches, read_dir, read_file

# ---------------------------------------------------------------- analyze_batch


def test_batch_equals_one_by_one_in_input_order() -> None:
    texts = zr.sample_reports() + ["", "共3人。"] + list(reversed(zr.sample_reports()))
    batch = zr.analyze_batch(texts, workers=2)
    assert len(batch) == len(texts)
    for text, report in zip(texts, batch):
        assert report == zr.analyze(text)
        assert report.error is None


def test_bad_documents_become_error_records() -> None:
    good = zr.sample_reports()[4]
    texts: list[object] = [good, None, b"\xe5\x85\x9a", 3.5, float("nan"), "正文。"]
    reports = zr.analyze_batch(texts, workers=2)  # type: ignore[arg-type]
    assert [r.error for r in reports] == [
        None,
        "expected a str, got NoneType",
        "expected a str, got bytes (decode it first with zhreport.decode)",
        "expected a str, got float",
        "expected a str, got float",
        None,
    ]
    assert reports[0] == zr.analyze(good)
    assert reports[5].text == "正文。"
    for failed in reports[1:5]:
        assert (failed.text, failed.title, failed.sentences, failed.tokens, failed.quantities) == ("", None, [], [], [])
        assert failed.to_dict()["error"] == failed.error


def test_a_panicking_document_costs_only_itself() -> None:
    texts = zr.sample_reports()
    results = _core._analyze_batch_for_test(texts, [1, 3], 2)
    assert isinstance(results[1], str) and isinstance(results[3], str)
    assert results[1] == "internal error in zhreport (please report it): deliberate panic in document 1 for the test suite"
    for index in (0, 2, 4):
        analysis = results[index]
        assert not isinstance(analysis, str)
        assert analysis[0].text == zr.clean(texts[index]).text


def test_batch_argument_errors() -> None:
    with pytest.raises(TypeError, match="not a single str"):
        zr.analyze_batch("党员")
    with pytest.raises(TypeError, match="not a single str"):
        zr.analyze_batch("党员", progress=True)
    with pytest.raises(zr.InvalidArgumentError, match="at least 1"):
        zr.analyze_batch(["党员"], workers=0)
    assert zr.analyze_batch([]) == []
    assert zr.analyze_batch([], progress=True) == []


def test_reference_date_reaches_every_document() -> None:
    reports = zr.analyze_batch(["3月12日开会。", "3月12日开会。"], reference_date=datetime.date(2021, 5, 1))
    for report in reports:
        assert [d.start_date for d in report.dates] == [datetime.date(2021, 3, 12)]


def _generated(texts: list[str]) -> Iterator[str]:
    yield from texts


def test_progress_bar_gives_the_same_reports_in_chunks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(zr, "_CHUNK_DOCS", 2)  # 12 documents -> 6 calls into Rust
    texts = (zr.sample_reports() + ["甲。", None]) * 1 + ["乙。"] * 5  # type: ignore[operator]
    expected = zr.analyze_batch(texts, workers=1)
    assert zr.analyze_batch(texts, workers=2, progress=True) == expected
    err = capsys.readouterr().err
    assert "zhreport" in err and "12/12" in err
    # An iterator has no length: the bar counts without a total, the result is the same.
    assert zr.analyze_batch(_generated(texts), progress=True) == expected  # type: ignore[arg-type]
    assert "12doc" in capsys.readouterr().err.replace(" ", "")
    # Without a bar, too: chunks analysed two at a time (workers > 1) or one by one.
    assert zr.analyze_batch(_generated(texts), workers=2) == expected  # type: ignore[arg-type]
    assert zr.analyze_batch(texts, workers=1) == expected
    assert zr.analyze_batch(texts) == expected
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- read_dir

REPORT = "党员干部坚守一线,服务群众3400余人次。"
TRADITIONAL = "黨員幹部堅守一線,服務群眾3400餘人次。"


def _tree(root: Path) -> None:
    (root / "2020" / "02").mkdir(parents=True)
    (root / "a_utf8.txt").write_bytes(REPORT.encode("utf-8"))
    (root / "b_gbk.txt").write_bytes(REPORT.encode("gbk"))
    (root / "2020" / "c_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (root / "2020" / "02" / "d_utf16.txt").write_bytes(REPORT.encode("utf-16"))
    (root / "2020" / "02" / "e_gb18030.txt").write_bytes(("𠮷" + REPORT).encode("gb18030"))
    (root / "notes.html").write_bytes(b"<p>skip me</p>")


def test_read_dir_decodes_mixed_encodings_with_relative_ids(tmp_path: Path) -> None:
    _tree(tmp_path)
    results = list(read_dir(tmp_path))
    assert [(r.id, r.encoding, r.error) for r in results] == [
        ("a_utf8.txt", "UTF-8", None),
        ("b_gbk.txt", "gb18030", None),
        ("2020/c_big5.txt", "Big5", None),
        ("2020/02/d_utf16.txt", "UTF-16LE", None),
        ("2020/02/e_gb18030.txt", "gb18030", None),
    ]
    assert [r.text for r in results] == [REPORT, REPORT, TRADITIONAL, REPORT, "𠮷" + REPORT]
    assert results[0].size == len(REPORT.encode("utf-8"))
    assert all(isinstance(r, FileResult) and r.ok for r in results)


def test_read_dir_pattern_and_explicit_encoding(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert [r.id for r in read_dir(tmp_path, pattern="*.txt")] == ["a_utf8.txt", "b_gbk.txt"]
    assert [r.id for r in read_dir(tmp_path, pattern="2020/**/*_big5.txt")] == ["2020/c_big5.txt"]
    assert [r.id for r in read_dir(tmp_path, pattern="**/*.html")] == ["notes.html"]
    forced = {r.id: r for r in read_dir(tmp_path, pattern="*.txt", encoding="gbk")}
    assert forced["b_gbk.txt"].text == REPORT and forced["b_gbk.txt"].encoding == "GBK"
    # UTF-8 bytes read as GBK: garbled but decodable, or reported; never an exception.
    assert forced["a_utf8.txt"].text != REPORT


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("**/*.txt", "a.txt", True),
        ("**/*.txt", "x/y/a.txt", True),
        ("**/*.txt", "a.txt.bak", False),
        ("*.txt", "x/a.txt", False),
        ("x/*.txt", "x/a.txt", True),
        ("x/**", "x/y/z.md", True),
        ("?.txt", "ab.txt", False),
        ("[ab].txt", "b.txt", True),
        ("[!ab].txt", "c.txt", True),
        ("[!ab].txt", "a.txt", False),
        ("a+b.txt", "a+b.txt", True),
    ],
)
def test_pattern_matches(pattern: str, path: str, expected: bool) -> None:
    assert pattern_matches(pattern, path) is expected


def test_read_dir_streams_one_file_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(REPORT, encoding="utf-8")
    opened: list[str] = []
    real_open = open

    def counting_open(path: str, *args: object, **kwargs: object) -> object:
        opened.append(os.path.basename(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", counting_open)
    results = read_dir(tmp_path)
    assert opened == []
    assert next(results).id == "0.txt"
    assert opened == ["0.txt"]
    assert next(results).id == "1.txt"
    assert opened == ["0.txt", "1.txt"]


def test_garbage_and_binary_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03\x04\x05" * 100 + REPORT.encode())
    (tmp_path / "bad_big5.txt").write_bytes(b"\xa4\xa4\xff\xff")
    (tmp_path / "ok.txt").write_text(REPORT, encoding="utf-8")
    results = {r.id: r for r in read_dir(tmp_path)}
    assert results["ok.txt"].ok
    for name in ("garbage.txt", "binary.txt", "bad_big5.txt"):
        assert results[name].text is None and results[name].encoding is None
        assert (results[name].error or "").startswith("cannot decode: "), results[name]
    assert results["garbage.txt"].size == 128 * 20
    forced = read_file(tmp_path / "bad_big5.txt", id="x", encoding="big5")
    assert forced.error is not None and forced.error.startswith("cannot decode: ")


def test_symlink_loops_are_reported(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(REPORT, encoding="utf-8")
    os.symlink("..", tmp_path / "sub" / "up")  # folder loop
    os.symlink("self.txt", tmp_path / "self.txt")  # file link to itself
    os.symlink("ping.txt", tmp_path / "pong.txt")
    os.symlink("pong.txt", tmp_path / "ping.txt")
    os.symlink("missing.txt", tmp_path / "dangling.txt")
    results = [(r.id, r.error) for r in read_dir(tmp_path)]
    assert results == [
        ("dangling.txt", "cannot read: [Errno 2] No such file or directory"),
        ("ping.txt", "cannot read: [Errno 40] Too many levels of symbolic links"),
        ("pong.txt", "cannot read: [Errno 40] Too many levels of symbolic links"),
        ("self.txt", "cannot read: [Errno 40] Too many levels of symbolic links"),
        ("sub/a.txt", None),
        ("sub/up/", "symlink loop: leads back to a folder being read"),
    ]


def test_a_symlinked_folder_outside_is_followed(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "root").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "root" / "linked")
    assert [(r.id, r.text) for r in read_dir(tmp_path / "root")] == [("linked/a.txt", REPORT)]


def test_files_and_folders_vanishing_mid_run(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text(REPORT, encoding="utf-8")
    results = read_dir(tmp_path)
    first = next(results)  # the folder has been listed; b.txt and sub/ go now
    (tmp_path / "b.txt").unlink()
    (tmp_path / "sub" / "d.txt").unlink()
    (tmp_path / "sub").rmdir()
    rest = [(r.id, r.error) for r in results]
    assert first.id == "a.txt" and first.ok
    assert rest == [
        ("b.txt", "cannot read: [Errno 2] No such file or directory"),
        ("c.txt", None),
        ("sub/", "cannot list folder: [Errno 2] No such file or directory"),
    ]


def test_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests run as root, who may list a mode-000 folder: simulate the refusal.
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "open.txt").write_text(REPORT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("zhreport.io.os.scandir", scandir)
    results = [(r.id, r.error) for r in read_dir(tmp_path)]
    assert results == [("open.txt", None), ("locked/", "cannot list folder: [Errno 13] Permission denied")]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(REPORT, encoding="utf-8")
    real_open = open

    def refusing_open(path: str, *args: object, **kwargs: object) -> object:
        if os.path.basename(path) == "secret.txt":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", refusing_open)
    assert [(r.id, r.error) for r in read_dir(tmp_path)] == [
        ("a.txt", None),
        ("secret.txt", "cannot read: [Errno 13] Permission denied"),
    ]


def test_read_dir_of_a_file_and_of_nothing(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(REPORT.encode("gbk"))
    assert [(r.id, r.text) for r in read_dir(tmp_path / "one.txt")] == [("one.txt", REPORT)]
    with pytest.raises(FileNotFoundError):
        list(read_dir(tmp_path / "nowhere"))
    (tmp_path / "empty").mkdir()
    assert list(read_dir(tmp_path / "empty")) == []
    (tmp_path / "folder.txt").mkdir()  # a folder whose name matches the pattern is walked, not read
    assert [r.id for r in read_dir(tmp_path)] == ["one.txt"]
