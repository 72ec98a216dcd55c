# Data Quality of the job's input: a ruleset on the source table, which the job reads by name
# (GetDataQualityRuleset) and evaluates with EvaluateDataQuality on the rows it read, before transforming
# them; a failing rule fails the run, naming the rule, and nothing is archived. Thresholds are variables.
# Freshness is a share of rows newer than dq_max_event_age_hours (ColumnValues on event_time with a
# threshold): DataFreshness holds only when every row is fresh, and the events carry a few unreadable times
# that the job drops.
locals {
  dq_rules = [
    "Completeness \"user_id\" >= ${var.dq_min_completeness}",
    "Completeness \"event_time\" >= ${var.dq_min_completeness}",
    "ColumnValues \"event_type\" in [${join(", ", [for type in var.dq_event_types : jsonencode(type)])}] with threshold >= ${var.dq_min_event_type_ratio}",
    "RowCount >= ${var.dq_min_rows}",
    "ColumnValues \"event_time\" > (now() - ${var.dq_max_event_age_hours} hours) with threshold >= ${var.dq_min_fresh_ratio}",
  ]
}

resource "aws_glue_data_quality_ruleset" "input" {
  name        = "${var.name_prefix}-input"
  description = "What the user event lag job requires of the events it reads, before it transforms them."
  ruleset     = "Rules = [\n  ${join(",\n  ", local.dq_rules)}\n]"

  target_table {
    database_name = aws_glue_catalog_database.this.name
    table_name    = local.source_table
  }
}
