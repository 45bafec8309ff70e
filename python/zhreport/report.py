"""The :class:`Report`: everything zhreport finds in one report."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from zhreport._core import Cleaned, DateMention, Entity, Line, Quantity, Token


class Span(NamedTuple):
    """A piece of a text with its code-point offsets: ``source[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Report:
    """One analysed report: the cleaned report plus its sentences, tokens, quantities,
    dates and entities.

    All offsets are code-point offsets into :attr:`text` (the clean body).
    The metadata attributes are those of :class:`zhreport.Cleaned`. :attr:`error` is
    ``None`` unless the report stands for a document a batch could not analyse.

    Example:
        >>> import zhreport as zr
        >>> report = zr.analyze("标题\\n\\n2020-02-17 来源:人民网\\n\\n服务群众3400余人次。共2.5万人。")
        >>> report.title, [s.text for s in report.sentences]
        ('标题', ['服务群众3400余人次。', '共2.5万人。'])
        >>> [t.text for t in report.tokens][:3]
        ['服务', '群众', '3400余人次']
        >>> [(q.value, q.unit) for q in report.quantities]
        [(3400.0, '人次'), (25000.0, '人')]
    """

    cleaned: Cleaned
    sentences: list[Span]
    #: The words, in order (a :class:`zhreport._core.TokenList`, which makes a
    #: :class:`Token` only when one is read; compares equal to a list of tokens).
    tokens: Sequence[Token]
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    #: The figures of :func:`zhreport.text_stats` for the clean body.
    stats: dict[str, int | float] = field(default_factory=dict)
    error: str | None = None
    """Why this document could not be analysed (``None`` when it was): set only on the
    empty reports :func:`zhreport.analyze_batch` returns in place of a failed document."""

    @property
    def people(self) -> list[Entity]:
        """The people named, in text order."""
        return [e for e in self.entities if e.kind == "person"]

    @property
    def organizations(self) -> list[Entity]:
        """The organisations named, in text order."""
        return [e for e in self.entities if e.kind == "organization"]

    @property
    def places(self) -> list[Entity]:
        """The places named (also those inside an organisation's name), in text order."""
        return [e for e in self.entities if e.kind == "place"]

    @property
    def text(self) -> str:
        """The clean body: body paragraphs and headings joined by ``\\n``."""
        return self.cleaned.text

    @property
    def title(self) -> str | None:
        """The headline, if the page has one."""
        return self.cleaned.title

    @property
    def published(self) -> datetime.datetime | datetime.date | None:
        """Publication date, or date and time when the page gives one."""
        return self.cleaned.published

    @property
    def source(self) -> str | None:
        """The outlet or issuing body."""
        return self.cleaned.source

    @property
    def editors(self) -> list[str]:
        """Responsible editors."""
        return self.cleaned.editors

    @property
    def authors(self) -> list[str]:
        """Reporters and contributors."""
        return self.cleaned.authors

    @property
    def dateline(self) -> str | None:
        """The dateline opening the body (``人民网济南2月6日电``)."""
        return self.cleaned.dateline

    @property
    def captions(self) -> list[str]:
        """Photo captions."""
        return self.cleaned.captions

    @property
    def lines(self) -> list[Line]:
        """Every line of the normalised input with its kind."""
        return self.cleaned.lines

    @property
    def paragraphs(self) -> list[str]:
        """The body paragraphs (without headings)."""
        return self.cleaned.paragraphs

    @property
    def script(self) -> str:
        """``"simplified"``, ``"traditional"``, ``"mixed"`` or ``"none"``."""
        return self.cleaned.script

    @property
    def repairs(self) -> dict[str, int]:
        """What normalisation repaired, by kind."""
        return self.cleaned.repairs

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain Python data (JSON-ready but for the date)."""
        return {
            "error": self.error,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "editors": self.editors,
            "authors": self.authors,
            "dateline": self.dateline,
            "script": self.script,
            "text": self.text,
            "paragraphs": self.paragraphs,
            "captions": self.captions,
            "repairs": self.repairs,
            "removed": self.cleaned.removed,
            "sentences": [tuple(s) for s in self.sentences],
            "tokens": [t.as_tuple() for t in self.tokens],
            "quantities": [q.as_tuple() for q in self.quantities],
            "dates": [d.as_tuple() for d in self.dates],
            "entities": [e.as_tuple() for e in self.entities],
            "stats": self.stats,
        }

    def _repr_html_(self) -> str:
        """HTML for Jupyter: metadata, highlighted entities, removed lines (see :mod:`zhreport.display`)."""
        from zhreport.display import render

        return render(self)
