"""Orders as they arrive from the landing zone: validation, de-duplication, revenue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Iterable, Mapping

CENT = Decimal("0.01")
STATUSES = ("placed", "shipped", "cancelled")


class InvalidOrder(ValueError):
    """A landing-zone record that cannot become an order; the message names the field."""


@dataclass(frozen=True)
class Order:
    order_id: str
    customer_id: str
    status: str
    quantity: int
    unit_price: Decimal
    updated_at: datetime

    @property
    def amount(self) -> Decimal:
        """Quantity times unit price, rounded to the cent (banker's rounding, as the ledger does)."""
        return (self.unit_price * self.quantity).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _required(record: Mapping[str, object], field: str) -> object:
    value = record.get(field)
    if value is None or value == "":
        raise InvalidOrder(f"{field}: required, found nothing")
    return value


def parse_order(record: Mapping[str, object]) -> Order:
    """Turns one raw JSON record into an :class:`Order`, or raises :class:`InvalidOrder`."""
    status = str(_required(record, "status")).strip().lower()
    if status not in STATUSES:
        raise InvalidOrder(f"status: expected one of {', '.join(STATUSES)}, found {status!r}")
    quantity = _required(record, "quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise InvalidOrder(f"quantity: expected a whole number of at least 1, found {quantity!r}")
    try:
        unit_price = Decimal(str(_required(record, "unit_price")))
    except InvalidOperation:
        raise InvalidOrder(f"unit_price: expected a decimal number, found {record['unit_price']!r}") from None
    if not unit_price.is_finite() or unit_price < 0:
        raise InvalidOrder(f"unit_price: expected a price of at least 0, found {unit_price}")
    try:
        updated_at = datetime.fromisoformat(str(_required(record, "updated_at")).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidOrder(f"updated_at: expected an ISO 8601 timestamp, found {record['updated_at']!r}") from None
    return Order(
        order_id=str(_required(record, "order_id")),
        customer_id=str(_required(record, "customer_id")),
        status=status,
        quantity=quantity,
        unit_price=unit_price,
        updated_at=updated_at,
    )


def deduplicate(orders: Iterable[Order]) -> list[Order]:
    """Keeps the latest version of each order (by ``updated_at``), ordered by order id."""
    latest: dict[str, Order] = {}
    for order in orders:
        seen = latest.get(order.order_id)
        if seen is None or order.updated_at > seen.updated_at:
            latest[order.order_id] = order
    return [latest[k] for k in sorted(latest)]


def daily_revenue(orders: Iterable[Order]) -> dict[date, Decimal]:
    """Revenue per day of the last update, cancelled orders excluded, days in order."""
    totals: dict[date, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for order in orders:
        if order.status != "cancelled":
            totals[order.updated_at.date()] += order.amount
    return dict(sorted(totals.items()))
