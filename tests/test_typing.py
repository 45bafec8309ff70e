"""The stubs match the compiled module, and the package passes mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zhreport

PACKAGE = Path(zhreport.__file__).parent


def test_stubs_match_runtime() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "zhreport._core"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_strictly_typed() -> None:
    assert (PACKAGE / "py.typed").exists()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "zhreport"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_script_is_strictly_typed() -> None:
    tour = Path(__file__).resolve().parent.parent / "examples" / "tour.py"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(tour)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
