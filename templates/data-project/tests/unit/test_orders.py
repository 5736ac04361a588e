from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from deep_project_core.orders import InvalidOrder, Order, daily_revenue, deduplicate, parse_order

RECORD = {
    "order_id": "o-1",
    "customer_id": "c-1",
    "status": "Placed ",
    "quantity": 3,
    "unit_price": "0.335",
    "updated_at": "2026-03-01T08:15:00Z",
}


def order(order_id="o-1", status="placed", quantity=1, price="1.00", at="2026-03-01T00:00:00+00:00"):
    return Order(order_id, "c-1", status, quantity, Decimal(price), datetime.fromisoformat(at))


def test_parse_order_normalizes_status_and_reads_a_utc_timestamp():
    parsed = parse_order(RECORD)
    assert parsed.status == "placed"
    assert parsed.updated_at == datetime(2026, 3, 1, 8, 15, tzinfo=timezone.utc)


def test_amount_rounds_half_even_to_the_cent():
    assert parse_order(RECORD).amount == Decimal("1.00")  # 3 x 0.335 = 1.005
    assert order(quantity=3, price="0.345").amount == Decimal("1.04")  # 1.035


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "returned", "status: expected one of placed, shipped, cancelled"),
        ("quantity", 0, "quantity: expected a whole number of at least 1, found 0"),
        ("quantity", True, "quantity: expected a whole number"),
        ("unit_price", "abc", "unit_price: expected a decimal number"),
        ("unit_price", "-1", "unit_price: expected a price of at least 0, found -1"),
        ("updated_at", "yesterday", "updated_at: expected an ISO 8601 timestamp"),
        ("customer_id", None, "customer_id: required, found nothing"),
    ],
)
def test_parse_order_fails_when_a_field_is_wrong(field, value, message):
    with pytest.raises(InvalidOrder, match=message):
        parse_order({**RECORD, field: value})


def test_deduplicate_keeps_the_latest_version_of_each_order():
    old = order(status="placed", at="2026-03-01T00:00:00+00:00")
    new = order(status="shipped", at="2026-03-02T00:00:00+00:00")
    other = order(order_id="o-0")
    assert deduplicate([new, other, old]) == [other, new]


def test_daily_revenue_excludes_cancelled_orders_and_groups_by_day():
    orders = [
        order("o-1", price="10.00", at="2026-03-01T08:00:00+00:00"),
        order("o-2", price="2.50", quantity=2, at="2026-03-01T20:00:00+00:00"),
        order("o-3", status="cancelled", price="99.00", at="2026-03-01T09:00:00+00:00"),
        order("o-4", price="1.00", at="2026-03-02T00:00:00+00:00"),
    ]
    assert daily_revenue(orders) == {date(2026, 3, 1): Decimal("15.00"), date(2026, 3, 2): Decimal("1.00")}
