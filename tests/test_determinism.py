"""Determinism: the same input gives byte-identical output in one process, across
processes (with different hash seeds) and for any number of workers."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import subprocess
import sys
from typing import Any

import pytest

import zhreport as zr

REFERENCE = datetime.date(2020, 2, 17)

# Inputs that reach the parts of the pipeline where an unordered container could leak
# into the output: Traditional text (phrase conversion), ruby damage and its restoration,
# HTML, mojibake, entities, many quantities and dates, repeated words (frequency ties).
TRICKY = [
    "",
    "主動(dòng)作為、勇挑重?fù)?dān)、沖鋒在前。堅(jiān)持“日?qǐng)?bào)告、日匯總”。",
    "<p>疫情&nbsp;防控&amp;宣传</p>\r\n<Ａ>>&am\x07p;",
    "æ–°å† è‚ºç‚Ž\n鏂板啝鑲虹値\n",
    "區委書記馮衛華、局长郭方芳同志在湖北省襄阳市調研。2600余名党员，64.2萬元，3月12日至28日。",
    "党员 干部 党员 干部 群众 群众 社区 社区 防控 防控 " * 20,
    "?(?dān)dān) 發?dān)(fā)生 字(zì)" * 5,
]


def documents() -> list[str]:
    return zr.sample_reports() + TRICKY


def fingerprint(report: zr.Report) -> str:
    """The report as canonical JSON: every field, keys sorted, dates as ISO strings."""
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True, default=str)


def cleaned_fingerprint(cleaned: zr.Cleaned) -> str:
    fields: dict[str, Any] = {
        "text": cleaned.text,
        "normalized": cleaned.normalized,
        "title": cleaned.title,
        "published": cleaned.published,
        "source": cleaned.source,
        "editors": cleaned.editors,
        "authors": cleaned.authors,
        "dateline": cleaned.dateline,
        "captions": cleaned.captions,
        "lines": [line.as_tuple() for line in cleaned.lines],
        "script": cleaned.script,
        "repairs": cleaned.repairs,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


def digest(texts: list[str]) -> str:
    """One hash over the analyses of all texts, as a child process computes it too."""
    h = hashlib.sha256()
    for text in texts:
        h.update(fingerprint(zr.analyze(text, reference_date=REFERENCE)).encode("utf-8"))
        h.update(cleaned_fingerprint(zr.clean(text)).encode("utf-8"))
        h.update(json.dumps(zr.cut(text), ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


CHILD = """
import json, sys
sys.path.insert(0, {here!r})
import test_determinism as t
print(t.digest(t.documents()))
"""


def test_same_input_same_output_within_a_process() -> None:
    for text in documents():
        first = fingerprint(zr.analyze(text, reference_date=REFERENCE))
        # Interleave other work, so that any state left behind by it would show.
        zr.analyze(TRICKY[1] + text[::-1])
        assert fingerprint(zr.analyze(text, reference_date=REFERENCE)) == first
        assert cleaned_fingerprint(zr.clean(text)) == cleaned_fingerprint(zr.clean(text))
        assert zr.extract_entities(text) == zr.extract_entities(text)


def test_same_output_across_processes_and_hash_seeds() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    expected = digest(documents())
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD.format(here=here)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "4242")
    ]
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        assert out.strip() == expected


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_batches_do_not_depend_on_the_worker_count(workers: int) -> None:
    texts = documents() * 2
    one_by_one = [fingerprint(zr.analyze(t, reference_date=REFERENCE)) for t in texts]
    batch = zr.analyze_batch(texts, workers=workers, reference_date=REFERENCE)
    assert [fingerprint(r) for r in batch] == one_by_one
    cleaned = [cleaned_fingerprint(c) for c in zr.clean_batch(texts, workers=workers)]
    assert cleaned == [cleaned_fingerprint(zr.clean(t)) for t in texts]
    assert zr.cut_batch(texts, workers=workers) == [zr.cut(t) for t in texts]


def test_corpus_tables_do_not_depend_on_the_worker_count() -> None:
    texts = documents()
    tables = []
    for workers in (1, 4):
        corpus = zr.Corpus(texts, workers=workers)
        tables.append(
            (
                corpus.frequencies().to_csv(),
                corpus.ngrams(2).to_csv(),
                corpus.keywords().to_csv(),
                corpus.documents().to_csv(),
            )
        )
    assert tables[0] == tables[1]
