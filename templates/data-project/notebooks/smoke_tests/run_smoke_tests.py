# Databricks notebook source
# MAGIC %md
# MAGIC # Smoke tests
# MAGIC Runs the repository's pytest suite (tests/unit and tests/integration, Spark included) on the
# MAGIC cluster, from the environment's Git folder: it proves the notebook entry point, the job, the
# MAGIC cluster's pinned environment and the Spark session work together. The smoke job of every
# MAGIC environment runs this notebook after each deploy (`make smoke ENV=dev`).

# COMMAND ----------

# MAGIC %pip install -r ../../tests/requirements.txt

# COMMAND ----------

import os
import sys
from pathlib import Path

import pytest

# A notebook in a Git folder runs with its own folder as the working directory.
repo_root = Path(os.getcwd()).parents[1]
sys.path.insert(0, str(repo_root))
sys.dont_write_bytecode = True  # the Git folder is not a place for __pycache__

exit_code = pytest.main([str(repo_root / "tests"), "-p", "no:cacheprovider", "-ra", "--rootdir", str(repo_root)])
if exit_code != 0:
    raise AssertionError(f"pytest failed with exit code {exit_code}: see the output above")
