"""The notebook HTML of a report: marks, metadata, escaping, removed lines, nothing lost."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

import zhreport as zr
from zhreport import display


class _Marks(HTMLParser):
    """Collects every <mark> (kind, text content, depth), the body's text and the removed lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str], int]] = []
        self.marks: list[tuple[str, str, int]] = []
        self.titles: list[str] = []
        self.body: list[str] = []
        self.body_depth = 0
        self.li_depth = 0
        self.items: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.body_depth:
            self.body_depth += tag == "div"
        elif tag == "div" and a.get("class") == "zhr-body":
            self.body_depth = 1
        if tag == "mark":
            self.open.append((a.get("data-kind") or "", [], len(self.open)))
            self.titles.append(a.get("title") or "")
        if tag == "li":
            self.li_depth = 1
            self.items.append("")
        if tag == "script":
            self.script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            kind, parts, depth = self.open.pop()
            self.marks.append((kind, "".join(parts), depth))
        if tag == "div" and self.body_depth:
            self.body_depth -= 1
        if tag == "li":
            self.li_depth = 0

    def handle_data(self, data: str) -> None:
        for _, parts, _ in self.open:
            parts.append(data)
        if self.body_depth:
            self.body.append(data)
        if self.li_depth:
            self.items[-1] += data


def _parse(text: str) -> _Marks:
    parser = _Marks()
    parser.feed(text)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def reports() -> list[zr.Report]:
    return zr.analyze_batch(zr.sample_reports())


def test_every_span_is_a_mark_of_its_kind(reports: list[zr.Report]) -> None:
    for report in reports:
        found = _parse(report._repr_html_()).marks
        kinds_texts = {(kind, text) for kind, text, _ in found}
        expected = (
            [("quantity", q.text) for q in report.quantities]
            + [("date", d.text) for d in report.dates]
            + [(e.kind, e.text) for e in report.entities]
        )
        assert expected, "the samples all have entities"
        for item in expected:
            assert item in kinds_texts, item
        # no two spans of the samples cross, so every one is drawn exactly once
        assert len(found) == len(expected)


def test_places_inside_organisations_are_nested(reports: list[zr.Report]) -> None:
    marks = _parse(reports[1]._repr_html_()).marks  # 吉林省市場監督管理廳 contains 吉林省
    nested = [(kind, text) for kind, text, depth in marks if depth == 1]
    assert ("place", "吉林省") in nested
    outer = [text for kind, text, depth in marks if depth == 0 and kind == "organization"]
    assert "吉林省市場監督管理廳" in outer


def test_body_text_content_is_the_clean_text(reports: list[zr.Report]) -> None:
    for report in reports:
        rendered = report._repr_html_()
        assert "".join(_parse(rendered).body) == report.text
        body = display.render_body(report)
        assert html.unescape(re.sub(r"<[^>]+>", "", body)) == report.text


def _cleaned(text: str, title: str) -> zr.Cleaned:
    editor = "<script>x</script> 责编"
    normalized = f"{title}\n{text}\n{editor}"
    lines = [
        zr.Line(title, "title", 0, len(title)),
        zr.Line(text, "body", len(title) + 1, len(title) + 1 + len(text)),
        zr.Line(editor, "editor", len(title) + len(text) + 2, len(normalized)),
    ]
    return zr.Cleaned(text, title, None, "<b>源</b>", ["<i>王</i>"], [], None, lines, "simplified", {}, normalized)


def test_everything_is_escaped() -> None:
    report = zr.analyze(
        "标题\n\n2020-02-17 来源:人民网\n\n正文 &amp;lt;script&amp;gt; 与 <script> a < b && c > d 共2.5万人。"
    )
    assert report.text == "正文 <script> 与 <script> a < b && c > d 共2.5万人。"
    rendered = report._repr_html_()
    assert "<script" not in rendered.lower()
    assert "正文 &lt;script&gt; 与 &lt;script&gt; a &lt; b &amp;&amp; c &gt; d " in rendered
    assert "".join(_parse(rendered).body) == report.text

    # every field: title, source, editors, removed lines and entity tooltips
    text = "湖北省<b>襄阳市</b>"
    entity = zr.Entity("湖北省", "person", 0, 3, '"><script>t</script>')
    crafted = zr.Report(_cleaned(text, "<script>T</script>"), [], [], [], [], [entity])
    rendered = crafted._repr_html_()
    assert "<script" not in rendered.lower() and "<b>" not in rendered and "<i>" not in rendered
    parsed = _parse(rendered)
    assert parsed.titles == ['"><script>t</script>']
    assert "".join(parsed.body) == text
    assert "<script>x</script> 责编" in parsed.items
    for escaped in ("&lt;script&gt;T&lt;/script&gt;", "&lt;b&gt;源&lt;/b&gt;", "&lt;i&gt;王&lt;/i&gt;"):
        assert escaped in rendered


def test_crossing_spans_keep_the_first_and_nest_the_inner() -> None:
    text = "湖北省襄阳市市场监督管理局发放口罩6万只"
    entities = [
        zr.Entity("湖北省襄阳市市场监督管理局", "organization", 0, 13),
        zr.Entity("湖北省", "place", 0, 3),
        zr.Entity("襄阳市", "place", 3, 6),
        zr.Entity("管理局发放", "organization", 10, 15),  # crosses the organisation's end
    ]
    quantity = zr.Quantity("6万只", 60000.0, None, None, None, "只", "口罩", 17, 20)
    report = zr.Report(_cleaned(text, "t"), [], [], [quantity], [], entities)
    parsed = _parse(report._repr_html_())
    assert sorted(parsed.marks) == sorted(
        [
            ("organization", "湖北省襄阳市市场监督管理局", 0),
            ("place", "湖北省", 1),
            ("place", "襄阳市", 1),
            ("quantity", "6万只", 0),
        ]
    )
    assert "".join(parsed.body) == text
    assert "value 60000; unit 只; subject 口罩" in parsed.titles


def test_identical_spans_are_drawn_once_and_out_of_range_spans_dropped() -> None:
    text = "北京市"
    entities = [zr.Entity("北京市", "place", 0, 3), zr.Entity("北京市", "place", 0, 3), zr.Entity("x", "place", 2, 9)]
    report = zr.Report(_cleaned(text, "t"), [], [], [], [], entities)
    assert _parse(report._repr_html_()).marks == [("place", "北京市", 0)]


def test_header_and_removed_lines(reports: list[zr.Report]) -> None:
    for report in reports:
        rendered = report._repr_html_()
        header = rendered[: rendered.index('class="zhr-legend"')]
        for value in [report.title, report.source, report.dateline, report.script, *report.editors, *report.authors]:
            if value:
                assert html.escape(value) in header
        if report.published is not None:
            assert str(report.published) in header
        for kind, count in report.repairs.items():
            assert f"{kind} {count}" in header
        removed = [line.text for line in report.lines if line.kind not in ("body", "heading", "blank")]
        assert sorted(_parse(rendered).items) == sorted(removed)
        # grouped by kind: one <details> per kind, with the number of its lines
        for kind, count in report.cleaned.removed.items():
            assert f'<span class="zhr-kind">{kind}</span> × {count}</summary>' in rendered
        assert rendered.count("<details") == len(report.cleaned.removed) + 1


def test_sample_with_pinyin_repairs_shows_them(reports: list[zr.Report]) -> None:
    header = reports[3]._repr_html_().split('class="zhr-legend"')[0]
    assert "pinyin_annotation 553" in header and "lost_char 11" in header


def test_legend_counts_each_kind(reports: list[zr.Report]) -> None:
    report = reports[4]
    rendered = report._repr_html_()
    assert f"quantity {len(report.quantities)}</span>" in rendered
    assert f"date {len(report.dates)}</span>" in rendered
    assert f"person {len(report.people)}</span>" in rendered
    assert f"organization {len(report.organizations)}</span>" in rendered
    assert f"place {len(report.places)}</span>" in rendered


def test_render_accepts_cleaned_and_empty_input() -> None:
    cleaned = zr.clean("标题\n\n来源:人民网\n\n第一段。\n第二段。")
    rendered = display.render(cleaned)
    parsed = _parse(rendered)
    assert "".join(parsed.body) == "第一段。\n第二段。" == cleaned.text
    assert parsed.marks == [] and "人民网" in rendered
    empty = zr.analyze("")
    assert "(untitled)" in empty._repr_html_()
    assert "".join(_parse(empty._repr_html_()).body) == ""


def test_repr_html_is_render() -> None:
    report = zr.analyze(zr.sample_reports()[0])
    assert report._repr_html_() == zr.display.render(report)


def test_cleaned_shows_itself_in_notebooks() -> None:
    cleaned = zr.clean(zr.sample_reports()[2])
    assert cleaned._repr_html_() == display.render(cleaned)
    assert "".join(_parse(cleaned._repr_html_()).body) == cleaned.text
