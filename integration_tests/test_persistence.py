"""`localglue up --persist DIR` keeps the state of every service it serves across a restart."""

from __future__ import annotations


import boto3

from gateway_process import start_gateway, stop_gateway

from localglue.testing import wait_for

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def test_state_survives_a_restart(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        s3 = boto3.client("s3", endpoint_url=url, **CREDENTIALS)
        s3.create_bucket(Bucket="kept-bucket")
        s3.put_object(Bucket="kept-bucket", Key="incoming/a.csv", Body=b"user_id\nu1\n")
        boto3.client("glue", endpoint_url=url, **CREDENTIALS).create_database(
            DatabaseInput={"Name": "kept_db"}
        )
        kms = boto3.client("kms", endpoint_url=url, **CREDENTIALS)
        key_id = kms.create_key(Description="kept key")["KeyMetadata"]["KeyId"]
        ciphertext = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]
        signing_key_id = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        signature = kms.sign(
            KeyId=signing_key_id, Message=b"event", SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256"
        )["Signature"]
        boto3.client("events", endpoint_url=url, **CREDENTIALS).put_rule(
            Name="kept-rule", ScheduleExpression="rate(1 day)"
        )
        boto3.client("logs", endpoint_url=url, **CREDENTIALS).create_log_group(
            logGroupName="/kept/group", kmsKeyId=f"arn:aws:kms:us-east-1:123456789012:key/{key_id}"
        )
        boto3.client("iam", endpoint_url=url, **CREDENTIALS).create_role(
            RoleName="kept-role", AssumeRolePolicyDocument="{}"
        )
    finally:
        stop_gateway(process)
    assert (tmp_path / "moto-state.pickle").stat().st_size > 0

    process, url = start_gateway("--persist", str(tmp_path))
    try:
        s3 = boto3.client("s3", endpoint_url=url, **CREDENTIALS)
        body = s3.get_object(Bucket="kept-bucket", Key="incoming/a.csv")["Body"].read()
        assert body == b"user_id\nu1\n"
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        assert glue.get_database(Name="kept_db")["Database"]["Name"] == "kept_db"
        kms = boto3.client("kms", endpoint_url=url, **CREDENTIALS)
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "kept key"
        assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"secret"
        verified = kms.verify(
            KeyId=signing_key_id,
            Message=b"event",
            Signature=signature,
            SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256",
        )
        assert verified["SignatureValid"]
        events = boto3.client("events", endpoint_url=url, **CREDENTIALS)
        assert events.describe_rule(Name="kept-rule")["ScheduleExpression"] == "rate(1 day)"
        logs = boto3.client("logs", endpoint_url=url, **CREDENTIALS)
        (group,) = logs.describe_log_groups(logGroupNamePrefix="/kept/")["logGroups"]
        assert group["kmsKeyId"].endswith(key_id)
        iam = boto3.client("iam", endpoint_url=url, **CREDENTIALS)
        assert iam.get_role(RoleName="kept-role")["Role"]["RoleName"] == "kept-role"
    finally:
        stop_gateway(process)


def test_without_persist_a_restart_starts_empty(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        boto3.client("s3", endpoint_url=url, **CREDENTIALS).create_bucket(Bucket="fresh-bucket")
    finally:
        stop_gateway(process)
    process, url = start_gateway()
    try:
        names = [
            b["Name"] for b in boto3.client("s3", endpoint_url=url, **CREDENTIALS).list_buckets()["Buckets"]
        ]
        assert "fresh-bucket" not in names
    finally:
        stop_gateway(process)


def test_job_runs_and_crawls_survive_a_restart_and_a_run_cut_short_ends_stopped(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        s3 = boto3.client("s3", endpoint_url=url, **CREDENTIALS)
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        s3.create_bucket(Bucket="kept-runs")
        s3.put_object(Bucket="kept-runs", Key="events/a.csv", Body=b"user_id,n\nu1,1\nu2,2\n")
        s3.put_object(Bucket="kept-runs", Key="quick.py", Body=b"print('done')\n")
        s3.put_object(Bucket="kept-runs", Key="slow.py", Body=b"import time\ntime.sleep(120)\n")
        glue.create_database(DatabaseInput={"Name": "kept_runs"})
        glue.create_crawler(
            Name="kept-crawler",
            Role="arn:aws:iam::123456789012:role/glue",
            DatabaseName="kept_runs",
            Targets={"S3Targets": [{"Path": "s3://kept-runs/events/"}]},
        )
        glue.start_crawler(Name="kept-crawler")
        wait_for(lambda: glue.get_crawler(Name="kept-crawler")["Crawler"], lambda c: c["State"] == "READY")
        command = {"Name": "pythonshell", "PythonVersion": "3.9"}
        for name in ("quick", "slow"):
            glue.create_job(
                Name=name,
                Role="arn:aws:iam::123456789012:role/glue",
                Command={**command, "ScriptLocation": f"s3://kept-runs/{name}.py"},
            )
        quick = glue.start_job_run(JobName="quick")["JobRunId"]
        wait_for(
            lambda: glue.get_job_run(JobName="quick", RunId=quick)["JobRun"],
            lambda run: run["JobRunState"] == "SUCCEEDED",
        )
        slow = glue.start_job_run(JobName="slow")["JobRunId"]
        wait_for(
            lambda: glue.get_job_run(JobName="slow", RunId=slow)["JobRun"],
            lambda run: run["JobRunState"] == "RUNNING",
        )
    finally:
        stop_gateway(process)

    process, url = start_gateway("--persist", str(tmp_path))
    try:
        glue = boto3.client("glue", endpoint_url=url, **CREDENTIALS)
        (kept,) = glue.get_job_runs(JobName="quick")["JobRuns"]
        assert (kept["Id"], kept["JobRunState"]) == (quick, "SUCCEEDED")
        cut = glue.get_job_run(JobName="slow", RunId=slow)["JobRun"]
        assert cut["JobRunState"] == "STOPPED"
        assert cut["ErrorMessage"] == "localglue stopped before the run ended"
        crawler = glue.get_crawler(Name="kept-crawler")["Crawler"]
        assert crawler["LastCrawl"]["Status"] == "SUCCEEDED"
        (crawl,) = glue.list_crawls(CrawlerName="kept-crawler")["Crawls"]
        assert crawl["State"] == "COMPLETED"
        assert glue.get_table(DatabaseName="kept_runs", Name="events")["Table"]["Name"] == "events"
        glue.start_crawler(Name="kept-crawler")  # READY again: the restored history holds no running crawl
    finally:
        stop_gateway(process)


def test_athena_executions_survive_a_restart(tmp_path):
    process, url = start_gateway("--persist", str(tmp_path))
    try:
        boto3.client("s3", endpoint_url=url, **CREDENTIALS).create_bucket(Bucket="kept-results")
        athena = boto3.client("athena", endpoint_url=url, **CREDENTIALS)
        athena.create_work_group(
            Name="kept-wg", Configuration={"ResultConfiguration": {"OutputLocation": "s3://kept-results/q/"}}
        )
        query_id = athena.start_query_execution(QueryString="SELECT 6 * 7 AS answer", WorkGroup="kept-wg")[
            "QueryExecutionId"
        ]
        before = wait_for(
            lambda: athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"],
            lambda execution: execution["Status"]["State"] not in ("QUEUED", "RUNNING"),
            timeout=300,
            what="the query",
        )
        assert before["Status"]["State"] == "SUCCEEDED", before["Status"]
    finally:
        stop_gateway(process)

    process, url = start_gateway("--persist", str(tmp_path))
    try:
        athena = boto3.client("athena", endpoint_url=url, **CREDENTIALS)
        after = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
        assert (after["Query"], after["WorkGroup"], after["Status"]) == (
            "SELECT 6 * 7 AS answer",
            "kept-wg",
            before["Status"],
        )
        assert after["ResultConfiguration"]["OutputLocation"] == f"s3://kept-results/q/{query_id}.csv"
        rows = athena.get_query_results(QueryExecutionId=query_id)["ResultSet"]["Rows"]
        assert [[cell.get("VarCharValue") for cell in row["Data"]] for row in rows] == [["answer"], ["42"]]
        assert query_id in athena.list_query_executions(WorkGroup="kept-wg")["QueryExecutionIds"]
    finally:
        stop_gateway(process)
