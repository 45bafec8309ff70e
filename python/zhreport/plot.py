"""Plots for notebooks (matplotlib): top words, keyness, quantities over time, sentence lengths.

Every helper takes plain data (a pandas DataFrame, a mapping, a list) and returns the
matplotlib ``Axes`` it drew on; pass ``ax=`` to draw into your own figure. Chinese
labels are drawn with a CJK font shipped in the package (a subset of WenQuanYi Micro
Hei, Apache-2.0, see ``zhreport/fonts/README.md``), so they never render as empty
boxes. The font is registered with matplotlib at first use, not at import; call
:func:`use_cjk_font` to make it the default for your own plots too.

Needs the ``plot`` extra: ``pip install 'zhreport[plot]'``.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = top_words({"疫情": 12, "防控": 9, "党员": 7})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['疫情', '防控', '党员']
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

import matplotlib.dates as mdates
import pandas as pd
from matplotlib import font_manager, rcParams
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties

if TYPE_CHECKING:
    from zhreport.report import Report

__all__ = [
    "FONT_FAMILY",
    "cjk_font",
    "font_path",
    "keyness",
    "quantities_over_time",
    "sentence_lengths",
    "top_words",
    "use_cjk_font",
]

#: The family name of the shipped CJK font.
FONT_FAMILY = "zhreport CJK"

_COLOR = "#3b75af"
_COLOR_A = "#c0392b"
_COLOR_B = "#2e86c1"


def font_path() -> Path:
    """Path of the shipped CJK font file (TrueType).

    Example:
        >>> font_path().name
        'zhreport-cjk.ttf'
    """
    return Path(__file__).resolve().parent / "fonts" / "zhreport-cjk.ttf"


@cache
def _register() -> None:
    font_manager.fontManager.addfont(str(font_path()))


def cjk_font(size: float | None = None) -> FontProperties:
    """The shipped CJK font as matplotlib ``FontProperties`` (registering it on first use).

    Example:
        >>> from matplotlib import font_manager
        >>> font_manager.findfont(cjk_font()) == str(font_path())
        True
    """
    _register()
    return FontProperties(fname=str(font_path()), size=size)


def use_cjk_font() -> None:
    """Make the shipped CJK font the first sans-serif font of matplotlib, for every plot.

    The helpers of this module use the font without this; call it so that your own
    titles and labels in Chinese render too.

    Example:
        >>> from matplotlib import rcParams
        >>> use_cjk_font()
        >>> rcParams["font.sans-serif"][0], rcParams["axes.unicode_minus"]
        ('zhreport CJK', False)
    """
    _register()
    families = [f for f in rcParams["font.sans-serif"] if f != FONT_FAMILY]
    rcParams["font.sans-serif"] = [FONT_FAMILY, *families]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _style(ax: Axes, title: str | None, xlabel: str | None, ylabel: str | None) -> None:
    font = cjk_font()
    if title:
        ax.set_title(title, fontproperties=cjk_font(size=12))
    if xlabel:
        ax.set_xlabel(xlabel, fontproperties=font)
    if ylabel:
        ax.set_ylabel(ylabel, fontproperties=font)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(font)
    ax.spines[["top", "right"]].set_visible(False)


def _word_counts(freq: pd.DataFrame | Mapping[str, float], column: str) -> pd.DataFrame:
    if isinstance(freq, pd.DataFrame):
        if "word" not in freq.columns or column not in freq.columns:
            raise ValueError(f"freq needs the columns 'word' and {column!r}; it has {list(freq.columns)}")
        return freq
    return pd.DataFrame({"word": list(freq.keys()), column: list(freq.values())})


def top_words(
    freq: pd.DataFrame | Mapping[str, float],
    n: int = 20,
    *,
    column: str = "tf",
    ax: Axes | None = None,
    title: str | None = "Top words",
) -> Axes:
    """Horizontal bar chart of the ``n`` most frequent words, the most frequent on top.

    Args:
        freq: a DataFrame with columns ``word`` and ``tf`` (and optionally ``df``, the
            number of documents: then each bar is annotated ``tf (df docs)``), as
            ``Corpus.frequencies()`` returns; or a mapping word → count.
        n: how many words.
        column: the column to rank and draw (``"tf"``, or ``"df"``).
        ax: the Axes to draw into; a new figure by default.
        title: the title, or None.

    Returns:
        The Axes: one bar per word, the y tick labels are the words.

    Raises:
        ValueError: the DataFrame lacks ``word`` or ``column``.

    Example:
        >>> import pandas as pd
        >>> ax = top_words(pd.DataFrame({"word": ["党员", "疫情", "社区"], "tf": [5, 9, 2]}), n=2)
        >>> [t.get_text() for t in ax.get_yticklabels()], [float(p.get_width()) for p in ax.patches]
        (['疫情', '党员'], [9.0, 5.0])
    """
    table = _word_counts(freq, column).sort_values(column, ascending=False, kind="stable").head(max(n, 0))
    words = [str(w) for w in table["word"]]
    values = [float(v) for v in table[column]]
    ax = _axes(ax, (6.0, 0.9 + 0.3 * max(len(words), 1)))
    positions = list(range(len(words)))
    ax.barh(positions, values, color=_COLOR)
    ax.set_yticks(positions, labels=words)
    ax.invert_yaxis()
    if "df" in table.columns and column != "df":
        font = cjk_font(size=8)
        for y, value, docs in zip(positions, values, table["df"]):
            ax.annotate(
                f" {value:g} ({int(docs)} docs)",
                (value, y),
                va="center",
                fontproperties=font,
                color="#444",
                annotation_clip=False,
            )
        if values:
            ax.set_xlim(0, max(values) * 1.25)
    _style(ax, title, column, None)
    return ax


def keyness(
    table: pd.DataFrame,
    n: int = 20,
    *,
    value: str = "log_ratio",
    labels: tuple[str, str] = ("A", "B"),
    ax: Axes | None = None,
    title: str | None = "Keyness",
) -> Axes:
    """Diverging bar chart of the words over-used in corpus A (right) and in B (left).

    The words are ranked by ``g2`` (log-likelihood) on each side: the ``n`` keyest
    words with a positive ``log_ratio`` (more frequent in A) and the ``n`` with a
    negative one; bar length is ``value`` (the log ratio by default, signed).

    Args:
        table: a DataFrame with columns ``word``, ``g2`` and ``log_ratio``, as
            ``Corpus.keyness()`` returns.
        n: words per side.
        value: the column drawn as bar length (``"log_ratio"`` or ``"g2"``; the sign
            always follows ``log_ratio``).
        labels: names of the two corpora, for the legend.
        ax: the Axes to draw into; a new figure by default.
        title: the title, or None.

    Returns:
        The Axes: A's words on top (keyest first), then B's, the y tick labels are the words.

    Raises:
        ValueError: a column is missing.

    Example:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"word": ["黨員", "党员", "社区", "的"], "g2": [30.0, 25.0, 4.0, 0.1],
        ...                   "log_ratio": [5.0, -4.5, 1.2, 0.0]})
        >>> ax = keyness(t, n=5, labels=("Traditional", "Simplified"))
        >>> [t.get_text() for t in ax.get_yticklabels()], [float(p.get_width()) for p in ax.patches]
        (['黨員', '社区', '党员'], [5.0, 1.2, -4.5])
    """
    missing = {"word", "g2", "log_ratio", value} - set(table.columns)
    if missing:
        raise ValueError(f"table needs the columns {sorted(missing)}; it has {list(table.columns)}")
    over_a = table[table["log_ratio"] > 0].sort_values("g2", ascending=False, kind="stable").head(max(n, 0))
    over_b = table[table["log_ratio"] < 0].sort_values("g2", ascending=False, kind="stable").head(max(n, 0))
    rows = pd.concat([over_a, over_b])
    words = [str(w) for w in rows["word"]]
    signs = [1.0 if r > 0 else -1.0 for r in rows["log_ratio"]]
    lengths = [s * abs(float(v)) for s, v in zip(signs, rows[value])]
    colors = [_COLOR_A if s > 0 else _COLOR_B for s in signs]
    ax = _axes(ax, (6.5, 1.0 + 0.3 * max(len(words), 1)))
    positions = list(range(len(words)))
    ax.barh(positions, lengths, color=colors)
    ax.set_yticks(positions, labels=words)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    from matplotlib.patches import Patch

    handles = [
        Patch(color=_COLOR_A, label=f"over-used in {labels[0]}"),
        Patch(color=_COLOR_B, label=f"over-used in {labels[1]}"),
    ]
    ax.legend(handles=handles, prop=cjk_font(size=9), loc="lower right", frameon=False)
    _style(ax, title, value.replace("_", " "), None)
    return ax


def quantities_over_time(
    quantities: pd.DataFrame,
    unit: str | None = None,
    freq: str = "W",
    *,
    max_units: int = 5,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Sum of the quantities' values per period of publication.

    Args:
        quantities: a DataFrame with columns ``published`` (datetime), ``value`` and
            ``unit``, as ``Corpus.quantities()`` returns; rows without a date are left out.
        unit: only the quantities of this unit (``"名"``, ``"元"`` …), drawn as bars; with
            None, one line per unit for the ``max_units`` most frequent units (sums of
            different units are never added together).
        freq: the period, a pandas offset alias: ``"D"``, ``"W"``, ``"MS"`` …
        max_units: how many units to draw when ``unit`` is None.
        ax: the Axes to draw into; a new figure by default.
        title: the title; by default says what is summed.

    Returns:
        The Axes: with ``unit``, one bar per period from the first to the last date
        (periods without a quantity are 0); otherwise one line per unit, labelled by
        the unit in the legend.

    Raises:
        ValueError: a column is missing.

    Example:
        >>> import pandas as pd
        >>> q = pd.DataFrame({"published": pd.to_datetime(["2020-02-03", "2020-02-05", "2020-02-17"]),
        ...                   "value": [100.0, 20.0, 5.0], "unit": ["名", "名", "名"]})
        >>> ax = quantities_over_time(q, unit="名", freq="W")
        >>> [float(p.get_height()) for p in ax.patches]
        [120.0, 0.0, 5.0]
    """
    missing = {"published", "value", "unit"} - set(quantities.columns)
    if missing:
        raise ValueError(f"quantities needs the columns {sorted(missing)}; it has {list(quantities.columns)}")
    data = quantities[["published", "value", "unit"]].copy()
    if not pd.api.types.is_datetime64_any_dtype(data["published"]):
        data["published"] = pd.to_datetime(data["published"], format="mixed")
    data = data.dropna(subset=["published", "value"])
    ax = _axes(ax, (7.0, 3.5))
    if unit is not None:
        series = data[data["unit"] == unit].set_index("published")["value"].resample(freq).sum()
        lefts, widths = _period_bars(pd.DatetimeIndex(series.index))
        ax.bar(lefts, [float(v) for v in series], width=widths, color=_COLOR, align="edge")
        _style(
            ax,
            title if title is not None else f"Sum of quantities in {unit} per period ({freq})",
            None,
            f"sum ({unit})",
        )
    else:
        top = data["unit"].value_counts().head(max(max_units, 0)).index
        periods = data.set_index("published")["value"].resample(freq).sum().index
        for name in top:
            series = data[data["unit"] == name].set_index("published")["value"].resample(freq).sum()
            series = series.reindex(periods, fill_value=0.0)
            ax.plot(list(series.index), [float(v) for v in series], marker="o", label=str(name))
        if len(top):
            ax.legend(prop=cjk_font(size=9), title="unit", frameon=False)
        _style(ax, title if title is not None else f"Sum of quantities per unit and period ({freq})", None, "sum")
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    for label in [*ax.get_xticklabels(), ax.xaxis.get_offset_text()]:
        label.set_fontproperties(cjk_font())
    return ax


def _period_bars(index: pd.DatetimeIndex) -> tuple[list[float], list[float]]:
    """Left edges and widths (matplotlib date numbers, days) of bars covering 80% of each
    resampled period, centred in it."""
    try:
        periods = index.to_period()
        if periods.freq is None or periods.freq.n != 1:
            raise ValueError("multiple periods")
        starts = [p.start_time.to_pydatetime() for p in periods]
        spans = [(p.end_time - p.start_time).to_pytimedelta() for p in periods]
    except (ValueError, TypeError, AttributeError):
        # labels that are not periods (a multiple such as "2W"): centre on the label
        step = (index[1] - index[0]).to_pytimedelta() if len(index) > 1 else datetime.timedelta(days=1)
        starts = [t.to_pydatetime() - step / 2 for t in index]
        spans = [step] * len(index)
    day = datetime.timedelta(days=1)
    lefts = [float(mdates.date2num(s + span * 0.1)) for s, span in zip(starts, spans)]  # type: ignore[no-untyped-call]
    return lefts, [span * 0.8 / day for span in spans]


ReportsOrLengths = Union[Sequence["Report"], Iterable[int]]


def sentence_lengths(
    reports_or_lengths: ReportsOrLengths,
    bins: int = 30,
    *,
    ax: Axes | None = None,
    title: str | None = "Sentence lengths",
) -> Axes:
    """Histogram of sentence lengths in characters.

    Args:
        reports_or_lengths: analysed reports (their :attr:`~zhreport.Report.sentences`
            are measured), or the lengths themselves.
        bins: number of bins.
        ax: the Axes to draw into; a new figure by default.
        title: the title, or None.

    Returns:
        The Axes: ``bins`` bars whose heights add up to the number of sentences, and a
        dashed line at the median.

    Example:
        >>> ax = sentence_lengths([10, 12, 30, 31, 32], bins=2)
        >>> [float(p.get_height()) for p in ax.patches]
        [2.0, 3.0]
    """
    lengths: list[int] = []
    for item in reports_or_lengths:
        if isinstance(item, int):
            lengths.append(item)
        else:
            lengths.extend(len(s.text) for s in item.sentences)
    ax = _axes(ax, (6.0, 3.5))
    ax.hist(lengths, bins=bins, color=_COLOR, edgecolor="white")
    if lengths:
        ordered = sorted(lengths)
        middle = len(ordered) // 2
        median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        ax.axvline(median, color="#c0392b", linestyle="--", linewidth=1)
        ax.annotate(
            f" median {median:g}",
            (median, 1),
            xycoords=("data", "axes fraction"),
            va="top",
            color="#c0392b",
            fontproperties=cjk_font(size=9),
        )
    _style(ax, title, "characters per sentence", "sentences")
    return ax
