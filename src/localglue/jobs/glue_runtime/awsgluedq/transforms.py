"""`awsgluedq.transforms.EvaluateDataQuality`, as Glue jobs call it.

`EvaluateDataQuality.apply(frame, ruleset, publishing_options)` returns the rule outcomes as a
DynamicFrame (Rule, Outcome, FailureReason, EvaluatedMetrics). `EvaluateDataQuality().process_rows(...)`
returns a DynamicFrameCollection: `originalData`, `ruleOutcomes`, and `rowLevelOutcomes` (the rows with
DataQualityRulesPass, DataQualityRulesFail, DataQualityRulesSkip and DataQualityEvaluationResult).

In a job run, results are published to the Data Quality API (`enableDataQualityResultsPublishing`,
on by default) under `dataQualityEvaluationContext` (default `default_context`), where
ListDataQualityResults finds them with the run's JobName and JobRunId. CloudWatch metrics and the
results copy under `resultsS3Prefix` are not emulated: the job's log says so when they are asked for.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from awsglue.transforms import GlueTransform

from localglue.dataquality import dqdl, publishing
from localglue.dataquality.evaluation import aggregated_metrics, evaluate, rule_outcomes, rule_results, score

_PUBLISHING_OPTIONS = {
    "dataQualityEvaluationContext",
    "enableDataQualityCloudWatchMetrics",
    "enableDataQualityResultsPublishing",
    "resultsS3Prefix",
}
# additional_options with the values localglue acts on; dataQualityResultsPublishing.strategy BEST_EFFORT
# turns a failure to publish into a line in the log
_CHOICES = {
    "performanceTuning.caching": ("CACHE_NOTHING", "CACHE_INPUT"),
    "observations.scope": ("ALL", "NONE"),
    "compositeRuleEvaluation.method": ("COLUMN", "ROW"),
}
_ACCEPTED = {"dataQualityResultsPublishing.strategy"}


def _log(message: str) -> None:
    print(f"EvaluateDataQuality: {message}", file=sys.stderr, flush=True)


def _flag(options: dict, name: str, default: bool) -> bool:
    value = options.get(name, default)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise ValueError(f"publishing_options {name} must be true or false, not {value!r}")
    return value


def _checked_options(publishing_options: dict, additional_options: dict) -> None:
    unknown = set(publishing_options) - _PUBLISHING_OPTIONS
    if unknown:
        raise ValueError(f"Unknown publishing_options: {', '.join(sorted(unknown))}")
    for name, value in additional_options.items():
        allowed = _CHOICES.get(name)
        if allowed is None:
            if name not in _ACCEPTED:
                _log(f"additional option {name} is not used by localglue")
        elif value not in allowed:
            raise ValueError(f"additional_options {name} must be one of {', '.join(allowed)}, not {value!r}")
    if additional_options.get("compositeRuleEvaluation.method") == "ROW":
        raise ValueError("compositeRuleEvaluation.method ROW is not supported by localglue (COLUMN only)")


class EvaluateDataQuality(GlueTransform):
    DATA_QUALITY_RULE_OUTCOMES_KEY = "ruleOutcomes"

    def __call__(
        self,
        frame: Any,
        ruleset: str,
        publishing_options: dict = {},  # noqa: B006  (AWS's signature; never mutated)
        additional_options: dict = {},  # noqa: B006
        additional_data_sources: dict = {},  # noqa: B006
    ) -> Any:
        evaluation, _ = self._evaluate(
            frame, ruleset, publishing_options, additional_options, additional_data_sources, rows=False
        )
        return self._frame(rule_outcomes(evaluation), frame, "ruleOutcomes")

    def process_rows(
        self,
        frame: Any,
        ruleset: str,
        publishing_options: dict = {},  # noqa: B006  (AWS's signature; never mutated)
        additional_options: dict = {},  # noqa: B006
        additional_data_sources: dict = {},  # noqa: B006
    ) -> Any:
        from awsglue.dynamicframe import DynamicFrameCollection

        evaluation, row_level = self._evaluate(
            frame, ruleset, publishing_options, additional_options, additional_data_sources, rows=True
        )
        frames = {
            "originalData": frame,
            "ruleOutcomes": self._frame(rule_outcomes(evaluation), frame, "ruleOutcomes"),
            "rowLevelOutcomes": self._frame(row_level, frame, "rowLevelOutcomes"),
        }
        return DynamicFrameCollection(frames, frame.glue_ctx)

    @staticmethod
    def _frame(data, like, name):
        from awsglue.dynamicframe import DynamicFrame

        return DynamicFrame.fromDF(data, like.glue_ctx, name)

    def _evaluate(
        self, frame, ruleset, publishing_options, additional_options, additional_data_sources, rows
    ):
        publishing_options = dict(publishing_options or {})
        additional_options = dict(additional_options or {})
        _checked_options(publishing_options, additional_options)
        parsed = dqdl.parse(ruleset)
        data = frame.toDF()
        if additional_options.get("performanceTuning.caching") == "CACHE_INPUT":
            data = data.cache()
        sources = {alias: source.toDF() for alias, source in (additional_data_sources or {}).items()}
        started = time.time()
        evaluation = evaluate(parsed, data, sources)
        row_level = evaluation.row_level_outcomes() if rows else None
        self._publish(evaluation, row_level, started, publishing_options, additional_options)
        return evaluation, row_level

    def _publish(self, evaluation, row_level, started, publishing_options, additional_options) -> None:
        context = publishing_options.get("dataQualityEvaluationContext") or "default_context"
        if _flag(publishing_options, "enableDataQualityCloudWatchMetrics", False):
            _log("CloudWatch metrics are not emulated by localglue; none published")
        if publishing_options.get("resultsS3Prefix"):
            _log("results are not copied to resultsS3Prefix by localglue")
        if not _flag(publishing_options, "enableDataQualityResultsPublishing", True):
            return
        if not publishing.in_job_run():
            _log(f"results of {context} not published: this is not a localglue job run")
            return
        result = {
            "EvaluationContext": context,
            "StartedOn": started,
            "CompletedOn": time.time(),
            "Score": score(evaluation),
            "RuleResults": rule_results(evaluation),
            "AggregatedMetrics": aggregated_metrics(evaluation, row_level),
        }
        try:
            result_id = publishing.publish(result)
        except (publishing.PublishingError, OSError) as err:
            if additional_options.get("dataQualityResultsPublishing.strategy") != "BEST_EFFORT":
                raise
            _log(f"results of {context} not published ({err}); going on (BEST_EFFORT)")
            return
        _log(f"results of {context} published as {result_id}")
