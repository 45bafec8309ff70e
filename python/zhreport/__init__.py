"""zhreport: clean, segment and extract statistics from Chinese news reports.

The heavy work runs in a Rust core (``zhreport._core``) that releases the GIL; these
wrappers only document and type it.

>>> import zhreport as zr
>>> report = zr.clean("标题\\n\\n2020-02-17 来源:人民网\\n\\n正文第一段。\\n(责编:王浩)")
>>> report.title, report.text, report.editors
('标题', '正文第一段。', ['王浩'])
"""

from __future__ import annotations

import datetime
import importlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Literal

from zhreport import _core
from zhreport._core import (
    Cleaned,
    DateMention,
    Entity,
    Lexicon,
    Line,
    Quantity,
    Segmenter,
    Token,
    TokenList,
    cut,
)
from zhreport.corpus import Concordance, Corpus, default_stopwords
from zhreport.io import FileResult, read_dir
from zhreport.report import Report, Span

if TYPE_CHECKING:  # pyarrow and pandas load on first use (see __getattr__)
    from zhreport.arrow import (
        TableWriter,
        analyze_arrow,
        analyze_pandas,
        dates_table,
        entities_table,
        quantities_table,
        reports_to_table,
        write_table,
    )

_ARROW_NAMES = frozenset(
    {
        "TableWriter",
        "analyze_arrow",
        "analyze_pandas",
        "dates_table",
        "entities_table",
        "quantities_table",
        "reports_to_table",
        "write_table",
    }
)


def __getattr__(name: str) -> Any:
    """Load the Arrow functions (and pyarrow) and the notebook submodules ``zr.plot`` and
    ``zr.display`` (and matplotlib) only when first used, so ``import zhreport`` stays light.

    Example:
        >>> import zhreport as zr
        >>> zr.display.__name__
        'zhreport.display'
    """
    if name in _ARROW_NAMES:
        from zhreport import arrow

        return getattr(arrow, name)
    if name in ("plot", "display"):
        return importlib.import_module(f"zhreport.{name}")
    raise AttributeError(f"module 'zhreport' has no attribute {name!r}")


from zhreport.errors import (
    DecodeError,
    DictionaryError,
    InvalidArgumentError,
    UnknownEncodingError,
    ZhreportError,
)

__version__: str = _core.__version__

# TokenList implements the sequence protocol in Rust; make isinstance(x, Sequence) agree.
Sequence.register(TokenList)

__all__ = [
    "Cleaned",
    "Concordance",
    "Corpus",
    "DateMention",
    "DecodeError",
    "DictionaryError",
    "Entity",
    "FileResult",
    "InvalidArgumentError",
    "Lexicon",
    "Line",
    "Quantity",
    "Report",
    "Segmenter",
    "Span",
    "TableWriter",
    "Token",
    "TokenList",
    "UnknownEncodingError",
    "ZhreportError",
    "__version__",
    "analyze",
    "analyze_arrow",
    "analyze_batch",
    "analyze_pandas",
    "clean",
    "clean_batch",
    "cut",
    "cut_batch",
    "dates_table",
    "decode",
    "default_stopwords",
    "detect_encoding",
    "detect_script",
    "entities_table",
    "extract_dates",
    "extract_entities",
    "extract_quantities",
    "normalize",
    "normalize_with_repairs",
    "quantities_table",
    "read_dir",
    "reports_to_table",
    "sample_report_names",
    "sample_reports",
    "sentences",
    "split_paragraphs",
    "split_sentences",
    "text_stats",
    "to_simplified",
    "to_traditional",
    "tokens",
    "write_table",
]

Script = Literal["simplified", "traditional", "mixed", "none"]
ErrorHandler = Literal["strict", "replace"]


def decode(data: bytes, encoding: str | None = None, errors: ErrorHandler = "strict") -> str:
    """Decode the bytes of a scraped report to text.

    Args:
        data: the raw bytes.
        encoding: a label such as ``"utf-8"``, ``"gbk"``, ``"gb18030"``, ``"big5"`` or
            ``"utf-16le"``; ``None`` detects it (byte-order mark, UTF-8 validity, UTF-16,
            then GB18030/Big5 by statistics).
        errors: ``"strict"`` raises on malformed bytes; ``"replace"`` puts U+FFFD instead.

    Returns:
        The text, without byte-order mark.

    Raises:
        DecodeError: malformed bytes in strict mode; ``.offset`` is the byte offset.
        UnknownEncodingError: ``encoding`` is not a known label.
        InvalidArgumentError: ``errors`` is neither ``"strict"`` nor ``"replace"``.

    Example:
        >>> decode("黨旗".encode("big5"))
        '黨旗'
        >>> decode(b"\\xef\\xbb\\xbf" + "党旗".encode())
        '党旗'
        >>> decode(b"ok\\xff", encoding="utf-8", errors="replace")
        'ok\\ufffd'
    """
    return _core.decode(data, encoding, errors)


def detect_encoding(data: bytes) -> str:
    """Guess the encoding of raw bytes.

    Returns:
        The canonical name of the encoding: ``"UTF-8"``, ``"gb18030"``, ``"Big5"``,
        ``"UTF-16LE"`` …

    Example:
        >>> detect_encoding("襄阳市市场监督管理局坚定履行主体责任".encode("gbk"))
        'gb18030'
    """
    return _core.detect_encoding(data)


def normalize(text: str) -> str:
    """Normalise a report's text.

    Line ends become ``\\n``; control, zero-width and bidi characters are removed; all
    spaces become plain spaces, collapsed, and lines are trimmed; full-width letters and
    digits become half-width (CJK punctuation stays); HTML tags are dropped and entities
    decoded; mojibake lines are re-decoded; pinyin ruby annotations are removed.

    Example:
        >>> normalize("２０２０年&nbsp;發(fā)生　了\\r\\n")
        '2020年 發生 了\\n'
    """
    return _core.normalize(text)


def normalize_with_repairs(text: str) -> tuple[str, dict[str, int]]:
    """Normalise like :func:`normalize` and count what was repaired.

    Returns:
        The normalised text and a dict from repair kind to count, with keys among
        ``mojibake_latin1``, ``mojibake_gbk``, ``html_tag``, ``html_entity``,
        ``control_char``, ``invisible_char``, ``fullwidth_alnum``,
        ``pinyin_annotation``, ``lost_char`` (characters lost beside their annotation,
        restored or not), ``restored_char`` and ``unpaired_surrogate``.

    Example:
        >>> normalize_with_repairs("統(tǒng)一&amp;")
        ('統一&', {'html_entity': 1, 'pinyin_annotation': 1})
    """
    return _core.normalize_with_repairs(text)


def detect_script(text: str) -> Script:
    """Tell whether a text is written in Simplified or Traditional characters.

    Returns:
        ``"simplified"``, ``"traditional"``, ``"mixed"`` (at least a fifth of the
        script-specific characters are of the minority script) or ``"none"`` (no Han).

    Example:
        >>> detect_script("吉林省市場監督管理廳"), detect_script("吉林省市场监督管理厅"), detect_script("abc")
        ('traditional', 'simplified', 'none')
    """
    return _core.detect_script(text)


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified, phrase by phrase, with OpenCC's ``t2s`` tables.

    Example:
        >>> to_simplified("黨員幹部堅守一線")
        '党员干部坚守一线'
    """
    return _core.to_simplified(text)


def to_traditional(text: str) -> str:
    """Convert Simplified to Traditional, phrase by phrase, with OpenCC's ``s2t`` tables.

    Example:
        >>> to_traditional("太后的头发很干燥")
        '太后的頭髮很乾燥'
    """
    return _core.to_traditional(text)


def clean(text: str) -> Cleaned:
    """Clean one raw report: body, metadata, and a kind for every line.

    Every line of the normalised input ends up in :attr:`Cleaned.lines` with its kind
    (``title``, ``meta``, ``dateline``, ``heading``, ``body``, ``caption``, ``image``,
    ``editor``, ``boilerplate``, ``related``, ``blank``); ``Cleaned.text`` is the body and
    heading lines joined by ``\\n``. Metadata keeps the report's own script.
    ``Cleaned.simplified`` is ``text`` converted to Simplified Chinese, exactly as
    :func:`to_simplified` would, but without the round trip of the text through Python
    (computed on each access, in Rust).

    Example:
        >>> raw = "人民網>>吉林頻道\\n標題\\n2022年04月01日14:11 | 來源:人民網-吉林頻道\\n正文。\\n(責編:馬俊華、謝龍)"
        >>> report = clean(raw)
        >>> report.title, report.source, report.editors, str(report.published)
        ('標題', '人民網-吉林頻道', ['馬俊華', '謝龍'], '2022-04-01 14:11:00')
        >>> [line.kind for line in report.lines]
        ['boilerplate', 'title', 'meta', 'body', 'editor']
        >>> clean("黨員幹部堅守一線。").simplified
        '党员干部坚守一线。'
    """
    return _core.clean(text)


def clean_batch(texts: Iterable[str], workers: int | None = None) -> list[Cleaned]:
    """Clean many reports in parallel (Rust threads, GIL released), keeping their order.

    Args:
        texts: the raw reports.
        workers: number of threads; ``None`` uses every core.

    Example:
        >>> [c.text for c in clean_batch(["甲。", "乙。"], workers=2)]
        ['甲。', '乙。']
    """
    return _core.clean_batch(texts, workers)


def sample_reports() -> list[str]:
    """Return the texts of the five bundled sample reports (real scraped pages).

    Example:
        >>> len(sample_reports())
        5
    """
    return [text for _, text in _core.sample_reports()]


def sample_report_names() -> list[str]:
    """Return the file names of the bundled sample reports, in the order of :func:`sample_reports`.

    Example:
        >>> sample_report_names()[0]
        '000_67954e8f03f8fee3.txt'
    """
    return [name for name, _ in _core.sample_reports()]


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs: its non-blank lines, trimmed.

    Example:
        >>> split_paragraphs(" 第一段。\\n\\n第二段 ")
        ['第一段。', '第二段']
    """
    return [piece for piece, _, _ in _core.paragraph_spans(text)]


def split_sentences(text: str) -> list[str]:
    """Split text into sentences.

    Sentences end at 。！？ (and half-width !?), …… and ；, keeping closing quotes and
    brackets with the sentence they close; a line break always ends one, so headings and
    numbered items are their own units. Decimals (``2.5万``), times (``14:11``) and
    abbreviations (``U.S.``) never split a sentence.

    Example:
        >>> split_sentences("“我报名!”“我也报名!”她说:“我们小家才能幸福团圆。”共2.5万人。")
        ['“我报名!”', '“我也报名!”', '她说:“我们小家才能幸福团圆。”', '共2.5万人。']
    """
    return [piece for piece, _, _ in _core.sentence_spans(text)]


def sentences(text: str) -> list[Span]:
    """Split text into sentences like :func:`split_sentences`, with their offsets.

    Example:
        >>> text = "第一句。第二句！"
        >>> [(s.text, s.start, s.end) for s in sentences(text)]
        [('第一句。', 0, 4), ('第二句！', 4, 8)]
    """
    return [Span(piece, start, end) for piece, start, end in _core.sentence_spans(text)]


def tokens(text: str) -> list[Token]:
    """Segment text into :class:`Token` objects (text, POS tag, code-point offsets).

    Example:
        >>> text = "2020年2月8日,郭方芳赶赴小区"
        >>> [(t.text, t.pos) for t in tokens(text)][:3]
        [('2020年2月8日', 't'), (',', 'x'), ('郭方芳', 'nr')]
        >>> all(text[t.start:t.end] == t.text for t in tokens(text))
        True
    """
    return _core.tokens(text)


def cut_batch(texts: Iterable[str], workers: int | None = None) -> list[list[str]]:
    """Segment many texts in parallel (Rust threads, GIL released), keeping their order.

    Example:
        >>> cut_batch(["疫情防控", "党员干部"], workers=2)
        [['疫情防控'], ['党员干部']]
    """
    return _core.cut_batch(list(texts), workers)


def extract_quantities(text: str) -> list[Quantity]:
    """Find the quantities of a text: number, approximation, bounds, unit and subject.

    Arabic, Chinese and mixed numerals (``3.5万``, ``一千零三十八``, ``四五个``), ranges,
    percentages and fractions; money has unit ``元`` and the multiplied value. Dates,
    phone and record numbers, ordinals and numeral words (``一线``) are left out.
    Traditional text is read through its simplified view; strings stay as written.

    Example:
        >>> q = extract_quantities("全区2600余名机关党员干部发放口罩近6万只")
        >>> [(x.text, x.value, x.low, x.high, x.approx, x.unit, x.subject) for x in q]
        [('2600余名', 2600.0, 2600.0, None, '余', '名', '机关党员干部'), ('近6万只', 60000.0, None, 60000.0, '近', '只', '口罩')]
    """
    return _core.extract_quantities(text)


def extract_dates(text: str, reference: datetime.date | None = None) -> list[DateMention]:
    """Find the date mentions of a text, resolved to Gregorian days.

    Absolute dates, partial ones (``2月8日``, ``3月初``, ``12日上午``) resolved against
    ``reference`` (preferring the past, as news does), ranges as one mention, and lunar
    and festival dates (``腊月二十九``, ``除夕``, ``春节``) converted with lunar tables.
    Without a reference, partial dates have ``start_date`` None.

    Example:
        >>> ds = extract_dates("腊月二十九,3月12日至28日", reference=datetime.date(2020, 2, 17))
        >>> [(d.text, str(d.start_date), str(d.end_date), d.kind) for d in ds]
        [('腊月二十九', '2020-01-23', '2020-01-23', 'lunar'), ('3月12日至28日', '2019-03-12', '2019-03-28', 'partial')]
    """
    return _core.extract_dates(text, reference)


def extract_entities(text: str) -> list[Entity]:
    """Find people (with titles), organisations and places.

    Places inside an organisation's name are reported too.

    Example:
        >>> es = extract_entities("区委书记冯卫华在湖北省襄阳市市场监督管理局检查")
        >>> [(e.text, e.kind, e.title) for e in es if e.kind != "place"]
        [('区委', 'organization', None), ('冯卫华', 'person', '区委书记'), ('湖北省襄阳市市场监督管理局', 'organization', None)]
    """
    return _core.extract_entities(text)


def text_stats(text: str, lexicon: Lexicon | None = None) -> dict[str, int | float]:
    """Compute the statistics of one text (segmenting and extracting it first).

    ``analyze`` gives the same figures for a report's clean body as ``Report.stats``.
    Counts are ``int``, the rest ``float``; an empty text gives zeros.

    ============================ ==========================================================
    key                          definition
    ============================ ==========================================================
    ``chars``                    code points that are not white space
    ``han_chars``                code points of Unicode script Han (ideographs, 〇, 々)
    ``punctuation``              code points of general category P (Pc Pd Ps Pe Pi Pf Po)
    ``digits``                   code points of general category Nd
    ``latin``                    letters of Unicode script Latin (incl. pinyin, full-width)
    ``paragraphs``               non-blank lines
    ``sentences``                sentences as :func:`split_sentences` splits them
    ``tokens``                   word tokens: tokens with at least one letter or digit
    ``types``                    distinct word tokens
    ``mean_sentence_chars``      mean non-space code points per sentence
    ``median_sentence_chars``    median of the same
    ``mean_sentence_words``      mean word tokens per sentence
    ``median_sentence_words``    median of the same
    ``ttr``                      ``types / tokens``
    ``mtld``                     MTLD (McCarthy & Jarvis 2010), TTR threshold 0.72, mean
                                 of the forward and backward passes; the token count when
                                 no factor forms
    ``mattr``                    moving-average TTR over windows of 50 word tokens
    ``content_word_ratio``       share of word tokens tagged n*, v*, a*, d*, i, l or j
    ``noun_ratio`` …             share of word tokens tagged n*, v*, a*, d*, m*
    ``numeral_ratio``            (``verb_ratio``, ``adjective_ratio``, ``adverb_ratio``)
    ``quantities``               quantities found (:func:`extract_quantities`)
    ``quantities_per_1000_chars`` ``quantities * 1000 / chars``
    ``dates``                    date mentions found
    ``people``                   people named
    ``organizations``            organisations named
    ``places``                   places named (also inside organisation names)
    ``quotations``               matched “…” and 「…」 pairs
    ``cited_titles``             matched 《…》 pairs (cited documents, books, media)
    ``lexicon_hits``             phrase matches of the lexicon, all categories
    ``lexicon.<category>``       phrase matches per category (the embedded political
                                 lexicon: ``epidemic``, ``loyalty``, ``mission``,
                                 ``party_building``, ``people_first``, ``style``)
    ============================ ==========================================================

    Args:
        text: the text (use a report's clean body: ``clean(raw).text``).
        lexicon: a :class:`Lexicon` of your own categories; None uses the embedded one.

    Example:
        >>> s = text_stats("全区2600余名党员干部不忘初心、牢记使命。“我报名!”")
        >>> s["sentences"], s["quantities"], s["quotations"], s["lexicon.mission"]
        (2, 1, 1, 1)
        >>> mine = Lexicon({"防疫物资": ["口罩", "消毒液"]})
        >>> text_stats("发放口罩和消毒液", lexicon=mine)["lexicon.防疫物资"]
        2
    """
    return dict(_core.text_stats(text, lexicon))


def _report(analysis: _core._Analysis) -> Report:
    cleaned, spans, toks, quantities, dates, entities, stats = analysis
    return Report(cleaned, [Span(*span) for span in spans], toks, quantities, dates, entities, dict(stats))


_EMPTY_CLEANED: Cleaned | None = None


def _failed_report(message: str) -> Report:
    """The empty report standing for a document that could not be analysed."""
    global _EMPTY_CLEANED
    if _EMPTY_CLEANED is None:
        _EMPTY_CLEANED = _core.clean("")
    return Report(_EMPTY_CLEANED, [], [], error=message)


def _batch_reports(results: list[_core._Analysis | str]) -> list[Report]:
    return [_failed_report(r) if isinstance(r, str) else _report(r) for r in results]


def analyze(text: str, reference_date: datetime.date | None = None) -> Report:
    """Clean, split, segment and extract one raw report (one GIL-free call into Rust).

    Partial dates are resolved against ``reference_date``, else the publication date.

    Example:
        >>> report = analyze(sample_reports()[4])
        >>> report.dateline, len(report.sentences) > 20, report.tokens[0].text
        ('人民网济南2月6日电', True, '人民网')
        >>> [(q.text, q.value) for q in report.quantities][:2]
        [('56个', 56.0), ('310万元', 3100000.0)]
    """
    return _report(_core.analyze(text, reference_date))


#: Documents per call into Rust when ``analyze_batch`` works in chunks: enough to keep
#: every worker busy, few enough for the progress bar to move …
_CHUNK_DOCS = 256
#: … and at most this many characters per call.
_CHUNK_CHARS = 4_000_000


def _chunks(texts: Iterable[str | None]) -> Iterator[list[str | None]]:
    chunk: list[str | None] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text) if isinstance(text, str) else 0
        if len(chunk) >= _CHUNK_DOCS or size >= _CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _analyze_chunks(
    chunks: Iterator[list[str | None]], workers: int | None, reference_date: datetime.date | None
) -> Iterator[tuple[int, list[Report]]]:
    """Analyse chunks in order. With more than one worker, chunk k+1 is analysed in Rust
    (GIL released) while the Python objects of chunk k are built, so that the serial,
    GIL-bound part of a batch overlaps the parallel part."""
    if workers == 1:
        for chunk in chunks:
            yield len(chunk), _batch_reports(_core.analyze_batch(chunk, workers, reference_date))
        return
    pending: deque[tuple[int, Future[list[_core._Analysis | str]]]] = deque()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="zhreport") as pool:
        for chunk in chunks:
            pending.append((len(chunk), pool.submit(_core.analyze_batch, chunk, workers, reference_date)))
            if len(pending) == 2:
                count, future = pending.popleft()
                yield count, _batch_reports(future.result())
        while pending:
            count, future = pending.popleft()
            yield count, _batch_reports(future.result())


def analyze_batch(
    texts: Iterable[str | None],
    workers: int | None = None,
    progress: bool = False,
    reference_date: datetime.date | None = None,
) -> list[Report]:
    """Analyse many reports in parallel (Rust threads, GIL released), keeping their order.

    A document that cannot be analysed (not a ``str``, such as ``None`` or a pandas NaN;
    or one that hits an internal error) does not fail the batch: its place holds an empty
    :class:`Report` whose :attr:`Report.error` says what went wrong. Every other report
    has ``error`` ``None``.

    Large batches go to Rust in chunks of a few hundred documents; with more than one
    worker the next chunk is analysed while the Python objects of the previous one are
    built.

    Args:
        texts: the raw reports (``str``; anything else, such as ``None``, gets an error record).
        workers: number of threads; ``None`` uses every core.
        progress: show a tqdm progress bar (terminal or notebook), advanced per chunk.
        reference_date: the day partial dates are resolved against (default: each
            report's publication date).

    Raises:
        TypeError: ``texts`` is a single ``str`` or not iterable.
        InvalidArgumentError: ``workers`` is 0.

    Example:
        >>> reports = analyze_batch([sample_reports()[1], None, "正文。"], workers=2)
        >>> reports[0].title[:6], reports[0].error
        ('吉林省市場監', None)
        >>> reports[1].error, reports[1].text
        ('expected a str, got NoneType', '')
        >>> reports[2].text
        '正文。'
    """
    if isinstance(texts, str):
        raise TypeError("analyze_batch takes a sequence of str, not a single str")
    if workers is not None and workers < 1:
        raise InvalidArgumentError("workers must be at least 1")
    total = len(texts) if isinstance(texts, Sized) else None
    if not progress and total is not None and total <= _CHUNK_DOCS:
        return _batch_reports(_core.analyze_batch(texts, workers, reference_date))
    reports: list[Report] = []
    if not progress:
        for _, chunk_reports in _analyze_chunks(_chunks(texts), workers, reference_date):
            reports.extend(chunk_reports)
        return reports
    from tqdm.auto import tqdm

    with tqdm(total=total, unit="doc", desc="zhreport") as bar:
        for count, chunk_reports in _analyze_chunks(_chunks(texts), workers, reference_date):
            reports.extend(chunk_reports)
            bar.update(count)
    return reports
