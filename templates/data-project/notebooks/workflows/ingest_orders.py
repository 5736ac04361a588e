# Databricks notebook source
# MAGIC %md
# MAGIC # Ingest orders (job: ingest-orders)
# MAGIC Loads the day's orders from the landing zone into the bronze and silver tables. One workflow
# MAGIC notebook, one job: the job is defined in the DevOps program's `config/project.yaml`.

# COMMAND ----------

dbutils.widgets.text("source_path", "")
dbutils.widgets.text("target_schema", "")
source_path = dbutils.widgets.get("source_path")
target_schema = dbutils.widgets.get("target_schema")
if not source_path or not target_schema:
    raise ValueError("ingest_orders needs the job parameters source_path and target_schema")

# COMMAND ----------

# The Git folder's root is on sys.path, so the library imports straight from the repository (no wheel).
from deep_project_core.spark_transforms import clean_orders

raw = spark.read.json(source_path)
raw.write.mode("append").saveAsTable(f"{target_schema}.orders_bronze")
silver = clean_orders(raw)
silver.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(f"{target_schema}.orders")

# COMMAND ----------

dbutils.notebook.exit(f"{silver.count()} orders in {target_schema}.orders")
