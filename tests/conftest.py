"""Shared fixtures: the bundled sample reports, by the number of their file name.

Also the hypothesis profiles: "ci" (the default, a couple of hundred examples per property,
fast enough for every run) and "deep" (thousands, for local runs before a release), chosen
with ``pytest --deep`` or ``ZHREPORT_DEEP=1`` (``HYPOTHESIS_PROFILE`` names one directly).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import zhreport as zr

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile(
    "deep", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--deep", action="store_true", help="run the property tests with thousands of examples each"
    )


def deep_mode(config: pytest.Config) -> bool:
    """True when the long property-test mode was asked for (option or environment)."""
    return bool(config.getoption("--deep")) or os.environ.get("ZHREPORT_DEEP", "0") not in ("", "0")


def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("deep" if deep_mode(config) else os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def deep(request: pytest.FixtureRequest) -> bool:
    """Whether the deep mode is on (tests that are not hypothesis-based scale with it)."""
    return deep_mode(request.config)


@pytest.fixture(scope="session")
def samples() -> dict[str, str]:
    """Sample report texts keyed by their three-digit prefix ("000" … "004")."""
    return {name[:3]: text for name, text in zip(zr.sample_report_names(), zr.sample_reports())}


@pytest.fixture(scope="session")
def cleaned(samples: dict[str, str]) -> dict[str, zr.Cleaned]:
    """Each sample report cleaned once."""
    return {key: zr.clean(text) for key, text in samples.items()}


@pytest.fixture
def flaky_open(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], None]:
    """Patches ``open`` so that the file named ``vanishing`` is deleted as it is opened and
    the one named ``refusing`` raises ``PermissionError`` (simulated: the tests run as root,
    for whom mode 000 denies nothing)."""
    real_open = open

    def patch(vanishing: str, refusing: str) -> None:
        def opener(path: Any, *args: Any, **kwargs: Any) -> Any:
            name = os.path.basename(os.fspath(path))
            if name == vanishing:
                os.unlink(path)
            if name == refusing:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("builtins.open", opener)

    return patch
