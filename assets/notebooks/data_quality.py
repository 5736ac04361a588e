# Databricks notebook source
# Data-quality checks (blueprint section 4), deployed by the databricks-devops-blueprint stacks.
# Runs as the last task of a workflow job (after the workflow's own task) and of the smoke job:
# it profiles each declared output table with one aggregate query and fails the run, which
# notifies the job's failure destinations, when any check is breached.
#
# Parameters (job base parameters):
#   checks           JSON list of output tables and their checks, as declared in config:
#                    [{"table": "main.sales.orders",
#                      "rowCount": {"min": 1, "max": 1000000},
#                      "nullRate": [{"column": "order_id", "max": 0.0}],
#                      "distinctCount": [{"column": "status", "min": 2, "max": 10}],
#                      "freshness": {"column": "ingested_at", "maxAgeHours": 26}}]
#   table_overrides  optional JSON map of declared table -> table to check instead (the canary
#                    checks its own output tables with the same thresholds)
#
# The check logic below is plain Python over a thin adapter (`SparkTable`), so it is unit-tested
# on fixture rows without Spark (test/python/test_data_quality.py).

# COMMAND ----------

import datetime
import json


def quote(identifier):
    """Backtick-quotes one identifier (a column, or one part of a table name)."""
    return "`" + identifier.replace("`", "``") + "`"


def quote_table(table):
    return ".".join(quote(part) for part in table.split("."))


def profile_query(spec):
    """The one aggregate query that profiles a table for all of its checks."""
    columns = ["count(*) AS row_count"]
    for i, check in enumerate(spec.get("nullRate", [])):
        columns.append(f"count_if({quote(check['column'])} IS NULL) AS null_{i}")
    for i, check in enumerate(spec.get("distinctCount", [])):
        columns.append(f"count(DISTINCT {quote(check['column'])}) AS distinct_{i}")
    if "freshness" in spec:
        columns.append(f"max({quote(spec['freshness']['column'])}) AS latest")
    return f"SELECT {', '.join(columns)} FROM {quote_table(spec['table'])}"


def profile_from_row(spec, row):
    """Maps the aggregate row of `profile_query` to a profile keyed by column names."""
    return {
        "row_count": int(row["row_count"]),
        "null_counts": {c["column"]: int(row[f"null_{i}"]) for i, c in enumerate(spec.get("nullRate", []))},
        "distinct_counts": {
            c["column"]: int(row[f"distinct_{i}"]) for i, c in enumerate(spec.get("distinctCount", []))
        },
        "latest": row["latest"] if "freshness" in spec else None,
    }


class SparkTable:
    """The thin Spark adapter: profiles one table with one query."""

    def __init__(self, spark):
        self.spark = spark

    def profile(self, spec):
        return profile_from_row(spec, self.spark.sql(profile_query(spec)).collect()[0].asDict())


def _in_range(value, bounds):
    return ("min" not in bounds or value >= bounds["min"]) and ("max" not in bounds or value <= bounds["max"])


def _range_text(bounds):
    return f"[{bounds.get('min', '-inf')}, {bounds.get('max', 'inf')}]"


def _as_utc(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def evaluate(spec, profile, now):
    """Every check of one table against its profile: a list of results, `ok` False on a breach."""
    table, rows = spec["table"], profile["row_count"]
    results = []

    def result(check, column, observed, expected, ok):
        results.append(
            {"table": table, "check": check, "column": column, "observed": observed, "expected": expected, "ok": ok}
        )

    if "rowCount" in spec:
        bounds = spec["rowCount"]
        result("rowCount", None, rows, _range_text(bounds), _in_range(rows, bounds))
    for check in spec.get("nullRate", []):
        rate = profile["null_counts"][check["column"]] / rows if rows else 0.0
        result("nullRate", check["column"], round(rate, 6), f"<= {check['max']}", rate <= check["max"])
    for check in spec.get("distinctCount", []):
        count = profile["distinct_counts"][check["column"]]
        result("distinctCount", check["column"], count, _range_text(check), _in_range(count, check))
    if "freshness" in spec:
        fresh = spec["freshness"]
        latest = profile["latest"]
        age = None if latest is None else (now - _as_utc(latest)).total_seconds() / 3600
        ok = age is not None and age <= fresh["maxAgeHours"]
        observed = None if age is None else round(age, 3)
        result("freshness", fresh["column"], observed, f"<= {fresh['maxAgeHours']} h old", ok)
    return results


def run_checks(specs, adapter, now, table_overrides=None):
    """Profiles and checks every declared table (a missing table is a breach, not a crash)."""
    overrides = table_overrides or {}
    results = []
    for declared in specs:
        spec = dict(declared, table=overrides.get(declared["table"], declared["table"]))
        try:
            results.extend(evaluate(spec, adapter.profile(spec), now))
        except Exception as error:  # keep going: report every table
            results.append(
                {"table": spec["table"], "check": "profile", "column": None,
                 "observed": str(error)[:300], "expected": "a readable table", "ok": False}
            )
    return results


def breaches(results):
    return [r for r in results if not r["ok"]]


def failure_message(results):
    failed = breaches(results)
    lines = [
        f"{r['table']}: {r['check']}{'(' + r['column'] + ')' if r['column'] else ''} "
        f"observed {r['observed']}, expected {r['expected']}"
        for r in failed
    ]
    return f"{len(failed)} data-quality check(s) breached:\n" + "\n".join(lines)


# COMMAND ----------

if __name__ == "__main__":  # in the workspace; pytest imports the functions above
    dbutils.widgets.text("checks", "[]")  # noqa: F821 (defined by Databricks)
    dbutils.widgets.text("table_overrides", "{}")  # noqa: F821
    specs = json.loads(dbutils.widgets.get("checks"))  # noqa: F821
    overrides = json.loads(dbutils.widgets.get("table_overrides") or "{}")  # noqa: F821
    report = run_checks(specs, SparkTable(spark), datetime.datetime.now(datetime.timezone.utc), overrides)  # noqa: F821
    print(json.dumps(report, indent=2, default=str))
    if breaches(report):
        raise AssertionError(failure_message(report))
    dbutils.notebook.exit(json.dumps({"checks": len(report), "breaches": 0}))  # noqa: F821
