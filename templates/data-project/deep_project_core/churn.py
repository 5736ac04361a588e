"""Customer features for the churn model, from de-duplicated orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Iterable, Mapping

from deep_project_core.orders import Order


@dataclass(frozen=True)
class CustomerFeatures:
    customer_id: str
    segment: str
    order_count: int
    total_spent: Decimal
    days_since_last_order: int | None


def customer_features(
    customers: Iterable[Mapping[str, object]], orders: Iterable[Order], as_of: datetime
) -> list[CustomerFeatures]:
    """One row per customer (a left join: customers without orders get zeros), by customer id.

    Cancelled orders do not count. ``as_of`` must not be before any order's last update.
    """
    by_customer: dict[str, list[Order]] = {}
    for order in orders:
        if order.updated_at > as_of:
            raise ValueError(f"as_of {as_of.isoformat()} is before order {order.order_id}'s update")
        if order.status != "cancelled":
            by_customer.setdefault(order.customer_id, []).append(order)
    rows = []
    for customer in sorted(customers, key=lambda c: str(c["customer_id"])):
        cid = str(customer["customer_id"])
        own = by_customer.get(cid, [])
        last = max((o.updated_at for o in own), default=None)
        rows.append(
            CustomerFeatures(
                customer_id=cid,
                segment=str(customer.get("segment") or "unknown"),
                order_count=len(own),
                total_spent=sum((o.amount for o in own), Decimal("0.00")),
                days_since_last_order=None if last is None else (as_of - last).days,
            )
        )
    return rows


def churn_labels(features: Iterable[CustomerFeatures], inactive_days: int = 90) -> dict[str, bool]:
    """A customer has churned when they never ordered or not within ``inactive_days``."""
    if inactive_days < 1:
        raise ValueError(f"inactive_days must be at least 1, found {inactive_days}")
    return {
        f.customer_id: f.days_since_last_order is None or f.days_since_last_order > inactive_days
        for f in features
    }
