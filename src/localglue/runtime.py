"""The engines of one gateway and what they share: the notice bus and the clock.

`GatewayServer` builds one `Runtime` per gateway; handlers reach it as `ctx.runtime`. Engines start in
order and stop in reverse (`start` / `stop`), and every one names the state `--persist` keeps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .alarms.engine import AlarmEngine
from .athena.service import AthenaEngine
from .bus import EventBus
from .crawlers.engine import CrawlerEngine
from .dataquality.service import DataQualityEngine
from .eventbridge.glue_events import GlueEventsEngine
from .gateway import lifecycle
from .gateway.lifecycle import Engine
from .gateway.s3_usage import S3Usage
from .gateway.stores import AccountRegionStore
from .glue.engine import GlueEngine
from .jobs.engine import JobEngine
from .schedule.ticker import Ticker
from .workflows.engine import WorkflowEngine


class Runtime:
    def __init__(self, endpoint_url: str = "") -> None:
        self.endpoint_url = endpoint_url
        self.persist_dir: Path | None = None  # where --persist keeps the state, for the health check
        self.enforce_iam = False  # every request signed and authorized (--enforce-iam)
        self.bus = EventBus()
        self.ticker = Ticker()
        self.s3_usage = S3Usage()  # S3 requests per bucket, as S3 prices them
        self.glue = GlueEngine(self)
        self.jobs = JobEngine(self)
        self.crawlers = CrawlerEngine(self)
        self.workflows = WorkflowEngine(self)
        self.athena = AthenaEngine(self)
        self.dataquality = DataQualityEngine(self)
        self.glue_events = GlueEventsEngine(self)
        self.alarms = AlarmEngine(self)

    @property
    def engines(self) -> tuple[Engine, ...]:
        return (
            self.glue,
            self.jobs,
            self.crawlers,
            self.workflows,
            self.athena,
            self.dataquality,
            self.glue_events,
            self.alarms,
        )

    def stores(self) -> dict[str, AccountRegionStore[Any]]:
        named: dict[str, AccountRegionStore[Any]] = {}
        for engine in self.engines:
            for name, store in engine.stores().items():
                if name in named:
                    raise ValueError(f"two engines keep state under the name {name!r}")
                named[name] = store
        return named

    def running_work(self) -> list[str]:
        """What stopping the gateway would end now, every engine's."""
        return [work for engine in self.engines for work in engine.running_work()]

    def restored(self) -> None:
        for engine in self.engines:
            engine.restored()

    def start(self) -> None:
        lifecycle.register_running(self)
        for engine in self.engines:
            engine.start()
        self.ticker.start()

    def stop(self) -> None:
        """The clock first (nothing new fires), then every engine, last started first."""
        self.ticker.stop()
        try:
            for engine in reversed(self.engines):
                engine.stop()
        finally:
            lifecycle.unregister_running(self)
