import json
import urllib.request


def test_health_lists_the_services(endpoint_url):
    with urllib.request.urlopen(f"{endpoint_url}/_localglue/health") as response:
        health = json.load(response)
    assert health["status"] == "running"
    assert health["endpoint"] == endpoint_url
    assert {"s3", "iam", "sts", "glue", "athena", "logs", "events"} <= set(health["services"])


def test_binds_loopback_only(gateway):
    assert gateway.url.startswith("http://127.0.0.1:")


def test_moto_answers_what_localglue_does_not(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="gateway-passthrough")
    s3.put_object(Bucket="gateway-passthrough", Key="a.txt", Body=b"hello")
    assert s3.get_object(Bucket="gateway-passthrough", Key="a.txt")["Body"].read() == b"hello"
    assert client("sts").get_caller_identity()["Account"] == "123456789012"
    client("glue").create_database(DatabaseInput={"Name": "passthrough"})
    assert client("glue").get_database(Name="passthrough")["Database"]["Name"] == "passthrough"
