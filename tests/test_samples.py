"""The five bundled sample reports: metadata, body and removed lines.

Expected values are read off the raw files (line by line), not from the program.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import zhreport as zr

EXPECTED_META = {
    "000": ("襄阳:让党旗在战“疫”一线高高飘扬!", dt.date(2020, 2, 17), "湖北省市场监督管理局", []),
    "001": (
        "吉林省市場監督管理廳:各級黨組織和黨員干部擰成一股繩 讓黨旗在抗疫一線高高飄揚",
        dt.datetime(2022, 4, 1, 14, 11),
        "人民網-吉林頻道",
        ["馬俊華", "謝龍"],
    ),
    "002": ("疫情阻击战 北辰区党员干部在行动", dt.datetime(2020, 2, 1, 18, 52), "人民网-天津频道", ["崔新耀", "王浩"]),
    "003": (None, None, "管理員", ["admin"]),
    "004": (
        "集结第一批千名党员!市中区直机关各党组织勠力同心,让党旗飘扬在“战疫”一线",
        dt.datetime(2020, 2, 6, 17, 51),
        "人民网-山东频道",
        ["公雪", "胡洪林"],
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_META))
def test_metadata(cleaned: dict[str, zr.Cleaned], key: str) -> None:
    title, published, source, editors = EXPECTED_META[key]
    report = cleaned[key]
    assert report.title == title
    assert report.published == published
    assert type(report.published) is type(published)
    assert report.source == source
    assert report.editors == editors


def test_script(cleaned: dict[str, zr.Cleaned]) -> None:
    scripts = {key: report.script for key, report in cleaned.items()}
    assert scripts == {
        "000": "simplified",
        "001": "traditional",
        "002": "simplified",
        "003": "traditional",
        "004": "simplified",
    }


def test_dateline_and_authors(cleaned: dict[str, zr.Cleaned]) -> None:
    assert cleaned["004"].dateline == "人民网济南2月6日电"
    assert cleaned["003"].authors == ["劉藝", "王純芳"]
    assert cleaned["000"].dateline is None


def _raw_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


# Lines of each raw file (1-based numbers as `cat -n` shows them) that are furniture.
REMOVED_LINES = {
    "000": {1: "boilerplate", 3: "title", 5: "meta", 15: "image", 17: "caption", 89: "boilerplate", 90: "boilerplate", 91: "boilerplate"},
    "001": {1: "boilerplate", 2: "boilerplate", 4: "title", 6: "meta", 7: "meta", 43: "editor", 45: "boilerplate", 47: "boilerplate"},
    "002": {1: "boilerplate", 3: "title", 5: "meta", 16: "editor", 18: "related", 20: "related", 23: "related", 38: "boilerplate"},
    "003": {6: "caption", 12: "caption", 14: "caption", 19: "caption", 21: "caption", 24: "editor", 25: "meta"},
    "004": {1: "title", 3: "meta", 12: "caption", 26: "caption", 36: "caption", 44: "editor", 46: "related"},
}


@pytest.mark.parametrize("key", sorted(REMOVED_LINES))
def test_furniture_lines_are_classified_and_kept_out_of_text(
    samples: dict[str, str], cleaned: dict[str, zr.Cleaned], key: str
) -> None:
    report = cleaned[key]
    assert len(report.lines) == len(samples[key].split("\n"))
    for number, kind in REMOVED_LINES[key].items():
        line = report.lines[number - 1]
        assert line.kind == kind, (number, line)
        assert line.text not in report.text.split("\n")


# Raw line numbers of the body paragraphs and headings of each report.
TEXT_LINES = {
    "000": [7, 9, 11, 13, 19, 21, 23, 25, 27, 29, 51, 61, 67, 69, 71, 73, 75, 77, 79, 81, 83, 87],
    "001": [9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41],
    "002": [8, 10, 12, 14],
    "003": [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 15, 16, 17, 18, 20, 22, 23],
    "004": [6, 8, 14, 16, 20, 22, 30, 32, 42],
}


@pytest.mark.parametrize("key", sorted(TEXT_LINES))
def test_every_body_paragraph_is_present(samples: dict[str, str], cleaned: dict[str, zr.Cleaned], key: str) -> None:
    raw = samples[key].split("\n")
    expected = [zr.normalize(raw[number - 1]) for number in TEXT_LINES[key]]
    assert cleaned[key].text.split("\n") == expected


def test_headings(cleaned: dict[str, zr.Cleaned]) -> None:
    headings = [line.text for line in cleaned["000"].lines if line.kind == "heading"]
    assert headings == ["政治引领筑同心", "党员报到聚合力", "统筹协调强推进", "一线服务“零距离”", "勇于担当“解难题”", "典型示范鼓斗志"]
    headings_003 = [line.text for line in cleaned["003"].lines if line.kind == "heading"]
    assert [h[:2] for h in headings_003] == ["一、", "二、", "三、"]


def test_captions(cleaned: dict[str, zr.Cleaned]) -> None:
    assert cleaned["000"].captions[0] == "△党员干部积极报名参加社区疫情防控活动"
    assert len(cleaned["000"].captions) == 9
    assert all(c.startswith("圖:") for c in cleaned["003"].captions)
    assert "区农业农村局工作人员在万达广场消毒:" in cleaned["004"].captions


def test_no_pinyin_left_in_003(samples: dict[str, str], cleaned: dict[str, zr.Cleaned]) -> None:
    tone = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
    annotation = re.compile(rf"\([a-zü{tone}]*[{tone}][a-zü{tone}]*\)")
    raw_count = len(annotation.findall(samples["003"]))
    lost_count = len(re.compile(rf"\?\(?[a-zü{tone}]+\)").findall(samples["003"]))
    report = cleaned["003"]
    assert annotation.search(report.text) is None
    assert "?" not in report.text
    assert report.repairs["pinyin_annotation"] == raw_count == 553
    assert report.repairs["lost_char"] == lost_count == 11
    # Ordinary parentheses stay.
    assert "江克美(左二)" in report.captions[1]
    assert "發生以來" in report.text
    # 日?qǐng)?bào)告: 報 is the only reading-bào character making a word with 告.
    assert "日報告、日匯總" in report.text


def test_ordinary_parentheses_and_titles_survive(cleaned: dict[str, zr.Cleaned]) -> None:
    assert "(即党组织到联系点社区报到,党员干部个人到居住地社区报到)" in cleaned["000"].text
    assert "社區(公安部門)" in cleaned["001"].text
    assert "《关于开展各级机关党员干部进村(社区)做好疫情防控相关工作的通知》" in cleaned["002"].text


def test_nothing_lost(samples: dict[str, str], cleaned: dict[str, zr.Cleaned]) -> None:
    for key, report in cleaned.items():
        assert "\n".join(line.text for line in report.lines) == report.normalized
        for line in report.lines:
            assert report.normalized[line.start : line.end] == line.text
        kept = [line.text for line in report.lines if line.kind in ("body", "heading")]
        assert report.text == "\n".join(kept)
        assert len(report.lines) == len(samples[key].split("\n"))


def test_simplified_is_to_simplified_of_text(cleaned: dict[str, zr.Cleaned]) -> None:
    for report in cleaned.values():
        assert report.simplified == zr.to_simplified(report.text)
    assert "党员干部" in cleaned["001"].simplified
    assert zr.clean("").simplified == ""
