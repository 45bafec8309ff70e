"""Invariants of the cleaning stage over random text (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import zhreport as zr

# Random text weighted towards what reports contain: Han (BMP and astral), CJK
# punctuation, pinyin, parentheses, HTML fragments, spaces of every kind and line breaks.
PIECES = st.sampled_from(
    [
        "党", "黨", "員", "疫情", "發(fā)", "?dān)", "(左二)", "《通知》", "“", "”", "。", "，", ":", "|", ">>",
        "\n", "\r\n", "\r", " ", "\u3000", "\u00a0", "\u200b", "\t", "&nbsp;", "&amp;", "<p>", "</p>", "<b>",
        "１２", "Ａ", "2020-02-17", "来源:人民网", "(责编:王浩)", "△", "\\", "推荐阅读", "𠮷", "鿏", "😀",
        "e\u0301", "ā", "Copyright", "\x00", "\x07",
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_lines_cover_normalized_text(text: str) -> None:
    report = zr.clean(text)
    assert "\n".join(line.text for line in report.lines) == report.normalized
    position = 0
    for line in report.lines:
        assert line.start == position
        assert report.normalized[line.start : line.end] == line.text
        position = line.end + 1
    kept = [line.text for line in report.lines if line.kind in ("body", "heading")]
    assert report.text == "\n".join(kept)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = zr.normalize(text)
    assert zr.normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_normalized_text_is_canonical(text: str) -> None:
    normalized = zr.normalize(text)
    assert "\r" not in normalized and "\x00" not in normalized and "\u200b" not in normalized
    for line in normalized.split("\n"):
        assert line == line.strip(" ")
        assert "  " not in line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["Lu", "Ll", "Nd", "Po", "Zs", "Sm"]), max_size=80))
def test_conversion_leaves_non_han_alone(text: str) -> None:
    assert zr.to_simplified(text) == text
    assert zr.to_traditional(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100), st.sampled_from(["utf-8", "utf-16le", "utf-16be", "gb18030"]))
def test_decode_round_trip(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    assert zr.decode(data, encoding=encoding) == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_never_crashes(data: bytes) -> None:
    try:
        zr.decode(data)
    except zr.DecodeError as error:
        assert 0 <= error.offset <= len(data)
    assert isinstance(zr.decode(data, errors="replace"), str)
