"""The same rules as :mod:`deep_project_core.orders`, on Spark DataFrames, for the workflow notebooks.

PySpark is imported inside the functions: the package stays importable (and unit-testable) where
Spark is absent. Only ``pyspark.sql`` is used, never ``pyspark.dbutils`` or ``databricks``.
"""

from __future__ import annotations

from deep_project_core.orders import STATUSES


def clean_orders(df):
    """Valid orders only, the latest version of each, with an ``amount`` column (rounded half-even to the cent)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    valid = (
        df.withColumn("status", F.lower(F.trim(F.col("status"))))
        .withColumn("unit_price", F.col("unit_price").cast("decimal(18,6)"))
        .withColumn("updated_at", F.to_timestamp("updated_at"))
        .where(
            F.col("order_id").isNotNull()
            & F.col("customer_id").isNotNull()
            & F.col("status").isin(*STATUSES)
            & (F.col("quantity") >= 1)
            & (F.col("unit_price") >= 0)
            & F.col("updated_at").isNotNull()
        )
    )
    latest = Window.partitionBy("order_id").orderBy(F.col("updated_at").desc())
    return (
        valid.withColumn("_rank", F.row_number().over(latest))
        .where(F.col("_rank") == 1)
        .drop("_rank")
        .withColumn("amount", F.bround(F.col("quantity") * F.col("unit_price"), 2))
    )
