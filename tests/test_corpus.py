"""`zr.Corpus` tables checked against plain-Python reference implementations over the
segmenter's own words, and against figures counted by hand on short texts."""

from __future__ import annotations

import math
import pickle
import random
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import zhreport as zr


def words_of(text: str) -> list[str | None]:
    """The corpus's view of a text: word tokens, with None where punctuation separates them."""
    sequence: list[str | None] = []
    for token in zr.tokens(text):
        if any(c.isalnum() for c in token.text):
            sequence.append(token.text)
        elif sequence and sequence[-1] is not None:
            sequence.append(None)
    return sequence


@pytest.fixture(scope="module")
def corpus() -> zr.Corpus:
    return zr.Corpus(zr.sample_reports(), ids=[name[:3] for name in zr.sample_report_names()])


@pytest.fixture(scope="module")
def sequences(corpus: zr.Corpus) -> list[list[str | None]]:
    return [words_of(body) for body in corpus.bodies]


def test_frequencies_match_a_counter(corpus: zr.Corpus, sequences: list[list[str | None]]) -> None:
    frame = corpus.frequencies(stopwords=(), drop_numbers=False)
    tf = Counter(w for seq in sequences for w in seq if w is not None)
    df = Counter(w for seq in sequences for w in {x for x in seq if x is not None})
    assert dict(zip(frame["word"], frame["tf"])) == dict(tf)
    assert dict(zip(frame["word"], frame["df"])) == dict(df)
    assert list(frame["tf"]) == sorted(frame["tf"], reverse=True)


def test_stopwords_numbers_and_pos_filters(corpus: zr.Corpus) -> None:
    default = corpus.frequencies()
    stop = set(zr.default_stopwords())
    assert not stop & set(default["word"])
    assert not any(w.isdigit() for w in default["word"])
    nouns = corpus.frequencies(pos=["n"])
    assert set(nouns["pos"]) and all(p.startswith("n") for p in nouns["pos"])
    custom = corpus.frequencies(stopwords=["疫情"])
    assert "疫情" not in set(custom["word"]) and "的" in set(custom["word"])
    assert all(tf >= 5 for tf in corpus.frequencies(min_count=5)["tf"])


def test_ngrams_match_a_reference(corpus: zr.Corpus, sequences: list[list[str | None]]) -> None:
    frame = corpus.ngrams(2, min_count=1, stopwords=())
    expected: Counter[str] = Counter()
    for seq in sequences:
        for a, b in zip(seq, seq[1:]):
            if a is not None and b is not None and not (a.isdigit() or b.isdigit()):
                expected[f"{a} {b}"] += 1
    got = dict(zip(frame["ngram"], frame["count"]))
    # Numbers are left out by default (drop_numbers); compare on pairs without number tokens.
    number_tags = {t.text for text in corpus.bodies for t in zr.tokens(text) if t.pos in ("m", "mq", "t")}
    expected = Counter({k: v for k, v in expected.items() if not set(k.split()) & number_tags})
    assert got == dict(expected)


def test_collocation_measures_match_their_formulas(corpus: zr.Corpus, sequences: list[list[str | None]]) -> None:
    frame = corpus.collocations(min_count=3)
    unigrams = Counter(w for seq in sequences for w in seq if w is not None)
    n = sum(unigrams.values())
    assert len(frame) > 5
    for row in frame.head(10).itertuples():
        c12, c1, c2 = row.count, unigrams[row.first], unigrams[row.second]
        assert (row.first_count, row.second_count) == (c1, c2)
        assert row.pmi == pytest.approx(math.log2(c12 * n / (c1 * c2)))
        observed = [c12, c1 - c12, c2 - c12, n - c1 - c2 + c12]
        expected = [c1 * c2 / n, c1 * (n - c2) / n, (n - c1) * c2 / n, (n - c1) * (n - c2) / n]
        g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o > 0)
        assert row.llr == pytest.approx(g2)
    assert list(frame["llr"]) == sorted(frame["llr"], reverse=True)
    by_pmi = corpus.collocations(min_count=3, by="pmi")
    assert list(by_pmi["pmi"]) == sorted(by_pmi["pmi"], reverse=True)


def test_keyness_matches_the_log_likelihood_formula(corpus: zr.Corpus, sequences: list[list[str | None]]) -> None:
    frame = corpus.keyness(["000", "001", "002"], min_count=1, stopwords=())
    a = Counter(w for seq in sequences[:3] for w in seq if w is not None)
    b = Counter(w for seq in sequences[3:] for w in seq if w is not None)
    na, nb = sum(a.values()), sum(b.values())
    for row in frame.head(20).itertuples():
        x, y = a[row.word], b[row.word]
        assert (row.a_count, row.b_count) == (x, y)
        e1, e2 = na * (x + y) / (na + nb), nb * (x + y) / (na + nb)
        g2 = 2 * sum(o * math.log(o / e) for o, e in ((x, e1), (y, e2)) if o > 0)
        assert row.g2 == pytest.approx(g2)
        assert row.log_ratio == pytest.approx(math.log2((max(x, 0.5) / na) / (max(y, 0.5) / nb)))
        assert row.p_value == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
        assert row.a_per_million == pytest.approx(x * 1e6 / na)
    assert list(frame["g2"]) == sorted(frame["g2"], reverse=True)


def test_keyness_groups_by_mask_ids_and_function(corpus: zr.Corpus) -> None:
    by_ids = corpus.keyness(["001", "003"])
    by_mask = corpus.keyness([False, True, False, True, False])
    by_function = corpus.keyness(lambda row: row["script"] == "traditional")
    pd.testing.assert_frame_equal(by_ids, by_mask)
    pd.testing.assert_frame_equal(by_ids, by_function)
    years = corpus.documents()["published"].dt.year
    assert len(corpus.keyness(years == 2020)) > 0
    with pytest.raises(zr.InvalidArgumentError):
        corpus.keyness(["nope"])
    with pytest.raises(zr.InvalidArgumentError):
        corpus.keyness([True, False])
    with pytest.raises(zr.InvalidArgumentError, match="group_a selects no document"):
        corpus.keyness([])
    with pytest.raises(zr.InvalidArgumentError, match="group_b selects no document"):
        corpus.keyness([True] * len(corpus))


def test_tfidf_keywords_match_a_reference(corpus: zr.Corpus) -> None:
    frame = corpus.keywords(5)
    tagged = [[t for t in zr.tokens(body) if any(c.isalnum() for c in t.text)] for body in corpus.bodies]
    tag_counts: dict[str, Counter[str]] = {}
    for doc in tagged:
        for t in doc:
            tag_counts.setdefault(t.text, Counter())[t.pos] += 1
    # A word's tag is its most frequent one; Counter.most_common keeps first-seen order on ties.
    majority_tag = {word: counts.most_common(1)[0][0] for word, counts in tag_counts.items()}
    stop = set(zr.default_stopwords())

    def keeps(word: str) -> bool:
        tag = majority_tag[word]
        numeric = tag in ("m", "mq", "t") or all(c.isnumeric() or c == "." for c in word)
        return len(word) >= 2 and tag[0] in "nv" and word not in stop and not numeric

    df = Counter(w for doc in tagged for w in {t.text for t in doc})
    n = len(tagged)
    for i, doc in enumerate(tagged):
        counts = Counter(t.text for t in doc if keeps(t.text))
        scores = {w: c / len(doc) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in counts.items()}
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        got = frame[frame["doc_id"] == corpus.ids[i]]
        assert list(got["word"]) == [w for w, _ in best]
        assert list(got["score"]) == pytest.approx([s for _, s in best])
        assert list(got["rank"]) == [1, 2, 3, 4, 5]


def test_textrank_and_single_document_fallback(corpus: zr.Corpus) -> None:
    ranked = corpus.keywords(8, method="textrank")
    assert set(ranked["doc_id"]) == set(corpus.ids)
    assert all(ranked.groupby("doc_id")["score"].max() == 1.0)
    single = zr.Corpus([zr.sample_reports()[2]]).keywords(5)
    assert len(single) == 5 and single["score"].is_monotonic_decreasing


def test_single_document_keywords_are_words_of_the_report_in_its_script() -> None:
    # A corpus of one falls back to jieba's IDF table, which is Simplified; a Traditional
    # report must still get its own (Traditional) words, each one a row of frequencies().
    traditional = [r for r in zr.sample_reports() if zr.detect_script(r) == "traditional"]
    assert traditional
    corpus = zr.Corpus(traditional[:1])
    words = list(corpus.keywords(10)["word"])
    assert len(words) == 10
    assert set(words) <= set(corpus.frequencies(min_count=1)["word"])
    assert any(zr.to_simplified(w) != w for w in words)
    with pytest.raises(zr.InvalidArgumentError):
        corpus.keywords(3, method="bm25")  # type: ignore[arg-type]


def test_concordance_slices_back_into_the_bodies(corpus: zr.Corpus) -> None:
    kwic = corpus.concordance("党员", width=6)
    bodies = dict(zip(corpus.ids, corpus.bodies))
    assert len(kwic) > 10
    for row in kwic.frame.itertuples():
        body = bodies[row.doc_id]
        assert body[row.start : row.end] == "党员"
        assert row.left == body[max(0, row.start - 6) : row.start].replace("\n", " ")
        assert row.right == body[row.end : row.end + 6].replace("\n", " ")
    html = kwic._repr_html_()
    assert html.count("<tr>") == len(kwic) and "<b>党员</b>" in html
    assert len(corpus.concordance("不存在的词")) == 0


def shingles(text: str, k: int = 5) -> set[str]:
    chars = "".join(c for c in text if c.isalnum())
    return {chars[i : i + k] for i in range(len(chars) - k + 1)}


def edited_copy(text: str, seed: int) -> str:
    """A repost: another site's banner, a few characters changed, the last line dropped."""
    rng = random.Random(seed)
    lines = text.split("\n")
    chars = list("\n".join(lines[:-1]))
    for _ in range(5):
        i = rng.randrange(len(chars))
        if "\u4e00" <= chars[i] <= "\u9fff":
            chars[i] = "某"
    return "转载自某某新闻网 | 首页 | 要闻\n" + "".join(chars)


def test_near_duplicates_find_reposts_only() -> None:
    samples = zr.sample_reports()
    texts = samples + [edited_copy(samples[0], 1), edited_copy(samples[3], 2)]
    corpus = zr.Corpus(texts, ids=["a", "b", "c", "d", "e", "a2", "d2"])
    pairs = corpus.near_duplicates(threshold=0.8)
    assert [tuple(p) for p in pairs[["doc_a", "doc_b"]].values.tolist()] in (
        [("a", "a2"), ("d", "d2")],
        [("d", "d2"), ("a", "a2")],
    )
    bodies = dict(zip(corpus.ids, corpus.bodies))
    for row in pairs.itertuples():
        sa, sb = shingles(bodies[row.doc_a]), shingles(bodies[row.doc_b])
        assert row.jaccard == pytest.approx(len(sa & sb) / len(sa | sb))
        assert abs(row.estimate - row.jaccard) < 0.2
    assert corpus.near_duplicates(threshold=1.0).empty  # edited copies are never identical
    with pytest.raises(zr.InvalidArgumentError):
        corpus.near_duplicates(threshold=1.5)


def test_documents_quantities_and_meta() -> None:
    texts = zr.sample_reports()
    corpus = zr.Corpus(texts, meta=[{"site": f"s{i}"} for i in range(5)])
    docs = corpus.documents()
    assert list(docs["site"]) == ["s0", "s1", "s2", "s3", "s4"]
    assert {"doc_id", "title", "published", "chars", "mtld", "lexicon_hits"} <= set(docs.columns)
    assert [None if pd.isna(t) else t for t in docs["title"]] == [zr.clean(t).title for t in texts]
    quantities = corpus.quantities()
    assert len(quantities) == sum(len(r.quantities) for r in corpus.reports)
    assert set(quantities["doc_id"]) <= set(corpus.ids)
    assert len(corpus.dates()) == sum(len(r.dates) for r in corpus.reports)
    assert len(corpus.entities()) == sum(len(r.entities) for r in corpus.reports)


def test_results_are_deterministic_across_workers() -> None:
    texts = zr.sample_reports()
    one, two = zr.Corpus(texts, workers=1), zr.Corpus(texts, workers=2)
    pd.testing.assert_frame_equal(one.frequencies(), two.frequencies())
    pd.testing.assert_frame_equal(one.keywords(), two.keywords())
    pd.testing.assert_frame_equal(one.collocations(min_count=2), two.collocations(min_count=2))
    pd.testing.assert_frame_equal(one.keywords(method="textrank"), two.keywords(method="textrank"))


def test_arrow_parquet_and_pickle(tmp_path: Path, corpus: zr.Corpus) -> None:
    table = corpus.arrow("frequencies", pos=["n"])
    assert table.column_names == ["word", "pos", "tf", "df"]
    assert table.num_rows == len(corpus.frequencies(pos=["n"]))
    path = tmp_path / "docs.parquet"
    corpus.to_parquet(path)
    assert pd.read_parquet(path)["doc_id"].tolist() == corpus.ids
    copy = pickle.loads(pickle.dumps(corpus))
    pd.testing.assert_frame_equal(copy.frequencies(), corpus.frequencies())
    with pytest.raises(zr.InvalidArgumentError):
        corpus.arrow("nothing")


def test_empty_corpus_and_bad_arguments() -> None:
    empty = zr.Corpus([])
    assert len(empty) == 0
    assert empty.frequencies().empty and list(empty.frequencies().columns) == ["word", "pos", "tf", "df"]
    assert empty.near_duplicates().empty and empty.keywords().empty
    with pytest.raises(zr.InvalidArgumentError):
        zr.Corpus(["a", "b"], ids=["x"])
    with pytest.raises(zr.InvalidArgumentError):
        zr.Corpus(["a", "b"], ids=["x", "x"])
    with pytest.raises(zr.InvalidArgumentError):
        zr.Corpus(["甲"]).ngrams(0)


def test_from_dir_reads_mixed_encodings_and_lists_failures(tmp_path: Path) -> None:
    samples = zr.sample_reports()
    (tmp_path / "gbk").mkdir()
    (tmp_path / "gbk" / "a.txt").write_bytes(samples[0].encode("gb18030"))
    (tmp_path / "b.txt").write_bytes(samples[1].encode("big5", errors="ignore"))
    (tmp_path / "c.txt").write_bytes(samples[4].encode("utf-8"))
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.md").write_text("不读", encoding="utf-8")
    corpus = zr.Corpus.from_dir(tmp_path)
    assert sorted(corpus.ids) == ["b.txt", "c.txt", "gbk/a.txt"]
    assert [path for path, _ in corpus.failures] == ["junk.txt"]
    titles = dict(zip(corpus.ids, corpus.documents()["title"]))
    assert titles["gbk/a.txt"] == zr.clean(samples[0]).title
    assert titles["c.txt"] == zr.clean(samples[4]).title
