"""HTML display of reports for notebooks: highlighted entities, metadata, removed lines.

:func:`render` is what :meth:`zhreport.Report._repr_html_` shows in Jupyter: a header
with the metadata, a legend, the clean text with quantities, dates, people,
organisations and places marked in colour (in the manner of spaCy's displaCy), and
every line cleaning set aside, grouped by kind, folded away in ``<details>``.

Every piece of text is HTML-escaped. The kind labels are drawn by CSS (``::after``
with the mark's ``data-kind``), so the body's text content is exactly the clean
text: copying from the notebook gives the report, not the labels.

Example:
    >>> import zhreport as zr
    >>> html = render(zr.analyze("标题\\n\\n来源:人民网\\n\\n区委书记冯卫华带领2600余名党员。"))
    >>> '<mark class="zhr-mark" data-kind="person"' in html, '2600余名</mark>' in html
    (True, True)
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from zhreport._core import Cleaned

if TYPE_CHECKING:
    from zhreport.report import Report

__all__ = ["COLORS", "KINDS", "Mark", "marks", "render", "render_body"]

#: The highlighted kinds, in legend order.
KINDS: tuple[str, ...] = ("quantity", "date", "person", "organization", "place")

#: Background colour of each kind (displaCy's palette).
COLORS: dict[str, str] = {
    "quantity": "#ffb86c",
    "date": "#bfe1d9",
    "person": "#c8b9ff",
    "organization": "#7aecec",
    "place": "#feca74",
}

# When two spans cover the same characters, the earlier kind in this order is outside.
_NESTING_ORDER = {"organization": 0, "person": 1, "place": 2, "date": 3, "quantity": 4}

_BODY_KINDS = frozenset({"body", "heading", "blank"})

_CSS = """
.zhr{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",
"WenQuanYi Micro Hei",sans-serif;max-width:52em;line-height:1.6}
.zhr h3{margin:.2em 0 .4em 0;font-size:1.25em}
.zhr table.zhr-meta{border-collapse:collapse;margin:0 0 .6em 0;font-size:.9em}
.zhr table.zhr-meta th{text-align:left;padding:.1em 1em .1em 0;color:#555;font-weight:600;vertical-align:top}
.zhr table.zhr-meta td{text-align:left;padding:.1em 0}
.zhr .zhr-legend{margin:.2em 0 .6em 0;font-size:.85em}
.zhr .zhr-legend span{display:inline-block;padding:0 .5em;margin:0 .4em .2em 0;border-radius:.35em;color:#1a1a1a}
.zhr .zhr-body{line-height:2.4}
.zhr .zhr-p{margin:0 0 .5em 0;white-space:pre-wrap}
.zhr .zhr-h{margin:.3em 0 .5em 0;white-space:pre-wrap;font-weight:700}
.zhr mark.zhr-mark{padding:.2em .3em;margin:0 .1em;border-radius:.35em;color:#1a1a1a;white-space:nowrap;
box-decoration-break:clone;-webkit-box-decoration-break:clone}
.zhr mark.zhr-mark mark.zhr-mark{padding:.05em .2em;margin:0 .05em;border:1px solid rgba(0,0,0,.25)}
.zhr mark.zhr-mark::after{content:attr(data-kind);font-size:.58em;font-weight:700;text-transform:uppercase;
letter-spacing:.02em;vertical-align:middle;margin-left:.4em;color:#333;font-family:system-ui,sans-serif}
.zhr details{margin:.6em 0;font-size:.9em}
.zhr details summary{cursor:pointer;color:#555}
.zhr details ul{margin:.2em 0 .4em 0;padding-left:1.4em}
.zhr details li{white-space:pre-wrap}
.zhr .zhr-kind{font-family:ui-monospace,monospace;font-size:.85em;background:#eee;padding:0 .3em;border-radius:.2em}
"""


@dataclass
class Mark:
    """A highlighted span of the clean text: ``text[start:end]`` of kind ``kind``.

    ``children`` are the marks nested inside it (a place inside an organisation's name).

    Example:
        >>> Mark(0, 2, "place", "湖北省")
        Mark(start=0, end=2, kind='place', tooltip='湖北省', children=[])
    """

    start: int
    end: int
    kind: str
    tooltip: str = ""
    children: list[Mark] = field(default_factory=list)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def marks(report: Report) -> list[Mark]:
    """The report's quantities, dates and entities as a forest of non-crossing marks.

    A span inside another is nested in it (a place in an organisation's name); a span
    that crosses another's boundary is dropped, keeping the earlier (and, at the same
    start, the longer) one, so the HTML stays well formed.

    Example:
        >>> import zhreport as zr
        >>> r = zr.analyze("标题\\n\\n来源:人民网\\n\\n湖北省襄阳市市场监督管理局发放口罩6万只。")
        >>> [(m.kind, r.text[m.start:m.end], [c.kind for c in m.children]) for m in marks(r)]
        [('organization', '湖北省襄阳市市场监督管理局', ['place', 'place']), ('quantity', '6万只', [])]
    """
    flat: list[Mark] = []
    for q in report.quantities:
        parts = [f"value {_number(q.value)}"]
        if q.low is not None or q.high is not None:
            parts.append(f"range {_number(q.low)}–{_number(q.high)}")
        for label, value in (("approx", q.approx), ("unit", q.unit), ("subject", q.subject)):
            if value:
                parts.append(f"{label} {value}")
        flat.append(Mark(q.start, q.end, "quantity", "; ".join(parts)))
    for d in report.dates:
        if d.start_date is None:
            tip = f"{d.kind}, unresolved"
        elif d.end_date is None or d.end_date == d.start_date:
            tip = f"{d.kind}: {d.start_date}"
        else:
            tip = f"{d.kind}: {d.start_date} – {d.end_date}"
        flat.append(Mark(d.start, d.end, "date", tip))
    for e in report.entities:
        flat.append(Mark(e.start, e.end, e.kind, e.title or ""))
    size = len(report.text)
    flat = [m for m in flat if 0 <= m.start < m.end <= size]
    flat.sort(key=lambda m: (m.start, -m.end, _NESTING_ORDER.get(m.kind, 9)))
    roots: list[Mark] = []
    stack: list[Mark] = []
    for mark in flat:
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        if stack and mark.end > stack[-1].end:
            continue  # crosses the enclosing mark's end: keep the enclosing one
        if stack and (mark.start, mark.end, mark.kind) == (stack[-1].start, stack[-1].end, stack[-1].kind):
            continue  # the same span twice
        (stack[-1].children if stack else roots).append(mark)
        stack.append(mark)
    return roots


def _clip(forest: list[Mark], start: int, end: int) -> list[Mark]:
    """The marks of ``forest`` cut to ``[start, end)`` (so marks never cross a paragraph)."""
    out = []
    for m in forest:
        if m.end <= start or m.start >= end:
            continue
        out.append(Mark(max(m.start, start), min(m.end, end), m.kind, m.tooltip, _clip(m.children, start, end)))
    return out


def _render_marks(text: str, forest: list[Mark], start: int, end: int) -> str:
    parts: list[str] = []
    pos = start
    for m in forest:
        parts.append(html.escape(text[pos : m.start]))
        inner = _render_marks(text, m.children, m.start, m.end)
        title = f' title="{html.escape(m.tooltip)}"' if m.tooltip else ""
        color = COLORS.get(m.kind, "#ddd")
        parts.append(
            f'<mark class="zhr-mark" data-kind="{html.escape(m.kind)}" style="background:{color}"{title}>{inner}</mark>'
        )
        pos = m.end
    parts.append(html.escape(text[pos:end]))
    return "".join(parts)


def _heading_texts(lines: list[object]) -> set[str]:
    return {str(getattr(line, "text", "")).strip() for line in lines if getattr(line, "kind", "") == "heading"}


def render_body(report: Report) -> str:
    """The clean text as HTML with the marks, one ``<div>`` per paragraph.

    The paragraphs are separated by ``"\\n"``, so the text content of the result (tags
    stripped, entities unescaped) is exactly ``report.text``.

    Example:
        >>> import re, html as h, zhreport as zr
        >>> r = zr.analyze("标题\\n\\n2020-02-17 来源:人民网\\n\\n甲<b>乙</b>&丙。\\n共2.5万人。")
        >>> h.unescape(re.sub(r"<[^>]+>", "", render_body(r))) == r.text
        True
    """
    text = report.text
    forest = marks(report)
    headings = _heading_texts(list(report.lines))
    out: list[str] = []
    pos = 0
    for paragraph in text.split("\n"):
        end = pos + len(paragraph)
        css = "zhr-h" if paragraph.strip() and paragraph.strip() in headings else "zhr-p"
        out.append(f'<div class="{css}">{_render_marks(text, _clip(forest, pos, end), pos, end)}</div>')
        pos = end + 1
    return '<div class="zhr-body">' + "\n".join(out) + "</div>"


def _meta_rows(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows if v)
    return f'<table class="zhr-meta">{cells}</table>' if cells else ""


def _removed(cleaned: Cleaned) -> str:
    groups: dict[str, list[str]] = {}
    for line in cleaned.lines:
        if line.kind not in _BODY_KINDS:
            groups.setdefault(line.kind, []).append(line.text)
    if not groups:
        return ""
    total = sum(len(v) for v in groups.values())
    sections = []
    for kind, texts in groups.items():
        items = "".join(f"<li>{html.escape(t)}</li>" for t in texts)
        sections.append(
            f'<details><summary><span class="zhr-kind">{html.escape(kind)}</span> × {len(texts)}</summary>'
            f"<ul>{items}</ul></details>"
        )
    summary = ", ".join(f"{html.escape(kind)} {len(texts)}" for kind, texts in groups.items())
    return (
        f'<details class="zhr-removed"><summary>{total} lines set aside by cleaning ({summary})</summary>'
        + "".join(sections)
        + "</details>"
    )


def _metadata(cleaned: Cleaned) -> list[tuple[str, str]]:
    repairs = ", ".join(f"{k} {v}" for k, v in sorted(cleaned.repairs.items()))
    return [
        ("published", "" if cleaned.published is None else str(cleaned.published)),
        ("source", cleaned.source or ""),
        ("editors", "、".join(cleaned.editors)),
        ("authors", "、".join(cleaned.authors)),
        ("dateline", cleaned.dateline or ""),
        ("script", cleaned.script),
        ("repairs", repairs),
    ]


Displayable = Union["Report", Cleaned]


def render(report: Displayable) -> str:
    """Render a :class:`~zhreport.Report` (or a :class:`~zhreport.Cleaned`) as HTML.

    A header with the title and metadata (published, source, editors, authors,
    dateline, script, repairs); for a ``Report``, a legend with the count of each kind
    and the clean text with every quantity, date, person, organisation and place in a
    coloured ``<mark data-kind=…>`` (hover for the value, unit, resolved date or
    title); then the removed lines, grouped by kind, folded in ``<details>``.

    Example:
        >>> import zhreport as zr
        >>> html = render(zr.analyze("标题\\n\\n来源:人民网\\n\\n甲&乙 &amp;lt;script&amp;gt;alert(1)"))
        >>> "<script>" in html, "甲&amp;乙 &lt;script&gt;alert(1)" in html
        (False, True)
        >>> "来源" in render(zr.clean("标题\\n\\n来源:人民网\\n\\n正文。"))
        True
    """
    cleaned = report if isinstance(report, Cleaned) else report.cleaned
    title = html.escape(cleaned.title or "(untitled)")
    parts = [f"<style>{_CSS}</style>", '<div class="zhr">', f"<h3>{title}</h3>", _meta_rows(_metadata(cleaned))]
    if isinstance(report, Cleaned):
        body = "\n".join(f'<div class="zhr-p">{html.escape(p)}</div>' for p in cleaned.text.split("\n"))
        parts.append(f'<div class="zhr-body" style="line-height:1.6">{body}</div>')
    else:
        counts = Counter(m.kind for m in _walk(marks(report)))
        legend = "".join(f'<span style="background:{COLORS[k]}">{k} {counts.get(k, 0)}</span>' for k in KINDS)
        parts.append(f'<div class="zhr-legend">{legend}</div>')
        parts.append(render_body(report))
    parts.append(_removed(cleaned))
    parts.append("</div>")
    return "".join(parts)


def _walk(forest: list[Mark]) -> list[Mark]:
    out: list[Mark] = []
    for m in forest:
        out.append(m)
        out.extend(_walk(m.children))
    return out
