"""The same kernel on Apache Spark: one partition function, the single-good engine inside.

The driver prepares the tables (Polars) and cuts them into batches of finished goods;
each batch carries every BOM line and subassembly row its goods reach, so a Spark task
decides it with nothing else, through the very function the local workers run
(``decide_batch``): there is no second implementation of the legal logic. Arrow moves
the batches (``mapInArrow``).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import date
from typing import Any

from maquila.bulk.partition import Prepared
from maquila.bulk.run import Outcome, decide_batch


def decide_batches(batches: Iterator[Any]) -> Iterator[Any]:
    """Partition function: Arrow batches of (number, job) -> (number, outcome), pickled."""
    import pyarrow as pa

    for batch in batches:
        numbers = batch.column("number").to_pylist()
        jobs = batch.column("job").to_pylist()
        outcomes = [pickle.dumps(decide_batch(pickle.loads(job))) for job in jobs]
        yield pa.RecordBatch.from_arrays(
            [pa.array(numbers, pa.int64()), pa.array(outcomes, pa.binary())],
            names=["number", "outcome"],
        )


def run_spark(
    prepared: Prepared,
    default_date: date,
    master: str = "local[2]",
    batch_size: int = 250,
    partitions: int | None = None,
) -> list[Outcome]:
    """Decide every good on Spark (``master``: local[N] or a cluster URL); outcomes in
    goods order."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("maquila-origin-batch")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    jobs = [
        (number, pickle.dumps((batch, prepared.names, default_date)))
        for number, batch in enumerate(prepared.batches(batch_size))
    ]
    frame = spark.createDataFrame(jobs, "number long, job binary")
    frame = frame.repartition(partitions or max(2, spark.sparkContext.defaultParallelism))
    decided = frame.mapInArrow(decide_batches, "number long, outcome binary").collect()
    ordered = sorted(decided, key=lambda row: row["number"])
    return [pickle.loads(row["outcome"]) for row in ordered]
