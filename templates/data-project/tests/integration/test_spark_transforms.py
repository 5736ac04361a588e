"""The Spark version of the cleaning rules agrees with the pure-Python one on the fixture data.
Runs on the cluster (smoke notebook) and wherever pyspark is installed; skipped elsewhere."""

from pathlib import Path

import pytest

from deep_project_core import InvalidOrder, deduplicate, parse_order
from deep_project_core.spark_transforms import clean_orders

pytestmark = pytest.mark.spark
ORDERS = Path(__file__).resolve().parents[1] / "data" / "orders.json"


def test_clean_orders_matches_the_python_rules(spark, raw_orders):
    parsed = []
    for record in raw_orders:
        try:
            parsed.append(parse_order(record))
        except InvalidOrder:
            continue
    expected = {o.order_id: o for o in deduplicate(parsed)}

    df = spark.read.json(str(ORDERS))
    rows = {r["order_id"]: r for r in clean_orders(df).collect()}

    assert sorted(rows) == sorted(expected)
    for order_id, order in expected.items():
        assert rows[order_id]["status"] == order.status
        assert rows[order_id]["amount"] == order.amount
    assert set(clean_orders(df).columns) >= {"order_id", "customer_id", "status", "amount", "updated_at"}
