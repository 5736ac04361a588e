"""The ingest → features → labels pipeline on the 12 fixture orders and 6 customers of tests/data."""

from datetime import date, datetime
from decimal import Decimal

from deep_project_core import InvalidOrder, churn_labels, customer_features, daily_revenue, deduplicate, parse_order

AS_OF = datetime.fromisoformat("2026-03-31T00:00:00+00:00")


def ingest(raw_orders):
    valid, rejected = [], []
    for record in raw_orders:
        try:
            valid.append(parse_order(record))
        except InvalidOrder as e:
            rejected.append((record["order_id"], str(e).split(":")[0]))
    return deduplicate(valid), rejected


def test_ingest_rejects_bad_records_by_field_and_deduplicates(raw_orders):
    orders, rejected = ingest(raw_orders)
    assert rejected == [("o-005", "quantity"), ("o-006", "status"), ("o-009", "customer_id"), ("o-010", "updated_at")]
    assert [o.order_id for o in orders] == ["o-001", "o-002", "o-003", "o-004", "o-007", "o-008"]
    assert {o.order_id: o.status for o in orders}["o-001"] == "shipped"
    assert {o.order_id: o.unit_price for o in orders}["o-008"] == Decimal("99.99")


def test_revenue_per_day(raw_orders):
    orders, _ = ingest(raw_orders)
    assert daily_revenue(orders) == {
        date(2025, 10, 20): Decimal("29.00"),
        date(2026, 1, 5): Decimal("1.00"),
        date(2026, 3, 1): Decimal("250.00"),
        date(2026, 3, 2): Decimal("139.97"),
    }


def test_features_join_every_customer_and_label_churn(raw_orders, customers):
    orders, _ = ingest(raw_orders)
    features = customer_features(customers, orders, AS_OF)
    assert [f.customer_id for f in features] == [c["customer_id"] for c in customers]
    by_id = {f.customer_id: f for f in features}
    assert (by_id["c-02"].order_count, by_id["c-02"].total_spent) == (2, Decimal("349.99"))
    assert by_id["c-05"].segment == "unknown"
    assert churn_labels(features) == {
        "c-01": False,
        "c-02": False,
        "c-03": False,
        "c-04": True,
        "c-05": True,
        "c-06": True,
    }
