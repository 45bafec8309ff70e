"""Runs the examples in the docstrings of the installed package."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "zhreport",
    "zhreport._core",
    "zhreport.errors",
    "zhreport.cli",
    "zhreport.report",
    "zhreport.display",
    "zhreport.plot",
    "zhreport.io",
    "zhreport.arrow",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    if name == "zhreport.plot":
        import matplotlib.pyplot as plt

        plt.close("all")
    assert result.failed == 0
    if name == "zhreport":
        assert result.attempted >= 10
    if name in ("zhreport.display", "zhreport.plot"):
        assert result.attempted >= 10
