"""Traditional↔Simplified conversion against OpenCC's own test cases.

`data/opencc_testcases.json` is OpenCC's `test/testcases/testcases.json` (Apache-2.0), as
shipped with ferrous-opencc. zhreport converts with the `s2t` and `t2s` configurations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zhreport as zr

CASES = json.loads((Path(__file__).parent / "data" / "opencc_testcases.json").read_text(encoding="utf-8"))["cases"]
CONVERTERS = {"s2t": zr.to_traditional, "t2s": zr.to_simplified}
SELECTED = [
    (case["id"], config, case["input"], expected)
    for case in CASES
    for config, expected in case["expected"].items()
    if config in CONVERTERS
]


def test_cases_were_found() -> None:
    assert len(SELECTED) >= 35


@pytest.mark.parametrize(("case_id", "config", "text", "expected"), SELECTED, ids=[f"{c[0]}-{c[1]}" for c in SELECTED])
def test_opencc_case(case_id: str, config: str, text: str, expected: str) -> None:
    assert CONVERTERS[config](text) == expected
