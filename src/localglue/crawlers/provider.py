"""Crawler and classifier actions answered by localglue.

moto keeps crawler definitions; crawls, their state and figures, and classifiers are localglue's.
GetCrawler(s) are moto's answers with `State`, `CrawlElapsedTime` and `LastCrawl` taken from the real
crawls. Shapes: https://docs.aws.amazon.com/glue/latest/webapi/API_Crawler.html
"""

from __future__ import annotations

from datetime import datetime

from moto.backends import get_backend

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import AwsError, entity_not_found, invalid_input
from ..gateway.paging import Paging, paginate
from ..wire import epoch, to_wire
from .models import CrawlerState, utcnow
from .runner import glue_crawler
from .schedules import schedule_state, start_schedule, stop_schedule, update_schedule

CLASSIFIER_KINDS = ("GrokClassifier", "XMLClassifier", "JsonClassifier", "CsvClassifier")
CRAWLS_PAGING = Paging(default_size=20, max_size=1000, error=invalid_input)
METRICS_PAGING = Paging(default_size=100, max_size=1000, error=invalid_input)
CLASSIFIERS_PAGING = Paging(default_size=100, max_size=1000, error=invalid_input)


def _crawlers(ctx: RequestContext) -> CrawlerState:
    return ctx.runtime.crawlers.of(ctx.account_id, ctx.region)


def _with_crawl_state(ctx: RequestContext, crawler: dict) -> dict:
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        record = crawlers.record(crawler["Name"])
        crawler["State"] = record.state()
        running = record.crawls[-1] if record.crawls and record.crawls[-1].running else None
        crawler["CrawlElapsedTime"] = int(running.runtime_seconds() * 1000) if running else 0
        finished = record.last_finished
        crawler.pop("LastCrawl", None)
        if finished:
            crawler["LastCrawl"] = to_wire(finished.as_last_crawl())
    if crawler.get("Schedule"):
        crawler["Schedule"]["State"] = schedule_state(
            crawlers, glue_crawler(ctx.account_id, ctx.region, crawler["Name"])
        )
    return crawler


@action("glue", "GetCrawler")
def get_crawler(ctx: RequestContext, params: dict) -> dict:
    answer = ctx.forward()
    answer["Crawler"] = _with_crawl_state(ctx, answer["Crawler"])
    return answer


@action("glue", "GetCrawlers")
def get_crawlers(ctx: RequestContext, params: dict) -> dict:
    answer = ctx.forward()
    answer["Crawlers"] = [_with_crawl_state(ctx, crawler) for crawler in answer.get("Crawlers", [])]
    return answer


@action("glue", "BatchGetCrawlers")
def batch_get_crawlers(ctx: RequestContext, params: dict) -> dict:
    answer = ctx.forward()
    answer["Crawlers"] = [_with_crawl_state(ctx, crawler) for crawler in answer.get("Crawlers", [])]
    return answer


@action("glue", "StartCrawler")
def start_crawler(ctx: RequestContext, params: dict) -> dict:
    ctx.runtime.crawlers.start_crawl(ctx.account_id, ctx.region, params.get("Name", ""))
    return {}


@action("glue", "StopCrawler")
def stop_crawler(ctx: RequestContext, params: dict) -> dict:
    ctx.runtime.crawlers.stop_crawl(ctx.account_id, ctx.region, params.get("Name", ""))
    return {}


@action("glue", "StartCrawlerSchedule")
def start_crawler_schedule(ctx: RequestContext, params: dict) -> dict:
    start_schedule(_crawlers(ctx), ctx.account_id, ctx.region, params.get("CrawlerName", ""))
    return {}


@action("glue", "StopCrawlerSchedule")
def stop_crawler_schedule(ctx: RequestContext, params: dict) -> dict:
    stop_schedule(_crawlers(ctx), ctx.account_id, ctx.region, params.get("CrawlerName", ""))
    return {}


@action("glue", "UpdateCrawlerSchedule")
def update_crawler_schedule(ctx: RequestContext, params: dict) -> dict:
    update_schedule(ctx.account_id, ctx.region, params.get("CrawlerName", ""), params.get("Schedule"))
    return {}


@action("glue", "DeleteCrawler")
def delete_crawler(ctx: RequestContext, params: dict) -> dict:
    name = params.get("Name", "")
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        if name in crawlers.crawlers and crawlers.crawlers[name].state() != "READY":
            raise AwsError("CrawlerRunningException", f"Crawler with name {name} is running")
        answer = ctx.forward()
        crawlers.crawlers.pop(name, None)
        crawlers.schedule_states.pop(name, None)
    return answer


_CRAWL_FILTER_FIELDS = {
    "CRAWL_ID": "CrawlId",
    "STATE": "State",
    "START_TIME": "StartTime",
    "END_TIME": "EndTime",
    "DPU_HOUR": "DPUHour",
}


def _matches(crawl: dict, crawl_filter: dict) -> bool:
    field = _CRAWL_FILTER_FIELDS.get(crawl_filter.get("FieldName", ""))
    operator = crawl_filter.get("FilterOperator", "")
    if field is None or operator not in ("GT", "GE", "LT", "LE", "EQ", "NE"):
        raise invalid_input(f"Invalid crawl filter: {crawl_filter}")
    value, wanted = crawl.get(field), crawl_filter.get("FieldValue", "")
    if value is None:
        return operator == "NE"
    if isinstance(value, datetime):
        value = epoch(value)
        wanted = _filter_time(wanted)
    elif isinstance(value, float):
        wanted = float(wanted)
    return {
        "GT": value > wanted,
        "GE": value >= wanted,
        "LT": value < wanted,
        "LE": value <= wanted,
        "EQ": value == wanted,
        "NE": value != wanted,
    }[operator]


def _filter_time(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        try:
            return epoch(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError as err:
            raise invalid_input(f"Invalid time in crawl filter: {text}") from err


@action("glue", "ListCrawls")
def list_crawls_action(ctx: RequestContext, params: dict) -> dict:
    crawls = ctx.runtime.crawlers.list_crawls(ctx.account_id, ctx.region, params.get("CrawlerName", ""))
    for crawl_filter in params.get("Filters") or []:
        crawls = [crawl for crawl in crawls if _matches(crawl, crawl_filter)]
    page, more = paginate(crawls, params, CRAWLS_PAGING)
    return {"Crawls": to_wire(page), **more}


@action("glue", "GetCrawlerMetrics")
def get_crawler_metrics(ctx: RequestContext, params: dict) -> dict:
    names = params.get("CrawlerNameList") or sorted(get_backend("glue")[ctx.account_id][ctx.region].crawlers)
    crawlers = _crawlers(ctx)
    metrics = []
    for name in names:
        glue_crawler(ctx.account_id, ctx.region, name)
        with crawlers.lock:
            metrics.append(crawlers.record(name).metrics(name))
    page, more = paginate(metrics, params, METRICS_PAGING)
    return {"CrawlerMetricsList": page, **more}


def _classifier_of(params: dict) -> tuple[str, dict]:
    given = [kind for kind in CLASSIFIER_KINDS if params.get(kind)]
    if len(given) != 1:
        raise invalid_input(
            "Exactly one of GrokClassifier, XMLClassifier, JsonClassifier, CsvClassifier is required"
        )
    kind = given[0]
    spec = dict(params[kind])
    if not spec.get("Name"):
        raise invalid_input(f"{kind}.Name is required")
    if kind == "CsvClassifier":
        if spec.get("ContainsHeader", "UNKNOWN") not in ("UNKNOWN", "PRESENT", "ABSENT"):
            raise invalid_input(f"Invalid ContainsHeader: {spec['ContainsHeader']}")
        if spec.get("Delimiter") is not None and len(spec["Delimiter"]) != 1:
            raise invalid_input("CsvClassifier.Delimiter must be one character")
        if spec.get("QuoteSymbol") is not None and spec.get("QuoteSymbol") == spec.get("Delimiter", ","):
            raise invalid_input("CsvClassifier.QuoteSymbol must be different from the column delimiter")
    return kind, spec


@action("glue", "CreateClassifier")
def create_classifier(ctx: RequestContext, params: dict) -> dict:
    kind, spec = _classifier_of(params)
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        if spec["Name"] in crawlers.classifiers:
            raise AwsError("AlreadyExistsException", f"Classifier with name {spec['Name']} already exists")
        now = utcnow()
        crawlers.classifiers[spec["Name"]] = {
            kind: {**spec, "CreationTime": now, "LastUpdated": now, "Version": 1}
        }
    return {}


@action("glue", "UpdateClassifier")
def update_classifier(ctx: RequestContext, params: dict) -> dict:
    kind, spec = _classifier_of(params)
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        existing = crawlers.classifiers.get(spec["Name"])
        if existing is None:
            raise entity_not_found(f"Classifier with name {spec['Name']} does not exist")
        if kind not in existing:
            raise invalid_input(f"Classifier {spec['Name']} is not a {kind}")
        previous = existing[kind]
        existing[kind] = {
            **previous,
            **spec,
            "LastUpdated": utcnow(),
            "Version": previous["Version"] + 1,
        }
    return {}


@action("glue", "GetClassifier")
def get_classifier(ctx: RequestContext, params: dict) -> dict:
    name = params.get("Name", "")
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        classifier = crawlers.classifiers.get(name)
        if classifier is None:
            raise entity_not_found(f"Classifier with name {name} does not exist")
        return {"Classifier": to_wire(classifier)}


@action("glue", "GetClassifiers")
def get_classifiers(ctx: RequestContext, params: dict) -> dict:
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        classifiers = [crawlers.classifiers[name] for name in sorted(crawlers.classifiers)]
    page, more = paginate(classifiers, params, CLASSIFIERS_PAGING)
    return {"Classifiers": to_wire(page), **more}


@action("glue", "DeleteClassifier")
def delete_classifier(ctx: RequestContext, params: dict) -> dict:
    name = params.get("Name", "")
    crawlers = _crawlers(ctx)
    with crawlers.lock:
        if crawlers.classifiers.pop(name, None) is None:
            raise entity_not_found(f"Classifier with name {name} does not exist")
    return {}
