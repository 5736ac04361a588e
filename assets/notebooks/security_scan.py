# Databricks notebook source
# Weekly security and licence scan of the environment's pinned requirements (blueprint section 5),
# run on a cluster of the pinned environment itself: pip-audit for known CVEs, and a licence
# check of what is installed against the disallowed licences. A finding fails the run, which
# triggers the job's failure notifications (e-mail and Slack).
#
# Parameters: lock_path (the uploaded lock, /Workspace/...), disallowed_licenses (comma-separated)

# COMMAND ----------

import subprocess
import sys

dbutils.widgets.text("lock_path", "")
dbutils.widgets.text("disallowed_licenses", "GPL,LGPL,AGPL")
lock_path = dbutils.widgets.get("lock_path")
disallowed = [l.strip() for l in dbutils.widgets.get("disallowed_licenses").split(",") if l.strip()]
if not lock_path:
    raise ValueError("Parameter 'lock_path' is required")


def run(*args: str) -> subprocess.CompletedProcess:
    print("$", " ".join(args))
    return subprocess.run(args, capture_output=True, text=True)


# COMMAND ----------

problems = []
install = run(sys.executable, "-m", "pip", "install", "--quiet", "pip-audit", "pip-licenses")
if install.returncode != 0:
    raise RuntimeError(f"Could not install the scanners: {install.stderr[-2000:]}")

audit = run(sys.executable, "-m", "pip_audit", "--requirement", lock_path, "--no-deps", "--disable-pip", "--progress-spinner", "off")
print(audit.stdout[-10000:])
if audit.returncode != 0:
    problems.append(f"pip-audit found vulnerabilities:\n{audit.stdout[-4000:]}{audit.stderr[-2000:]}")

licences = run(sys.executable, "-m", "piplicenses", "--format=plain", f"--fail-on={';'.join(disallowed)}", "--partial-match")
print(licences.stdout[-10000:])
if licences.returncode != 0:
    problems.append(f"Disallowed licences ({', '.join(disallowed)}):\n{licences.stdout[-2000:]}{licences.stderr[-2000:]}")

# COMMAND ----------

if problems:
    raise RuntimeError("\n\n".join(problems))
print("No known vulnerabilities and no disallowed licences.")
