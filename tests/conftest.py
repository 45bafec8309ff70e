"""Shared fixtures: the bundled sample reports, by the number of their file name."""

from __future__ import annotations

import pytest

import zhreport as zr


@pytest.fixture(scope="session")
def samples() -> dict[str, str]:
    """Sample report texts keyed by their three-digit prefix ("000" … "004")."""
    return {name[:3]: text for name, text in zip(zr.sample_report_names(), zr.sample_reports())}


@pytest.fixture(scope="session")
def cleaned(samples: dict[str, str]) -> dict[str, zr.Cleaned]:
    """Each sample report cleaned once."""
    return {key: zr.clean(text) for key, text in samples.items()}
