"""terraform/ applied to localglue: everything it provisions, updates in place, a clean re-plan, destroy."""

from __future__ import annotations

import json
import shutil
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from localglue.terraform import Workspace
from localglue.testing import error_code

GLUE_JOBS_DIR = Path(__file__).resolve().parents[1] / "glue_jobs"

pytestmark = pytest.mark.slow

JOB_FILES = ("user_event_lag_job.py", "event_lag.py", "event_files.py", "ledger.py", "exactly_once.py")


@pytest.fixture()
def workspace(tmp_path, aws_env):
    # A snapshot of the job files: the test edits its copy to prove a changed script is uploaded again.
    jobs = tmp_path / "glue_jobs"
    jobs.mkdir()
    for name in JOB_FILES:
        shutil.copy(GLUE_JOBS_DIR / name, jobs / name)
    return Workspace(aws_env, root=tmp_path / "workspace", variables={"glue_jobs_dir": str(jobs)})


def planned_changes(workspace: Workspace, variables: dict[str, str], plan_file: str) -> dict[str, list[str]]:
    """`terraform plan -out` then `show -json`: address -> actions, for every resource that would change."""
    workspace.plan(variables, extra=(f"-out={plan_file}",))
    shown = json.loads(workspace.run("show", "-json", plan_file, capture=True).stdout)
    return {
        change["address"]: change["change"]["actions"]
        for change in shown.get("resource_changes", [])
        if change["change"]["actions"] != ["no-op"] and change["mode"] == "managed"
    }


def test_apply_update_in_place_replan_destroy(workspace, client):
    prefix = f"lgproof-{uuid.uuid4().hex[:6]}"
    # Schedules 11 to 12 hours away: the activated trigger must not fire on the shared gateway mid-test.
    hour = (datetime.now(UTC).hour + 12) % 24
    variables = {
        "name_prefix": prefix,
        "database_name": prefix.replace("-", "_"),
        "table_prefix": "events_",
        "schedule": f"cron(0 {hour} * * ? *)",
    }
    s3, iam, glue, athena, logs, kms, events = (
        client(name) for name in ("s3", "iam", "glue", "athena", "logs", "kms", "events")
    )
    timings: dict[str, float] = {}

    started = time.monotonic()
    workspace.apply(variables, capture=True)
    timings["init + apply"] = time.monotonic() - started
    out = workspace.outputs()

    # The pipeline's key: rotated, and CloudWatch Logs may use it for the Glue log groups only
    key_arn = out["kms_key_arn"]
    key = kms.describe_key(KeyId=key_arn)["KeyMetadata"]
    assert (key["KeyManager"], key["KeyState"]) == ("CUSTOMER", "Enabled")
    assert kms.get_key_rotation_status(KeyId=key_arn)["KeyRotationEnabled"] is True
    key_policy = json.loads(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
    logs_statement = next(
        statement
        for statement in key_policy["Statement"]
        if statement["Sid"] == "CloudWatchLogsEncryptsGlueLogGroups"
    )
    assert logs_statement["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs_statement["Condition"] == {
        "ArnLike": {
            "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*"
        }
    }

    # Buckets and their settings
    data_buckets = {out["source_bucket"], out["target_bucket"], out["scripts_bucket"]}
    buckets = data_buckets | {out["access_logs_bucket"]}
    assert buckets <= {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert all(name.startswith(prefix) for name in buckets)
    for bucket in buckets:
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
        (rule,) = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
        if bucket in data_buckets:
            role = bucket.removeprefix(f"{prefix}-").removesuffix("-123456789012")
            assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"] == {
                "TargetBucket": out["access_logs_bucket"],
                "TargetPrefix": f"{role}/",
            }
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        assert block == {
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        }
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
        tls = next(
            statement for statement in policy["Statement"] if statement["Sid"] == "DenyInsecureTransport"
        )
        assert (tls["Effect"], tls["Action"], tls["Condition"]) == (
            "Deny",
            "s3:*",
            {"Bool": {"aws:SecureTransport": "false"}},
        )
        assert sorted(tls["Resource"]) == [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]
        assert "EventBridgeConfiguration" in s3.get_bucket_notification_configuration(Bucket=bucket)
        lifecycle = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        assert all(rule["Status"] == "Enabled" for rule in lifecycle)
    expiring = {
        bucket: {
            rule["ID"]: (rule["Filter"].get("Prefix", ""), rule.get("Expiration", {}).get("Days"))
            for rule in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        }
        for bucket in buckets
    }
    assert expiring[out["source_bucket"]]["expire-athena"] == ("athena/", 30)
    assert expiring[out["source_bucket"]]["expire-ledger-runs"] == ("ledger/runs/", 90)
    assert expiring[out["scripts_bucket"]]["expire-temp"] == ("temp/", 7)
    assert expiring[out["access_logs_bucket"]] == {"expire-access-logs": ("", 365)}  # "": every object
    assert expiring[out["target_bucket"]]["expire-staging"] == ("staging/", 7)
    for name in JOB_FILES:
        uploaded = s3.get_object(Bucket=out["scripts_bucket"], Key=f"glue_jobs/{name}")["Body"].read()
        assert uploaded == (Path(workspace.variables["glue_jobs_dir"]) / name).read_bytes()

    # Role, inline policy, managed policy attachment
    role_name = f"{prefix}-glue"
    role = iam.get_role(RoleName=role_name)["Role"]
    assert role["Arn"] == out["glue_role_arn"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust["Statement"][0]["Principal"] == {"Service": "glue.amazonaws.com"}
    attached = iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]
    assert [policy["PolicyArn"] for policy in attached] == [
        "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
    ]
    (policy_name,) = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    document = iam.get_role_policy(RoleName=role_name, PolicyName=policy_name)["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    statements = {statement["Sid"]: statement for statement in document["Statement"]}
    resources = [
        resource
        for statement in statements.values()
        for resource in (
            [statement["Resource"]] if isinstance(statement["Resource"], str) else statement["Resource"]
        )
    ]
    assert (
        "*" not in resources
    )  # least privilege: every grant names its bucket, prefix, table, group, workgroup
    source_arn = f"arn:aws:s3:::{out['source_bucket']}"
    assert statements["ReadAndArchiveIncoming"]["Resource"] == f"{source_arn}/incoming/*"
    assert sorted(statements["WriteArchiveAndQuarantine"]["Resource"]) == [
        f"{source_arn}/archive/*",
        f"{source_arn}/quarantine/*",
    ]
    assert statements["JobLedger"]["Resource"] == f"{source_arn}/ledger/*"
    assert sorted(statements["WriteOutput"]["Resource"]) == [
        f"arn:aws:s3:::{out['target_bucket']}/output/*",
        f"arn:aws:s3:::{out['target_bucket']}/staging/*",
    ]
    assert statements["UsePipelineKey"]["Resource"] == key_arn
    glue_arn = "arn:aws:glue:us-east-1:123456789012"
    assert statements["ReadOwnJobRuns"] == {
        "Sid": "ReadOwnJobRuns",
        "Effect": "Allow",
        "Action": "glue:GetJobRun",
        "Resource": f"{glue_arn}:job/{out['job_name']}",
    }
    assert (
        statements["InputDataQuality"]["Resource"]
        == f"{glue_arn}:dataQualityRuleset/{out['data_quality_ruleset']}"
    )
    assert not [sid for sid in statements if "Athena" in sid]  # the job no longer queries Athena
    assert (
        f"arn:aws:glue:us-east-1:123456789012:table/{out['database_name']}/*"
        in (statements["CatalogOfThePipelineDatabase"]["Resource"])
    )

    # Database, classifier, crawlers
    assert glue.get_database(Name=out["database_name"])["Database"]["Name"] == variables["database_name"]
    classifier = glue.get_classifier(Name=f"{prefix}-csv-with-header")["Classifier"]["CsvClassifier"]
    assert (classifier["ContainsHeader"], classifier["Delimiter"], classifier["QuoteSymbol"]) == (
        "PRESENT",
        ",",
        '"',
    )
    source_crawler = glue.get_crawler(Name=out["source_crawler_name"])["Crawler"]
    target_crawler = glue.get_crawler(Name=out["target_crawler_name"])["Crawler"]
    assert source_crawler["Targets"]["S3Targets"][0]["Path"] == f"s3://{out['source_bucket']}/incoming/"
    assert target_crawler["Targets"]["S3Targets"][0]["Path"] == f"s3://{out['target_bucket']}/output/"
    for crawler in (source_crawler, target_crawler):
        assert crawler["Role"] == out["glue_role_arn"]
        assert crawler["DatabaseName"] == out["database_name"]
        assert crawler["TablePrefix"] == "events_"
        assert crawler["Classifiers"] == [f"{prefix}-csv-with-header"]
    assert source_crawler["SchemaChangePolicy"]["DeleteBehavior"] == "LOG"

    # Glue's security configuration, on both crawlers and the job
    security = glue.get_security_configuration(Name=out["glue_security_configuration"])[
        "SecurityConfiguration"
    ]
    assert security["EncryptionConfiguration"] == {
        "S3Encryption": [{"S3EncryptionMode": "SSE-KMS", "KmsKeyArn": key_arn}],
        "CloudWatchEncryption": {"CloudWatchEncryptionMode": "SSE-KMS", "KmsKeyArn": key_arn},
        "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "CSE-KMS", "KmsKeyArn": key_arn},
    }
    for crawler in (source_crawler, target_crawler):
        assert crawler["CrawlerSecurityConfiguration"] == out["glue_security_configuration"]

    # The job
    job = glue.get_job(JobName=out["job_name"])["Job"]
    assert job["Command"] == {
        "Name": "glueetl",
        "ScriptLocation": f"s3://{out['scripts_bucket']}/glue_jobs/user_event_lag_job.py",
        "PythonVersion": "3",
    }
    assert (job["GlueVersion"], job["WorkerType"], job["NumberOfWorkers"]) == ("5.0", "G.1X", 2)
    assert job["Role"] == out["glue_role_arn"]
    assert job["SecurityConfiguration"] == out["glue_security_configuration"]
    arguments = job["DefaultArguments"]
    modules = sorted(arguments["--extra-py-files"].split(","))
    assert modules == [f"s3://{out['scripts_bucket']}/glue_jobs/{name}" for name in sorted(JOB_FILES[1:])]
    assert job["ExecutionProperty"] == {"MaxConcurrentRuns": 1}
    assert {
        "--source_bucket": out["source_bucket"],
        "--target_bucket": out["target_bucket"],
        "--incoming_prefix": "incoming/",
        "--archive_prefix": "archive/",
        "--quarantine_prefix": "quarantine/",
        "--ledger_prefix": "ledger/",
        "--target_prefix": "output/",
        "--staging_prefix": "staging/",
        "--output_format": "csv",
        "--output_partitions": "run_id",
        "--output_kms_key_arn": key_arn,
        "--dq_ruleset_name": out["data_quality_ruleset"],
        "--job-bookmark-option": "job-bookmark-disable",
        "--enable-continuous-cloudwatch-log": "true",
        "--continuous-log-logGroup": out["job_log_group"],
        "--TempDir": f"s3://{out['scripts_bucket']}/temp/",
    }.items() <= arguments.items()

    # The workflow graph: scheduled start -> source crawler -> job -> target crawler
    graph = glue.get_workflow(Name=out["workflow_name"], IncludeGraph=True)["Workflow"]["Graph"]
    by_id = {node["UniqueId"]: node for node in graph["Nodes"]}
    triggers = {
        node["Name"]: node["TriggerDetails"]["Trigger"]
        for node in graph["Nodes"]
        if node["Type"] == "TRIGGER"
    }
    names = out["trigger_names"]
    assert set(triggers) == set(names.values())
    start, after_crawl, after_job = (
        triggers[names[key]] for key in ("schedule", "source_crawled", "job_succeeded")
    )
    assert (start["Type"], start["Schedule"], start["State"]) == (
        "SCHEDULED",
        variables["schedule"],
        "ACTIVATED",
    )
    assert start["Actions"] == [{"CrawlerName": out["source_crawler_name"]}]
    assert after_crawl["Type"] == "CONDITIONAL"
    assert after_crawl["Predicate"]["Conditions"] == [
        {"LogicalOperator": "EQUALS", "CrawlerName": out["source_crawler_name"], "CrawlState": "SUCCEEDED"}
    ]
    assert after_crawl["Actions"] == [{"JobName": out["job_name"]}]
    assert after_job["Type"] == "CONDITIONAL"
    assert after_job["Predicate"]["Conditions"] == [
        {"LogicalOperator": "EQUALS", "JobName": out["job_name"], "State": "SUCCEEDED"}
    ]
    assert after_job["Actions"] == [{"CrawlerName": out["target_crawler_name"]}]
    edges = {(by_id[e["SourceId"]]["Name"], by_id[e["DestinationId"]]["Name"]) for e in graph["Edges"]}
    assert edges == {
        (names["schedule"], out["source_crawler_name"]),
        (out["source_crawler_name"], names["source_crawled"]),
        (names["source_crawled"], out["job_name"]),
        (out["job_name"], names["job_succeeded"]),
        (names["job_succeeded"], out["target_crawler_name"]),
    }

    # Athena workgroup and the job's log group
    workgroup = athena.get_work_group(WorkGroup=out["athena_workgroup"])["WorkGroup"]["Configuration"]
    assert workgroup["EnforceWorkGroupConfiguration"] is True
    assert workgroup["ResultConfiguration"]["OutputLocation"] == f"s3://{out['source_bucket']}/athena/"
    assert workgroup["ResultConfiguration"]["EncryptionConfiguration"] == {
        "EncryptionOption": "SSE_KMS",
        "KmsKey": key_arn,
    }
    groups = logs.describe_log_groups(logGroupNamePrefix=out["job_log_group"])["logGroups"]
    assert [(group["logGroupName"], group["retentionInDays"], group["kmsKeyId"]) for group in groups] == [
        (out["job_log_group"], 365, key_arn)
    ]

    # The input's Data Quality ruleset, on the source table, thresholds from the variables' defaults
    ruleset = glue.get_data_quality_ruleset(Name=out["data_quality_ruleset"])
    assert ruleset["TargetTable"] == {"DatabaseName": out["database_name"], "TableName": "events_incoming"}
    assert ruleset["Ruleset"] == (
        "Rules = [\n"
        '  Completeness "user_id" >= 0.95,\n'
        '  Completeness "event_time" >= 0.95,\n'
        '  ColumnValues "event_type" in ["login", "logout", "click", "purchase"] with threshold >= 0.9,\n'
        "  RowCount >= 1,\n"
        '  ColumnValues "event_time" > (now() - 48 hours) with threshold >= 0.9\n'
        "]"
    )

    # Alerts: Glue's failure events to a KMS-encrypted topic, an alarm on the job rule's matches
    sns, cloudwatch = client("sns"), client("cloudwatch")
    topic = sns.get_topic_attributes(TopicArn=out["alerts_topic_arn"])["Attributes"]
    assert topic["KmsMasterKeyId"] == key_arn
    topic_policy = json.loads(topic["Policy"])
    assert {statement["Sid"] for statement in topic_policy["Statement"]} == {
        "PipelineRulesPublish",
        "PipelineAlarmPublishes",
    }
    rules = out["alert_rule_names"]
    assert json.loads(events.describe_rule(Name=rules["job-failed"])["EventPattern"]) == {
        "source": ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        "detail": {"jobName": [out["job_name"]], "state": ["FAILED", "TIMEOUT"]},
    }
    assert json.loads(events.describe_rule(Name=rules["crawler-failed"])["EventPattern"])["detail"] == {
        "crawlerName": [out["source_crawler_name"], out["target_crawler_name"]],
        "state": ["Failed"],
    }
    for rule in rules.values():
        (target,) = events.list_targets_by_rule(Rule=rule)["Targets"]
        assert target["Arn"] == out["alerts_topic_arn"]
    (alarm,) = cloudwatch.describe_alarms(AlarmNames=[out["job_failure_alarm"]])["MetricAlarms"]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"], alarm["Threshold"]) == (
        "AWS/Events",
        "TriggeredRules",
        "Sum",
        1.0,
    )
    assert alarm["Dimensions"] == [{"Name": "RuleName", "Value": rules["job-failed"]}]
    assert alarm["AlarmActions"] == [out["alerts_topic_arn"]]

    # Change one attribute of a crawler, of the job and of a trigger, and the module's code: all in place
    changed = {
        **variables,
        "source_crawler_description": "crawled by the scheduled start",
        "job_timeout_minutes": "45",
        "schedule": f"cron(30 {hour} * * ? *)",
    }
    module = Path(workspace.variables["glue_jobs_dir"]) / "event_lag.py"
    module.write_text(module.read_text() + "\n# changed\n")
    plan_file = str(workspace.path / "change.tfplan")
    assert planned_changes(workspace, changed, plan_file) == {
        "aws_glue_crawler.source": ["update"],
        "aws_glue_job.user_event_lag": ["update"],
        "aws_glue_trigger.schedule[0]": ["update"],
        'aws_s3_object.job_module["event_lag.py"]': ["update"],
    }
    workspace.run("apply", "-input=false", "-no-color", plan_file, capture=True)

    assert (
        glue.get_crawler(Name=out["source_crawler_name"])["Crawler"]["Description"]
        == changed["source_crawler_description"]
    )
    assert glue.get_job(JobName=out["job_name"])["Job"]["Timeout"] == 45
    assert glue.get_trigger(Name=names["schedule"])["Trigger"]["Schedule"] == changed["schedule"]
    uploaded = s3.get_object(Bucket=out["scripts_bucket"], Key="glue_jobs/event_lag.py")["Body"].read()
    assert uploaded == module.read_bytes()

    started = time.monotonic()
    assert workspace.plan(changed).returncode == 0  # -detailed-exitcode: no changes
    timings["no-change plan"] = time.monotonic() - started

    started = time.monotonic()
    workspace.destroy(changed, capture=True)
    timings["destroy"] = time.monotonic() - started
    print("terraform timings (s): " + ", ".join(f"{step} {seconds:.1f}" for step, seconds in timings.items()))

    # Nothing is left
    assert not buckets & {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert error_code(iam.get_role, RoleName=role_name) == "NoSuchEntity"
    assert error_code(glue.get_database, Name=out["database_name"]) == "EntityNotFoundException"
    assert error_code(glue.get_classifier, Name=f"{prefix}-csv-with-header") == "EntityNotFoundException"
    assert (
        error_code(glue.get_security_configuration, Name=out["glue_security_configuration"])
        == "EntityNotFoundException"
    )
    assert kms.describe_key(KeyId=key_arn)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert not [name for name in glue.list_crawlers()["CrawlerNames"] if name.startswith(prefix)]
    assert not [name for name in glue.list_jobs()["JobNames"] if name.startswith(prefix)]
    assert not [name for name in glue.list_triggers()["TriggerNames"] if name.startswith(prefix)]
    assert not [name for name in glue.list_workflows()["Workflows"] if name.startswith(prefix)]
    assert not [wg for wg in athena.list_work_groups()["WorkGroups"] if wg["Name"].startswith(prefix)]
    assert not logs.describe_log_groups(logGroupNamePrefix=out["job_log_group"])["logGroups"]
    assert (
        error_code(glue.get_data_quality_ruleset, Name=out["data_quality_ruleset"])
        == "EntityNotFoundException"
    )
    assert error_code(sns.get_topic_attributes, TopicArn=out["alerts_topic_arn"]) == "NotFound"
    assert not [rule for rule in events.list_rules()["Rules"] if rule["Name"].startswith(prefix)]
    assert not cloudwatch.describe_alarms(AlarmNames=[out["job_failure_alarm"]])["MetricAlarms"]
    assert json.loads(workspace.state_file.read_text())["resources"] == []
