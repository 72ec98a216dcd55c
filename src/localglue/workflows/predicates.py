"""CONDITIONAL trigger predicates, evaluated against what happened so far in one workflow run.

A predicate is three-valued here: True (fire), False (can no longer be met in this run: never fire), or
None (still open: a watched job or crawler has not ended yet, or has not run yet).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

JOB_TERMINAL_STATES = frozenset({"SUCCEEDED", "FAILED", "TIMEOUT", "STOPPED", "ERROR"})
CRAWL_TERMINAL_STATES = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})

# (kind, name): kind is "job" or "crawler", as in bus.StateChange
NodeKey = tuple[str, str]


def is_terminal(kind: str, state: str) -> bool:
    return state in (JOB_TERMINAL_STATES if kind == "job" else CRAWL_TERMINAL_STATES)


def condition_key(condition: Mapping[str, Any]) -> tuple[NodeKey, str]:
    """The node a condition watches and the state it waits for."""
    if condition.get("JobName"):
        return ("job", condition["JobName"]), condition.get("State", "")
    return ("crawler", condition.get("CrawlerName", "")), condition.get("CrawlState", "")


def condition_result(condition: Mapping[str, Any], attempts: Mapping[NodeKey, Iterable[str]]) -> bool | None:
    """`attempts` maps each node started in this run to the states of its attempts, latest last."""
    node, wanted = condition_key(condition)
    states = list(attempts.get(node, ()))
    if wanted in states:
        return True
    if states and all(is_terminal(node[0], state) for state in states):
        return False
    return None


def evaluate(predicate: Mapping[str, Any] | None, attempts: Mapping[NodeKey, Iterable[str]]) -> bool | None:
    """AND: every condition met; ANY: one condition met. False once the outcome can no longer change to True."""
    results = [condition_result(condition, attempts) for condition in (predicate or {}).get("Conditions", [])]
    if not results:
        return None
    if (predicate or {}).get("Logical", "AND") == "ANY":
        if any(result is True for result in results):
            return True
        return False if all(result is False for result in results) else None
    if any(result is False for result in results):
        return False
    return True if all(result is True for result in results) else None


def watched_nodes(predicate: Mapping[str, Any] | None) -> set[NodeKey]:
    return {condition_key(condition)[0] for condition in (predicate or {}).get("Conditions", [])}
