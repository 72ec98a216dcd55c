"""Workflows through boto3: triggers fire, predicates decide, runs end as AWS reports them.

Jobs and crawls here are scripted stand-ins plugged into the workflow engine (each ends in the state a
test chooses, when the test chooses), so these tests exercise the workflow engine and its API alone; the
real crawlers and jobs are in test_workflows_engines.py, the pipeline's own workflow in
test_pipeline_workflow.py. Tests that move the scheduler's clock do it in an account of their own, whose
clock no other test's schedule follows.
"""

from __future__ import annotations

import functools
import json
import threading
import uuid
from datetime import timedelta

import boto3
import pytest

from localglue.bus import EventBus, StateChange
from localglue.schedule.cron import next_fire_time
from localglue.workflows.builders import conditional, on_demand, unique
from localglue.workflows.client import admin, wait_for_run_end

REGION = "us-east-1"
CLOCK_ACCOUNT = "111122223333"  # the account whose clock the schedule and event tests advance


class ScriptedEngines:
    """Stand-ins for the job and crawler engines: each run publishes RUNNING, then the scripted end state."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self.outcomes: dict[str, str] = {}  # job/crawler name -> end state (default SUCCEEDED)
        self.holds: dict[str, threading.Event] = {}  # name -> released when the run may end
        self.started: list[tuple[str, str, str | None]] = []  # (kind, name, workflow_run_id)
        self.arguments: dict[str, dict] = {}
        self._stopped: set[str] = set()

    def start_job(
        self,
        account_id,
        region,
        job_name,
        arguments=None,
        *,
        workflow_name=None,
        workflow_run_id=None,
        trigger_name=None,
        timeout=None,
    ):
        self.arguments[job_name] = dict(arguments or {})
        return self._start(account_id, "job", job_name, workflow_name, workflow_run_id)

    def start_crawl(self, account_id, region, crawler_name, *, workflow_name=None, workflow_run_id=None):
        return self._start(account_id, "crawler", crawler_name, workflow_name, workflow_run_id)

    def stop(self, run, action):
        self._stopped.add(action.run_id)
        self.holds[action.name].set()

    def retried(self, run, change):
        return False

    def _start(self, account_id, kind, name, workflow_name, workflow_run_id):
        run_id = f"{'jr' if kind == 'job' else 'crawl'}_{uuid.uuid4().hex}"
        self.started.append((kind, name, workflow_run_id))

        def notice(state, error=None):
            self.bus.publish(
                StateChange(
                    kind, name, run_id, state, account_id, REGION, workflow_name, workflow_run_id, error
                )
            )

        def run():
            notice("RUNNING")
            if name in self.holds:
                assert self.holds[name].wait(30), f"{name} was never released"
            if run_id in self._stopped:
                notice("STOPPED" if kind == "job" else "CANCELLED")
            else:
                state = self.outcomes.get(name, "SUCCEEDED")
                notice(state, None if state == "SUCCEEDED" else f"{name} scripted to end {state}")

        threading.Thread(target=run, daemon=True).start()
        return run_id

    def names(self, run_id):
        return sorted(name for _, name, wr in self.started if wr == run_id)


@pytest.fixture
def scripted(runtime):
    engines = ScriptedEngines(runtime.bus)
    real, runtime.workflows.actions = runtime.workflows.actions, engines
    yield engines
    for hold in engines.holds.values():
        hold.set()
    runtime.workflows.actions = real


@pytest.fixture
def clock_account(endpoint_url):
    """`clock_account("s3")`: a client acting in CLOCK_ACCOUNT."""

    def make(service):
        made = boto3.client(service, region_name=REGION, endpoint_url=endpoint_url)
        made.meta.events.register(
            "before-sign.*.*",
            lambda request, **_: request.headers.__setitem__("X-Moto-Account-Id", CLOCK_ACCOUNT),
        )
        return made

    return make


def job_ok(name):
    return {"JobName": name, "State": "SUCCEEDED"}


wait_for_end = functools.partial(wait_for_run_end, timeout=30, poll=0.05)


def stats(run, *keys):
    return {key: run["Statistics"][key] for key in keys}


def test_a_chain_of_conditional_triggers_runs_to_completed(glue, scripted):
    wf = unique("chain")
    glue.create_workflow(Name=wf)
    on_demand(glue, wf, {"CrawlerName": "source-crawler"})
    conditional(
        glue,
        wf,
        "AND",
        [{"CrawlerName": "source-crawler", "CrawlState": "SUCCEEDED"}],
        {"JobName": "lag-job", "Arguments": {"--target_prefix": "out/"}},
    )
    conditional(glue, wf, "AND", [job_ok("lag-job")], {"CrawlerName": "target-crawler"})

    run_id = glue.start_workflow_run(Name=wf)["RunId"]
    run = wait_for_end(glue, wf, run_id)

    assert run["Status"] == "COMPLETED"
    assert stats(run, "TotalActions", "SucceededActions", "FailedActions", "RunningActions") == {
        "TotalActions": 3,
        "SucceededActions": 3,
        "FailedActions": 0,
        "RunningActions": 0,
    }
    assert [name for _, name, wr in scripted.started if wr == run_id] == [
        "source-crawler",
        "lag-job",
        "target-crawler",
    ]
    assert scripted.arguments["lag-job"] == {"--target_prefix": "out/"}
    nodes = {node["Name"]: node for node in run["Graph"]["Nodes"]}
    assert [r["JobRunState"] for r in nodes["lag-job"]["JobDetails"]["JobRuns"]] == ["SUCCEEDED"]
    assert [c["State"] for c in nodes["target-crawler"]["CrawlerDetails"]["Crawls"]] == ["SUCCEEDED"]
    assert glue.get_workflow(Name=wf)["Workflow"]["LastRun"]["Status"] == "COMPLETED"


def test_and_waits_for_every_condition_any_for_one(glue, scripted):
    wf = unique("andany")
    glue.create_workflow(Name=wf)
    scripted.outcomes["job-b"] = "FAILED"
    on_demand(glue, wf, {"JobName": "job-a"}, {"JobName": "job-b"})
    conditional(glue, wf, "AND", [job_ok("job-a"), job_ok("job-b")], {"JobName": "after-both"})
    conditional(glue, wf, "ANY", [job_ok("job-a"), job_ok("job-b")], {"JobName": "after-either"})

    run = wait_for_end(glue, wf, glue.start_workflow_run(Name=wf)["RunId"])

    assert run["Status"] == "COMPLETED"
    assert scripted.names(run["WorkflowRunId"]) == ["after-either", "job-a", "job-b"]
    assert stats(run, "TotalActions", "SucceededActions", "FailedActions") == {
        "TotalActions": 3,
        "SucceededActions": 2,
        "FailedActions": 1,
    }


def test_a_failure_branch_fires_on_failed_and_the_success_branch_does_not(glue, scripted):
    wf = unique("branch")
    glue.create_workflow(Name=wf)
    scripted.outcomes["flaky"] = "FAILED"
    on_demand(glue, wf, {"JobName": "flaky"})
    conditional(glue, wf, "AND", [job_ok("flaky")], {"JobName": "publish"})
    conditional(glue, wf, "AND", [{"JobName": "flaky", "State": "FAILED"}], {"JobName": "alert"})

    run = wait_for_end(glue, wf, glue.start_workflow_run(Name=wf)["RunId"])

    assert scripted.names(run["WorkflowRunId"]) == ["alert", "flaky"]
    assert stats(run, "SucceededActions", "FailedActions") == {"SucceededActions": 1, "FailedActions": 1}
    alert = next(n for n in run["Graph"]["Nodes"] if n["Name"] == "flaky")
    assert alert["JobDetails"]["JobRuns"][0]["ErrorMessage"] == "flaky scripted to end FAILED"


def test_a_predicate_never_satisfied_does_not_fire_and_the_run_still_ends(glue, scripted):
    wf = unique("never")
    glue.create_workflow(Name=wf)
    on_demand(glue, wf, {"JobName": "only"})
    conditional(
        glue,
        wf,
        "AND",
        [job_ok("only"), {"CrawlerName": "never-started", "CrawlState": "SUCCEEDED"}],
        {"JobName": "unreachable"},
    )
    conditional(glue, wf, "ANY", [{"JobName": "only", "State": "TIMEOUT"}], {"JobName": "on-timeout"})

    run = wait_for_end(glue, wf, glue.start_workflow_run(Name=wf)["RunId"])

    assert run["Status"] == "COMPLETED"
    assert scripted.names(run["WorkflowRunId"]) == ["only"]
    assert stats(run, "TotalActions", "SucceededActions") == {"TotalActions": 1, "SucceededActions": 1}


def test_two_concurrent_runs_keep_their_events_apart_and_max_concurrent_runs_refuses_a_third(
    glue, scripted, endpoint_url
):
    wf = unique("concurrent")
    glue.create_workflow(Name=wf, MaxConcurrentRuns=2)
    scripted.holds["slow"] = threading.Event()
    on_demand(glue, wf, {"JobName": "slow"})
    conditional(glue, wf, "AND", [job_ok("slow")], {"JobName": "next"})

    first = glue.start_workflow_run(Name=wf)["RunId"]
    second = glue.start_workflow_run(Name=wf)["RunId"]
    with pytest.raises(
        glue.exceptions.ConcurrentRunsExceededException, match=f"Concurrent runs exceeded for workflow: {wf}"
    ):
        glue.start_workflow_run(Name=wf)
    assert {glue.get_workflow_run(Name=wf, RunId=r)["Run"]["Status"] for r in (first, second)} == {"RUNNING"}
    # a trigger starting a third run is not refused: the run is recorded in ERROR, as on AWS
    nightly = unique("nightly")
    glue.create_trigger(
        Name=nightly,
        WorkflowName=wf,
        Type="SCHEDULED",
        Schedule="cron(0 2 * * ? *)",
        Actions=[{"JobName": "x"}],
    )
    third = admin(endpoint_url, "FireTrigger", {"Name": nightly})["RunId"]
    errored = glue.get_workflow_run(Name=wf, RunId=third)["Run"]
    assert (errored["Status"], errored["ErrorMessage"]) == (
        "ERROR",
        f"Concurrent runs exceeded for workflow: {wf}",
    )
    glue.delete_trigger(Name=nightly)

    scripted.holds["slow"].set()
    runs = [wait_for_end(glue, wf, r) for r in (first, second)]

    assert [r["Status"] for r in runs] == ["COMPLETED", "COMPLETED"]
    assert scripted.names(first) == scripted.names(second) == ["next", "slow"]
    listed = glue.get_workflow_runs(Name=wf)["Runs"]
    assert [r["WorkflowRunId"] for r in listed] == [third, second, first]
    assert listed[1]["PreviousRunId"] == first


def test_a_schedule_fires_when_the_clock_reaches_it_and_not_when_stopped(
    glue, clock_account, scripted, endpoint_url, runtime
):
    own = clock_account("glue")
    wf, other_wf = unique("nightly"), unique("other-account")
    trigger = unique("nightly")
    # due about 12 hours ahead of the account's clock, whatever the time the test runs
    nightly = f"cron(0 {(runtime.ticker.clock.now(CLOCK_ACCOUNT).hour + 12) % 24} * * ? *)"

    def schedule(api, workflow, name):
        api.create_workflow(Name=workflow)
        api.create_trigger(
            Name=name,
            WorkflowName=workflow,
            Type="SCHEDULED",
            Schedule=nightly,
            StartOnCreation=True,
            Actions=[{"JobName": "nightly-job"}],
        )

    schedule(own, wf, trigger)
    schedule(glue, other_wf, unique("same-time"))  # the default account's clock must not move
    with pytest.raises(own.exceptions.InvalidInputException, match="has 5 fields, AWS cron takes 6"):
        own.create_trigger(
            Name=unique("bad"),
            WorkflowName=wf,
            Type="SCHEDULED",
            Schedule="cron(0 2 * * ?)",
            Actions=[{"JobName": "nightly-job"}],
        )
    runtime.ticker.tick()  # the scheduler learns the triggers' next fire times now
    now = runtime.ticker.clock.now(CLOCK_ACCOUNT)
    to_due = (next_fire_time(nightly, now) - now).total_seconds()

    def advance(seconds):
        admin(endpoint_url, "AdvanceClock", {"Seconds": seconds}, account_id=CLOCK_ACCOUNT)

    advance(to_due - 90)
    assert own.get_workflow_runs(Name=wf)["Runs"] == []

    advance(120)
    runs = own.get_workflow_runs(Name=wf)["Runs"]
    assert len(runs) == 1
    assert wait_for_end(own, wf, runs[0]["WorkflowRunId"])["Statistics"]["SucceededActions"] == 1
    assert glue.get_workflow_runs(Name=other_wf)["Runs"] == []

    own.stop_trigger(Name=trigger)
    advance(timedelta(days=2).total_seconds())
    assert len(own.get_workflow_runs(Name=wf)["Runs"]) == 1

    fired = admin(endpoint_url, "FireTrigger", {"Name": trigger}, account_id=CLOCK_ACCOUNT)
    runs = own.get_workflow_runs(Name=wf)["Runs"]
    assert len(runs) == 2 and runs[0]["WorkflowRunId"] == fired["RunId"]
    glue.delete_workflow(Name=other_wf)


def test_a_schedule_outside_any_workflow_starts_its_job(clock_account, scripted, endpoint_url, runtime):
    own = clock_account("glue")
    name = unique("half-past")
    own.create_trigger(
        Name=name,
        Type="SCHEDULED",
        Schedule="cron(30 * * * ? *)",
        StartOnCreation=True,
        Actions=[{"JobName": "standalone-job", "Arguments": {"--day": "today"}}],
    )
    runtime.ticker.tick()
    now = runtime.ticker.clock.now(CLOCK_ACCOUNT)
    to_due = (next_fire_time("cron(30 * * * ? *)", now) - now).total_seconds()

    admin(endpoint_url, "AdvanceClock", {"Seconds": to_due + 1}, account_id=CLOCK_ACCOUNT)

    assert ("job", "standalone-job", None) in scripted.started
    assert scripted.arguments["standalone-job"] == {"--day": "today"}
    own.delete_trigger(Name=name)


def test_an_s3_upload_under_the_watched_prefix_starts_the_event_workflow_in_batches(
    clock_account, scripted, endpoint_url
):
    glue, s3, events = clock_account("glue"), clock_account("s3"), clock_account("events")
    wf, bucket = unique("on-upload"), unique("landing")
    glue.create_workflow(Name=wf)
    on_event = unique("on-event")
    glue.create_trigger(
        Name=on_event,
        WorkflowName=wf,
        Type="EVENT",  # created as Terraform creates an enabled EVENT trigger: not started, CREATED
        EventBatchingCondition={"BatchSize": 2, "BatchWindow": 60},
        Actions=[{"JobName": "ingest"}],
    )
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    rule = unique("incoming")
    events.put_rule(
        Name=rule,
        EventPattern=(
            '{"source": ["aws.s3"], "detail-type": ["Object Created"], '
            f'"detail": {{"bucket": {{"name": ["{bucket}"]}}, "object": {{"key": [{{"prefix": "incoming/"}}]}}}}}}'
        ),
    )
    events.put_targets(
        Rule=rule, Targets=[{"Id": "workflow", "Arn": f"arn:aws:glue:{REGION}:{CLOCK_ACCOUNT}:workflow/{wf}"}]
    )

    s3.put_object(Bucket=bucket, Key="incoming/a.csv", Body=b"x")
    s3.put_object(Bucket=bucket, Key="elsewhere/b.csv", Body=b"x")
    assert glue.get_workflow_runs(Name=wf)["Runs"] == []

    s3.put_object(Bucket=bucket, Key="incoming/c.csv", Body=b"x")
    runs = glue.get_workflow_runs(Name=wf)["Runs"]
    assert len(runs) == 1
    assert runs[0]["StartingEventBatchCondition"] == {"BatchSize": 2}
    event_ids = runs[0]["WorkflowRunProperties"]["aws:eventIds"].strip("[]").split(",")
    assert len(set(event_ids)) == 2

    s3.put_object(Bucket=bucket, Key="incoming/d.csv", Body=b"x")  # opens a new batch: one event, window 60 s
    admin(endpoint_url, "AdvanceClock", {"Seconds": 30}, account_id=CLOCK_ACCOUNT)
    assert len(glue.get_workflow_runs(Name=wf)["Runs"]) == 1
    admin(endpoint_url, "AdvanceClock", {"Seconds": 31}, account_id=CLOCK_ACCOUNT)
    runs = glue.get_workflow_runs(Name=wf)["Runs"]
    assert len(runs) == 2
    assert runs[0]["StartingEventBatchCondition"] == {"BatchWindow": 60}
    assert wait_for_end(glue, wf, runs[0]["WorkflowRunId"])["Status"] == "COMPLETED"

    glue.stop_trigger(Name=on_event)  # a stopped EVENT trigger ignores events
    for key in ("incoming/e.csv", "incoming/f.csv"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    admin(endpoint_url, "AdvanceClock", {"Seconds": 61}, account_id=CLOCK_ACCOUNT)
    assert len(glue.get_workflow_runs(Name=wf)["Runs"]) == 2


def test_starting_an_on_demand_trigger_fires_it(glue, scripted):
    wf = unique("started")
    glue.create_workflow(Name=wf)
    trigger = unique("go")
    glue.create_trigger(Name=trigger, WorkflowName=wf, Type="ON_DEMAND", Actions=[{"JobName": "go-job"}])

    glue.start_trigger(Name=trigger)  # what Terraform does for an enabled ON_DEMAND trigger

    (run,) = glue.get_workflow_runs(Name=wf)["Runs"]
    assert wait_for_end(glue, wf, run["WorkflowRunId"])["Statistics"]["SucceededActions"] == 1
    assert glue.get_trigger(Name=trigger)["Trigger"]["State"] == "CREATED"


def test_stop_workflow_run_mid_run_stops_the_running_job_and_nothing_after_it_starts(glue, scripted):
    wf = unique("stop")
    glue.create_workflow(Name=wf)
    scripted.holds["long"] = threading.Event()
    on_demand(glue, wf, {"JobName": "long"})
    conditional(
        glue, wf, "ANY", [job_ok("long"), {"JobName": "long", "State": "STOPPED"}], {"JobName": "after"}
    )
    run_id = glue.start_workflow_run(Name=wf)["RunId"]

    glue.stop_workflow_run(Name=wf, RunId=run_id)
    run = wait_for_end(glue, wf, run_id)

    assert run["Status"] == "STOPPED"
    assert scripted.names(run_id) == ["long"]
    assert stats(run, "TotalActions", "StoppedActions") == {"TotalActions": 1, "StoppedActions": 1}
    with pytest.raises(glue.exceptions.IllegalWorkflowStateException):
        glue.stop_workflow_run(Name=wf, RunId=run_id)


def test_resume_workflow_run_reruns_the_fixed_node_and_what_follows_it(glue, scripted):
    wf = unique("resume")
    glue.create_workflow(Name=wf)
    scripted.outcomes["transform"] = "FAILED"
    on_demand(glue, wf, {"JobName": "extract"})
    conditional(glue, wf, "AND", [job_ok("extract")], {"JobName": "transform", "Arguments": {"--day": "1"}})
    conditional(glue, wf, "AND", [job_ok("transform")], {"JobName": "load"})
    failed = wait_for_end(glue, wf, glue.start_workflow_run(Name=wf)["RunId"])
    assert stats(failed, "SucceededActions", "FailedActions") == {"SucceededActions": 1, "FailedActions": 1}
    node_id = next(n["UniqueId"] for n in failed["Graph"]["Nodes"] if n["Name"] == "transform")
    extract_id = next(n["UniqueId"] for n in failed["Graph"]["Nodes"] if n["Name"] == "load")

    with pytest.raises(glue.exceptions.InvalidInputException, match="no run attempt"):
        glue.resume_workflow_run(Name=wf, RunId=failed["WorkflowRunId"], NodeIds=[extract_id])
    scripted.outcomes["transform"] = "SUCCEEDED"  # the fix
    resumed = glue.resume_workflow_run(Name=wf, RunId=failed["WorkflowRunId"], NodeIds=[node_id])
    run = wait_for_end(glue, wf, resumed["RunId"])

    assert resumed["NodeIds"] == [node_id] and resumed["RunId"] != failed["WorkflowRunId"]
    assert run["Status"] == "COMPLETED" and run["PreviousRunId"] == failed["WorkflowRunId"]
    assert scripted.names(resumed["RunId"]) == ["load", "transform"]  # extract is not run again
    assert scripted.arguments["transform"] == {"--day": "1"}
    assert stats(run, "TotalActions", "SucceededActions") == {"TotalActions": 2, "SucceededActions": 2}


def test_cli_run_wait_follows_the_run_and_exits_non_zero_unless_every_action_succeeded(
    glue, scripted, endpoint_url, capsys
):
    from localglue.cli import main

    wf = unique("cli")
    glue.create_workflow(Name=wf)
    on_demand(glue, wf, {"CrawlerName": "cli-crawl"})
    conditional(
        glue, wf, "AND", [{"CrawlerName": "cli-crawl", "CrawlState": "SUCCEEDED"}], {"JobName": "cli-job"}
    )
    connection = ["--endpoint-url", endpoint_url, "--region", REGION]

    assert main(["run", wf, "--wait", "--poll", "0.05", *connection]) == 0
    printed = capsys.readouterr()
    assert "job cli-job: SUCCEEDED" in printed.err and " COMPLETED " in printed.out

    scripted.outcomes["cli-job"] = "FAILED"
    assert main(["run", wf, "--wait", "--poll", "0.05", *connection]) == 1
    assert "ended COMPLETED" in capsys.readouterr().err  # AWS's COMPLETED, with a failed action

    assert main(["run", "no-such-workflow", "--wait", *connection]) == 1
    assert capsys.readouterr().err.strip() == (
        "localglue run: EntityNotFoundException: Workflow no-such-workflow not found"
    )

    assert main(["status", wf, *connection]) == 0
    status = capsys.readouterr().out.splitlines()
    assert status[0] == f"localglue running at {endpoint_url}"
    [header] = [number for number, text in enumerate(status) if text.startswith(f"workflow {wf}  run wr_")]
    assert status[header].split()[4] == "COMPLETED"
    assert "succeeded 1" in status[header + 1] and "failed 1" in status[header + 1]
    assert any(line.strip().startswith("-> job cli-job: FAILED") for line in status)

    # a trigger fired by hand whose run ends badly is reported so too, its run followed to the end
    nightly, schedule = unique("cli-nightly"), unique("cli-schedule")
    glue.create_workflow(Name=nightly)
    glue.create_trigger(
        Name=schedule,
        WorkflowName=nightly,
        Type="SCHEDULED",
        Schedule="cron(0 3 * * ? *)",
        Actions=[{"CrawlerName": "cli-crawl"}],
    )
    conditional(
        glue,
        nightly,
        "AND",
        [{"CrawlerName": "cli-crawl", "CrawlState": "SUCCEEDED"}],
        {"JobName": "cli-job"},
    )
    assert main(["trigger", "fire", schedule, "--wait", "--poll", "0.05", *connection]) == 1
    fired = capsys.readouterr().err
    assert f"trigger {schedule} fired: workflow {nightly} run wr_" in fired and "ended COMPLETED" in fired
    scripted.outcomes["cli-job"] = "SUCCEEDED"
    assert (
        main(["trigger", "fire", schedule, "--wait", "--poll", "0.05", "--output", "json", *connection]) == 0
    )
    assert json.loads(capsys.readouterr().out)["Status"] == "COMPLETED"
