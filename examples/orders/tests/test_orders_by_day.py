"""The job's result against a hand count of the data file, on localglue through its pytest plugin."""

import csv
from collections import defaultdict
from pathlib import Path


HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parent / "jobs" / "orders_by_day.py"
DATA = HERE.parent / "data" / "orders.csv"


def expected_days() -> list[str]:
    orders, revenue = defaultdict(int), defaultdict(float)
    with DATA.open() as rows:
        for row in csv.DictReader(rows):
            day = row["ordered_at"][:10]
            orders[day] += 1
            revenue[day] += float(row["amount"])
    return [f"{day} orders={orders[day]} revenue={round(revenue[day], 2)}" for day in sorted(orders)]


def test_orders_by_day(localglue):
    output = f"s3://{localglue.scratch_bucket}/daily/"
    result = localglue.run_job(SCRIPT, {"--output_path": output}, {"--input_path": DATA})
    assert result.state == "SUCCEEDED", result.run.get("ErrorMessage")
    assert result.stdout == expected_days()
