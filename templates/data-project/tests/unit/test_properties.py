"""Property-based tests (Hypothesis) of the library's invariants: they search for edge cases."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from deep_project_core.orders import STATUSES, Order, daily_revenue, deduplicate, parse_order

START = datetime(2026, 1, 1, tzinfo=timezone.utc)

orders = st.builds(
    Order,
    order_id=st.sampled_from([f"o-{i}" for i in range(6)]),
    customer_id=st.sampled_from(["c-1", "c-2"]),
    status=st.sampled_from(STATUSES),
    quantity=st.integers(min_value=1, max_value=1000),
    unit_price=st.decimals(min_value=0, max_value=10_000, places=3),
    updated_at=st.integers(min_value=0, max_value=90 * 24 * 3600).map(lambda s: START + timedelta(seconds=s)),
)


@given(st.lists(orders, max_size=30))
def test_deduplicate_is_idempotent_and_keeps_one_latest_order_per_id(batch):
    once = deduplicate(batch)
    assert deduplicate(once) == once
    assert sorted({o.order_id for o in batch}) == [o.order_id for o in once]
    for kept in once:
        assert all(o.updated_at <= kept.updated_at for o in batch if o.order_id == kept.order_id)


@given(st.lists(orders, max_size=30))
def test_daily_revenue_sums_to_the_amount_of_orders_not_cancelled(batch):
    expected = sum((o.amount for o in batch if o.status != "cancelled"), Decimal("0.00"))
    assert sum(daily_revenue(batch).values(), Decimal("0.00")) == expected


@given(orders)
def test_parse_order_reads_back_what_a_record_of_an_order_says(o):
    record = {
        "order_id": o.order_id,
        "customer_id": o.customer_id,
        "status": o.status.upper(),
        "quantity": o.quantity,
        "unit_price": str(o.unit_price),
        "updated_at": o.updated_at.isoformat(),
    }
    assert parse_order(record) == o


@given(st.lists(orders, max_size=30))
def test_amount_is_never_negative_and_always_whole_cents(batch):
    for o in batch:
        assert o.amount >= 0 and o.amount == o.amount.quantize(Decimal("0.01"))
