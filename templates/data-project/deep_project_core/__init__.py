"""Business logic of the project, importable anywhere Python runs.

Pure Python: nothing here imports dbutils, pyspark.dbutils or databricks, so the code can move into
a service or a library later without refactoring (blueprint section 1). Notebooks import it straight
from the Git folder; there is no wheel (section 8). The synth of the DevOps program checks this.
"""

from deep_project_core.churn import CustomerFeatures, churn_labels, customer_features
from deep_project_core.orders import InvalidOrder, Order, daily_revenue, deduplicate, parse_order

__all__ = [
    "CustomerFeatures",
    "InvalidOrder",
    "Order",
    "churn_labels",
    "customer_features",
    "daily_revenue",
    "deduplicate",
    "parse_order",
]
