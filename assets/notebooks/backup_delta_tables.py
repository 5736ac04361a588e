# Databricks notebook source
# Daily DR backup of critical Delta tables (blueprint section 10), deployed by the
# databricks-devops-blueprint stacks. Each table is deep-cloned into the backup catalog,
# whose storage lives in a separate bucket; a deep clone copies data and metadata and is
# incremental on re-run, so the daily run only copies what changed.
#
# Parameters (job base parameters):
#   tables          comma-separated catalog.schema.table names
#   target_catalog  catalog receiving the clones: <target_catalog>.<schema>.<table>
#   location        storage root of the backup catalog (for the report)

# COMMAND ----------

import datetime
import json

dbutils.widgets.text("tables", "")
dbutils.widgets.text("target_catalog", "")
dbutils.widgets.text("location", "")

tables = [t.strip() for t in dbutils.widgets.get("tables").split(",") if t.strip()]
target_catalog = dbutils.widgets.get("target_catalog")
if not tables or not target_catalog:
    raise ValueError("Parameters 'tables' and 'target_catalog' are required")


def quote(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"


# COMMAND ----------

started = datetime.datetime.now(datetime.timezone.utc)
results, failures = [], []
for table in tables:
    catalog, schema, name = table.split(".")
    target = f"{quote(target_catalog)}.{quote(schema)}.{quote(name)}"
    source = f"{quote(catalog)}.{quote(schema)}.{quote(name)}"
    try:
        spark.sql(f"CREATE SCHEMA IF NOT EXISTS {quote(target_catalog)}.{quote(schema)}")
        metrics = spark.sql(f"CREATE OR REPLACE TABLE {target} DEEP CLONE {source}").collect()
        version = spark.sql(f"DESCRIBE HISTORY {source} LIMIT 1").collect()[0]["version"]
        results.append({"table": table, "target": f"{target_catalog}.{schema}.{name}", "source_version": version,
                        "metrics": [r.asDict() for r in metrics]})
    except Exception as error:  # keep going: one broken table must not stop the others' backup
        failures.append({"table": table, "error": str(error)[:500]})

report = {"started": started.isoformat(), "location": dbutils.widgets.get("location"),
          "backed_up": results, "failed": failures}
print(json.dumps(report, indent=2, default=str))

# COMMAND ----------

if failures:
    raise RuntimeError(f"{len(failures)} of {len(tables)} table backups failed: {[f['table'] for f in failures]}")
