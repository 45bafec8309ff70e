"""The :class:`Corpus`: tables researchers publish, over many reports.

Segmentation and every count run in Rust over arrays of word ids (no Python object per
token); the methods return pandas DataFrames with documented columns, deterministic for
the same input. :meth:`Corpus.arrow` gives any of them as a pyarrow Table.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from zhreport import _core

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from zhreport.report import Report

Group = Iterable[bool] | Iterable[str] | Callable[[Mapping[Hashable, Any]], bool]


def default_stopwords() -> list[str]:
    """Return the embedded Chinese stopword list (stopwords-iso, MIT; 794 entries).

    Example:
        >>> words = default_stopwords()
        >>> "的" in words and "我们" in words
        True
    """
    return _core.default_stopwords()


class Concordance:
    """Key-word-in-context lines: a DataFrame (:attr:`frame`) that shows as aligned HTML.

    Columns of :attr:`frame`: ``doc_id``, ``left``, ``keyword``, ``right``, ``start``,
    ``end`` (code-point offsets of the keyword in the document's clean text).
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        width = max((len(str(left)) for left in self.frame["left"]), default=0)
        lines = [f"{left:>{width}} [{kw}] {right}" for left, kw, right in self._rows()]
        return "\n".join(lines) or "(no occurrence)"

    def _rows(self) -> Iterable[tuple[str, str, str]]:
        return zip(self.frame["left"], self.frame["keyword"], self.frame["right"])

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr>"
            f"<td style='text-align:right;white-space:pre'>{html.escape(left)}</td>"
            f"<td style='text-align:center'><b>{html.escape(keyword)}</b></td>"
            f"<td style='text-align:left;white-space:pre'>{html.escape(right)}</td>"
            f"<td><small>{html.escape(str(doc))}</small></td>"
            "</tr>"
            for (left, keyword, right), doc in zip(self._rows(), self.frame["doc_id"])
        )
        return f"<table class='zhreport-kwic'>{rows}</table>"


class Corpus:
    """A collection of reports with corpus-level statistics.

    Args:
        texts: the raw reports (cleaned first) or, with ``clean=False``, texts to analyse
            as they are.
        ids: one unique identifier per text (default ``"0"``, ``"1"`` …).
        meta: extra per-document columns (a DataFrame or a sequence of mappings, one row
            per text) joined onto :meth:`documents`.
        workers: Rust threads for the batch work (``None``: every core).
        clean: whether to clean the texts first.

    Example:
        >>> import zhreport as zr
        >>> corpus = zr.Corpus(zr.sample_reports())
        >>> len(corpus), list(corpus.frequencies().columns)
        (5, ['word', 'pos', 'tf', 'df'])
        >>> corpus.frequencies().iloc[0]["word"]
        '疫情'
    """

    def __init__(
        self,
        texts: Iterable[str],
        ids: Iterable[str] | None = None,
        meta: pd.DataFrame | Sequence[Mapping[str, Any]] | None = None,
        *,
        workers: int | None = None,
        clean: bool = True,
    ) -> None:
        self.texts: list[str] = list(texts)
        self.ids: list[str] = [str(i) for i in ids] if ids is not None else [str(i) for i in range(len(self.texts))]
        if len(self.ids) != len(self.texts):
            raise _core_error("InvalidArgumentError", f"{len(self.ids)} ids for {len(self.texts)} texts")
        if len(set(self.ids)) != len(self.ids):
            raise _core_error("InvalidArgumentError", "ids must be unique")
        import pandas as pd

        self.meta: pd.DataFrame = pd.DataFrame(meta if meta is not None else [{} for _ in self.texts])
        if len(self.meta) != len(self.texts):
            raise _core_error("InvalidArgumentError", f"{len(self.meta)} meta rows for {len(self.texts)} texts")
        self.workers = workers
        self.cleaned = clean
        #: Files that could not be read (``Corpus.from_dir``): path and reason.
        self.failures: list[tuple[str, str]] = []
        self._bodies: list[str] | None = None
        self._index: _core.CorpusIndex | None = None
        self._reports: list[Report] | None = None

    @classmethod
    def from_dir(
        cls,
        path: str | Path,
        pattern: str = "**/*.txt",
        encoding: str | None = None,
        *,
        workers: int | None = None,
    ) -> Corpus:
        """Read every file under ``path`` matching ``pattern`` (mixed encodings detected).

        Each file's path relative to ``path`` is its id; files that cannot be read or
        decoded are listed in :attr:`failures` instead of failing the whole corpus.

        Example:
            >>> import tempfile, pathlib, zhreport as zr
            >>> folder = pathlib.Path(tempfile.mkdtemp())
            >>> _ = (folder / "a.txt").write_bytes("標題\n\n正文。".encode("big5"))
            >>> corpus = zr.Corpus.from_dir(folder)
            >>> corpus.ids, corpus.bodies, corpus.failures
            (['a.txt'], ['正文。'], [])
        """
        from zhreport.io import read_dir

        texts: list[str] = []
        ids: list[str] = []
        failures: list[tuple[str, str]] = []
        for result in read_dir(path, pattern, encoding):
            if result.text is None:
                failures.append((result.id, result.error or "unreadable"))
            else:
                texts.append(result.text)
                ids.append(result.id)
        corpus = cls(texts, ids, workers=workers)
        corpus.failures = failures
        return corpus

    def __len__(self) -> int:
        return len(self.texts)

    def __repr__(self) -> str:
        return f"Corpus({len(self)} documents)"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_index"] = None  # rebuilt on demand from the texts
        return state

    # -- the analysed documents ------------------------------------------------------

    @property
    def bodies(self) -> list[str]:
        """The clean body of every document (the texts themselves with ``clean=False``)."""
        if self._bodies is None:
            if self.cleaned:
                self._bodies = [c.text for c in _core.clean_batch(self.texts, self.workers)]
            else:
                self._bodies = list(self.texts)
        return self._bodies

    @property
    def index(self) -> _core.CorpusIndex:
        """The segmented bodies (built once, in parallel, on first use)."""
        if self._index is None:
            self._index = _core.CorpusIndex(self.bodies, self.workers)
        return self._index

    @property
    def reports(self) -> list[Report]:
        """Every document fully analysed (:func:`zhreport.analyze`), built on first use."""
        if self._reports is None:
            import zhreport

            if self.cleaned:
                self._reports = zhreport.analyze_batch(self.texts, workers=self.workers)
            else:
                self._reports = [zhreport.analyze(text) for text in self.texts]
        return self._reports

    def documents(self) -> pd.DataFrame:
        """One row per document: metadata, then every :func:`zhreport.text_stats` figure.

        Columns: ``doc_id``, ``title``, ``published``, ``source``, ``editors``,
        ``authors``, ``dateline``, ``script``, ``text``, the statistics keys, then the
        columns of ``meta``.

        Example:
            >>> import zhreport as zr
            >>> docs = zr.Corpus(zr.sample_reports()).documents()
            >>> docs.loc[4, "dateline"], int(docs.loc[4, "paragraphs"]) > 5
            ('人民网济南2月6日电', True)
        """
        import pandas as pd

        rows = []
        for doc_id, report in zip(self.ids, self.reports):
            row: dict[str, Any] = {
                "doc_id": doc_id,
                "title": report.title,
                "published": report.published,
                "source": report.source,
                "editors": report.editors,
                "authors": report.authors,
                "dateline": report.dateline,
                "script": report.script,
                "text": report.text,
            }
            row.update(report.stats)
            rows.append(row)
        frame = pd.DataFrame(rows)
        if not self.meta.empty:
            frame = pd.concat([frame, self.meta.reset_index(drop=True)], axis=1)
        frame["published"] = pd.to_datetime(frame["published"])
        return frame

    def quantities(self) -> pd.DataFrame:
        """One row per quantity of every document.

        Columns: ``doc_id``, ``published``, ``text``, ``value``, ``low``, ``high``,
        ``approx``, ``unit``, ``subject``, ``start``, ``end`` (offsets into the clean text).

        Example:
            >>> import zhreport as zr
            >>> q = zr.Corpus(zr.sample_reports()).quantities()
            >>> row = q[q["text"] == "310万元"].iloc[0]
            >>> float(row["value"]), row["unit"]
            (3100000.0, '元')
        """
        import pandas as pd

        columns = ["doc_id", "published", "text", "value", "low", "high", "approx", "unit", "subject", "start", "end"]
        rows = [
            (doc_id, report.published, q.text, q.value, q.low, q.high, q.approx, q.unit, q.subject, q.start, q.end)
            for doc_id, report in zip(self.ids, self.reports)
            for q in report.quantities
        ]
        frame = pd.DataFrame(rows, columns=columns)
        frame["published"] = pd.to_datetime(frame["published"])
        return frame

    def dates(self) -> pd.DataFrame:
        """One row per date mention: ``doc_id``, ``text``, ``start_date``, ``end_date``,
        ``kind``, ``start``, ``end``.

        Partial dates are resolved against each report's publication date.

        Example:
            >>> import zhreport as zr
            >>> d = zr.Corpus(zr.sample_reports()).dates()
            >>> str(d[d["text"] == "腊月二十九"].iloc[0]["start_date"])
            '2020-01-23'
        """
        import pandas as pd

        columns = ["doc_id", "text", "start_date", "end_date", "kind", "start", "end"]
        rows = [
            (doc_id, d.text, d.start_date, d.end_date, d.kind, d.start, d.end)
            for doc_id, report in zip(self.ids, self.reports)
            for d in report.dates
        ]
        return pd.DataFrame(rows, columns=columns)

    def entities(self) -> pd.DataFrame:
        """One row per entity: ``doc_id``, ``text``, ``kind``, ``title``, ``start``, ``end``.

        Example:
            >>> import zhreport as zr
            >>> e = zr.Corpus(["区委书记冯卫华到社区检查。"], clean=False).entities()
            >>> e[e["kind"] == "person"][["text", "title"]].values.tolist()
            [['冯卫华', '区委书记']]
        """
        import pandas as pd

        columns = ["doc_id", "text", "kind", "title", "start", "end"]
        rows = [
            (doc_id, e.text, e.kind, e.title, e.start, e.end)
            for doc_id, report in zip(self.ids, self.reports)
            for e in report.entities
        ]
        return pd.DataFrame(rows, columns=columns)

    # -- vocabulary tables -------------------------------------------------------------

    def frequencies(
        self,
        pos: Sequence[str] | None = None,
        stopwords: Iterable[str] | None = None,
        min_count: int = 1,
        min_chars: int = 1,
        drop_numbers: bool = True,
    ) -> pd.DataFrame:
        """Term and document frequency of every word.

        Args:
            pos: POS-tag prefixes to keep (``["n", "v"]`` keeps nouns and verbs); None keeps all.
            stopwords: words to leave out; None uses :func:`default_stopwords`, ``()`` none.
            min_count: smallest term frequency listed.
            min_chars: shortest word listed, in characters.
            drop_numbers: leave out numbers, quantities and dates.

        Returns:
            Columns ``word``, ``pos`` (tag of its first occurrence), ``tf`` (occurrences),
            ``df`` (documents containing it), sorted by ``tf`` then word.

        Example:
            >>> import zhreport as zr
            >>> corpus = zr.Corpus(["口罩发放到社区。", "社区发放口罩,口罩充足。"], clean=False)
            >>> corpus.frequencies(stopwords=()).head(3).values.tolist()
            [['口罩', 'n', 3, 2], ['发放', 'v', 2, 2], ['社区', 'n', 2, 2]]
        """
        import pandas as pd

        words, tags, tf, df = self.index.frequencies(
            _stopword_arg(stopwords), _pos_arg(pos), min_chars, drop_numbers, min_count
        )
        return pd.DataFrame({"word": words, "pos": tags, "tf": tf, "df": df})

    def keywords(
        self,
        n: int = 10,
        method: Literal["tfidf", "textrank"] = "tfidf",
        pos: Sequence[str] | None = ("n", "v"),
        stopwords: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """The ``n`` keywords of every document.

        ``tfidf`` scores ``tf × idf`` with ``tf`` = count / words of the document and
        ``idf = ln((1 + N) / (1 + df)) + 1`` over this corpus; for a corpus of one document
        it falls back to jieba's TF-IDF with jieba's IDF table. ``textrank`` ranks words by
        PageRank over co-occurrence within five tokens (scores scaled so the best is 1).
        Candidates are words of two or more characters with the given POS prefixes.

        Returns:
            Columns ``doc_id``, ``rank`` (1 = best), ``word``, ``score``.

        Example:
            >>> import zhreport as zr
            >>> corpus = zr.Corpus(["口罩口罩口罩发放,社区工作。", "社区工作,志愿者服务。"], clean=False)
            >>> corpus.keywords(1)[["doc_id", "word"]].values.tolist()
            [['0', '口罩'], ['1', '志愿者']]
        """
        import pandas as pd

        docs, words, scores = self.index.keywords(method, n, _stopword_arg(stopwords), _pos_arg(pos))
        frame = pd.DataFrame({"doc_id": [self.ids[d] for d in docs], "word": words, "score": scores})
        frame.insert(1, "rank", frame.groupby("doc_id", sort=False).cumcount() + 1)
        return frame

    def ngrams(
        self,
        n: int = 2,
        min_count: int = 2,
        pos: Sequence[str] | None = None,
        stopwords: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Word n-grams with their counts; an n-gram never spans punctuation or a left-out
        word (stopword, number).

        Returns:
            Columns ``ngram`` (words joined by spaces), ``count``, ``df``.

        Example:
            >>> import zhreport as zr
            >>> zr.Corpus(["志愿者发放口罩。志愿者发放口罩"], clean=False).ngrams(3).values.tolist()
            [['志愿者 发放 口罩', 2, 1]]
        """
        import pandas as pd

        grams, counts, dfs = self.index.ngrams(n, _stopword_arg(stopwords), _pos_arg(pos), 1, True, min_count)
        return pd.DataFrame({"ngram": grams, "count": counts, "df": dfs})

    def collocations(
        self,
        min_count: int = 3,
        by: Literal["llr", "pmi"] = "llr",
        stopwords: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Adjacent word pairs ranked by association.

        ``pmi = log2(count · N / (first_count · second_count))`` and ``llr`` is Dunning's
        log-likelihood G² of the pair's 2×2 table, with word frequencies as marginals and
        N the number of word tokens (NLTK's ``BigramAssocMeasures`` convention).

        Returns:
            Columns ``first``, ``second``, ``count``, ``first_count``, ``second_count``,
            ``pmi``, ``llr``, sorted by ``by`` (descending).

        Example:
            >>> import zhreport as zr
            >>> pairs = zr.Corpus(["志愿者发放口罩。"] * 3 + ["社区干部到岗。"], clean=False).collocations()
            >>> pairs[["first", "second", "count"]].values.tolist()[:2]
            [['志愿者', '发放', 3], ['发放', '口罩', 3]]
        """
        import pandas as pd

        first, second, count, c1, c2, pmi, llr = self.index.collocations(_stopword_arg(stopwords), None, 1, True, min_count)
        frame = pd.DataFrame(
            {"first": first, "second": second, "count": count, "first_count": c1, "second_count": c2, "pmi": pmi, "llr": llr}
        )
        return frame.sort_values([by, "first", "second"], ascending=[False, True, True], kind="stable").reset_index(drop=True)

    def keyness(
        self,
        group_a: Group,
        group_b: Group | None = None,
        min_count: int = 3,
        pos: Sequence[str] | None = None,
        stopwords: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Words over-used in sub-corpus A compared with sub-corpus B.

        Args:
            group_a: the documents of A: a boolean mask (one per document, e.g. a pandas
                Series from :meth:`documents`), an iterable of ids, or a function of a
                :meth:`documents` row returning True for A.
            group_b: the same for B; None means every document not in A.
            min_count: smallest ``a_count + b_count`` listed.

        Returns:
            Columns ``word``, ``a_count``, ``b_count``, ``a_per_million``,
            ``b_per_million``, ``g2`` (log-likelihood, Rayson & Garside), ``log_ratio``
            (Hardie's effect size: log2 of the ratio of relative frequencies, a zero count
            taken as 0.5; positive = over-used in A), ``p_value`` (χ², 1 d.f.), sorted by
            ``g2``.

        Raises:
            InvalidArgumentError: a mask of the wrong length, an unknown id, or a group
                that selects no document.

        Example:
            >>> import zhreport as zr
            >>> corpus = zr.Corpus(["口罩口罩口罩口罩。", "社区社区社区社区。"], clean=False)
            >>> top = corpus.keyness([True, False], min_count=1).iloc[0]
            >>> top["word"], int(top["a_count"]), bool(top["log_ratio"] > 0)
            ('口罩', 4, True)
        """
        import pandas as pd

        a = self._select(group_a)
        if group_b is None:
            in_a = set(a)
            b = [i for i in range(len(self)) if i not in in_a]
        else:
            b = self._select(group_b)
        for name, group in (("group_a", a), ("group_b", b)):
            if not group:
                raise _core_error("InvalidArgumentError", f"{name} selects no document")
        columns = self.index.keyness(a, b, _stopword_arg(stopwords), _pos_arg(pos), 1, True, min_count)
        names = ["word", "a_count", "b_count", "a_per_million", "b_per_million", "g2", "log_ratio", "p_value"]
        return pd.DataFrame(dict(zip(names, columns)))

    def _select(self, group: Group) -> list[int]:
        if callable(group):
            documents = self.documents()
            return [i for i, row in enumerate(documents.to_dict("records")) if group(row)]
        items = list(group)
        if not items:
            return []
        if all(isinstance(x, (bool,)) or type(x).__name__ == "bool_" for x in items):
            if len(items) != len(self):
                raise _core_error("InvalidArgumentError", f"a mask needs {len(self)} values, not {len(items)}")
            return [i for i, keep in enumerate(items) if keep]
        position = {doc_id: i for i, doc_id in enumerate(self.ids)}
        missing = [x for x in items if str(x) not in position]
        if missing:
            raise _core_error("InvalidArgumentError", f"unknown document ids: {missing[:5]}")
        return [position[str(x)] for x in items]

    def concordance(self, word: str, width: int = 10) -> Concordance:
        """Every occurrence of ``word`` as a whole word, with ``width`` characters of
        context on each side (line breaks shown as spaces).

        Returns:
            A :class:`Concordance`: ``.frame`` is a DataFrame with columns ``doc_id``,
            ``left``, ``keyword``, ``right``, ``start``, ``end``; in a notebook it shows as
            an aligned table.

        Example:
            >>> import zhreport as zr
            >>> kwic = zr.Corpus(["社区志愿者到岗。", "志愿者们发放口罩"], clean=False).concordance("志愿者", 2)
            >>> kwic.frame[["doc_id", "left", "keyword", "right"]].values.tolist()
            [['0', '社区', '志愿者', '到岗'], ['1', '', '志愿者', '们发']]
        """
        import pandas as pd

        docs, starts, ends, left, keyword, right = self.index.concordance(word, width)
        frame = pd.DataFrame(
            {
                "doc_id": [self.ids[d] for d in docs],
                "left": left,
                "keyword": keyword,
                "right": right,
                "start": starts,
                "end": ends,
            }
        )
        return Concordance(frame)

    def near_duplicates(self, threshold: float = 0.8, shingle: int = 5) -> pd.DataFrame:
        """Pairs of documents that are (nearly) the same report.

        Character ``shingle``-grams of each clean text (spaces and punctuation removed) are
        hashed into MinHash signatures (128 functions); LSH (32 bands × 4 rows) proposes
        candidate pairs, whose exact Jaccard similarity is then measured.

        Returns:
            Columns ``doc_a``, ``doc_b``, ``jaccard`` (exact, ≥ ``threshold``),
            ``estimate`` (MinHash), sorted by ``jaccard``.

        Example:
            >>> import zhreport as zr
            >>> texts = zr.sample_reports()
            >>> reposted = "转载自某网站\\n" + texts[1]
            >>> pairs = zr.Corpus(texts + [reposted]).near_duplicates()
            >>> pairs[["doc_a", "doc_b"]].values.tolist()
            [['1', '5']]
        """
        import pandas as pd

        a, b, jaccard, estimate = self.index.near_duplicates(threshold, shingle)
        return pd.DataFrame(
            {"doc_a": [self.ids[i] for i in a], "doc_b": [self.ids[i] for i in b], "jaccard": jaccard, "estimate": estimate}
        )

    # -- export ------------------------------------------------------------------------

    def arrow(self, table: str = "documents", **options: Any) -> pa.Table:
        """Any table of this corpus as a pyarrow Table: ``corpus.arrow("frequencies", pos=["n"])``.

        Example:
            >>> import zhreport as zr
            >>> zr.Corpus(["口罩。"], clean=False).arrow("frequencies").column_names
            ['word', 'pos', 'tf', 'df']
        """
        import pyarrow as pa

        allowed = {"documents", "quantities", "dates", "entities", "frequencies", "keywords", "ngrams", "collocations", "near_duplicates"}
        if table not in allowed:
            raise _core_error("InvalidArgumentError", f"table must be one of {sorted(allowed)}, not {table!r}")
        frame = getattr(self, table)(**options)
        return pa.Table.from_pandas(frame, preserve_index=False)

    def to_parquet(self, path: str | Path, table: str = "documents", **options: Any) -> None:
        """Write a table (default: :meth:`documents`) to a Parquet file.

        Example:
            >>> import tempfile, pathlib, pandas as pd, zhreport as zr
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "freq.parquet"
            >>> zr.Corpus(["口罩,口罩。"], clean=False).to_parquet(path, "frequencies")
            >>> pd.read_parquet(path).values.tolist()
            [['口罩', 'n', 2, 1]]
        """
        import pyarrow.parquet as pq

        pq.write_table(self.arrow(table, **options), str(path))


def _stopword_arg(stopwords: Iterable[str] | None) -> list[str] | None:
    return None if stopwords is None else list(stopwords)


def _pos_arg(pos: Sequence[str] | None) -> list[str] | None:
    return None if pos is None else list(pos)


def _core_error(name: str, message: str) -> Exception:
    from zhreport import errors

    error_class: type[Exception] = getattr(errors, name)
    return error_class(message)

