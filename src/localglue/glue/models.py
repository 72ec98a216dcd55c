"""Updates of moto's Glue objects that moto 5.2.5 does not implement (its Update* actions answer 500).

Each function takes moto's Glue backend for one account/region and changes its objects in place, with
AWS's semantics: UpdateCrawler changes only the fields it is given; UpdateJob's JobUpdate and
UpdateTrigger's TriggerUpdate overwrite the previous definition completely.
"""

from __future__ import annotations

from typing import Any

from moto.core.utils import utcnow
from moto.glue.models import FakeCrawler, FakeJob, FakeTrigger, GlueBackend
from moto.glue.utils import Action, Predicate

from ..gateway.errors import AwsError, invalid_input
from ..schedule.cron import CronError, CronSchedule

# UpdateCrawler request member -> FakeCrawler attribute
_CRAWLER_FIELDS = {
    "Role": "role",
    "DatabaseName": "database_name",
    "Description": "description",
    "Targets": "targets",
    "Schedule": "schedule",
    "Classifiers": "classifiers",
    "TablePrefix": "table_prefix",
    "SchemaChangePolicy": "schema_change_policy",
    "RecrawlPolicy": "recrawl_policy",
    "LineageConfiguration": "lineage_configuration",
    "Configuration": "configuration",
    "CrawlerSecurityConfiguration": "crawler_security_configuration",
}

# JobUpdate member -> FakeJob attribute, with the value a job gets when the update leaves it out
_JOB_FIELDS: dict[str, tuple[str, Any]] = {
    "Description": ("description", None),
    "LogUri": ("log_uri", None),
    "Role": ("role", None),
    "ExecutionProperty": ("execution_property", {}),
    "Command": ("command", None),
    "DefaultArguments": ("default_arguments", {}),
    "NonOverridableArguments": ("non_overridable_arguments", None),
    "Connections": ("connections", None),
    "MaxRetries": ("max_retries", None),
    "AllocatedCapacity": ("allocated_capacity", None),
    "Timeout": ("timeout", None),
    "MaxCapacity": ("max_capacity", None),
    "WorkerType": ("worker_type", None),
    "NumberOfWorkers": ("number_of_workers", None),
    "SecurityConfiguration": ("security_configuration", None),
    "NotificationProperty": ("notification_property", None),
    "GlueVersion": ("glue_version", None),
    "CodeGenConfigurationNodes": ("code_gen_configuration_nodes", None),
    "ExecutionClass": ("execution_class", "STANDARD"),
    "SourceControlDetails": ("source_control_details", None),
}


def update_crawler(backend: GlueBackend, name: str, update: dict[str, Any], running: bool) -> FakeCrawler:
    """UpdateCrawler: the members present replace the crawler's; an empty Schedule removes the schedule.
    `running`: whether a crawl of it is in progress, which AWS refuses to update."""
    crawler = backend.get_crawler(name)  # EntityNotFoundException
    if running:
        raise AwsError("CrawlerRunningException", f"Crawler with name {name} has already started")
    unknown = sorted(set(update) - set(_CRAWLER_FIELDS))
    if unknown:
        raise invalid_input(f"UpdateCrawler does not support the members {', '.join(unknown)}")
    if "Role" in update and not update["Role"]:
        raise invalid_input("Role should not be null or empty")
    for member, attribute in _CRAWLER_FIELDS.items():
        if member in update:
            setattr(crawler, attribute, update[member])
    crawler.version += 1
    crawler.last_updated = utcnow()
    return crawler


def update_job(backend: GlueBackend, name: str, job_update: dict[str, Any]) -> FakeJob:
    """UpdateJob: the JobUpdate becomes the job's whole definition (members left out are reset)."""
    job = backend.get_job(name)  # EntityNotFoundException
    unknown = sorted(set(job_update) - set(_JOB_FIELDS))
    if unknown:
        raise invalid_input(f"JobUpdate does not support the members {', '.join(unknown)}")
    if not (job_update.get("Command") or {}).get("Name"):
        raise invalid_input("Command name should not be null or empty.")
    if not job_update.get("Role"):
        raise invalid_input("Role should not be null or empty.")
    if job_update.get("MaxCapacity") is not None and (
        job_update.get("WorkerType") or job_update.get("NumberOfWorkers")
    ):
        raise invalid_input("Please do not set Max Capacity if using Worker Type and Number of Workers.")
    for member, (attribute, default) in _JOB_FIELDS.items():
        value = job_update.get(member)
        setattr(job, attribute, default if value is None else value)
    job.last_modified_on = utcnow()
    return job


def update_trigger(backend: GlueBackend, name: str, trigger_update: dict[str, Any]) -> FakeTrigger:
    """UpdateTrigger: the TriggerUpdate replaces the trigger's definition; its type, workflow and state stay."""
    trigger = backend.get_trigger(name)  # EntityNotFoundException
    # moto's own parsers validate conditions and actions as CreateTrigger does; they need the Logical
    # that AWS defaults to AND.
    predicate_input = trigger_update.get("Predicate")
    predicate = Predicate({"Logical": "AND", **predicate_input}) if predicate_input else None
    actions = [Action(action) for action in trigger_update.get("Actions") or []]
    if trigger.trigger_type == "CONDITIONAL" and predicate is None:
        raise invalid_input("Predicate cannot be null or empty")
    if trigger.trigger_type == "SCHEDULED":
        if not trigger_update.get("Schedule"):
            raise invalid_input("Schedule cannot be null or empty for a SCHEDULED trigger")
        try:
            CronSchedule.parse(trigger_update["Schedule"])
        except CronError as err:  # the same check CreateTrigger makes
            raise invalid_input(f"Schedule is invalid: {err}") from err
    if not actions:
        raise invalid_input("Actions cannot be null or empty")
    # moto types these fields as always set, yet stores None itself when CreateTrigger leaves one out
    trigger.description = trigger_update.get("Description")  # type: ignore[assignment]
    trigger.schedule = trigger_update.get("Schedule")  # type: ignore[assignment]
    trigger.predicate = predicate
    trigger.actions = actions
    trigger.event_batching_condition = trigger_update.get("EventBatchingCondition")  # type: ignore[assignment]
    return trigger
