"""Precision and recall of the extractors against the hand-annotated gold file.

``tests/data/extraction_gold.json`` was written by reading the sample reports (and the
unseen fixtures) line by line; see ``tests/data/extraction_gold.md`` for the conventions.
Gold entries marked optional are don't-care: a prediction on one counts neither way.
Run with ``pytest -s tests/test_extraction_gold.py`` to see every error and the agreement
on the fields that are not scored (approx, low, high, subject).
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pytest

import zhreport as zr

HERE = Path(__file__).parent
GOLD = json.loads((HERE / "data" / "extraction_gold.json").read_text(encoding="utf-8"))
SAMPLES = dict(zip(zr.sample_report_names(), zr.sample_reports()))


def report_text(name: str) -> str:
    if name.startswith("unseen/"):
        raw = (HERE / "fixtures" / name).read_bytes()
        return zr.normalize(zr.decode(raw))
    return zr.normalize(SAMPLES[name])


def locate(text: str, entry: dict[str, object], taken: set[int]) -> tuple[int, int]:
    """The span of a gold entry: in the first occurrence of its context whose span is not
    taken by an earlier entry (two entries may share a context or start at the same place)."""
    context, surface = str(entry["context"]), str(entry["text"])
    offset = context.index(surface)
    at = text.find(context)
    while at != -1 and at + offset in taken:
        at = text.find(context, at + 1)
    assert at != -1, f"context {context!r} not in text"
    taken.add(at + offset)
    return at + offset, at + offset + len(surface)


@dataclass
class Score:
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(kind: str, same: object) -> tuple[Score, list[str], list[tuple[object, dict[str, object]]]]:
    total = Score()
    errors: list[str] = []
    pairs: list[tuple[object, dict[str, object]]] = []
    for name, report in GOLD["reports"].items():
        text = report_text(name)
        reference = datetime.date.fromisoformat(report["reference"]) if report.get("reference") else None
        taken: set[int] = set()
        gold = [(locate(text, e, taken), e) for e in report[kind]]
        if kind == "quantities":
            predicted = [((q.start, q.end), q) for q in zr.extract_quantities(text)]
        else:
            predicted = [((d.start, d.end), d) for d in zr.extract_dates(text, reference)]
        used: set[int] = set()
        for span, item in predicted:
            candidates = [i for i, (g_span, _) in enumerate(gold) if overlaps(span, g_span) and i not in used]
            if any(gold[i][1].get("optional") for i in candidates):
                used.update(i for i in candidates if gold[i][1].get("optional"))
                continue
            total.predicted += 1
            hit = next((i for i in candidates if same(item, gold[i][1])), None)  # type: ignore[operator]
            if hit is None:
                errors.append(f"{name}: predicted {item.text!r} {describe(item)}")
            else:
                used.add(hit)
                total.matched += 1
                pairs.append((item, gold[hit][1]))
        for i, (_, entry) in enumerate(gold):
            if not entry.get("optional"):
                total.gold += 1
                if i not in used:
                    errors.append(f"{name}: missed {entry['text']!r} {entry}")
    return total, errors, pairs


def describe(item: object) -> str:
    if isinstance(item, zr.Quantity):
        return f"value={item.value} unit={item.unit}"
    assert isinstance(item, zr.DateMention)
    return f"{item.start_date}..{item.end_date}"


def same_quantity(q: zr.Quantity, g: dict[str, object]) -> bool:
    value = float(g["value"])  # type: ignore[arg-type]
    return math.isclose(q.value, value, rel_tol=1e-6, abs_tol=1e-3) and q.unit == g["unit"]


def iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def same_date(d: zr.DateMention, g: dict[str, object]) -> bool:
    # A null start/end in the gold file: the page gives no reference, the day is unresolved.
    return iso(d.start_date) == g["start"] and iso(d.end_date) == g["end"]


def field_agreement(pairs: list[tuple[object, dict[str, object]]]) -> str:
    """Agreement on approx/low/high/subject over the matched quantities whose gold entry gives the field."""
    parts = []
    for field in ("approx", "low", "high", "subject"):
        agree = total = 0
        for item, entry in pairs:
            if field not in entry:
                continue
            total += 1
            got, want = getattr(item, field), entry[field]
            if isinstance(want, (int, float)) and isinstance(got, (int, float)):
                agree += math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-3)
            else:
                agree += got == want
        parts.append(f"{field} {agree}/{total}")
    return "fields: " + ", ".join(parts)


def test_gold_file_is_big_enough() -> None:
    quantities = sum(not e.get("optional") for r in GOLD["reports"].values() for e in r["quantities"])
    dates = sum(not e.get("optional") for r in GOLD["reports"].values() for e in r["dates"])
    assert quantities >= 80
    assert dates >= 30


@pytest.mark.parametrize(
    ("kind", "same", "min_precision", "min_recall"),
    [("quantities", same_quantity, 0.95, 0.90), ("dates", same_date, 0.95, 0.95)],
)
def test_precision_and_recall(kind: str, same: object, min_precision: float, min_recall: float) -> None:
    result, errors, pairs = score(kind, same)
    report = f"{kind}: P={result.precision:.3f} R={result.recall:.3f} ({result.matched}/{result.predicted} predicted, {result.gold} gold)"
    print(report)
    if kind == "quantities":
        print(field_agreement(pairs))
    print("\n".join(errors))
    assert result.precision >= min_precision, report + "\n" + "\n".join(errors)
    assert result.recall >= min_recall, report + "\n" + "\n".join(errors)
