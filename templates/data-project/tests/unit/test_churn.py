from datetime import datetime
from decimal import Decimal

import pytest

from deep_project_core.churn import CustomerFeatures, churn_labels, customer_features
from deep_project_core.orders import Order

AS_OF = datetime.fromisoformat("2026-03-31T00:00:00+00:00")


def order(customer_id, status="shipped", at="2026-03-01T00:00:00+00:00", price="10.00"):
    return Order(f"o-{customer_id}-{at}", customer_id, status, 1, Decimal(price), datetime.fromisoformat(at))


def test_customer_features_is_a_left_join_over_customers():
    customers = [{"customer_id": "c-2", "segment": None}, {"customer_id": "c-1", "segment": "retail"}]
    rows = customer_features(customers, [order("c-1"), order("c-1", at="2026-03-11T00:00:00+00:00")], AS_OF)
    assert rows == [
        CustomerFeatures("c-1", "retail", 2, Decimal("20.00"), 20),
        CustomerFeatures("c-2", "unknown", 0, Decimal("0.00"), None),
    ]


def test_cancelled_orders_do_not_count():
    rows = customer_features([{"customer_id": "c-1"}], [order("c-1", status="cancelled")], AS_OF)
    assert rows[0].order_count == 0 and rows[0].days_since_last_order is None


def test_customer_features_fails_when_as_of_is_before_an_order():
    with pytest.raises(ValueError, match="is before order"):
        customer_features([{"customer_id": "c-1"}], [order("c-1", at="2026-04-01T00:00:00+00:00")], AS_OF)


def test_churn_labels_marks_inactive_and_never_ordering_customers():
    features = [
        CustomerFeatures("active", "retail", 1, Decimal("1"), 90),
        CustomerFeatures("gone", "retail", 1, Decimal("1"), 91),
        CustomerFeatures("never", "retail", 0, Decimal("0"), None),
    ]
    assert churn_labels(features) == {"active": False, "gone": True, "never": True}


def test_churn_labels_fails_when_the_window_is_below_one_day():
    with pytest.raises(ValueError, match="inactive_days must be at least 1, found 0"):
        churn_labels([], inactive_days=0)
