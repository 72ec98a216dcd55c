"""Crawlers through boto3: real crawls of data the tests write to the gateway's S3."""

from __future__ import annotations

import csv as csvlib
import io
import json
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from botocore.exceptions import ClientError
from moto.backends import get_backend

import athena_queries
from localglue.crawlers import schedules
from localglue.testing import wait_for, wait_for_crawl

ROLE = "arn:aws:iam::123456789012:role/crawler"
ACCOUNT, REGION = "123456789012", "us-east-1"


@pytest.fixture
def database(glue):
    name = f"db_{uuid.uuid4().hex[:8]}"
    glue.create_database(DatabaseInput={"Name": name})
    return name


def put(s3, bucket: str, files: dict[str, bytes | str]) -> None:
    for key, body in files.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode() if isinstance(body, str) else body)


@pytest.fixture
def make_crawler(localglue_create_crawler):
    """`make_crawler(database, paths, **CreateCrawler fields)`; `target` adds to each S3 target. Deleted after
    the test."""

    def make(database: str, paths: list[str], **extra) -> str:
        return localglue_create_crawler(database, paths, Role=ROLE, **extra)

    return make


def crawl(glue, name: str, timeout: float = 30) -> dict:
    """Start a crawl, wait for it to end, return ListCrawls' item for it."""
    glue.start_crawler(Name=name)
    return wait_for_crawl(glue, name, timeout)


def estimated_records(bodies: list[str], header: bool) -> str:
    """Glue's recordCount: the data's size over the average size of the records it sampled (a header and
    the first 1,000 records of each file)."""
    size = sum(len(body.encode()) for body in bodies)
    sampled = [
        line for body in bodies for line in body.splitlines(keepends=True)[:1001][1 if header else 0 :]
    ]
    return str(size // (sum(len(line.encode()) for line in sampled) // len(sampled)))


def table(glue, database: str, name: str) -> dict:
    return glue.get_table(DatabaseName=database, Name=name)["Table"]


def columns(found: dict) -> list[tuple[str, str]]:
    return [(c["Name"], c["Type"]) for c in found["StorageDescriptor"]["Columns"]]


def table_names(glue, database: str) -> set[str]:
    return {t["Name"] for t in glue.get_tables(DatabaseName=database)["TableList"]}


TYPED_CSV = "id,name,score,active\n1,alice,3.5,true\n2,bob,4,false\n3,carol,,true\n"


def test_header_detected_when_data_rows_are_not_all_strings(glue, s3, bucket, database, make_crawler):
    put(s3, bucket, {"sales/part1.csv": TYPED_CSV})
    name = make_crawler(database, [f"s3://{bucket}/sales/"])
    assert crawl(glue, name)["State"] == "COMPLETED"
    found = table(glue, database, "sales")
    assert columns(found) == [
        ("id", "bigint"),
        ("name", "string"),
        ("score", "double"),
        ("active", "boolean"),
    ]
    sd = found["StorageDescriptor"]
    assert sd["Location"] == f"s3://{bucket}/sales/"
    assert sd["SerdeInfo"] == {
        "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "Parameters": {"field.delim": ","},
    }
    assert sd["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"
    params = found["Parameters"]
    assert params["classification"] == "csv"
    assert params["skip.header.line.count"] == "1"
    assert params["delimiter"] == ","
    assert params["areColumnsQuoted"] == "false"
    assert params["UPDATED_BY_CRAWLER"] == name
    assert params["objectCount"] == "1"
    assert params["recordCount"] == estimated_records([TYPED_CSV], header=True)
    assert params["sizeKey"] == str(len(TYPED_CSV))
    data_bytes = len(TYPED_CSV) - len("id,name,score,active\n")
    assert params["averageRecordSize"] == str(data_bytes // 3)
    assert found["TableType"] == "EXTERNAL_TABLE"
    assert found["PartitionKeys"] == []


ALL_STRING_CSV = "user_id,event_type,event_time\nu1,click,2024-01-01 10:00:00\nu2,view,2024-01-01 10:05:00\n"


def test_all_string_csv_gets_no_header_and_colN_names(glue, s3, bucket, database, make_crawler):
    put(s3, bucket, {"incoming/events.csv": ALL_STRING_CSV})
    name = make_crawler(database, [f"s3://{bucket}/incoming/"], TablePrefix="src_")
    crawl(glue, name)
    found = table(glue, database, "src_incoming")
    assert columns(found) == [("col0", "string"), ("col1", "string"), ("col2", "string")]
    assert "skip.header.line.count" not in found["Parameters"]
    assert found["Parameters"]["recordCount"] == estimated_records([ALL_STRING_CSV], header=False)


def test_custom_csv_classifier_with_header_present_overrides_builtin(
    glue, s3, bucket, database, make_crawler
):
    classifier = f"csv-{uuid.uuid4().hex[:6]}"
    glue.create_classifier(
        CsvClassifier={"Name": classifier, "Delimiter": ",", "QuoteSymbol": '"', "ContainsHeader": "PRESENT"}
    )
    stored = glue.get_classifier(Name=classifier)["Classifier"]["CsvClassifier"]
    assert (stored["ContainsHeader"], stored["Delimiter"], stored["Version"]) == ("PRESENT", ",", 1)
    put(s3, bucket, {"incoming/events.csv": ALL_STRING_CSV})
    name = make_crawler(database, [f"s3://{bucket}/incoming/"], Classifiers=[classifier])
    crawl(glue, name)
    found = table(glue, database, "incoming")
    assert columns(found) == [("user_id", "string"), ("event_type", "string"), ("event_time", "string")]
    assert found["Parameters"]["skip.header.line.count"] == "1"
    assert found["Parameters"]["recordCount"] == estimated_records([ALL_STRING_CSV], header=True)

    glue.update_classifier(CsvClassifier={"Name": classifier, "ContainsHeader": "ABSENT"})
    assert glue.get_classifier(Name=classifier)["Classifier"]["CsvClassifier"]["Version"] == 2
    with pytest.raises(ClientError) as err:
        glue.create_classifier(CsvClassifier={"Name": classifier})
    assert err.value.response["Error"]["Code"] == "AlreadyExistsException"
    glue.delete_classifier(Name=classifier)
    with pytest.raises(ClientError) as err:
        glue.get_classifier(Name=classifier)
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"


@pytest.mark.parametrize("delimiter", [",", "|", "\t", ";"])
def test_each_builtin_delimiter(glue, s3, bucket, database, delimiter, make_crawler):
    body = (
        "\n".join(delimiter.join(row) for row in [["a", "b", "c"], ["1", "x", "2.5"], ["2", "y", "3"]]) + "\n"
    )
    put(s3, bucket, {"data/file.txt": body})
    name = make_crawler(database, [f"s3://{bucket}/data/"])
    crawl(glue, name)
    found = table(glue, database, "data")
    assert found["Parameters"]["delimiter"] == delimiter
    assert found["StorageDescriptor"]["SerdeInfo"]["Parameters"] == {"field.delim": delimiter}
    assert columns(found) == [("a", "bigint"), ("b", "string"), ("c", "double")]


def test_quoted_fields_use_open_csv_serde(glue, s3, bucket, database, make_crawler):
    body = 'id,comment\n1,"hello, world"\n2,"plain"\n'
    put(s3, bucket, {"quoted/q.csv": body})
    name = make_crawler(database, [f"s3://{bucket}/quoted/"])
    crawl(glue, name)
    found = table(glue, database, "quoted")
    assert found["StorageDescriptor"]["SerdeInfo"] == {
        "SerializationLibrary": "org.apache.hadoop.hive.serde2.OpenCSVSerde",
        "Parameters": {"separatorChar": ",", "quoteChar": '"'},
    }
    assert found["Parameters"]["areColumnsQuoted"] == "true"
    assert columns(found) == [("id", "bigint"), ("comment", "string")]


def test_json_lines(glue, s3, bucket, database, make_crawler):
    records = [
        {"id": 1, "name": "a", "price": 1.5, "ok": True, "tags": ["x"], "meta": {"k": 1}},
        {
            "id": 3_000_000_000,
            "name": "b",
            "price": 2,
            "ok": False,
            "tags": [],
            "meta": {"k": 2},
            "extra": None,
        },
    ]
    body = "\n".join(json.dumps(r) for r in records) + "\n"
    put(s3, bucket, {"events/e.json": body})
    name = make_crawler(database, [f"s3://{bucket}/events/"])
    crawl(glue, name)
    found = table(glue, database, "events")
    assert columns(found) == [
        ("id", "bigint"),
        ("name", "string"),
        ("price", "double"),
        ("ok", "boolean"),
        ("tags", "array<string>"),
        ("meta", "struct<k:int>"),
        ("extra", "string"),
    ]
    assert found["Parameters"]["classification"] == "json"
    serde = found["StorageDescriptor"]["SerdeInfo"]
    assert serde["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"
    assert serde["Parameters"]["paths"] == "extra,id,meta,name,ok,price,tags"
    assert found["Parameters"]["recordCount"] == estimated_records([body], header=False)


def test_parquet(glue, s3, bucket, database, make_crawler):
    data = pa.table(
        {
            "id": pa.array([1, 2, 3], pa.int64()),
            "n": pa.array([1, 2, 3], pa.int32()),
            "v": [0.5, 1.5, 2.5],
            "s": ["a", "b", "c"],
            "t": pa.array([0, 1, 2], pa.timestamp("ms")),
        }
    )
    buffer = io.BytesIO()
    pq.write_table(data, buffer)
    put(s3, bucket, {"pq/part-0.parquet": buffer.getvalue()})
    name = make_crawler(database, [f"s3://{bucket}/pq/"])
    crawl(glue, name)
    found = table(glue, database, "pq")
    assert columns(found) == [
        ("id", "bigint"),
        ("n", "int"),
        ("v", "double"),
        ("s", "string"),
        ("t", "timestamp"),
    ]
    assert found["Parameters"]["classification"] == "parquet"
    assert found["Parameters"]["recordCount"] == "3"
    sd = found["StorageDescriptor"]
    assert (
        sd["SerdeInfo"]["SerializationLibrary"]
        == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    )
    assert sd["InputFormat"] == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"


def test_named_and_unnamed_partitions(glue, s3, bucket, database, make_crawler):
    put(
        s3,
        bucket,
        {
            "named/year=2024/month=01/a.csv": TYPED_CSV,
            "named/year=2024/month=02/b.csv": TYPED_CSV,
            "named/_SUCCESS": b"",
            "plain/2024/01/a.csv": TYPED_CSV,
            "plain/2025/03/b.csv": TYPED_CSV,
        },
    )
    name = make_crawler(database, [f"s3://{bucket}/named/", f"s3://{bucket}/plain/"])
    crawl(glue, name)
    named = table(glue, database, "named")
    assert named["PartitionKeys"] == [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "string"}]
    partitions = glue.get_partitions(DatabaseName=database, TableName="named")["Partitions"]
    assert sorted((p["Values"], p["StorageDescriptor"]["Location"]) for p in partitions) == [
        (["2024", "01"], f"s3://{bucket}/named/year=2024/month=01/"),
        (["2024", "02"], f"s3://{bucket}/named/year=2024/month=02/"),
    ]
    assert named["Parameters"]["objectCount"] == "2"
    assert named["Parameters"]["recordCount"] == estimated_records([TYPED_CSV] * 2, header=True)
    for partition in partitions:  # figures of the partition's own files
        assert partition["Parameters"]["objectCount"] == "1"
        assert partition["Parameters"]["recordCount"] == estimated_records([TYPED_CSV], header=True)
        assert partition["Parameters"]["sizeKey"] == str(len(TYPED_CSV))
    plain = table(glue, database, "plain")
    assert [k["Name"] for k in plain["PartitionKeys"]] == ["partition_0", "partition_1"]
    values = sorted(
        p["Values"] for p in glue.get_partitions(DatabaseName=database, TableName="plain")["Partitions"]
    )
    assert values == [["2024", "01"], ["2025", "03"]]


def test_exclusions(glue, s3, bucket, database, make_crawler):
    put(
        s3,
        bucket,
        {
            "data/keep.csv": TYPED_CSV,
            "data/skip.tmp": "x;y\n1;2\n",
            "data/tmp/x.csv": TYPED_CSV,
        },
    )
    name = make_crawler(database, [f"s3://{bucket}/data/"], target={"Exclusions": ["**.tmp", "tmp/**"]})
    crawl(glue, name)
    assert table_names(glue, database) == {"data"}
    assert table(glue, database, "data")["Parameters"]["objectCount"] == "1"


def test_two_incompatible_schemas_in_one_folder_make_a_table_each(glue, s3, bucket, database, make_crawler):
    put(
        s3,
        bucket,
        {
            "mixed/users.csv": "id,name\n1,a\n2,b\n",
            "mixed/orders.json": '{"order": 1, "total": 2.5}\n{"order": 2, "total": 3.0}\n',
        },
    )
    name = make_crawler(database, [f"s3://{bucket}/mixed/"])
    crawl(glue, name)
    assert table_names(glue, database) == {"users_csv", "orders_json"}
    assert (
        table(glue, database, "users_csv")["StorageDescriptor"]["Location"]
        == f"s3://{bucket}/mixed/users.csv"
    )


def test_combine_compatible_schemas_and_table_level(glue, s3, bucket, database, make_crawler):
    put(s3, bucket, {"root/a/x.csv": "id,name\n1,a\n", "root/b/y.csv": "id,other\n2,b\n"})
    # Without grouping the two folders' schemas share too few columns to be one table.
    separate = make_crawler(database, [f"s3://{bucket}/root/"])
    crawl(glue, separate)
    assert table_names(glue, database) == {"a", "b"}
    combined_db = database + "_c"
    glue.create_database(DatabaseInput={"Name": combined_db})
    config = {"Version": 1.0, "Grouping": {"TableGroupingPolicy": "CombineCompatibleSchemas"}}
    combined = make_crawler(combined_db, [f"s3://{bucket}/root/"], Configuration=json.dumps(config))
    crawl(glue, combined)
    assert table_names(glue, combined_db) == {"root"}
    assert columns(table(glue, combined_db, "root")) == [
        ("id", "bigint"),
        ("name", "string"),
        ("other", "string"),
    ]
    level_db = database + "_l"
    glue.create_database(DatabaseInput={"Name": level_db})
    config = {"Version": 1.0, "Grouping": {"TableLevelConfiguration": 3}}
    leveled = make_crawler(level_db, [f"s3://{bucket}/root/"], Configuration=json.dumps(config))
    crawl(glue, leveled)
    assert table_names(glue, level_db) == {"a", "b"}


@pytest.mark.parametrize("behavior", ["UPDATE_IN_DATABASE", "LOG"])
def test_schema_change_under_each_update_behavior(glue, s3, bucket, database, behavior, make_crawler):
    put(s3, bucket, {"t/1.csv": "id,name\n1,a\n"})
    name = make_crawler(
        database,
        [f"s3://{bucket}/t/"],
        SchemaChangePolicy={"UpdateBehavior": behavior, "DeleteBehavior": "LOG"},
    )
    crawl(glue, name)
    put(s3, bucket, {"t/1.csv": "id,name,score\n1,a,2.5\n"})
    crawl(glue, name)
    found = table(glue, database, "t")
    versions = glue.get_table_versions(DatabaseName=database, TableName="t")["TableVersions"]
    metrics = glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
    if behavior == "UPDATE_IN_DATABASE":
        assert columns(found) == [("id", "bigint"), ("name", "string"), ("score", "double")]
        assert len(versions) == 2
        assert (metrics["TablesCreated"], metrics["TablesUpdated"]) == (0, 1)
    else:
        assert columns(found) == [("id", "bigint"), ("name", "string")]
        assert len(versions) == 1
        assert (metrics["TablesCreated"], metrics["TablesUpdated"]) == (0, 0)


@pytest.mark.parametrize("behavior", ["DELETE_FROM_DATABASE", "DEPRECATE_IN_DATABASE", "LOG"])
def test_emptied_folder_under_each_delete_behavior(glue, s3, bucket, database, behavior, make_crawler):
    put(s3, bucket, {"incoming/a.csv": TYPED_CSV})
    name = make_crawler(
        database,
        [f"s3://{bucket}/incoming/"],
        SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": behavior},
    )
    crawl(glue, name)
    s3.delete_object(Bucket=bucket, Key="incoming/a.csv")
    assert crawl(glue, name)["State"] == "COMPLETED"
    metrics = glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
    if behavior == "DELETE_FROM_DATABASE":
        assert table_names(glue, database) == set()
        assert metrics["TablesDeleted"] == 1
    elif behavior == "DEPRECATE_IN_DATABASE":
        deprecated_at = int(table(glue, database, "incoming")["Parameters"]["DEPRECATED_BY_CRAWLER"]) / 1000
        assert abs(deprecated_at - time.time()) < 60  # epoch milliseconds, as Glue writes it
        put(s3, bucket, {"incoming/b.csv": TYPED_CSV})  # data is back: the table is current again
        crawl(glue, name)
        assert "DEPRECATED_BY_CRAWLER" not in table(glue, database, "incoming")["Parameters"]
        assert metrics["TablesDeleted"] == 1
    else:
        assert "DEPRECATED_BY_CRAWLER" not in table(glue, database, "incoming")["Parameters"]
        assert metrics["TablesDeleted"] == 0


def test_new_files_update_the_table_figures(glue, s3, bucket, database, make_crawler):
    put(s3, bucket, {"grow/a.csv": TYPED_CSV})
    name = make_crawler(database, [f"s3://{bucket}/grow/"])
    crawl(glue, name)
    crawl(glue, name)  # nothing changed: no new version
    assert len(glue.get_table_versions(DatabaseName=database, TableName="grow")["TableVersions"]) == 1
    put(s3, bucket, {"grow/b.csv": TYPED_CSV})
    crawl(glue, name)
    assert table(glue, database, "grow")["Parameters"]["objectCount"] == "2"
    assert len(glue.get_table_versions(DatabaseName=database, TableName="grow")["TableVersions"]) == 2
    assert glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]["TablesUpdated"] == 1


def test_crawl_new_folders_only_adds_new_partitions_without_rereading(
    glue, s3, bucket, database, make_crawler
):
    put(s3, bucket, {"logs/day=1/a.csv": TYPED_CSV})
    name = make_crawler(
        database,
        [f"s3://{bucket}/logs/"],
        RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
        SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"},
    )
    crawl(glue, name)
    # A changed file in an old folder is not re-read; a new folder becomes a partition.
    put(s3, bucket, {"logs/day=1/a.csv": "zzz|yyy\nq|r\n", "logs/day=2/b.csv": TYPED_CSV})
    crawl(glue, name)
    values = sorted(
        p["Values"] for p in glue.get_partitions(DatabaseName=database, TableName="logs")["Partitions"]
    )
    assert values == [["1"], ["2"]]
    assert [c[0] for c in columns(table(glue, database, "logs"))] == ["id", "name", "score", "active"]


def test_sample_size_reads_only_that_many_files_per_folder(glue, s3, bucket, database, make_crawler):
    # Only the first file of the folder is classified; the unreadable second one is counted, not read.
    put(s3, bucket, {"sampled/a.csv": TYPED_CSV, "sampled/b.csv": b"\x00\x01 not csv at all"})
    name = make_crawler(database, [f"s3://{bucket}/sampled/"], target={"SampleSize": 1})
    crawl(glue, name)
    assert table(glue, database, "sampled")["Parameters"]["objectCount"] == "2"
    unsampled_db = database + "_all"
    glue.create_database(DatabaseInput={"Name": unsampled_db})
    crawl(glue, make_crawler(unsampled_db, [f"s3://{bucket}/sampled/"]))
    assert table(glue, unsampled_db, "sampled")["Parameters"]["objectCount"] == "1"  # b.csv is UNKNOWN


def test_table_names_are_sanitized(glue, s3, bucket, database, make_crawler):
    put(s3, bucket, {"My-Data.v2/f.csv": TYPED_CSV})
    name = make_crawler(database, [f"s3://{bucket}/My-Data.v2/"])
    crawl(glue, name)
    assert table_names(glue, database) == {"my_data_v2"}


def test_lifecycle_logs_metrics_and_notices(glue, s3, client, bucket, database, runtime, make_crawler):
    put(s3, bucket, {"life/a.csv": TYPED_CSV})
    name = make_crawler(database, [f"s3://{bucket}/life/"])
    assert glue.get_crawler(Name=name)["Crawler"]["State"] == "READY"
    notices = []
    runtime.bus.subscribe(notices.append)
    try:
        first = crawl(glue, name)
        second = crawl(glue, name)
    finally:
        runtime.bus.unsubscribe(notices.append)
    mine = [(n.state, n.run_id) for n in notices if n.name == name]
    assert mine == [
        ("RUNNING", first["CrawlId"]),
        ("SUCCEEDED", first["CrawlId"]),
        ("RUNNING", second["CrawlId"]),
        ("SUCCEEDED", second["CrawlId"]),
    ]
    crawler = glue.get_crawler(Name=name)["Crawler"]
    last = crawler["LastCrawl"]
    assert (last["Status"], last["LogGroup"], last["LogStream"]) == ("SUCCEEDED", "/aws-glue/crawlers", name)
    assert last["MessagePrefix"] == second["CrawlId"]
    assert crawler["State"] == "READY"
    listed = glue.list_crawls(CrawlerName=name)["Crawls"]
    assert [c["CrawlId"] for c in listed] == [second["CrawlId"], first["CrawlId"]]
    assert listed[1]["Summary"] == "1 tables created, 0 tables updated, 0 tables deleted"
    only_first = glue.list_crawls(
        CrawlerName=name,
        Filters=[{"FieldName": "CRAWL_ID", "FilterOperator": "EQ", "FieldValue": first["CrawlId"]}],
    )["Crawls"]
    assert [c["CrawlId"] for c in only_first] == [first["CrawlId"]]
    metrics = glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
    runtimes = sorted((c["EndTime"] - c["StartTime"]).total_seconds() for c in listed)
    assert metrics["LastRuntimeSeconds"] == pytest.approx(
        (listed[0]["EndTime"] - listed[0]["StartTime"]).total_seconds(), abs=0.01
    )
    assert metrics["MedianRuntimeSeconds"] == pytest.approx(sum(runtimes) / 2, abs=0.01)
    assert (metrics["TablesCreated"], metrics["StillEstimating"], metrics["TimeLeftSeconds"]) == (0, False, 0)
    events = client("logs").get_log_events(logGroupName="/aws-glue/crawlers", logStreamName=name)["events"]
    messages = [e["message"] for e in events]
    assert f"[{first['CrawlId']}] INFO : Created table life in database {database}" in messages
    assert f"[{second['CrawlId']}] BENCHMARK : Crawler has finished running and is in state READY" in messages


def object_lock(bucket: str, key: str):
    """The lock moto takes to read an object: holding it keeps a crawl waiting at its first read."""
    return get_backend("s3")[ACCOUNT]["global"].get_bucket(bucket).keys[key].lock


def test_second_start_is_refused_and_stop_cancels(glue, s3, bucket, database, runtime, make_crawler):
    put(s3, bucket, {"busy/a.csv": TYPED_CSV})
    name = make_crawler(database, [f"s3://{bucket}/busy/"])
    notices = []
    runtime.bus.subscribe(notices.append)
    try:
        with object_lock(bucket, "busy/a.csv"):
            crawl_id = runtime.crawlers.start_crawl(
                ACCOUNT, REGION, name, workflow_name="wf", workflow_run_id="wr_1"
            )
            assert glue.get_crawler(Name=name)["Crawler"]["State"] == "RUNNING"
            with pytest.raises(ClientError) as err:
                glue.start_crawler(Name=name)
            assert err.value.response["Error"]["Code"] == "CrawlerRunningException"
            metrics = glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
            assert metrics["StillEstimating"] is True  # no completed crawl to estimate from yet
            glue.stop_crawler(Name=name)
            assert glue.get_crawler(Name=name)["Crawler"]["State"] == "STOPPING"
            with pytest.raises(ClientError) as again:
                glue.stop_crawler(Name=name)
            assert again.value.response["Error"]["Code"] == "CrawlerStoppingException"
        ended = wait_for_crawl(glue, name)
    finally:
        runtime.bus.unsubscribe(notices.append)
    assert (ended["CrawlId"], ended["State"]) == (crawl_id, "STOPPED")
    assert glue.get_crawler(Name=name)["Crawler"]["LastCrawl"]["Status"] == "CANCELLED"
    assert table_names(glue, database) == set()
    assert [(n.state, n.workflow_name, n.workflow_run_id) for n in notices if n.name == name] == [
        ("RUNNING", "wf", "wr_1"),
        ("CANCELLED", "wf", "wr_1"),
    ]
    with pytest.raises(ClientError) as stop_err:
        glue.stop_crawler(Name=name)
    assert stop_err.value.response["Error"]["Code"] == "CrawlerNotRunningException"


def test_missing_bucket_fails_the_crawl(glue, database, make_crawler):
    name = make_crawler(database, ["s3://no-such-bucket-localglue/data/"])
    ended = crawl(glue, name)
    assert ended["State"] == "FAILED"
    assert ended["ErrorMessage"] == "S3 bucket no-such-bucket-localglue does not exist."
    last = glue.get_crawler(Name=name)["Crawler"]["LastCrawl"]
    assert (last["Status"], last["ErrorMessage"]) == ("FAILED", ended["ErrorMessage"])


def test_unknown_crawler(glue):
    with pytest.raises(ClientError) as err:
        glue.start_crawler(Name="no-such-crawler")
    assert err.value.response["Error"]["Code"] == "EntityNotFoundException"
    assert err.value.response["Error"]["Message"] == "Crawler with name no-such-crawler does not exist"


def athena_rows(client, database: str, sql: str, output: str) -> list[list[str | None]]:
    return athena_queries.rows(client("athena"), sql, database, output)


def test_crawled_tables_read_back_through_athena(client, glue, s3, bucket, database, make_crawler):
    """Athena over the crawler's tables returns the rows of the files, read here with plain Python."""
    csv_files = {
        "sales/day=1/a.csv": "id,name,score\n1,alice,2.5\n2,bob,\n",
        "sales/day=2/b.csv": 'id,name,score\n3,"carol, jr",4\n',
    }
    json_records = [{"id": 1, "tag": "x", "ok": True}, {"id": 2, "tag": "y", "ok": False}]
    parquet = pa.table({"id": pa.array([7, 8], pa.int64()), "v": [0.25, 0.5]})
    buffer = io.BytesIO()
    pq.write_table(parquet, buffer)
    put(s3, bucket, csv_files)
    put(s3, bucket, {"events/e.json": "\n".join(json.dumps(r) for r in json_records) + "\n"})
    put(s3, bucket, {"pq/p.parquet": buffer.getvalue()})
    put(s3, bucket, {"incoming/e.csv": ALL_STRING_CSV})
    name = make_crawler(database, [f"s3://{bucket}/{p}/" for p in ("sales", "events", "pq", "incoming")])
    crawl(glue, name)
    output = f"s3://{bucket}/athena/"

    # A quoted field: the crawler makes the table OpenCSVSerde, whose columns Trino (as localglue's Athena)
    # reads as the file's text, every one a string (README: what differs from Athena)
    sales = glue.get_table(DatabaseName=database, Name="sales")["Table"]["StorageDescriptor"]
    assert sales["SerdeInfo"]["SerializationLibrary"] == "org.apache.hadoop.hive.serde2.OpenCSVSerde"
    assert [column["Type"] for column in sales["Columns"]] == ["bigint", "string", "double"]
    expected_sales = []
    for key, body in csv_files.items():
        day = key.split("/")[1].split("=")[1]
        for row in csvlib.reader(io.StringIO(body)):
            if row[0] != "id":
                expected_sales.append([row[0], row[1], row[2], day])
    assert athena_rows(client, database, "select id, name, score, day from sales order by id", output) == (
        expected_sales
    )
    expected_events = [[str(r["id"]), r["tag"], str(r["ok"]).lower()] for r in json_records]
    assert (
        athena_rows(client, database, "select id, tag, ok from events order by id", output) == expected_events
    )
    expected_pq = [[str(i), str(v)] for i, v in zip(parquet["id"].to_pylist(), parquet["v"].to_pylist())]
    assert athena_rows(client, database, "select id, v from pq order by id", output) == expected_pq
    # No header detected: the header line is a data row of the table, as on AWS.
    expected_incoming = sorted(csvlib.reader(io.StringIO(ALL_STRING_CSV)))
    assert athena_rows(client, database, "select col0, col1, col2 from incoming order by col0", output) == (
        expected_incoming
    )


def test_pipeline_source_crawler_on_the_sample_events(client, glue, s3, bucket, database, make_crawler):
    """The source crawler as Terraform defines it (custom CSV classifier, header present) on sample_data/."""
    samples = sorted((Path(__file__).resolve().parents[1] / "sample_data").glob("events_*.csv"))
    assert samples
    put(s3, bucket, {f"incoming/{path.name}": path.read_bytes() for path in samples})
    classifier = f"csv-with-header-{uuid.uuid4().hex[:6]}"
    glue.create_classifier(
        CsvClassifier={"Name": classifier, "Delimiter": ",", "QuoteSymbol": '"', "ContainsHeader": "PRESENT"}
    )
    name = make_crawler(
        database,
        [f"s3://{bucket}/incoming/"],
        Classifiers=[classifier],
        TablePrefix="events_",
        SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "LOG"},
    )
    crawl(glue, name)
    found = table(glue, database, "events_incoming")
    assert columns(found) == [("user_id", "string"), ("event_type", "string"), ("event_time", "string")]
    texts = [path.read_text() for path in samples]
    assert found["Parameters"]["recordCount"] == estimated_records(texts, header=True)
    # Every line of a sample file but its header is a record.
    data_rows = sum(len(list(csvlib.reader(io.StringIO(text)))) - 1 for text in texts)
    assert found["Parameters"]["objectCount"] == str(len(samples))
    counted = athena_rows(client, database, "select count(*) from events_incoming", f"s3://{bucket}/athena/")
    assert counted == [[str(data_rows)]]
    # Everything archived: under DeleteBehavior LOG the table stays for the next run.
    for path in samples:
        s3.delete_object(Bucket=bucket, Key=f"incoming/{path.name}")
    crawl(glue, name)
    assert columns(table(glue, database, "events_incoming"))[0] == ("user_id", "string")


def test_pipeline_target_crawler_on_job_output(glue, s3, bucket, database, make_crawler):
    """Spark's CSV output per run (header, empty lag for a user's first event, _SUCCESS markers)."""
    header = "user_id,event_type,event_time,lag_minutes\n"
    run_1 = header + "u1,login,2024-03-08 10:00:00,\nu1,click,2024-03-08 10:01:30,1.5\n"
    run_2 = header + "u2,login,2024-03-09 11:00:00,\n"
    put(
        s3,
        bucket,
        {
            "output/run_id=jr_1/part-00000-a.csv": run_1,
            "output/run_id=jr_1/_SUCCESS": b"",
            "output/run_id=jr_2/part-00000-b.csv": run_2,
            "output/run_id=jr_2/_SUCCESS": b"",
        },
    )
    classifier = f"csv-with-header-{uuid.uuid4().hex[:6]}"
    glue.create_classifier(CsvClassifier={"Name": classifier, "ContainsHeader": "PRESENT"})
    name = make_crawler(database, [f"s3://{bucket}/output/"], Classifiers=[classifier], TablePrefix="events_")
    crawl(glue, name)
    found = table(glue, database, "events_output")
    assert columns(found) == [
        ("user_id", "string"),
        ("event_type", "string"),
        ("event_time", "string"),
        ("lag_minutes", "double"),
    ]
    assert found["PartitionKeys"] == [{"Name": "run_id", "Type": "string"}]
    partitions = glue.get_partitions(DatabaseName=database, TableName="events_output")["Partitions"]
    assert sorted((p["Values"][0], p["Parameters"]["recordCount"]) for p in partitions) == [
        ("jr_1", estimated_records([run_1], header=True)),
        ("jr_2", estimated_records([run_2], header=True)),
    ]


def test_crawler_schedule_state_through_the_api(glue, s3, bucket, database, make_crawler):
    name = make_crawler(database, [f"s3://{bucket}/x/"], Schedule="cron(0 2 * * ? *)")
    assert glue.get_crawler(Name=name)["Crawler"]["Schedule"]["State"] == "SCHEDULED"
    glue.stop_crawler_schedule(CrawlerName=name)
    assert glue.get_crawler(Name=name)["Crawler"]["Schedule"]["State"] == "NOT_SCHEDULED"
    with pytest.raises(ClientError) as err:
        glue.stop_crawler_schedule(CrawlerName=name)
    assert err.value.response["Error"]["Code"] == "SchedulerNotRunningException"
    glue.update_crawler_schedule(CrawlerName=name, Schedule="cron(30 4 * * ? *)")
    glue.start_crawler_schedule(CrawlerName=name)
    schedule = glue.get_crawler(Name=name)["Crawler"]["Schedule"]
    assert schedule == {"ScheduleExpression": "cron(30 4 * * ? *)", "State": "SCHEDULED"}
    with pytest.raises(ClientError) as err:
        glue.update_crawler_schedule(CrawlerName=name, Schedule="cron(bad)")
    assert err.value.response["Error"]["Code"] == "InvalidInputException"
    unscheduled = make_crawler(database, [f"s3://{bucket}/x/"])
    with pytest.raises(ClientError) as err:
        glue.start_crawler_schedule(CrawlerName=unscheduled)
    assert err.value.response["Error"]["Code"] == "NoScheduleException"


def test_crawler_schedule_starts_crawls_on_the_scheduler_clock(runtime):
    # An account of its own: moving its clock fires no other test's schedules.
    account, bucket_name, name = "111122223333", f"sched-{uuid.uuid4().hex[:8]}", "scheduled-crawler"
    s3_backend = get_backend("s3")[account]["global"]
    s3_backend.create_bucket(bucket_name, REGION)
    s3_backend.put_object(bucket_name, "daily/a.csv", TYPED_CSV.encode())
    glue_backend = get_backend("glue")[account][REGION]
    glue_backend.create_database("sched_db", {"Name": "sched_db"})
    glue_backend.create_crawler(
        name=name,
        role=ROLE,
        database_name="sched_db",
        description="",
        targets={"S3Targets": [{"Path": f"s3://{bucket_name}/daily/"}]},
        schedule="cron(0 2 * * ? *)",
        classifiers=[],
        table_prefix="",
        schema_change_policy={},
        recrawl_policy={},
        lineage_configuration={},
        configuration="",
        crawler_security_configuration="",
        tags={},
    )
    runtime.ticker.tick()  # the schedule learns the crawler's next cron time
    runtime.ticker.advance(account, 24 * 3600)
    wait_for(
        lambda: runtime.crawlers.list_crawls(account, REGION, name),
        lambda crawls: any(crawl["State"] == "COMPLETED" for crawl in crawls),
        timeout=30,
        interval=0.05,
        what="the scheduled crawl",
    )
    assert "daily" in glue_backend.get_database("sched_db").tables
    schedules.stop_schedule(runtime.crawlers.of(account, REGION), account, REGION, name)
    runtime.ticker.advance(account, 24 * 3600)
    assert len(runtime.crawlers.list_crawls(account, REGION, name)) == 1
