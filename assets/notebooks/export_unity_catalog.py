# Databricks notebook source
# Periodic Unity Catalog export (blueprint section 10): schemas, table definitions and grants of
# the configured catalogs, written as JSON to the DR location so that a new workspace can be
# re-created from them (see docs/RUNBOOK-dr.md).
#
# Parameters: catalogs (comma-separated), location (s3://, gs:// or abfss:// root)

# COMMAND ----------

import datetime
import json

dbutils.widgets.text("catalogs", "")
dbutils.widgets.text("location", "")
catalogs = [c.strip() for c in dbutils.widgets.get("catalogs").split(",") if c.strip()]
location = dbutils.widgets.get("location").rstrip("/")
if not catalogs or not location:
    raise ValueError("Parameters 'catalogs' and 'location' are required")

stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def rows(query: str):
    return [r.asDict() for r in spark.sql(query).collect()]


# COMMAND ----------

export = {"exported_at": stamp, "catalogs": {}}
for catalog in catalogs:
    schemas = rows(f"SELECT schema_name, comment FROM `{catalog}`.information_schema.schemata")
    tables = rows(
        f"SELECT table_schema, table_name, table_type, data_source_format, storage_path, comment "
        f"FROM `{catalog}`.information_schema.tables WHERE table_schema <> 'information_schema'"
    )
    columns = rows(
        f"SELECT table_schema, table_name, column_name, data_type, is_nullable, ordinal_position "
        f"FROM `{catalog}`.information_schema.columns WHERE table_schema <> 'information_schema'"
    )
    grants = rows(f"SELECT * FROM `{catalog}`.information_schema.table_privileges")
    schema_grants = rows(f"SELECT * FROM `{catalog}`.information_schema.schema_privileges")
    export["catalogs"][catalog] = {
        "schemas": schemas, "tables": tables, "columns": columns,
        "table_privileges": grants, "schema_privileges": schema_grants,
    }

target = f"{location}/{stamp}/unity-catalog-export.json"
dbutils.fs.put(target, json.dumps(export, indent=1, default=str), overwrite=False)
print(f"Exported {len(catalogs)} catalog(s) to {target}")
