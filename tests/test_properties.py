"""Invariants of the cleaning stage over random text (hypothesis)."""

from __future__ import annotations

import datetime

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


@settings()
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


@settings()
@given(TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = zr.normalize(text)
    assert zr.normalize(once) == once


@settings()
@given(TEXT)
def test_normalized_text_is_canonical(text: str) -> None:
    normalized = zr.normalize(text)
    assert "\r" not in normalized and "\x00" not in normalized and "\u200b" not in normalized
    for line in normalized.split("\n"):
        assert line == line.strip(" ")
        assert "  " not in line


@settings()
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["Lu", "Ll", "Nd", "Po", "Zs", "Sm"]), max_size=80))
def test_conversion_leaves_non_han_alone(text: str) -> None:
    assert zr.to_simplified(text) == text
    assert zr.to_traditional(text) == text


@settings()
@given(st.text(max_size=100), st.sampled_from(["utf-8", "utf-16le", "utf-16be", "gb18030"]))
def test_decode_round_trip(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    assert zr.decode(data, encoding=encoding) == text


@settings()
@given(st.binary(max_size=300))
def test_decode_never_crashes(data: bytes) -> None:
    try:
        zr.decode(data)
    except zr.DecodeError as error:
        assert 0 <= error.offset <= len(data)
    assert isinstance(zr.decode(data, errors="replace"), str)


EXTRACTION_PIECES = st.sampled_from(
    [
        "2600余名", "近2000套", "64.2萬元", "四五個小時", "3至5天", "腊月二十九", "3月12日至28日", "12日上午",
        "區委書記馮衛華", "局长郭方芳同志", "湖北省襄阳市", "百分之十五", "三分之一", "2020-02-17", "第一时间",
        "𠮷", "e\u0301", "😀", "發(fā)", "１２", "万", "亿", "至", "—", "年", "月", "日",
    ]
)
EXTRACTION_TEXT = st.lists(st.one_of(EXTRACTION_PIECES, st.text(max_size=4)), max_size=40).map("".join)


@settings()
@given(EXTRACTION_TEXT)
def test_extraction_spans_slice_the_input(text: str) -> None:
    reference = datetime.date(2020, 2, 17)
    for item in [*zr.extract_quantities(text), *zr.extract_dates(text, reference), *zr.extract_entities(text)]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text
    for d in zr.extract_dates(text, reference):
        if d.start_date is not None and d.end_date is not None:
            assert d.start_date <= d.end_date


@settings()
@given(EXTRACTION_TEXT, st.dates())
def test_dates_with_any_reference_day(text: str, reference: datetime.date) -> None:
    # Any day Python can name, datetime.date.max included (the core overflowed near the end
    # of its calendar): a list of mentions, never an exception.
    for d in zr.extract_dates(text, reference):
        assert text[d.start : d.end] == d.text
        if d.start_date is not None and d.end_date is not None:
            assert d.start_date <= d.end_date


def test_dates_at_the_ends_of_the_calendar() -> None:
    last = datetime.date.max
    assert [(d.text, d.start_date) for d in zr.extract_dates("2月8日", last)] == [("2月8日", datetime.date(9999, 2, 8))]
    assert [(d.text, d.start_date) for d in zr.extract_dates("昨天", datetime.date.min)] == [("昨天", None)]
    # Regression: the day before date.min (year 0) and after date.max raised ValueError.
    assert [(d.text, d.start_date) for d in zr.extract_dates("明天", last)] == [("明天", None)]
    assert [d.start_date for d in zr.analyze("昨天发布。", reference_date=datetime.date.min).dates] == [None]
