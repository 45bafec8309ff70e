"""zhreport and the Arrow ecosystem: report tables, item tables and file writers.

:func:`analyze_arrow` takes a pyarrow ``Table`` or ``RecordBatch`` with a text column and
returns one row per input row, so that the same function runs in PySpark
``mapInArrow``, Ray Data ``map_batches(batch_format="pyarrow")`` and, through
:func:`analyze_pandas`, Dask ``map_partitions``. :func:`write_table` writes Parquet,
CSV or JSON Lines by the file's suffix.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from zhreport.errors import InvalidArgumentError
from zhreport.report import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DATE_TYPE",
    "ENTITY_TYPE",
    "QUANTITY_TYPE",
    "TableWriter",
    "analyze_arrow",
    "analyze_pandas",
    "dates_table",
    "entities_table",
    "flatten_items",
    "quantities_table",
    "report_schema",
    "reports_to_table",
    "write_table",
]

#: One quantity (see :class:`zhreport.Quantity`); offsets are into the clean ``text``.
QUANTITY_TYPE = pa.struct(
    [
        ("text", pa.string()),
        ("value", pa.float64()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("approx", pa.string()),
        ("unit", pa.string()),
        ("subject", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
    ]
)
#: One date mention (see :class:`zhreport.DateMention`).
DATE_TYPE = pa.struct(
    [
        ("text", pa.string()),
        ("start_date", pa.date32()),
        ("end_date", pa.date32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("kind", pa.string()),
    ]
)
#: One person, organisation or place (see :class:`zhreport.Entity`).
ENTITY_TYPE = pa.struct(
    [
        ("text", pa.string()),
        ("kind", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("title", pa.string()),
    ]
)

_REPORT_FIELDS: list[pa.Field[Any]] = [
    pa.field("title", pa.string()),
    pa.field("published", pa.timestamp("us")),
    pa.field("source", pa.string()),
    pa.field("editors", pa.list_(pa.string())),
    pa.field("authors", pa.list_(pa.string())),
    pa.field("dateline", pa.string()),
    pa.field("script", pa.string()),
    pa.field("text", pa.string()),
    pa.field("n_chars", pa.int64()),
    pa.field("n_paragraphs", pa.int64()),
    pa.field("n_sentences", pa.int64()),
    pa.field("n_tokens", pa.int64()),
    pa.field("n_quantities", pa.int64()),
    pa.field("n_dates", pa.int64()),
    pa.field("n_people", pa.int64()),
    pa.field("n_organizations", pa.int64()),
    pa.field("n_places", pa.int64()),
    pa.field("error", pa.string()),
    pa.field("quantities", pa.list_(QUANTITY_TYPE)),
    pa.field("dates", pa.list_(DATE_TYPE)),
    pa.field("entities", pa.list_(ENTITY_TYPE)),
]

_ITEM_COLUMNS = {"quantities": QUANTITY_TYPE, "dates": DATE_TYPE, "entities": ENTITY_TYPE}


def report_schema(passthrough: pa.Schema | None = None) -> pa.Schema:
    """The schema of :func:`analyze_arrow`'s result: ``passthrough`` columns, then the
    report columns.

    The report columns: ``title``, ``published`` (timestamp, microseconds; a date alone is
    midnight), ``source``, ``editors`` and ``authors`` (lists of strings), ``dateline``,
    ``script``, ``text`` (the clean body), the counts ``n_chars``, ``n_paragraphs``,
    ``n_sentences``, ``n_tokens``, ``n_quantities``, ``n_dates``, ``n_people``,
    ``n_organizations``, ``n_places``, then ``error`` (null unless the row's text could not
    be analysed) and the lists of structs ``quantities``, ``dates``, ``entities``.

    Example:
        >>> report_schema(pa.schema([("id", pa.string())])).names[:4]
        ['id', 'title', 'published', 'source']
    """
    fields = list(passthrough) if passthrough is not None else []
    return pa.schema(fields + _REPORT_FIELDS)


def _published(report: Report) -> datetime.datetime | None:
    value = report.published
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime(value.year, value.month, value.day)


def _list_column(reports: Sequence[Report], kind: str) -> pa.Array[Any]:
    """Builds a list<struct> column from the reports' items, field by field."""
    offsets = [0]
    columns: dict[str, list[Any]] = {name: [] for name in _ITEM_COLUMNS[kind].names}
    for report in reports:
        items: Sequence[Any] = getattr(report, kind)
        for item in items:
            for name, value in zip(columns, item.as_tuple()):
                columns[name].append(value)
        offsets.append(offsets[-1] + len(items))
    struct_type = _ITEM_COLUMNS[kind]
    children = [pa.array(values, type=struct_type.field(name).type) for name, values in columns.items()]
    struct = pa.StructArray.from_arrays(children, fields=list(struct_type))
    return pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), struct)


def reports_to_table(reports: Sequence[Report], passthrough: pa.Table | None = None) -> pa.Table:
    """Turn reports into an Arrow table, one row per report (see :func:`report_schema`).

    Args:
        reports: the reports, e.g. from :func:`zhreport.analyze_batch`.
        passthrough: columns to put first (same number of rows), such as ids.

    Example:
        >>> import zhreport as zr
        >>> table = reports_to_table(zr.analyze_batch(["标题\\n\\n2020-02-17 来源:人民网\\n\\n共2.5万人。"]))
        >>> table.column("title").to_pylist(), table.column("n_quantities").to_pylist()
        (['标题'], [1])
        >>> table.column("quantities").to_pylist()[0][0]["value"]
        25000.0
    """
    if passthrough is not None and passthrough.num_rows != len(reports):
        raise InvalidArgumentError(f"passthrough has {passthrough.num_rows} rows for {len(reports)} reports")
    counts = {
        "n_chars": [len(r.text) for r in reports],
        "n_paragraphs": [len(r.paragraphs) for r in reports],
        "n_sentences": [len(r.sentences) for r in reports],
        "n_tokens": [len(r.tokens) for r in reports],
        "n_quantities": [len(r.quantities) for r in reports],
        "n_dates": [len(r.dates) for r in reports],
        "n_people": [len(r.people) for r in reports],
        "n_organizations": [len(r.organizations) for r in reports],
        "n_places": [len(r.places) for r in reports],
    }
    values: dict[str, Any] = {
        "title": [r.title for r in reports],
        "published": [_published(r) for r in reports],
        "source": [r.source for r in reports],
        "editors": [r.editors for r in reports],
        "authors": [r.authors for r in reports],
        "dateline": [r.dateline for r in reports],
        "script": [r.script for r in reports],
        "text": [r.text for r in reports],
        **counts,
        "error": [r.error for r in reports],
    }
    arrays: list[pa.Array[Any] | pa.ChunkedArray[Any]] = []
    fields: list[pa.Field[Any]] = []
    if passthrough is not None:
        arrays.extend(passthrough.columns)
        fields.extend(passthrough.schema)
    for field in _REPORT_FIELDS:
        if field.name in _ITEM_COLUMNS:
            arrays.append(_list_column(reports, field.name))
        else:
            arrays.append(pa.array(values[field.name], type=field.type))
        fields.append(field)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def analyze_arrow(
    table: pa.Table | pa.RecordBatch,
    text_column: str = "text",
    workers: int | None = None,
    reference_date: datetime.date | None = None,
) -> pa.Table:
    """Analyse the text column of an Arrow table: one output row per input row.

    The other input columns (ids, URLs …) come first, unchanged, followed by the report
    columns of :func:`report_schema`. A null text gives a row whose ``error`` says so;
    the rest of the batch is unaffected. Runs as is inside PySpark ``mapInArrow`` (per
    ``RecordBatch``), Ray Data ``map_batches(batch_format="pyarrow")`` and, through
    :func:`analyze_pandas`, Dask ``map_partitions``.

    Args:
        table: a ``pyarrow.Table`` or ``pyarrow.RecordBatch``.
        text_column: the column holding the raw reports (string or large_string).
        workers: Rust threads; ``None`` uses every core.
        reference_date: the day partial dates are resolved against (default: each
            report's publication date).

    Raises:
        InvalidArgumentError: no such text column, or another column has the name of
            a report column.

    Example:
        >>> import zhreport as zr
        >>> t = pa.table({"id": ["a", "b"], "text": [zr.sample_reports()[0], None]})
        >>> out = analyze_arrow(t)
        >>> out.column("id").to_pylist(), out.column("error").to_pylist()
        (['a', 'b'], [None, 'expected a str, got NoneType'])
        >>> out.column("title").to_pylist()[0][:8]
        '襄阳:让党旗在战'
    """
    from zhreport import analyze_batch

    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if text_column not in table.column_names:
        raise InvalidArgumentError(f"no column {text_column!r}; the columns are {table.column_names}")
    passthrough = table.drop_columns([text_column])
    clash = sorted(set(passthrough.column_names) & {f.name for f in _REPORT_FIELDS})
    if clash:
        raise InvalidArgumentError(f"input columns {clash} have the names of report columns; rename them first")
    texts = table.column(text_column).to_pylist()
    reports = analyze_batch(texts, workers=workers, reference_date=reference_date)
    return reports_to_table(reports, passthrough)


def analyze_pandas(
    frame: pd.DataFrame,
    text_column: str = "text",
    workers: int | None = None,
    reference_date: datetime.date | None = None,
) -> pd.DataFrame:
    """:func:`analyze_arrow` for a pandas DataFrame (e.g. a Dask partition).

    The result keeps the input's index; list and struct columns hold Python lists and
    dicts.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"doc": [7], "text": ["共2.5万人。"]}, index=[3])
        >>> out = analyze_pandas(df)
        >>> out.index.tolist(), out["doc"].tolist(), out["n_quantities"].tolist()
        ([3], [7], [1])
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    result: pd.DataFrame = analyze_arrow(table, text_column, workers, reference_date).to_pandas()
    result.index = frame.index
    return result


def flatten_items(
    table: pa.Table, column: Literal["quantities", "dates", "entities"], id_column: str | None = None
) -> pa.Table:
    """Turn a list column of a report table into a table with one row per item.

    Columns: ``doc`` (the report's row number), ``id_column`` if given, then the fields
    of the item struct.

    Example:
        >>> import zhreport as zr
        >>> t = analyze_arrow(pa.table({"id": ["x", "y"], "text": ["无数字。", "共3人,近6万只口罩。"]}))
        >>> items = flatten_items(t, "quantities", id_column="id")
        >>> items.select(["doc", "id", "value", "unit"]).to_pylist()
        [{'doc': 1, 'id': 'y', 'value': 3.0, 'unit': '人'}, {'doc': 1, 'id': 'y', 'value': 60000.0, 'unit': '只'}]
    """
    if column not in _ITEM_COLUMNS:
        raise InvalidArgumentError(f"column must be one of {sorted(_ITEM_COLUMNS)}, not {column!r}")
    lists: Any = table.column(column).combine_chunks()
    parents = pc.list_parent_indices(lists)
    items: pa.StructArray = pc.list_flatten(lists)
    arrays: list[pa.Array[Any]] = [parents.cast(pa.int64())]
    names = ["doc"]
    if id_column is not None:
        arrays.append(pc.take(table.column(id_column), parents).combine_chunks())
        names.append(id_column)
    struct_type = _ITEM_COLUMNS[column]
    for index, field in enumerate(struct_type):
        arrays.append(items.field(index))
        names.append(field.name)
    return pa.Table.from_arrays(arrays, names=names)


def quantities_table(reports: Sequence[Report], ids: Sequence[str] | None = None) -> pa.Table:
    """One row per quantity: ``doc`` (index of the report), ``id`` if ``ids`` are given, then
    the fields of :class:`zhreport.Quantity`.

    Example:
        >>> import zhreport as zr
        >>> quantities_table(zr.analyze_batch(["共3人。"]), ids=["a.txt"]).to_pylist()[0]["id"]
        'a.txt'
    """
    return flatten_items(_table_with_ids(reports, ids), "quantities", "id" if ids is not None else None)


def dates_table(reports: Sequence[Report], ids: Sequence[str] | None = None) -> pa.Table:
    """One row per date mention (like :func:`quantities_table`).

    Example:
        >>> import zhreport as zr
        >>> dates_table(zr.analyze_batch(["2020年2月8日。"])).column("start_date").to_pylist()
        [datetime.date(2020, 2, 8)]
    """
    return flatten_items(_table_with_ids(reports, ids), "dates", "id" if ids is not None else None)


def entities_table(reports: Sequence[Report], ids: Sequence[str] | None = None) -> pa.Table:
    """One row per person, organisation or place (like :func:`quantities_table`).

    Example:
        >>> import zhreport as zr
        >>> entities_table(zr.analyze_batch(["区委书记冯卫华到场。"])).column("kind").to_pylist()
        ['organization', 'person']
    """
    return flatten_items(_table_with_ids(reports, ids), "entities", "id" if ids is not None else None)


def _table_with_ids(reports: Sequence[Report], ids: Sequence[str] | None) -> pa.Table:
    passthrough = None if ids is None else pa.table({"id": pa.array(list(ids), pa.string())})
    return reports_to_table(reports, passthrough)


Format = Literal["parquet", "csv", "jsonl"]
_SUFFIXES: dict[str, Format] = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}


def format_for(path: str | os.PathLike[str]) -> Format:
    """The output format for a file name: Parquet, CSV or JSON Lines by its suffix.

    Example:
        >>> format_for("out.parquet"), format_for("out.CSV"), format_for("out.jsonl")
        ('parquet', 'csv', 'jsonl')
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise InvalidArgumentError(
            f"cannot tell the format of {os.fspath(path)!r}: use a suffix among {', '.join(_SUFFIXES)}"
        )
    return _SUFFIXES[suffix]


def _json_default(value: object) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _is_nested(data_type: pa.DataType) -> bool:
    return bool(pa.types.is_nested(data_type))


def _for_csv(table: pa.Table) -> pa.Table:
    """Nested columns (lists, structs) become JSON strings, which CSV can hold."""
    for index, field in enumerate(table.schema):
        if _is_nested(field.type):
            encoded = [
                None if value is None else json.dumps(value, ensure_ascii=False, default=_json_default)
                for value in table.column(index).to_pylist()
            ]
            table = table.set_column(index, pa.field(field.name, pa.string()), pa.array(encoded, pa.string()))
    return table


class TableWriter:
    """Write Arrow tables with one schema to a file, batch after batch.

    The format follows the suffix (see :func:`format_for`): Parquet keeps every type;
    CSV (UTF-8, header line) JSON-encodes list and struct columns; JSON Lines writes one
    object per row (dates and times in ISO 8601).

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.jsonl"
        >>> with TableWriter(path) as writer:
        ...     writer.write(pa.table({"id": ["a"], "xs": [[1, 2]]}))
        >>> path.read_text()
        '{"id": "a", "xs": [1, 2]}\\n'
    """

    def __init__(self, path: str | os.PathLike[str], format: Format | None = None) -> None:
        self.path = Path(path)
        self.format: Format = format or format_for(path)
        self._parquet: Any = None
        self._csv: Any = None
        self._schema: pa.Schema | None = None
        self._file: Any = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        """Append the rows of ``table`` (same schema as the first table written)."""
        if self._schema is None:
            self._open(table.schema)
        elif not table.schema.equals(self._schema):
            table = table.cast(self._schema)
        self.rows += table.num_rows
        if self.format == "parquet":
            self._parquet.write_table(table)
        elif self.format == "csv":
            self._csv.write_table(_for_csv(table))
        else:
            for row in table.to_pylist():
                self._file.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")

    def _open(self, schema: pa.Schema) -> None:
        self._schema = schema
        if self.format == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self.path, schema)
        elif self.format == "csv":
            import pyarrow.csv as pcsv

            csv_schema = pa.schema(
                [pa.field(f.name, pa.string()) if _is_nested(f.type) else f for f in schema]
            )
            self._file = open(self.path, "wb")
            self._csv = pcsv.CSVWriter(self._file, csv_schema)
        else:
            self._file = open(self.path, "w", encoding="utf-8")

    def close(self, schema: pa.Schema | None = None) -> None:
        """Finish the file. A writer that wrote nothing writes an empty file with
        ``schema`` (a Parquet or CSV file needs one)."""
        if self._schema is None and schema is not None:
            self._open(schema)
        if self._parquet is not None:
            self._parquet.close()
        if self._csv is not None:
            self._csv.close()
        if self._file is not None:
            self._file.close()
        elif self._schema is None:
            self.path.write_bytes(b"")

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def write_table(table: pa.Table, path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Write a table to Parquet, CSV or JSON Lines, chosen by the suffix of ``path``.

    ``.parquet``/``.pq``: Parquet; ``.csv``: CSV with list and struct columns as JSON;
    ``.jsonl``/``.ndjson``/``.json``: one JSON object per line. ``format`` overrides the
    suffix.

    Raises:
        InvalidArgumentError: the suffix names no known format.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "reports.csv"
        >>> write_table(pa.table({"id": ["a"], "editors": [["王浩", "李四"]]}), path)
        >>> print(path.read_text(encoding="utf-8"))
        "id","editors"
        "a","[""王浩"", ""李四""]"
        <BLANKLINE>
    """
    with TableWriter(path, format) as writer:
        writer.write(table)

