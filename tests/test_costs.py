"""What a run would cost on AWS, from measured figures; every expected amount is worked out by hand from
the prices in localglue/costs/prices.py ($0.44 per DPU-hour, $5 per TB, $0.005 / $0.0004 per 1,000)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from localglue.costs import estimate
from localglue.gateway.s3_usage import S3Usage, request_class


def test_a_short_job_run_bills_its_minute_on_every_worker():
    item = estimate.job_cost("lag", {"ExecutionTime": 15, "NumberOfWorkers": 2, "WorkerType": "G.1X"})
    assert (item.measured, item.billed) == ("15 s on 2 x G.1X", "120 DPU-seconds")
    assert item.usd == pytest.approx(120 * 0.44 / 3600)  # $0.014667


def test_a_longer_run_on_bigger_workers_and_flex():
    item = estimate.job_cost("lag", {"ExecutionTime": 150, "NumberOfWorkers": 10, "WorkerType": "G.2X"})
    assert item.billed == "3000 DPU-seconds" and item.usd == pytest.approx(3000 * 0.44 / 3600)  # $0.3667
    flex = estimate.job_cost(
        "lag", {"ExecutionTime": 150, "NumberOfWorkers": 10, "WorkerType": "G.2X", "ExecutionClass": "FLEX"}
    )
    assert flex.usd == pytest.approx(3000 * 0.29 / 3600)
    big = estimate.job_cost("lag", {"ExecutionTime": 60, "NumberOfWorkers": 2, "WorkerType": "G.16X"})
    assert big.billed == "1920 DPU-seconds"  # 60 s x 2 workers x 16 DPU


def test_a_worker_type_without_a_price_is_named_not_guessed():
    with pytest.raises(ValueError, match="lag's worker type R.1X"):
        estimate.job_cost("lag", {"ExecutionTime": 60, "NumberOfWorkers": 2, "WorkerType": "R.1X"})


def test_crawls_bill_at_least_ten_minutes():
    assert estimate.crawl_cost("source", 30).usd == pytest.approx(600 * 0.44 / 3600)  # $0.0733
    assert estimate.crawl_cost("source", 900.2).usd == pytest.approx(901 * 0.44 / 3600)
    assert estimate.crawl_cost("source", 30).billed == "10 DPU-minutes"


def test_athena_bills_whole_megabytes_and_at_least_ten():
    small = estimate.athena_cost("q1", 1_000)
    assert (small.billed, small.usd) == ("10 MB", pytest.approx(10 / 1024**2 * 5))
    assert estimate.athena_cost("q2", int(25.5 * 1024**2)).billed == "26 MB"


def test_s3_requests_by_class():
    item = estimate.s3_cost("source", {"write": 1000, "read": 2000, "free": 50})
    assert item.usd == pytest.approx(0.005 + 0.0008)


def test_the_change_that_saves_most_is_named():
    job = {"ExecutionTime": 15, "NumberOfWorkers": 2, "WorkerType": "G.1X"}
    items = [estimate.job_cost("lag", job), estimate.crawl_cost("target-crawler", 5)]
    saving = estimate.cheapest_change(items, {"lag": job})
    assert saving is not None and saving.change.startswith("drop crawler target-crawler")
    assert saving.usd == pytest.approx(600 * 0.44 / 3600)

    big = {"ExecutionTime": 3600, "NumberOfWorkers": 10, "WorkerType": "G.1X"}
    items = [estimate.job_cost("lag", big), estimate.crawl_cost("target-crawler", 5)]
    saving = estimate.cheapest_change(items, {"lag": big})
    # 10 workers -> 2 saves 80% of $4.40, FLEX 34%
    assert saving.change.startswith("run job lag on 2 workers") and saving.usd == pytest.approx(4.4 * 0.8)


def test_run_cost_of_a_workflow_run_and_its_line():
    started = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    run = {
        "Graph": {
            "Nodes": [
                {"Name": "lag", "JobDetails": {"JobRuns": [{"Id": "jr_1"}]}},
                {
                    "Name": "source-crawler",
                    "CrawlerDetails": {
                        "Crawls": [{"StartedOn": started, "CompletedOn": started + timedelta(seconds=2)}]
                    },
                },
            ]
        }
    }

    class Glue:
        def get_job_run(self, JobName, RunId):  # noqa: N803 (boto3's names)
            return {"JobRun": {"ExecutionTime": 15, "NumberOfWorkers": 2, "WorkerType": "G.1X"}}

    class Athena:
        def get_query_execution(self, QueryExecutionId):  # noqa: N803
            return {
                "QueryExecution": {
                    "Status": {"State": "SUCCEEDED"},
                    "StatementType": "DML",
                    "Statistics": {"DataScannedInBytes": 5_000},
                }
            }

    cost = estimate.run_cost(Glue(), Athena(), run, ["q1"], {"source": {"write": 10, "read": 100}})

    job, crawl, query, s3 = (
        120 * 0.44 / 3600,
        600 * 0.44 / 3600,
        10 / 1024**2 * 5,
        10 * 0.005 / 1000 + 100 * 0.0004 / 1000,
    )
    assert cost.total == pytest.approx(job + crawl + query + s3)
    assert cost.line().startswith(
        f"cost on AWS (us-east-1, prices of 2026-12-01): ${job + crawl + query + s3:.4f} per run ("
    )
    assert "cut most by: drop crawler source-crawler" in cost.line()


@pytest.mark.parametrize(
    ("method", "key", "query", "kind"),
    [
        ("PUT", True, {}, "write"),
        ("POST", True, {"uploads": [""]}, "write"),
        ("GET", False, {"list-type": ["2"], "prefix": ["incoming/"]}, "write"),  # a LIST
        ("GET", False, {"versions": [""]}, "write"),
        ("GET", False, {"versioning": [""]}, "read"),  # a setting: "all other requests"
        ("GET", True, {}, "read"),
        ("HEAD", True, {}, "read"),
        ("DELETE", True, {}, "free"),
        ("POST", False, {"delete": [""]}, "free"),
    ],
)
def test_s3_request_classes(method, key, query, kind):
    assert request_class(method, key, query) == kind


def test_requests_are_counted_per_bucket_path_style_or_virtual_hosted():
    usage = S3Usage()
    usage.record(
        {"REQUEST_METHOD": "PUT", "PATH_INFO": "/source/incoming/a.csv", "HTTP_HOST": "127.0.0.1:4566"}
    )
    usage.record(
        {"REQUEST_METHOD": "GET", "PATH_INFO": "/incoming/a.csv", "HTTP_HOST": "source.localhost:4566"}
    )
    usage.record({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_HOST": "127.0.0.1:4566"})  # ListBuckets
    assert usage.counts() == {"source": {"write": 1, "read": 1}}
    assert estimate.s3_requests_since({"source": {"write": 1}}, usage.counts(), ["source", "other"]) == {
        "source": {"read": 1}
    }
