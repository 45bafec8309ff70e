"""Type stubs of the compiled core, ``zhreport._core``."""

import datetime
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, TypeAlias, final, overload

__version__: str
__all__ = [
    "Cleaned",
    "CorpusIndex",
    "DateMention",
    "Entity",
    "Lexicon",
    "Line",
    "Quantity",
    "Segmenter",
    "Token",
    "TokenList",
    "__version__",
    "_analyze_batch_for_test",
    "_panic_for_test",
    "_segmenter_from_state",
    "analyze",
    "analyze_batch",
    "clean",
    "clean_batch",
    "cut",
    "cut_batch",
    "decode",
    "decode_with_encoding",
    "default_stopwords",
    "detect_encoding",
    "detect_script",
    "extract_dates",
    "extract_entities",
    "extract_quantities",
    "line_kinds",
    "normalize",
    "normalize_with_repairs",
    "paragraph_spans",
    "sample_reports",
    "sentence_spans",
    "text_stats",
    "to_simplified",
    "to_traditional",
    "tokens",
]

_LineKind: TypeAlias = Literal[
    "title", "meta", "dateline", "heading", "body", "caption", "image", "editor", "boilerplate", "related", "blank"
]
_ScriptName: TypeAlias = Literal["simplified", "traditional", "mixed", "none"]

@final
class Line:
    """One line of a cleaned report; ``normalized[start:end] == text``."""

    text: str
    kind: _LineKind
    start: int
    end: int
    def __new__(cls, text: str, kind: str, start: int, end: int) -> Line: ...
    def as_tuple(self) -> tuple[str, str, int, int]: ...

@final
class Cleaned:
    """A cleaned report: body, metadata and every input line with its kind."""

    text: str
    title: str | None
    published: datetime.datetime | datetime.date | None
    source: str | None
    editors: list[str]
    authors: list[str]
    dateline: str | None
    script: _ScriptName
    repairs: dict[str, int]
    normalized: str
    @property
    def lines(self) -> list[Line]: ...
    @property
    def simplified(self) -> str: ...
    @property
    def captions(self) -> list[str]: ...
    @property
    def paragraphs(self) -> list[str]: ...
    @property
    def removed(self) -> dict[str, int]: ...
    def __new__(
        cls,
        text: str,
        title: str | None,
        published: datetime.datetime | datetime.date | None,
        source: str | None,
        editors: list[str],
        authors: list[str],
        dateline: str | None,
        lines: list[Line],
        script: str,
        repairs: dict[str, int],
        normalized: str,
    ) -> Cleaned: ...
    def _repr_html_(self) -> str: ...

def decode(data: bytes, encoding: str | None = None, errors: str = "strict") -> str: ...
def decode_with_encoding(data: bytes, encoding: str | None = None, errors: str = "strict") -> tuple[str, str]: ...
def detect_encoding(data: bytes) -> str: ...
def normalize(text: str) -> str: ...
def normalize_with_repairs(text: str) -> tuple[str, dict[str, int]]: ...
def detect_script(text: str) -> _ScriptName: ...
def to_simplified(text: str) -> str: ...
def to_traditional(text: str) -> str: ...
def clean(text: str) -> Cleaned: ...
def clean_batch(texts: Iterable[str], workers: int | None = None) -> list[Cleaned]: ...
def sample_reports() -> list[tuple[str, str]]: ...
def line_kinds() -> list[str]: ...

@final
class Token:
    """One word of segmented text; ``text[start:end] == token.text``."""

    text: str
    pos: str
    start: int
    end: int
    def __new__(cls, text: str, pos: str, start: int, end: int) -> Token: ...
    def as_tuple(self) -> tuple[str, str, int, int]: ...

@final
class TokenList(Sequence[Token]):
    """The tokens of one analysed text, held in Rust: a :class:`Token` is made only when
    one is read. Compares equal to a list or tuple of the same tokens."""

    def __new__(cls, tokens: Iterable[Token] = ...) -> TokenList: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Token: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Token]: ...
    def __iter__(self) -> Iterator[Token]: ...
    def __contains__(self, item: object, /) -> bool: ...
    def __eq__(self, other: object, /) -> bool: ...
    def as_tuples(self) -> list[tuple[str, str, int, int]]: ...

_UserWord: TypeAlias = str | tuple[str, int | None] | tuple[str, int | None, str | None]

@final
class Segmenter:
    """A word segmenter with its own dictionary: jieba's, the domain dictionary, and
    the user's words and dictionary file (jieba format: ``word [freq] [pos]`` per line)."""

    def __new__(cls, user_words: Iterable[_UserWord] = ..., user_dict: str | os.PathLike[str] | None = None) -> Segmenter: ...
    def cut(self, text: str) -> list[str]: ...
    def tokens(self, text: str) -> list[Token]: ...
    def cut_batch(self, texts: list[str], workers: int | None = None) -> list[list[str]]: ...
    def has_word(self, word: str) -> bool: ...

def _segmenter_from_state(user_words: list[_UserWord], user_dict: str | None) -> Segmenter: ...
def cut(text: str) -> list[str]: ...
def tokens(text: str) -> list[Token]: ...
def cut_batch(texts: list[str], workers: int | None = None) -> list[list[str]]: ...
def sentence_spans(text: str) -> list[tuple[str, int, int]]: ...
def paragraph_spans(text: str) -> list[tuple[str, int, int]]: ...
@final
class Quantity:
    """A quantity; ``text[start:end] == quantity.text``."""

    text: str
    value: float
    low: float | None
    high: float | None
    approx: str | None
    unit: str | None
    subject: str | None
    start: int
    end: int
    def __new__(
        cls,
        text: str,
        value: float,
        low: float | None,
        high: float | None,
        approx: str | None,
        unit: str | None,
        subject: str | None,
        start: int,
        end: int,
    ) -> Quantity: ...
    def as_tuple(
        self,
    ) -> tuple[str, float, float | None, float | None, str | None, str | None, str | None, int, int]: ...

_DateKind: TypeAlias = Literal["absolute", "partial", "period", "lunar", "festival"]

@final
class DateMention:
    """A date mention; ``text[start:end] == mention.text``; days are inclusive."""

    text: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    start: int
    end: int
    kind: _DateKind
    def __new__(
        cls,
        text: str,
        start_date: datetime.date | None,
        end_date: datetime.date | None,
        start: int,
        end: int,
        kind: str,
    ) -> DateMention: ...
    def as_tuple(self) -> tuple[str, datetime.date | None, datetime.date | None, int, int, str]: ...

_EntityKind: TypeAlias = Literal["person", "organization", "place"]

@final
class Entity:
    """A person, organisation or place; ``text[start:end] == entity.text``."""

    text: str
    kind: _EntityKind
    start: int
    end: int
    title: str | None
    def __new__(cls, text: str, kind: str, start: int, end: int, title: str | None = None) -> Entity: ...
    def as_tuple(self) -> tuple[str, str, int, int, str | None]: ...

def extract_quantities(text: str) -> list[Quantity]: ...
def extract_dates(text: str, reference: datetime.date | None = None) -> list[DateMention]: ...
def extract_entities(text: str) -> list[Entity]: ...

_Analysis: TypeAlias = tuple[
    Cleaned,
    list[tuple[str, int, int]],
    TokenList,
    list[Quantity],
    list[DateMention],
    list[Entity],
    list[tuple[str, int | float]],
]

def analyze(text: str, reference_date: datetime.date | None = None) -> _Analysis: ...
def analyze_batch(
    texts: Iterable[object], workers: int | None = None, reference_date: datetime.date | None = None
) -> list[_Analysis | str]: ...
def _analyze_batch_for_test(
    texts: Iterable[object], panic_at: list[int], workers: int | None = None
) -> list[_Analysis | str]: ...
def _panic_for_test() -> None: ...

@final
class Lexicon:
    """Categories of phrases, compiled into one Aho-Corasick automaton."""

    def __new__(cls, entries: dict[str, list[str]]) -> Lexicon: ...
    @staticmethod
    def political() -> Lexicon: ...
    @property
    def categories(self) -> list[str]: ...
    def count(self, text: str) -> dict[str, int]: ...

def text_stats(text: str, lexicon: Lexicon | None = None) -> list[tuple[str, int | float]]: ...
def default_stopwords() -> list[str]: ...

@final
class CorpusIndex:
    """Segmented documents over one vocabulary (word ids), the engine of ``zhreport.Corpus``."""

    def __new__(cls, texts: Iterable[str], workers: int | None = None) -> CorpusIndex: ...
    def __len__(self) -> int: ...
    def document_lengths(self) -> list[int]: ...
    def frequencies(
        self,
        stopwords: list[str] | None = None,
        pos: list[str] | None = None,
        min_chars: int = 1,
        drop_numbers: bool = True,
        min_count: int = 1,
    ) -> tuple[list[str], list[str], list[int], list[int]]: ...
    def ngrams(
        self,
        n: int,
        stopwords: list[str] | None = None,
        pos: list[str] | None = None,
        min_chars: int = 1,
        drop_numbers: bool = True,
        min_count: int = 1,
    ) -> tuple[list[str], list[int], list[int]]: ...
    def collocations(
        self,
        stopwords: list[str] | None = None,
        pos: list[str] | None = None,
        min_chars: int = 1,
        drop_numbers: bool = True,
        min_count: int = 3,
    ) -> tuple[list[str], list[str], list[int], list[int], list[int], list[float], list[float]]: ...
    def keyness(
        self,
        a: list[int],
        b: list[int],
        stopwords: list[str] | None = None,
        pos: list[str] | None = None,
        min_chars: int = 1,
        drop_numbers: bool = True,
        min_count: int = 1,
    ) -> tuple[
        list[str], list[int], list[int], list[float], list[float], list[float], list[float], list[float]
    ]: ...
    def keywords(
        self,
        method: str,
        top: int,
        stopwords: list[str] | None = None,
        pos: list[str] | None = None,
        min_chars: int = 2,
        drop_numbers: bool = True,
    ) -> tuple[list[int], list[str], list[float]]: ...
    def concordance(
        self, word: str, width: int = 10
    ) -> tuple[list[int], list[int], list[int], list[str], list[str], list[str]]: ...
    def near_duplicates(
        self, threshold: float = 0.8, shingle: int = 5
    ) -> tuple[list[int], list[int], list[float], list[float]]: ...
