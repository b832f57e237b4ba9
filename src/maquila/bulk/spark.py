"""The same kernel on Apache Spark: one partition function, the single-good engine inside.

Goods are partitioned by finished good; every request carries the BOM trees of its
self-produced subassemblies, so each partition has what it needs and no second
implementation of the legal logic exists. Arrow moves the batches (``mapInArrow``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from maquila.origin.engine import determine
from maquila.origin.report import from_dict, to_dict
from maquila.origin.request import Request
from maquila.origin.result import Determination


def decide_batches(batches: Iterator[Any]) -> Iterator[Any]:
    """Partition function: Arrow batches of (part, request JSON) -> (part, result JSON)."""
    import pyarrow as pa

    for batch in batches:
        parts = batch.column("part").to_pylist()
        payloads = batch.column("request").to_pylist()
        results = [
            json.dumps(to_dict(determine(Request.model_validate_json(payload))))
            for payload in payloads
        ]
        yield pa.RecordBatch.from_arrays(
            [pa.array(parts), pa.array(results)], names=["part", "result"]
        )


def run_spark(
    requests: dict[str, Request], master: str = "local[2]", partitions: int | None = None
) -> dict[str, Determination]:
    """Determine every request on Spark (``master``: local[N] or a cluster URL)."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("maquila-origin-batch")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    rows = [(part, request.model_dump_json()) for part, request in requests.items()]
    frame = spark.createDataFrame(rows, "part string, request string")
    frame = frame.repartition(partitions or max(2, spark.sparkContext.defaultParallelism))
    decided = frame.mapInArrow(decide_batches, "part string, result string").collect()
    return {row["part"]: from_dict(json.loads(row["result"])) for row in decided}
