# Databricks notebook source
# MAGIC %md
# MAGIC # Explore orders
# MAGIC Exploratory analysis of the landing-zone orders. EDA notebooks are never scheduled: the synth of
# MAGIC the DevOps program refuses a job whose notebook lives under `notebooks/eda`. When an analysis
# MAGIC becomes a pipeline, move its logic into `deep_project_core` (with tests) and call it from a
# MAGIC notebook under `notebooks/workflows`.

# COMMAND ----------

dbutils.widgets.text("source_path", "s3://acme-landing/orders/")
source_path = dbutils.widgets.get("source_path")

# COMMAND ----------

from pyspark.sql import functions as F

raw = spark.read.json(source_path)
display(raw.groupBy("status").agg(F.count("*").alias("orders"), F.sum("quantity").alias("units")))

# COMMAND ----------

# Null rates per column: the numbers the data-quality thresholds are chosen from.
display(raw.select([F.avg(F.col(c).isNull().cast("int")).alias(c) for c in raw.columns]))
