"""analyze_pandas on a real Dask cluster of two worker processes gives the single-process result."""

from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa

import zhreport as zr


def test_dask_local_cluster_matches_single_process() -> None:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    texts = zr.sample_reports() * 2 + ["共3人。", ""]
    frame = pd.DataFrame({"doc": list(range(len(texts))), "text": texts})
    expected = zr.analyze_pandas(frame)

    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as cluster, Client(cluster) as client:
        ddf = dd.from_pandas(frame, npartitions=4)
        meta = zr.analyze_pandas(frame.iloc[:0])
        result = ddf.map_partitions(zr.analyze_pandas, "text", meta=meta).compute()
        # The cluster really is two worker processes besides this one.
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids

    assert result.index.tolist() == expected.index.tolist()
    assert list(result.columns) == list(expected.columns)
    got = pa.Table.from_pandas(result, preserve_index=False).to_pylist()
    want = pa.Table.from_pandas(expected, preserve_index=False).to_pylist()
    assert got == want
    assert [row["doc"] for row in got] == list(range(len(texts)))
    assert got[10]["n_quantities"] == 1 and got[10]["quantities"][0]["text"] == "3人"
