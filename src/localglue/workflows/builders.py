"""Small workflows built through boto3, for tests and benchmarks: unique names and the triggers that
chain their actions."""

from __future__ import annotations

import uuid


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def on_demand(glue, workflow, *actions, name=None):
    name = name or unique("start")
    glue.create_trigger(Name=name, WorkflowName=workflow, Type="ON_DEMAND", Actions=list(actions))
    return name


def conditional(glue, workflow, logical, conditions, *actions, name=None):
    """An activated CONDITIONAL trigger: `conditions` are JobName/State or CrawlerName/CrawlState pairs."""
    name = name or unique("when")
    glue.create_trigger(
        Name=name,
        WorkflowName=workflow,
        Type="CONDITIONAL",
        StartOnCreation=True,
        Predicate={
            "Logical": logical,
            "Conditions": [{"LogicalOperator": "EQUALS", **c} for c in conditions],
        },
        Actions=list(actions),
    )
    return name
