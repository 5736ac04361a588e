# Databricks notebook source
# MAGIC %md
# MAGIC # Train the churn model (job: train-churn-model)
# MAGIC Builds the customer features with `deep_project_core.churn` and logs a model to MLflow.

# COMMAND ----------

dbutils.widgets.text("experiment", "")
dbutils.widgets.text("orders_table", "sales.orders")
dbutils.widgets.text("customers_table", "sales.customers")
experiment = dbutils.widgets.get("experiment")
if not experiment:
    raise ValueError("train_churn_model needs the job parameter experiment")

# COMMAND ----------

from datetime import datetime, timezone

from deep_project_core import churn_labels, customer_features, parse_order

as_of = datetime.now(timezone.utc)
orders = [parse_order(r.asDict()) for r in spark.table(dbutils.widgets.get("orders_table")).collect()]
customers = [r.asDict() for r in spark.table(dbutils.widgets.get("customers_table")).collect()]
features = customer_features(customers, orders, as_of)
labels = churn_labels(features)

# COMMAND ----------

import mlflow

mlflow.set_experiment(experiment)
with mlflow.start_run(run_name=f"churn-{as_of:%Y-%m-%d}"):
    mlflow.log_metric("customers", len(features))
    mlflow.log_metric("churn_rate", sum(labels.values()) / max(len(labels), 1))
