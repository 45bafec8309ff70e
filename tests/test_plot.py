"""zr.plot: bars, labels and values of each helper, and Chinese labels drawn with the shipped font."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D
from matplotlib.text import Text

import zhreport as zr
from zhreport import plot


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def reports() -> list[zr.Report]:
    return zr.analyze_batch(zr.sample_reports())


def _labels(texts: list[Text]) -> list[str]:
    return [t.get_text() for t in texts]


def _cmap() -> dict[int, int]:
    return FT2Font(str(plot.font_path())).get_charmap()


def _assert_drawn_with_shipped_font(ax: Axes, texts: list[Text]) -> None:
    """Each label uses the shipped font file, and that font has a glyph for every character."""
    cmap = _cmap()
    for text in texts:
        assert Path(text.get_fontproperties().get_file() or "") == plot.font_path()
        for char in text.get_text():
            assert ord(char) in cmap, char
    # drawing would warn "Glyph … missing from font(s)" (an error under pytest) with a Latin font
    ax.figure.canvas.draw()


def test_font_is_shipped_and_covers_the_samples() -> None:
    path = plot.font_path()
    assert path.is_file() and path.stat().st_size < 3_500_000
    cmap = _cmap()
    han = {c for text in zr.sample_reports() for c in text if "\u4e00" <= c <= "\u9fff"}
    assert len(han) > 1400
    assert all(ord(c) in cmap for c in han)
    # both scripts, punctuation and digits
    assert all(ord(c) in cmap for c in "黨員幹部堅守一線党员干部坚守一线，。、：；“”《》（）0123456789%−")
    assert (path.parent / "LICENSE-Apache-2.0.txt").is_file()


def test_importing_zhreport_does_not_import_matplotlib() -> None:
    code = (
        "import sys, zhreport as zr\n"
        "before = 'matplotlib' in sys.modules\n"
        "zr.plot\n"
        "print(before, 'matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_font_is_registered_at_first_use_only() -> None:
    code = (
        "import matplotlib\nmatplotlib.use('Agg')\n"
        "from matplotlib import font_manager as fm\nfrom zhreport import plot\n"
        "names = lambda: {f.name for f in fm.fontManager.ttflist}\n"
        "before = plot.FONT_FAMILY in names()\n"
        "plot.top_words({'疫情': 1})\n"
        "print(before, plot.FONT_FAMILY in names())"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_top_words_from_a_frame() -> None:
    freq = pd.DataFrame(
        {"word": ["党员", "疫情", "社區", "防控", "群众"], "tf": [5, 9, 2, 7, 1], "df": [2, 3, 1, 2, 1]}
    )
    ax = zr.plot.top_words(freq, n=3)
    assert isinstance(ax, Axes)
    assert _labels(ax.get_yticklabels()) == ["疫情", "防控", "党员"]
    assert [p.get_width() for p in ax.patches] == [9.0, 7.0, 5.0]
    # the first label is drawn at the top
    ys = [p.get_y() for p in ax.patches]
    assert ax.get_ylim()[0] > ax.get_ylim()[1] and ys == sorted(ys)
    assert [t.get_text().strip() for t in ax.texts] == ["9 (3 docs)", "7 (2 docs)", "5 (2 docs)"]
    _assert_drawn_with_shipped_font(ax, [*ax.get_yticklabels(), ax.title])


def test_top_words_from_a_mapping_and_into_given_axes() -> None:
    counts = {"黨員": 3, "幹部": 8, "堅守": 5}
    _, given = plt.subplots()
    ax = zr.plot.top_words(counts, n=20, ax=given)
    assert ax is given
    assert _labels(ax.get_yticklabels()) == sorted(counts, key=lambda w: -counts[w])
    assert len(ax.patches) == 3
    _assert_drawn_with_shipped_font(ax, list(ax.get_yticklabels()))


def test_top_words_of_the_samples(reports: list[zr.Report]) -> None:
    counts: dict[str, int] = {}
    for report in reports:
        for token in report.tokens:
            if len(token.text) > 1 and token.pos.startswith("n"):
                counts[token.text] = counts.get(token.text, 0) + 1
    expected = sorted(counts.items(), key=lambda kv: -kv[1])[:15]
    ax = zr.plot.top_words(counts, n=15)
    assert [p.get_width() for p in ax.patches] == [float(c) for _, c in expected]
    assert sorted(_labels(ax.get_yticklabels())) == sorted(w for w, _ in expected)
    _assert_drawn_with_shipped_font(ax, list(ax.get_yticklabels()))


def test_top_words_needs_its_columns() -> None:
    with pytest.raises(ValueError, match="'word'"):
        zr.plot.top_words(pd.DataFrame({"token": ["a"], "tf": [1]}))


def test_keyness_is_diverging() -> None:
    table = pd.DataFrame(
        {
            "word": ["黨員", "党员", "社區", "社区", "的", "抗疫", "防控"],
            "a_count": [30, 0, 12, 0, 50, 9, 4],
            "b_count": [0, 25, 0, 14, 50, 2, 9],
            "g2": [41.0, 35.0, 16.0, 19.0, 0.0, 5.0, 3.0],
            "log_ratio": [6.0, -5.5, 4.5, -4.8, 0.0, 2.1, -1.2],
        }
    )
    ax = zr.plot.keyness(table, n=2, labels=("繁體", "简体"))
    # A's two keyest words (by g2) then B's two; ties (log_ratio 0) belong to neither
    assert _labels(ax.get_yticklabels()) == ["黨員", "社區", "党员", "社区"]
    bars = [p for p in ax.patches if p.get_width() != 0 or p.get_height() != 0]
    assert [p.get_width() for p in bars] == [6.0, 4.5, -5.5, -4.8]
    assert bars[0].get_facecolor() == bars[1].get_facecolor() != bars[2].get_facecolor()
    legend = ax.get_legend()
    assert legend is not None
    assert _labels(legend.get_texts()) == ["over-used in 繁體", "over-used in 简体"]
    _assert_drawn_with_shipped_font(ax, [*ax.get_yticklabels(), *legend.get_texts()])

    ax = zr.plot.keyness(table, n=10, value="g2")
    assert [p.get_width() for p in ax.patches] == [41.0, 16.0, 5.0, -35.0, -19.0, -3.0]


def test_keyness_needs_its_columns() -> None:
    with pytest.raises(ValueError, match="log_ratio"):
        zr.plot.keyness(pd.DataFrame({"word": ["a"], "g2": [1.0]}))


def _quantities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [0, 0, 1, 2, 3, 4],
            "published": pd.to_datetime(
                ["2020-02-03", "2020-02-05 18:52", "2020-02-06", "2020-02-19", None, "2020-02-04"], format="ISO8601"
            ),
            "value": [100.0, 20.0, 3.0, 5.0, 7.0, 60000.0],
            "unit": ["名", "名", "名", "名", "名", "只"],
        }
    )


def test_quantities_over_time_sums_per_week() -> None:
    ax = zr.plot.quantities_over_time(_quantities(), unit="名", freq="W")
    # weeks ending Sunday 9, 16 and 23 February 2020; the row without a date is left out
    assert [p.get_height() for p in ax.patches] == [123.0, 0.0, 5.0]
    assert "名" in ax.get_title()
    _assert_drawn_with_shipped_font(ax, [ax.title, ax.yaxis.label])


def test_quantities_over_time_one_line_per_unit() -> None:
    ax = zr.plot.quantities_over_time(_quantities(), freq="D")
    lines = [line for line in ax.get_lines() if isinstance(line, Line2D)]
    assert [line.get_label() for line in lines] == ["名", "只"]
    totals = {str(line.get_label()): sum(float(y) for y in line.get_ydata()) for line in lines}  # type: ignore[union-attr]
    assert totals == {"名": 128.0, "只": 60000.0}
    # both lines span the same days, 3 to 19 February
    assert {len(line.get_xdata()) for line in lines} == {17}  # type: ignore[arg-type]
    legend = ax.get_legend()
    assert legend is not None
    _assert_drawn_with_shipped_font(ax, list(legend.get_texts()))


def test_quantities_over_time_of_the_samples(reports: list[zr.Report]) -> None:
    rows = [
        {"published": r.published, "value": q.value, "unit": q.unit}
        for r in reports
        if r.published is not None
        for q in r.quantities
    ]
    frame = pd.DataFrame(rows)
    expected = sum(q.value for r in reports if r.published is not None for q in r.quantities if q.unit == "名")
    ax = zr.plot.quantities_over_time(frame, unit="名", freq="MS")
    assert sum(p.get_height() for p in ax.patches) == pytest.approx(expected)
    # February 2020 to April 2022 is 27 months
    assert len(ax.patches) == 27


def test_quantities_over_time_needs_its_columns() -> None:
    with pytest.raises(ValueError, match="published"):
        zr.plot.quantities_over_time(pd.DataFrame({"value": [1.0], "unit": ["名"]}))


def test_sentence_lengths_from_reports(reports: list[zr.Report]) -> None:
    lengths = [len(s.text) for r in reports for s in r.sentences]
    ax = zr.plot.sentence_lengths(reports, bins=20)
    assert len(ax.patches) == 20
    assert sum(p.get_height() for p in ax.patches) == len(lengths)
    median = sorted(lengths)[len(lengths) // 2] if len(lengths) % 2 else None
    if median is not None:
        assert any(list(line.get_xdata()) == [median, median] for line in ax.get_lines())  # type: ignore[arg-type]
    _assert_drawn_with_shipped_font(ax, [ax.title, ax.xaxis.label, *ax.texts])


def test_sentence_lengths_from_ints() -> None:
    ax = zr.plot.sentence_lengths([1, 2, 2, 9, 10], bins=3)
    assert [p.get_height() for p in ax.patches] == [3.0, 0.0, 2.0]
    assert [line.get_xdata() for line in ax.get_lines()] == [[2, 2]]
    assert ax.texts[0].get_text().strip() == "median 2"


def test_use_cjk_font_makes_it_the_default() -> None:
    saved = matplotlib.rcParams.copy()
    try:
        zr.plot.use_cjk_font()
        fig, ax = plt.subplots()
        ax.set_title("党员干部坚守一线")
        assert Path(matplotlib.font_manager.findfont(ax.title.get_fontproperties())) == plot.font_path()
        fig.canvas.draw()
    finally:
        matplotlib.rcParams.update(saved)
