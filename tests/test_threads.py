"""Thread safety: many Python threads calling shared segmenters and the module functions
at once get the same answers as one thread; user dictionaries never leak between
segmenters."""

from __future__ import annotations

import datetime
import pickle
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import zhreport as zr

REFERENCE = datetime.date(2020, 2, 17)
# Neither word is in the default dictionaries: each segmenter below knows one of them.
WORD_A = "驻点专班"
WORD_B = "网格兜底"
TEXT = f"社区成立{WORD_A}，实行{WORD_B}，2600余名党员3月12日至28日下沉。"


def words(segmenter: zr.Segmenter | None, text: str = TEXT) -> list[str]:
    return zr.cut(text) if segmenter is None else segmenter.cut(text)


def test_the_words_are_unknown_without_a_user_dictionary() -> None:
    # Otherwise the leak test below could not fail.
    assert WORD_A not in zr.cut(TEXT) and WORD_B not in zr.cut(TEXT)


def test_module_functions_and_a_shared_segmenter_under_a_thread_pool() -> None:
    shared = zr.Segmenter(user_words=[WORD_A])
    texts = zr.sample_reports() + [TEXT, "主動(dòng)作為、勇挑重?fù)?dān)", "區委書記馮衛華在湖北省襄阳市"]
    calls: list[tuple[str, Callable[[str], Any]]] = [
        ("cut", zr.cut),
        ("tokens", lambda t: [tok.as_tuple() for tok in zr.tokens(t)]),
        ("shared.cut", shared.cut),
        ("shared.tokens", lambda t: [tok.as_tuple() for tok in shared.tokens(t)]),
        ("normalize", zr.normalize),
        ("clean", lambda t: zr.clean(t).text),
        ("analyze", lambda t: zr.analyze(t, reference_date=REFERENCE).to_dict()),
        ("quantities", lambda t: [q.as_tuple() for q in zr.extract_quantities(t)]),
        ("dates", lambda t: [d.as_tuple() for d in zr.extract_dates(t, REFERENCE)]),
        ("entities", lambda t: [e.as_tuple() for e in zr.extract_entities(t)]),
        ("simplified", zr.to_simplified),
        ("traditional", zr.to_traditional),
        ("stats", zr.text_stats),
    ]
    expected = {(name, i): call(text) for name, call in calls for i, text in enumerate(texts)}
    jobs = [(name, call, i, texts[i]) for _ in range(3) for name, call in calls for i in range(len(texts))]

    def run(job: tuple[str, Callable[[str], Any], int, str]) -> tuple[tuple[str, int], Any]:
        name, call, i, text = job
        return (name, i), call(text)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for key, result in pool.map(run, jobs):
            assert result == expected[key], key


def test_user_dictionaries_stay_in_their_segmenter_under_threads(tmp_path: Path) -> None:
    dictionary = tmp_path / "user.txt"
    dictionary.write_text(f"{WORD_B} 10 n\n", encoding="utf-8")

    def build(which: str) -> zr.Segmenter:
        return zr.Segmenter(user_words=[WORD_A]) if which == "a" else zr.Segmenter(user_dict=dictionary)

    # Segmenters built concurrently, then used concurrently, with the default one between.
    with ThreadPoolExecutor(max_workers=6) as pool:
        segmenters = list(pool.map(build, ["a", "b"] * 3))
        kinds = ["a", "b"] * 3 + [None] * 2
        jobs = [(kind, seg) for _ in range(20) for kind, seg in zip(kinds, segmenters + [None, None])]
        results = list(pool.map(lambda job: (job[0], words(job[1])), jobs))
    for kind, cut in results:
        assert (WORD_A in cut) is (kind == "a"), (kind, cut)
        assert (WORD_B in cut) is (kind == "b"), (kind, cut)
        assert "".join(cut) == TEXT
    # A pickled segmenter takes its own words, and only those, to the copy.
    copy = pickle.loads(pickle.dumps(segmenters[0]))
    assert WORD_A in copy.cut(TEXT) and WORD_B not in copy.cut(TEXT)
    assert WORD_A not in zr.cut(TEXT) and WORD_B not in zr.cut(TEXT)
