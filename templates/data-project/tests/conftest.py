"""Shared fixtures: the repository root on sys.path (as in a Databricks Git folder), the JSON
fixture data of tests/data, and a SparkSession where pyspark is installed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: a busy CI runner or cluster must not turn slowness into a failure.
settings.register_profile("default", max_examples=50, deadline=None)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def read_json_lines(name: str) -> list[dict]:
    """One dict per line of tests/data/<name> (JSON Lines, as spark.read.json reads it)."""
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture
def raw_orders() -> list[dict]:
    return read_json_lines("orders.json")


@pytest.fixture
def customers() -> list[dict]:
    return read_json_lines("customers.json")


@pytest.fixture(scope="session")
def spark():
    """The cluster's session on Databricks, a small local one elsewhere; skips without pyspark."""
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="pyspark is not installed here")
    active = pyspark_sql.SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("deep-project-core-tests")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()
