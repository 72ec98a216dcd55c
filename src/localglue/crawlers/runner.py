"""A crawl in the background: list, classify, plan tables, write the catalog, report.

The crawler engine runs each crawl in a thread of its own; it logs to CloudWatch Logs under
`/aws-glue/crawlers`, stream = crawler name, each line prefixed with the crawl id as Glue does.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any

from moto.backends import get_backend

from ..cloudwatch import LogStreamWriter
from ..gateway import trust
from ..gateway.errors import entity_not_found
from . import classifiers as classifying
from .catalog import CatalogWriter, table_location
from .classifiers import CsvClassifierSpec
from .listing import CrawlTargetError, S3Path, list_objects
from .models import LOG_GROUP, Crawl, CrawlerRecord, CrawlerState, utcnow
from .tables import ClassifiedFile, TablePlan, plan_tables, unique_names

log = logging.getLogger("localglue.crawlers")


class CrawlStopped(Exception):
    pass


def glue_crawler(account_id: str, region: str, crawler_name: str):
    crawler = get_backend("glue")[account_id][region].crawlers.get(crawler_name)
    if crawler is None:
        raise entity_not_found(f"Crawler with name {crawler_name} does not exist")
    return crawler


class _CrawlLog:
    def __init__(self, account_id: str, region: str, crawl: Crawl):
        self._writer = LogStreamWriter(account_id, region, LOG_GROUP, crawl.crawler_name)
        self._prefix = f"[{crawl.crawl_id}] "

    def __call__(self, line: str) -> None:
        self._writer.write(self._prefix + line)


def run_crawl(
    account_id: str,
    region: str,
    crawlers: CrawlerState,
    crawler: Any,
    record: CrawlerRecord,
    crawl: Crawl,
    *,
    enforce_iam: bool,
) -> str | None:
    """Crawl to the end; returns the crawl's state in the words triggers and LastCrawl use. Under
    `enforce_iam` (the gateway's --enforce-iam), the crawler's role must trust Glue."""
    write_log = _CrawlLog(account_id, region, crawl)
    try:
        write_log(f"BENCHMARK : Running Start Crawl for Crawler {crawler.name}")
        if enforce_iam:  # Glue assumes the crawler's role for each crawl
            trust.require_trust(account_id, crawler.role or "")
        with crawlers.lock:  # UpdateClassifier may be changing them
            custom = _custom_classifiers(crawlers.classifiers, crawler.classifiers or [], write_log)
        policy = crawler.schema_change_policy or {}
        write_log(f"INFO : Crawler configured with SchemaChangePolicy {json.dumps(policy)}")
        changes = _crawl(account_id, region, crawler, record, crawl, custom, write_log)
        crawl.tables_created, crawl.tables_updated, crawl.tables_deleted = (
            changes.created,
            changes.updated,
            changes.deleted,
        )
        state = "COMPLETED"
    except CrawlStopped:
        state = "STOPPED"
        write_log("INFO : Crawl stopped by StopCrawler before writing to the Data Catalog")
    except (CrawlTargetError, trust.RoleNotAssumable) as err:
        state, crawl.error_message = "FAILED", str(err)
        write_log(f"ERROR : {err}")
    except Exception as err:  # a bug of ours: the crawl fails as Glue reports internal errors
        log.exception("crawl %s of %s failed", crawl.crawl_id, crawler.name)
        state, crawl.error_message = "FAILED", f"Internal Service Exception: {type(err).__name__}: {err}"
        write_log(f"ERROR : {crawl.error_message}")
    with crawlers.lock:
        crawl.end_time = utcnow()
        crawl.state = state
        record.stopping = False
    write_log(f"INFO : {crawl.summary()}")
    write_log("BENCHMARK : Crawler has finished running and is in state READY")
    return crawl.last_crawl_status


def _crawl(account_id, region, crawler, record, crawl, custom, write_log):
    recrawl = (crawler.recrawl_policy or {}).get("RecrawlBehavior", "CRAWL_EVERYTHING")
    new_folders_only = recrawl == "CRAWL_NEW_FOLDERS_ONLY"
    if recrawl == "CRAWL_EVENT_MODE":
        write_log(
            "WARN : CRAWL_EVENT_MODE needs S3 event notifications through SQS; crawling everything instead"
        )
    grouping = _grouping(crawler.configuration)
    plans: list[TablePlan] = []
    targets: list[S3Path] = []
    seen_folders: set[str] = set()
    for kind, kind_targets in (crawler.targets or {}).items():
        if kind != "S3Targets" and kind_targets:
            write_log(f"WARN : {kind} are not crawled by localglue; only S3Targets are")
    for s3_target in (crawler.targets or {}).get("S3Targets", []):
        target = S3Path.parse(s3_target["Path"])
        targets.append(target)
        objects = list_objects(account_id, target, s3_target.get("Exclusions"))
        if not target.prefix or target.prefix.endswith("/"):
            folder_of = {
                obj.key: obj.key.rsplit("/", 1)[0] + "/" if "/" in obj.key else "" for obj in objects
            }
        else:
            folder_of = {obj.key: obj.key for obj in objects}
        if new_folders_only:
            objects = [obj for obj in objects if target.uri(folder_of[obj.key]) not in record.crawled_folders]
        seen_folders.update(target.uri(folder_of[obj.key]) for obj in objects)
        files = _classify(target, objects, folder_of, custom, s3_target.get("SampleSize"), crawl, write_log)
        plans += plan_tables(
            target,
            files,
            combine_compatible=grouping.get("TableGroupingPolicy") == "CombineCompatibleSchemas",
            table_level=grouping.get("TableLevelConfiguration"),
        )
    if crawl.stop_requested.is_set():
        raise CrawlStopped
    glue = get_backend("glue")[account_id][region]
    writer = CatalogWriter(
        glue, crawler.database_name, crawler.name, crawl.crawl_id, crawler.schema_change_policy, write_log
    )
    write_log(f"BENCHMARK : Classification complete, writing results to database {crawler.database_name}")
    writer.ensure_database()
    owned = writer.owned_tables()
    for plan in plans:
        plan.name = f"{crawler.table_prefix or ''}{plan.name}"
    taken = {
        name: table_location(table)
        for name, table in list(glue.get_database(crawler.database_name).tables.items())
    }
    for name in owned:
        taken.pop(name)  # this crawler's own tables may move
    unique_names(plans, taken)
    for plan in plans:
        writer.write(plan, prune_partitions=not new_folders_only)
    if not new_folders_only:
        written = {plan.name for plan in plans}
        for name, table in owned.items():
            if name not in written and _under_targets(table_location(table), targets):
                writer.retire(name)
    record.crawled_folders.update(seen_folders)
    write_log("BENCHMARK : Finished writing to Catalog")
    return writer.changes


def _classify(target, objects, folder_of, custom, sample_size, crawl, write_log) -> list[ClassifiedFile]:
    """Classify each object; with a SampleSize only that many files per folder are read (Glue's sampling)."""
    files = []
    per_folder: dict[str, list] = defaultdict(list)
    for obj in objects:
        if crawl.stop_requested.is_set():
            raise CrawlStopped
        folder = folder_of[obj.key]
        sampled = per_folder[folder]
        if sample_size and len(sampled) >= int(sample_size):
            found = sampled[0]
        else:
            found = classifying.classify(obj, custom)
            if found is None:
                write_log(f"INFO : {obj.uri} was not recognised by any classifier (UNKNOWN): no table for it")
                continue
            sampled.append(found)
        relative = obj.key[len(target.prefix) :] if target.prefix.endswith("/") or not target.prefix else ""
        files.append(ClassifiedFile(obj, found, tuple(relative.split("/")[:-1])))
    return files


def _custom_classifiers(known: dict[str, dict], names: list[str], write_log) -> list[CsvClassifierSpec]:
    specs = []
    for name in names:
        classifier = known.get(name)
        if classifier is None:
            raise CrawlTargetError(f"Classifier {name} does not exist")
        if "CsvClassifier" in classifier:
            specs.append(CsvClassifierSpec.from_api(classifier["CsvClassifier"]))
            if classifier["CsvClassifier"].get("CustomDatatypeConfigured"):
                write_log(f"WARN : Custom classifier {name}: CustomDatatypes are not applied by localglue")
        else:
            kind = next(iter(classifier))
            write_log(
                f"WARN : Custom classifier {name} ({kind}) is not applied by localglue; only CSV ones are"
            )
    return specs


def _grouping(configuration: str | None) -> dict:
    if not configuration:
        return {}
    try:
        return json.loads(configuration).get("Grouping") or {}
    except (ValueError, AttributeError) as err:
        raise CrawlTargetError(f"Crawler Configuration is not valid JSON: {err}") from err


def _under_targets(location: str, targets: list[S3Path]) -> bool:
    return any(location.startswith(target.uri(target.prefix)) for target in targets)
