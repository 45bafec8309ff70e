"""Extraction: quantities, dates and entities, with expectations read off the text."""

from __future__ import annotations

import datetime
import pickle

import pytest

import zhreport as zr

D = datetime.date


def quantity(text: str, surface: str) -> zr.Quantity:
    found = [q for q in zr.extract_quantities(text) if q.text == surface]
    assert found, f"{surface!r} not found in {[q.text for q in zr.extract_quantities(text)]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "value", "low", "high", "approx", "unit", "subject"),
    [
        ("全区59个单位2600余名机关党员干部联系121个村", "2600余名", 2600, 2600, None, "余", "名", "机关党员干部"),
        ("共为社区志愿者发放口罩7400个", "7400个", 7400, 7400, 7400, None, "个", "口罩"),
        ("发放隔离衣、防护服近2000套", "近2000套", 2000, None, 2000, "近", "套", "防护服"),
        ("服务社区群众3400余人次。", "3400余人次", 3400, 3400, None, "余", "人次", None),
        ("紧急下拨代区委管理党费共310万元", "310万元", 3_100_000, 3_100_000, 3_100_000, None, "元", None),
        ("捐款416.54万元", "416.54万元", 4_165_400, 4_165_400, 4_165_400, None, "元", None),
        ("每天只睡四五个小时", "四五个小时", 4, 4, 5, "range", "小时", None),
        ("共有一千零三十八名党员", "一千零三十八名", 1038, 1038, 1038, None, "名", "党员"),
        ("累计1.4万多人", "1.4万多人", 14000, 14000, None, "多", "人", None),
        ("工期3至5天", "3至5天", 3, 3, 5, "range", "天", None),
        ("每批10-20人", "10-20人", 10, 10, 20, "range", "人", None),
        ("增长15%", "15%", 15, 15, 15, None, "%", None),
        ("占百分之十五", "百分之十五", 15, 15, 15, None, "%", None),
        ("约2.5万个口罩", "约2.5万个", 25000, None, None, "约", "个", "口罩"),
        ("上千人参加", "上千人", 1000, 1000, None, "上", "人", None),
    ],
)
def test_quantities(
    text: str,
    surface: str,
    value: float,
    low: float | None,
    high: float | None,
    approx: str | None,
    unit: str | None,
    subject: str | None,
) -> None:
    q = quantity(text, surface)
    assert q.value == pytest.approx(value)
    assert (q.low, q.high) == (low, high)
    assert q.approx == approx
    assert q.unit == unit
    if subject is not None:
        assert q.subject == subject
    assert text[q.start : q.end] == q.text


def test_fraction_value() -> None:
    q = quantity("约三分之一的人", "约三分之一")
    assert q.value == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "text",
    [
        "2020年2月17日",
        "发布时间:2020-02-17 08:30",
        "电话:0710-3512345",
        "鄂ICP备12003456号",
        "全市第三例感染者",
        "第一时间研究部署",
        "冲在一线",
        "统一领导",
        "走进千家万户",
        "十分重要",
        "一个个红手印",
        "12315投诉举报",
        "九台区",
        "上一篇：市卫健委发布通告",
        "下一则：疾管署说明",
        "家住东四条胡同",
        "当晚赶到九台后立即投入工作",
    ],
)
def test_not_quantities(text: str) -> None:
    assert zr.extract_quantities(text) == []


def test_traditional_quantities_keep_their_script() -> None:
    text = "共為社區志願者發放口罩7400個,下撥黨費64.2萬元"
    found = zr.extract_quantities(text)
    assert [(q.text, q.unit) for q in found] == [("7400個", "個"), ("64.2萬元", "元")]
    assert found[0].subject == "口罩"
    assert found[1].value == pytest.approx(642_000)
    assert found[1].subject == "黨費"
    for q in found:
        assert text[q.start : q.end] == q.text


def test_batches_are_counted() -> None:
    q = quantity("员工分三批次返岗", "三批次")
    assert (q.value, q.unit) == (3, "批次")


def test_numeral_place_name_with_a_noun_after_is_a_count() -> None:
    # 九台 is a district of Changchun; followed by the thing counted it is nine machines.
    q = quantity("车间新添九台机床", "九台")
    assert (q.value, q.unit) == (9, "台")


def test_jionlp_case_two_and_a_half_ten_thousand() -> None:
    # jionlp.parse_money turns this into 70000; it is 25,000 items.
    assert quantity("2.5万个口罩", "2.5万个").value == 25000


def dates(text: str, reference: datetime.date | None) -> list[tuple[str, D | None, D | None]]:
    return [(d.text, d.start_date, d.end_date) for d in zr.extract_dates(text, reference)]


def test_absolute_dates() -> None:
    found = dates("2020-02-17 来源 2022年04月01日14:11", None)
    assert found[0] == ("2020-02-17", D(2020, 2, 17), D(2020, 2, 17))
    assert found[1] == ("2022年04月01日14:11", D(2022, 4, 1), D(2022, 4, 1))


def test_partial_dates_resolve_into_the_past() -> None:
    found = dates("1月29日,市局组织;12月30日;3月初", D(2020, 2, 17))
    assert found[0][1:] == (D(2020, 1, 29), D(2020, 1, 29))
    assert found[1][1:] == (D(2019, 12, 30), D(2019, 12, 30))
    assert found[2][1:] == (D(2019, 3, 1), D(2019, 3, 10))


def test_bare_day_takes_the_month_of_the_previous_date() -> None:
    found = dates("3月11日晚,紧急组建首批服务队……12日上午就到现场", D(2022, 4, 1))
    assert found[1] == ("12日上午", D(2022, 3, 12), D(2022, 3, 12))


def test_ranges_are_one_mention() -> None:
    assert dates("3月12日至28日", D(2022, 4, 1)) == [("3月12日至28日", D(2022, 3, 12), D(2022, 3, 28))]
    assert dates("1月27日—2月5日", D(2020, 2, 17)) == [("1月27日—2月5日", D(2020, 1, 27), D(2020, 2, 5))]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # Lunar new year 2020 fell on 25 January (Chinese calendar, GB/T 33661-2017).
        ("腊月二十九", D(2020, 1, 23)),
        ("大年三十", D(2020, 1, 24)),
        ("除夕", D(2020, 1, 24)),
        ("春节", D(2020, 1, 25)),
        ("正月初八", D(2020, 2, 1)),
        ("元宵节", D(2020, 2, 8)),
        ("元旦", D(2020, 1, 1)),
    ],
)
def test_lunar_and_festival_dates(text: str, day: datetime.date) -> None:
    # jionlp.parse_time sends 腊月二十九 of a February 2020 report to 2021.
    assert dates(text, D(2020, 2, 17)) == [(text, day, day)]


def test_today_written_with_the_day_in_brackets() -> None:
    found = dates("疫情指挥中心今（12）日宣布，今日起实施新措施", D(2021, 5, 12))
    assert found == [("今（12）日", D(2021, 5, 12), D(2021, 5, 12)), ("今日", D(2021, 5, 12), D(2021, 5, 12))]


def test_a_daily_paper_is_not_a_day() -> None:
    assert dates("本文原载于光明日报第三版", D(2020, 3, 6)) == []


def test_partial_dates_without_reference_are_unresolved() -> None:
    assert dates("2月8日", None) == [("2月8日", None, None)]


def test_traditional_dates_map_back() -> None:
    text = "3月11日晚,緊急組建……12日上午就到現場"
    for d in zr.extract_dates(text, D(2022, 4, 1)):
        assert text[d.start : d.end] == d.text


def test_entities() -> None:
    text = "区委书记冯卫华,区委副书记、区长王宝雨深入天穆镇天穆村检查。湖北省襄阳市市场监督管理局局长郭方芳同志"
    found = {(e.text, e.kind, e.title) for e in zr.extract_entities(text)}
    assert ("冯卫华", "person", "区委书记") in found
    assert ("王宝雨", "person", "区长") in found
    assert ("天穆镇", "place", None) in found
    assert ("湖北省", "place", None) in found
    assert any(e[0] == "郭方芳" and e[1] == "person" for e in found)
    assert any(e[1] == "organization" and e[0].endswith("市场监督管理局") for e in found)


def test_traditional_entities_stay_traditional() -> None:
    text = "吉林省紀委監委駐廳紀檢監察組副組長劉余剛就亮出了口號"
    found = zr.extract_entities(text)
    assert ("劉余剛", "person", "副組長") in {(e.text, e.kind, e.title) for e in found}
    for e in found:
        assert text[e.start : e.end] == e.text


def test_report_carries_extraction() -> None:
    report = zr.analyze(zr.sample_reports()[0])
    assert any(q.text == "3400余人次" for q in report.quantities)
    assert (report.dates[0].text, report.dates[0].start_date) == ("1月29日", D(2020, 1, 29))
    assert any(p.text == "郭方芳" for p in report.people)
    for item in [*report.quantities, *report.dates, *report.entities]:
        assert report.text[item.start : item.end] == item.text


def test_analyze_uses_the_given_reference_date() -> None:
    report = zr.analyze(zr.sample_reports()[3], reference_date=D(2020, 3, 10))
    assert any(d.text.startswith("2月24日") and d.start_date == D(2020, 2, 24) for d in report.dates)


def test_extraction_objects_pickle() -> None:
    report = zr.analyze(zr.sample_reports()[4])
    for item in [report.quantities[0], report.dates[0], report.entities[0]]:
        assert pickle.loads(pickle.dumps(item)) == item
    assert pickle.loads(pickle.dumps(report)).quantities == report.quantities


def test_empty_and_garbage_input() -> None:
    assert zr.extract_quantities("") == []
    assert zr.extract_dates("") == []
    assert zr.extract_entities("") == []
    noise = "((((((((1111111111万万万万亿亿亿" * 1000
    zr.extract_quantities(noise)
    zr.extract_dates(noise, D(2020, 1, 1))
    zr.extract_entities(noise)


def test_a_range_is_one_mention_even_without_a_reference() -> None:
    found = zr.extract_dates("会议于3月12日至28日举行")
    assert [(d.text, d.start_date, d.end_date) for d in found] == [("3月12日至28日", None, None)]
