"""Files: `Corpus.from_dir` and `zhreport analyze` survive unreadable files, folders that
cannot be listed, symlink loops and files that vanish mid-run, and report each one.

(`read_dir` itself is tested in test_batch.py, the CLI's loops and vanishing files in
test_cli.py; this file covers what those leave out.)"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import zhreport as zr
from zhreport.cli import main

REPORT = "标题\n\n2020-02-17 来源:人民网\n\n社区党员下沉一线。\n"


def _tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "locked").mkdir()
    for name in ("a.txt", "gone.txt", "secret.txt", "sub/b.txt", "locked/c.txt"):
        (root / name).write_text(REPORT, encoding="utf-8")
    os.symlink("..", root / "sub" / "up")
    os.symlink("self.txt", root / "self.txt")


def _hostile(monkeypatch: pytest.MonkeyPatch, flaky_open: Callable[[str, str], None]) -> None:
    """gone.txt vanishes when opened, secret.txt refuses to open and locked/ to be listed.

    Simulated: the tests run as root, for whom mode 000 denies nothing."""
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    flaky_open("gone.txt", "secret.txt")
    monkeypatch.setattr("zhreport.io.os.scandir", scandir)


EXPECTED_FAILURES = [
    ("gone.txt", "cannot read: [Errno 2] No such file or directory"),
    ("locked/", "cannot list folder: [Errno 13] Permission denied"),
    ("secret.txt", "cannot read: [Errno 13] Permission denied"),
    ("self.txt", "cannot read: [Errno 40] Too many levels of symbolic links"),
    ("sub/up/", "symlink loop: leads back to a folder being read"),
]


def test_corpus_from_dir_survives_and_lists_every_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flaky_open: Callable[[str, str], None]
) -> None:
    _tree(tmp_path)
    _hostile(monkeypatch, flaky_open)
    corpus = zr.Corpus.from_dir(tmp_path)
    assert sorted(corpus.ids) == ["a.txt", "sub/b.txt"]
    assert corpus.bodies == ["社区党员下沉一线。"] * 2
    assert sorted(corpus.failures) == EXPECTED_FAILURES


def test_cli_reports_a_folder_it_cannot_list(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    flaky_open: Callable[[str, str], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "in"
    _tree(folder)
    _hostile(monkeypatch, flaky_open)
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    prefix = folder.as_posix() + "/"
    for name, error in EXPECTED_FAILURES:
        assert f"zhreport: failed: {prefix}{name}: {error}" in err
    assert out.read_text(encoding="utf-8").count('"error": null') == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads mode-000 files")
def test_real_permissions_are_reported(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    try:
        failures = dict(zr.Corpus.from_dir(tmp_path).failures)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert failures["secret.txt"] == "cannot read: [Errno 13] Permission denied"
    assert failures["locked/"] == "cannot list folder: [Errno 13] Permission denied"
