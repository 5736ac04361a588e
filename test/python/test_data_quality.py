"""The data-quality notebook's check logic (assets/notebooks/data_quality.py) on fixture rows."""

import datetime
import importlib.util
import pathlib

import pytest

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "assets" / "notebooks" / "data_quality.py"
_spec = importlib.util.spec_from_file_location("data_quality", NOTEBOOK)
dq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dq)

NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.timezone.utc)


class FixtureRows:
    """Adapter over in-memory rows, computing what the Spark adapter's aggregate query returns."""

    def __init__(self, tables):
        self.tables = tables

    def profile(self, spec):
        if spec["table"] not in self.tables:
            raise LookupError(f"[TABLE_OR_VIEW_NOT_FOUND] {spec['table']}")
        rows = self.tables[spec["table"]]
        row = {"row_count": len(rows)}
        for i, c in enumerate(spec.get("nullRate", [])):
            row[f"null_{i}"] = sum(1 for r in rows if r.get(c["column"]) is None)
        for i, c in enumerate(spec.get("distinctCount", [])):
            row[f"distinct_{i}"] = len({r[c["column"]] for r in rows if r.get(c["column"]) is not None})
        if "freshness" in spec:
            values = [r[spec["freshness"]["column"]] for r in rows if r.get(spec["freshness"]["column"]) is not None]
            row["latest"] = max(values) if values else None
        return dq.profile_from_row(spec, row)


ORDERS = [
    {"order_id": 1, "status": "NEW", "customer_id": 10, "ingested_at": datetime.datetime(2026, 11, 29, 2, 0)},
    {"order_id": 2, "status": "PAID", "customer_id": None, "ingested_at": datetime.datetime(2026, 11, 29, 2, 5)},
    {"order_id": 3, "status": "PAID", "customer_id": 12, "ingested_at": datetime.datetime(2026, 11, 29, 2, 10)},
    {"order_id": 4, "status": "SHIPPED", "customer_id": 13, "ingested_at": datetime.datetime(2026, 11, 29, 2, 15)},
]

SPEC = {
    "table": "main.sales.orders",
    "rowCount": {"min": 1, "max": 100},
    "nullRate": [{"column": "order_id", "max": 0}, {"column": "customer_id", "max": 0.25}],
    "distinctCount": [{"column": "status", "min": 2, "max": 5}],
    "freshness": {"column": "ingested_at", "maxAgeHours": 26},
}


def check(spec, rows, now=NOW):
    return dq.run_checks([spec], FixtureRows({spec["table"]: rows}), now)


def test_every_declared_check_passes_on_good_rows():
    results = check(SPEC, ORDERS)
    assert [(r["check"], r["column"]) for r in results] == [
        ("rowCount", None),
        ("nullRate", "order_id"),
        ("nullRate", "customer_id"),
        ("distinctCount", "status"),
        ("freshness", "ingested_at"),
    ]
    assert dq.breaches(results) == []


def test_null_rate_is_the_share_of_null_values():
    (result,) = [r for r in check(SPEC, ORDERS) if r["column"] == "customer_id"]
    assert result["observed"] == 0.25


def test_fails_when_a_null_rate_exceeds_its_maximum():
    spec = dict(SPEC, nullRate=[{"column": "customer_id", "max": 0.1}])
    (breach,) = dq.breaches(check(spec, ORDERS))
    assert (breach["check"], breach["column"], breach["observed"]) == ("nullRate", "customer_id", 0.25)


def test_fails_when_the_distinct_count_leaves_its_range():
    spec = dict(SPEC, distinctCount=[{"column": "status", "min": 4}])
    (breach,) = dq.breaches(check(spec, ORDERS))
    assert (breach["check"], breach["observed"], breach["expected"]) == ("distinctCount", 3, "[4, inf]")


def test_fails_when_the_row_count_leaves_its_range():
    assert [b["check"] for b in dq.breaches(check(dict(SPEC, rowCount={"max": 3}), ORDERS))] == ["rowCount"]
    assert "rowCount" in [b["check"] for b in dq.breaches(check(SPEC, []))]


def test_fails_when_the_newest_row_is_older_than_allowed():
    later = NOW + datetime.timedelta(days=2)
    (breach,) = dq.breaches(check(SPEC, ORDERS, now=later))
    assert breach["check"] == "freshness"
    assert breach["observed"] == pytest.approx(57.75)


def test_fails_when_the_freshness_column_has_no_value():
    spec = {"table": "t.s.x", "freshness": {"column": "ingested_at", "maxAgeHours": 1}}
    (breach,) = dq.breaches(check(spec, [{"ingested_at": None}]))
    assert breach["observed"] is None


def test_empty_table_has_a_null_rate_of_zero():
    spec = {"table": "t.s.x", "nullRate": [{"column": "a", "max": 0}]}
    assert dq.breaches(check(spec, [])) == []


def test_fails_when_a_table_cannot_be_read_and_still_checks_the_others():
    other = {"table": "main.sales.customers", "rowCount": {"min": 1}}
    results = dq.run_checks([other, SPEC], FixtureRows({"main.sales.orders": ORDERS}), NOW)
    assert [(r["table"], r["check"], r["ok"]) for r in results][:2] == [
        ("main.sales.customers", "profile", False),
        ("main.sales.orders", "rowCount", True),
    ]
    assert "TABLE_OR_VIEW_NOT_FOUND" in results[0]["observed"]


def test_table_overrides_check_another_table_with_the_same_thresholds():
    adapter = FixtureRows({"canary.sales.orders": ORDERS[:1]})
    results = dq.run_checks([SPEC], adapter, NOW, {"main.sales.orders": "canary.sales.orders"})
    assert {r["table"] for r in results} == {"canary.sales.orders"}
    assert [b["check"] for b in dq.breaches(results)] == ["distinctCount"]


def test_failure_message_lists_each_breach():
    message = dq.failure_message(check(dict(SPEC, rowCount={"min": 10}), ORDERS))
    assert message == "1 data-quality check(s) breached:\nmain.sales.orders: rowCount observed 4, expected [10, inf]"


def test_profile_query_aggregates_every_check_in_one_quoted_statement():
    assert dq.profile_query(SPEC) == (
        "SELECT count(*) AS row_count, count_if(`order_id` IS NULL) AS null_0, "
        "count_if(`customer_id` IS NULL) AS null_1, count(DISTINCT `status`) AS distinct_0, "
        "max(`ingested_at`) AS latest FROM `main`.`sales`.`orders`"
    )
    assert dq.quote_table("a.b`c.d") == "`a`.`b``c`.`d`"


def test_spark_adapter_profiles_with_one_query():
    class Row(dict):
        def asDict(self):
            return dict(self)

    class FakeSpark:
        queries = []

        def sql(self, query):
            self.queries.append(query)
            return type("Df", (), {"collect": lambda _self: [Row(row_count=2, null_0=1, latest=None)]})()

    spark = FakeSpark()
    spec = {"table": "a.b.c", "nullRate": [{"column": "x", "max": 0.5}], "freshness": {"column": "t", "maxAgeHours": 1}}
    profile = dq.SparkTable(spark).profile(spec)
    assert spark.queries == [dq.profile_query(spec)]
    assert profile == {"row_count": 2, "null_counts": {"x": 1}, "distinct_counts": {}, "latest": None}
