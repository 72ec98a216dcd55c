"""The metastore over Thrift, as a Hive client speaks to it, against moto's in-process Glue catalog."""

from __future__ import annotations

import json
import socket
import threading

import boto3
import pytest
from hmsclient.genthrift.hive_metastore import ThriftHiveMetastore
from hmsclient.genthrift.hive_metastore.ttypes import (
    AddPartitionsRequest,
    AlreadyExistsException,
    Database,
    FieldSchema,
    InvalidOperationException,
    MetaException,
    NoSuchObjectException,
    Partition,
    SerDeInfo,
    StorageDescriptor,
    Table,
)
from moto import mock_aws
from thrift.protocol import TBinaryProtocol
from thrift.Thrift import TApplicationException, TMessageType
from thrift.transport import TSocket, TTransport

from localglue.gateway.iam import Caller
from localglue.metastore import MetastoreServer

ACCOUNT, REGION = "123456789012", "us-east-1"
PARQUET_SD = {
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
}


class HiveClient:
    """Hive's Thrift client on a plain socket with the binary protocol, as Spark's Hive client connects."""

    def __init__(self, uri: str):
        host, port = uri.removeprefix("thrift://").split(":")
        self.transport = TTransport.TBufferedTransport(TSocket.TSocket(host, int(port)))
        self.transport.open()
        self.client = ThriftHiveMetastore.Client(TBinaryProtocol.TBinaryProtocol(self.transport))

    def __getattr__(self, name):
        return getattr(self.client, name)

    def close(self):
        self.transport.close()


@pytest.fixture
def aws():
    with mock_aws():
        yield


@pytest.fixture
def glue(aws):
    client = boto3.client("glue", region_name=REGION)
    client.create_database(DatabaseInput={"Name": "shop"})
    return client


def serve(caller: Caller | None = None):
    server = MetastoreServer(ACCOUNT, REGION, caller)
    client = HiveClient(server.start())
    return server, client


@pytest.fixture
def hive(glue):
    server, client = serve()
    yield client
    client.close()
    server.stop()


def parquet_table(name: str, location: str, partition_keys: list[dict] | None = None, **extra) -> dict:
    return {
        "Name": name,
        "TableType": "EXTERNAL_TABLE",
        "PartitionKeys": partition_keys or [],
        "StorageDescriptor": {
            "Columns": [{"Name": "user_id", "Type": "string"}, {"Name": "n", "Type": "bigint"}],
            "Location": location,
            **PARQUET_SD,
        },
        "Parameters": {"EXTERNAL": "TRUE"},
        **extra,
    }


def hive_table(name: str, location: str | None, table_type: str = "MANAGED_TABLE", keys=()) -> Table:
    return Table(
        tableName=name,
        dbName="shop",
        owner="me",
        tableType=table_type,
        sd=StorageDescriptor(
            cols=[FieldSchema("user_id", "string", None)],
            location=location,
            inputFormat=PARQUET_SD["InputFormat"],
            outputFormat=PARQUET_SD["OutputFormat"],
            serdeInfo=SerDeInfo(None, PARQUET_SD["SerdeInfo"]["SerializationLibrary"], {}),
        ),
        partitionKeys=[FieldSchema(key, "string", None) for key in keys],
        parameters={"EXTERNAL": "TRUE"} if table_type == "EXTERNAL_TABLE" else {},
    )


def test_a_glue_table_is_what_hive_reads(glue, hive):
    glue.create_table(DatabaseName="shop", TableInput=parquet_table("events", "s3://bucket/events/"))

    table = hive.get_table("shop", "events")

    assert (table.dbName, table.tableName, table.tableType) == ("shop", "events", "EXTERNAL_TABLE")
    assert [(c.name, c.type) for c in table.sd.cols] == [("user_id", "string"), ("n", "bigint")]
    assert table.sd.location == "s3://bucket/events/"
    assert hive.get_all_databases() == ["shop"]
    assert hive.get_tables("shop", "ev*") == ["events"]
    assert hive.get_tables("shop", "x*|EVENTS") == ["events"]  # Hive's patterns: | and *, any case
    assert hive.get_tables("shop", "vent") == []


def test_fields_schema_and_table_meta_come_from_the_glue_table(glue, hive):
    keys = [{"Name": "ds", "Type": "string"}]
    glue.create_table(DatabaseName="shop", TableInput=parquet_table("events", "s3://bucket/events/", keys))

    assert hive.get_fields("shop", "events") == [
        FieldSchema("user_id", "string", None),
        FieldSchema("n", "bigint", None),
    ]
    assert [field.name for field in hive.get_schema("shop", "events")] == ["user_id", "n", "ds"]
    [meta] = hive.get_table_meta("sh*", "*", ["EXTERNAL_TABLE"])
    assert (meta.dbName, meta.tableName, meta.tableType) == ("shop", "events", "EXTERNAL_TABLE")
    assert hive.get_table_meta("shop", "*", ["VIRTUAL_VIEW"]) == []


def test_glues_not_found_and_already_exists_are_hives(glue, hive):
    glue.create_table(DatabaseName="shop", TableInput=parquet_table("events", "s3://bucket/events/"))

    with pytest.raises(NoSuchObjectException, match="Table nope not found"):
        hive.get_table("shop", "nope")
    with pytest.raises(NoSuchObjectException, match="Database nodb not found"):
        hive.get_database("nodb")
    with pytest.raises(AlreadyExistsException, match="Table events already exists"):
        hive.create_table(hive_table("events", "s3://bucket/other/"))
    with pytest.raises(AlreadyExistsException):
        hive.create_database(Database(name="shop", parameters={}))
    # get_tables declares only MetaException: Glue's EntityNotFoundException arrives as one
    with pytest.raises(MetaException, match="Database nodb not found"):
        hive.get_tables("nodb", "*")


def test_a_table_hive_creates_is_a_glue_table(glue, hive):
    hive.create_table(hive_table("out", "s3a://bucket/warehouse/out"))

    table = glue.get_table(DatabaseName="shop", Name="out")["Table"]
    assert table["TableType"] == "MANAGED_TABLE"
    assert table["Owner"] == "me"
    assert table["StorageDescriptor"]["Location"] == "s3://bucket/warehouse/out"
    assert table["StorageDescriptor"]["Columns"] == [{"Name": "user_id", "Type": "string"}]
    assert table["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"] == (
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    )
    assert int(table["Parameters"]["transient_lastDdlTime"]) > 1_700_000_000


def test_a_managed_table_without_location_goes_under_its_database(glue, hive):
    glue.create_database(DatabaseInput={"Name": "lake", "LocationUri": "s3://bucket/lake/"})
    table = hive_table("daily", None)
    table.dbName = "lake"

    hive.create_table(table)

    stored = glue.get_table(DatabaseName="lake", Name="daily")["Table"]
    assert stored["StorageDescriptor"]["Location"] == "s3://bucket/lake/daily"


def test_partitions_are_added_listed_filtered_and_dropped(glue, hive, tmp_path):
    hive.create_table(hive_table("visits", f"file:{tmp_path}/visits", keys=["ds", "country"]))
    for folder in ("ds=2024-01-01/country=fr", "ds=2024-01-02/country=fr"):
        (tmp_path / "visits" / folder).mkdir(parents=True)
        (tmp_path / "visits" / folder / "part-0.parquet").write_bytes(b"PAR1")
    elsewhere = tmp_path / "elsewhere"

    added = hive.add_partitions_req(
        AddPartitionsRequest(
            dbName="shop",
            tblName="visits",
            parts=[
                Partition(values=["2024-01-01", "fr"], dbName="shop", tableName="visits", parameters={}),
                Partition(values=["2024-01-02", "fr"], dbName="shop", tableName="visits", parameters={}),
                Partition(
                    values=["2024-01-02", "de"],
                    dbName="shop",
                    tableName="visits",
                    sd=StorageDescriptor(location=f"file:{elsewhere}", cols=[], serdeInfo=SerDeInfo()),
                    parameters={},
                ),
            ],
            ifNotExists=False,
            needResult=True,
        )
    )

    assert [p.values for p in added.partitions] == [
        ["2024-01-01", "fr"],
        ["2024-01-02", "fr"],
        ["2024-01-02", "de"],
    ]
    glue_partitions = glue.get_partitions(DatabaseName="shop", TableName="visits")["Partitions"]
    assert {tuple(p["Values"]): p["StorageDescriptor"]["Location"] for p in glue_partitions} == {
        ("2024-01-01", "fr"): f"file:{tmp_path}/visits/ds=2024-01-01/country=fr",
        ("2024-01-02", "fr"): f"file:{tmp_path}/visits/ds=2024-01-02/country=fr",
        ("2024-01-02", "de"): f"file:{elsewhere}",
    }
    assert hive.get_partition_names("shop", "visits", -1) == [
        "ds=2024-01-01/country=fr",
        "ds=2024-01-02/country=fr",
        "ds=2024-01-02/country=de",
    ]
    assert [p.values for p in hive.get_partitions_by_filter("shop", "visits", 'ds > "2024-01-01"', -1)] == [
        ["2024-01-02", "fr"],
        ["2024-01-02", "de"],
    ]
    assert [p.values for p in hive.get_partitions_ps("shop", "visits", ["", "fr"], -1)] == [
        ["2024-01-01", "fr"],
        ["2024-01-02", "fr"],
    ]
    with pytest.raises(AlreadyExistsException):
        hive.add_partition(Partition(values=["2024-01-01", "fr"], dbName="shop", tableName="visits"))
    with pytest.raises(MetaException) as refused:
        hive.get_partitions_by_filter("shop", "visits", "region = 'eu'", -1)
    assert refused.value.message == (
        "Error parsing partition filter \"region = 'eu'\": 'region' is not a partitioning key of the table"
        " (ds, country)"
    )

    # a managed table's partition goes with its files
    assert hive.drop_partition("shop", "visits", ["2024-01-01", "fr"], True)
    assert not (tmp_path / "visits" / "ds=2024-01-01" / "country=fr").exists()
    assert (tmp_path / "visits" / "ds=2024-01-02" / "country=fr" / "part-0.parquet").exists()
    with pytest.raises(NoSuchObjectException):
        hive.drop_partition("shop", "visits", ["2024-01-01", "fr"], True)
    assert hive.get_partition_names("shop", "visits", -1) == [
        "ds=2024-01-02/country=fr",
        "ds=2024-01-02/country=de",
    ]


def test_dropping_a_managed_table_deletes_its_files_an_external_one_keeps_them(glue, hive, tmp_path):
    for name in ("managed", "external"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "part-0.parquet").write_bytes(b"PAR1")
    hive.create_table(hive_table("managed", f"file:{tmp_path}/managed"))
    hive.create_table(hive_table("external", f"file:{tmp_path}/external", "EXTERNAL_TABLE"))

    hive.drop_table("shop", "managed", True)
    hive.drop_table("shop", "external", True)

    assert not (tmp_path / "managed").exists()
    assert (tmp_path / "external" / "part-0.parquet").exists()
    assert glue.get_tables(DatabaseName="shop")["TableList"] == []
    with pytest.raises(NoSuchObjectException):
        hive.drop_table("shop", "managed", True)


def test_a_database_with_tables_drops_only_with_cascade(glue, hive):
    glue.create_table(DatabaseName="shop", TableInput=parquet_table("events", "s3://bucket/events/"))

    with pytest.raises(InvalidOperationException, match="Database shop is not empty"):
        hive.drop_database("shop", True, False)
    hive.drop_database("shop", True, True)

    assert glue.get_databases()["DatabaseList"] == []


def test_renaming_a_table_is_refused_as_glue_refuses_it(glue, hive):
    hive.create_table(hive_table("out", "s3://bucket/out"))
    renamed = hive.get_table("shop", "out")
    renamed.tableName = "other"

    with pytest.raises(InvalidOperationException, match="Table rename is not supported"):
        hive.alter_table("shop", "out", renamed)


def test_an_unsupported_call_answers_a_meta_exception_naming_it(hive):
    with pytest.raises(
        MetaException, match="get_index_by_name is not supported by localglue's Hive metastore"
    ):
        hive.get_index_by_name("shop", "events", "idx")
    with pytest.raises(MetaException, match="create_role is not supported"):
        hive.create_role(None)
    assert hive.get_table_objects_by_name("shop", []) == []  # the connection still serves


def test_under_enforced_iam_each_call_needs_its_glue_permission(glue):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["glue:GetDatabase", "glue:GetTable", "glue:CreateTable"],
                "Resource": [
                    f"arn:aws:glue:{REGION}:{ACCOUNT}:catalog",
                    f"arn:aws:glue:{REGION}:{ACCOUNT}:database/shop",
                    f"arn:aws:glue:{REGION}:{ACCOUNT}:table/shop/allowed_*",
                ],
            }
        ],
    }
    glue.create_table(DatabaseName="shop", TableInput=parquet_table("events", "s3://bucket/events/"))
    role = f"arn:aws:sts::{ACCOUNT}:assumed-role/job-role/jr_1"
    server, hive = serve(Caller(role, (json.dumps(policy),)))
    try:
        hive.create_table(hive_table("allowed_1", "s3://bucket/allowed_1"))
        with pytest.raises(MetaException) as denied:
            hive.create_table(hive_table("out", "s3://bucket/out"))
        with pytest.raises(MetaException) as not_listed:
            hive.get_all_databases()
    finally:
        hive.close()
        server.stop()

    assert denied.value.message == (
        f"User: {role} is not authorized to perform: glue:CreateTable on resource: "
        f"arn:aws:glue:{REGION}:{ACCOUNT}:table/shop/out because no identity-based policy allows the "
        "glue:CreateTable action (Service: AWSGlue; Status Code: 400; Error Code: AccessDeniedException)"
    )
    assert not_listed.value.message.startswith(
        f"User: {role} is not authorized to perform: glue:GetDatabases on resource: "
        f"arn:aws:glue:{REGION}:{ACCOUNT}:catalog because"
    )
    assert [t["Name"] for t in glue.get_tables(DatabaseName="shop")["TableList"]] == ["events", "allowed_1"]


def test_stop_closes_the_port_and_ends_every_thread(glue):
    before = set(threading.enumerate())
    server, hive = serve()
    assert hive.get_all_databases() == ["shop"]
    host, port = server.uri.removeprefix("thrift://").split(":")

    server.stop()

    assert set(threading.enumerate()) <= before
    with pytest.raises(TTransport.TTransportException):
        hive.get_all_databases()  # its connection was closed
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=2).close()


def test_a_call_outside_hive_23s_interface_is_refused_by_name(hive):
    """A call the IDL lacks (a Hive 3 client's, or 2.3.x's later get_partition_values) cannot be read: Thrift
    answers UNKNOWN_METHOD, naming it, and the connection goes on."""
    protocol = hive.client._iprot
    protocol.writeMessageBegin("get_partition_values", TMessageType.CALL, 7)
    protocol.writeStructBegin("get_partition_values_args")
    protocol.writeFieldStop()
    protocol.writeStructEnd()
    protocol.writeMessageEnd()
    protocol.trans.flush()

    name, message_type, seqid = protocol.readMessageBegin()
    error = TApplicationException()
    error.read(protocol)
    protocol.readMessageEnd()

    assert (name, message_type, seqid) == ("get_partition_values", TMessageType.EXCEPTION, 7)
    assert (error.type, error.message) == (
        TApplicationException.UNKNOWN_METHOD,
        "Unknown function get_partition_values",
    )
    assert hive.get_all_databases() == ["shop"]
