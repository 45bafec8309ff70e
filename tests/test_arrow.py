"""analyze_arrow, analyze_pandas, item tables and the Parquet/CSV/JSON Lines writers."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

import zhreport as zr
from zhreport.arrow import flatten_items, format_for, report_schema

SHORT = "标题\n\n2020-02-17 来源:人民网\n\n区委书记冯卫华到场,共3人。\n2月8日,发放口罩近6万只。"


def _expected_row(report: zr.Report) -> dict[str, Any]:
    """The row analyze_arrow should give for a report, built field by field from the Report."""
    published = report.published
    if isinstance(published, datetime.date) and not isinstance(published, datetime.datetime):
        published = datetime.datetime(published.year, published.month, published.day)
    return {
        "title": report.title,
        "published": published,
        "source": report.source,
        "editors": report.editors,
        "authors": report.authors,
        "dateline": report.dateline,
        "script": report.script,
        "text": report.text,
        "n_chars": len(report.text),
        "n_paragraphs": len(report.paragraphs),
        "n_sentences": len(report.sentences),
        "n_tokens": len(report.tokens),
        "n_quantities": len(report.quantities),
        "n_dates": len(report.dates),
        "n_people": sum(e.kind == "person" for e in report.entities),
        "n_organizations": sum(e.kind == "organization" for e in report.entities),
        "n_places": sum(e.kind == "place" for e in report.entities),
        "error": report.error,
        "quantities": [
            dict(zip(["text", "value", "low", "high", "approx", "unit", "subject", "start", "end"], q.as_tuple()))
            for q in report.quantities
        ],
        "dates": [dict(zip(["text", "start_date", "end_date", "start", "end", "kind"], d.as_tuple())) for d in report.dates],
        "entities": [dict(zip(["text", "kind", "start", "end", "title"], e.as_tuple())) for e in report.entities],
    }


def test_analyze_arrow_rows_match_the_reports() -> None:
    texts = zr.sample_reports()
    table = pa.table({"id": [f"r{i}" for i in range(5)], "url": ["u"] * 5, "text": texts})
    out = zr.analyze_arrow(table, workers=2)
    assert out.schema == report_schema(pa.schema([("id", pa.string()), ("url", pa.string())]))
    rows = out.to_pylist()
    assert [row.pop("id") for row in rows] == ["r0", "r1", "r2", "r3", "r4"]
    assert [row.pop("url") for row in rows] == ["u"] * 5
    assert rows == [_expected_row(zr.analyze(text)) for text in texts]


def test_analyze_arrow_values_read_from_the_text() -> None:
    row = zr.analyze_arrow(pa.table({"text": [SHORT]})).to_pylist()[0]
    assert row["title"] == "标题"
    assert row["published"] == datetime.datetime(2020, 2, 17)
    assert row["source"] == "人民网"
    assert row["text"] == "区委书记冯卫华到场,共3人。\n2月8日,发放口罩近6万只。"
    assert (row["n_paragraphs"], row["n_sentences"], row["n_people"]) == (2, 2, 1)
    assert [(q["text"], q["value"], q["unit"]) for q in row["quantities"]] == [("3人", 3.0, "人"), ("近6万只", 60000.0, "只")]
    assert [(d["text"], d["start_date"]) for d in row["dates"]] == [("2月8日", datetime.date(2020, 2, 8))]
    person = [e for e in row["entities"] if e["kind"] == "person"]
    assert person == [{"text": "冯卫华", "kind": "person", "start": 4, "end": 7, "title": "区委书记"}]
    assert row["text"][4:7] == "冯卫华"


def test_record_batch_chunks_large_strings_and_nulls() -> None:
    texts = [SHORT, None, "共3人。"]
    batch = pa.record_batch({"k": [1, 2, 3], "body": pa.array(texts, pa.large_string())})
    out = zr.analyze_arrow(batch, text_column="body")
    assert out.column("k").to_pylist() == [1, 2, 3]
    assert out.column("error").to_pylist() == [None, "expected a str, got NoneType", None]
    assert out.column("n_quantities").to_pylist() == [2, 0, 1]
    chunked = pa.Table.from_batches([batch.slice(0, 1), batch.slice(1, 2)])
    assert zr.analyze_arrow(chunked, text_column="body").equals(out)


def test_empty_input_keeps_the_schema() -> None:
    empty = pa.table({"id": pa.array([], pa.int64()), "text": pa.array([], pa.string())})
    out = zr.analyze_arrow(empty)
    assert out.num_rows == 0
    assert out.schema == report_schema(pa.schema([("id", pa.int64())]))
    assert flatten_items(out, "entities").num_rows == 0


def test_analyze_arrow_argument_errors() -> None:
    with pytest.raises(zr.InvalidArgumentError, match="no column 'text'"):
        zr.analyze_arrow(pa.table({"body": ["x"]}))
    with pytest.raises(zr.InvalidArgumentError, match=r"\['title'\]"):
        zr.analyze_arrow(pa.table({"title": ["t"], "text": ["x"]}))
    with pytest.raises(zr.InvalidArgumentError, match="column must be one of"):
        flatten_items(zr.analyze_arrow(pa.table({"text": ["x"]})), "tokens")  # type: ignore[arg-type]


def test_item_tables_have_one_row_per_item() -> None:
    texts = ["无数字。", "共3人,近6万只口罩。", "区委书记冯卫华2月8日到场。"]
    reports = zr.analyze_batch(texts)
    quantities = zr.quantities_table(reports, ids=["a", "b", "c"]).to_pylist()
    assert [(q["doc"], q["id"], q["text"], q["value"]) for q in quantities] == [
        (1, "b", "3人", 3.0),
        (1, "b", "近6万只", 60000.0),
    ]
    dates = zr.dates_table(reports).to_pylist()
    assert [(d["doc"], d["text"], d["start"], d["end"]) for d in dates] == [(2, "2月8日", 7, 11)]
    assert "id" not in zr.dates_table(reports).column_names
    entities = zr.entities_table(reports, ids=["a", "b", "c"]).to_pylist()
    assert [(e["doc"], e["id"], e["text"], e["kind"]) for e in entities] == [
        (2, "c", "区委", "organization"),
        (2, "c", "冯卫华", "person"),
    ]
    for item in quantities + entities:
        assert texts[item["doc"]] and reports[item["doc"]].text[item["start"] : item["end"]] == item["text"]


def test_analyze_pandas_keeps_index_and_columns() -> None:
    frame = pd.DataFrame({"doc": [10, 20], "text": [SHORT, "共3人。"]}, index=[7, 3])
    out = zr.analyze_pandas(frame)
    assert out.index.tolist() == [7, 3]
    assert out["doc"].tolist() == [10, 20]
    assert out["title"].tolist()[0] == "标题"
    assert out["n_quantities"].tolist() == [2, 1]
    assert out["quantities"].iloc[1][0]["text"] == "3人"


@pytest.fixture()
def table() -> pa.Table:
    return zr.analyze_arrow(pa.table({"id": ["s0", "s1", "short"], "text": zr.sample_reports()[:2] + [SHORT]}))


def _json_ready(value: Any) -> Any:
    """What JSON keeps of a value: dates and times as ISO strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    return value


def test_write_parquet_round_trips(table: pa.Table, tmp_path: Path) -> None:
    zr.write_table(table, tmp_path / "out.parquet")
    assert pq.read_table(tmp_path / "out.parquet").equals(table)


def test_write_jsonl_one_object_per_row(table: pa.Table, tmp_path: Path) -> None:
    zr.write_table(table, tmp_path / "out.jsonl")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [_json_ready(row) for row in table.to_pylist()]
    assert "标题" in lines[2]  # written as UTF-8, not \\u escapes


def test_write_csv_with_nested_columns_as_json(table: pa.Table, tmp_path: Path) -> None:
    zr.write_table(table, tmp_path / "out.csv")
    options = pcsv.ConvertOptions(column_types={name: pa.string() for name in table.column_names})
    back = pcsv.read_csv(tmp_path / "out.csv", convert_options=options).to_pylist()
    assert len(back) == 3
    for read, row in zip(back, table.to_pylist()):
        assert read["id"] == row["id"] and read["text"] == row["text"]
        assert read["n_tokens"] == str(row["n_tokens"])
        for nested in ("editors", "authors", "quantities", "dates", "entities"):
            assert json.loads(read[nested]) == _json_ready(row[nested])


def test_writer_formats_and_errors(tmp_path: Path) -> None:
    assert [format_for(n) for n in ("a.parquet", "a.pq", "a.CSV", "a.jsonl", "a.ndjson", "a.json")] == [
        "parquet",
        "parquet",
        "csv",
        "jsonl",
        "jsonl",
        "jsonl",
    ]
    with pytest.raises(zr.InvalidArgumentError, match="cannot tell the format"):
        zr.write_table(pa.table({"a": [1]}), tmp_path / "out.xlsx")
    zr.write_table(pa.table({"a": [1]}), tmp_path / "out.data", format="csv")
    assert (tmp_path / "out.data").read_text() == '"a"\n1\n'


def test_table_writer_appends_batches(tmp_path: Path) -> None:
    first = zr.analyze_arrow(pa.table({"text": [SHORT]}))
    second = zr.analyze_arrow(pa.table({"text": ["共3人。", None]}))
    for suffix in (".parquet", ".jsonl", ".csv"):
        path = tmp_path / f"out{suffix}"
        with zr.TableWriter(path) as writer:
            writer.write(first)
            writer.write(second)
        assert writer.rows == 3
        if suffix == ".parquet":
            assert pq.read_table(path).column("error").to_pylist() == [None, None, "expected a str, got NoneType"]
        else:
            assert path.read_text(encoding="utf-8").count("expected a str") == 1
