"""Terraform's aws_glue_data_quality_ruleset (hashicorp/aws 5.100.0) on the gateway: applied, read back
with no drift, updated in place, destroyed."""

from __future__ import annotations

import textwrap
import uuid

import pytest
from botocore.exceptions import ClientError

from localglue.terraform import Workspace

pytestmark = pytest.mark.slow

MODULE = """\
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

variable "name" { type = string }
variable "rules" { type = string }
variable "owner" { type = string }

resource "aws_glue_catalog_database" "sales" {
  name = replace(var.name, "-", "_")
}

resource "aws_glue_catalog_table" "orders" {
  database_name = aws_glue_catalog_database.sales.name
  name          = "orders"
  table_type    = "EXTERNAL_TABLE"
  storage_descriptor {
    location = "s3://orders-bucket/orders/"
    columns {
      name = "id"
      type = "bigint"
    }
  }
}

resource "aws_glue_data_quality_ruleset" "orders" {
  name        = var.name
  description = "orders are complete and unique"
  ruleset     = var.rules
  target_table {
    database_name = aws_glue_catalog_table.orders.database_name
    table_name    = aws_glue_catalog_table.orders.name
  }
  tags = { owner = var.owner }
}

output "arn" { value = aws_glue_data_quality_ruleset.orders.arn }
"""

FIRST_RULES = 'Rules = [ RowCount > 0, IsComplete "id", IsUnique "id" ]'
SECOND_RULES = textwrap.dedent(
    """\
    Rules = [
        RowCount between 1 and 1000000,
        IsPrimaryKey "id"
    ]
    """
)


def test_apply_read_back_update_destroy(aws_env, client, tmp_path):
    name = f"orders-rules-{uuid.uuid4().hex[:6]}"
    module = tmp_path / "module"
    module.mkdir()
    (module / "main.tf").write_text(MODULE)
    workspace = Workspace(aws_env, module_dir=module, root=tmp_path / "workspace")
    glue = client("glue")

    variables = {"name": name, "rules": FIRST_RULES, "owner": "data"}
    workspace.apply(variables, capture=True)
    arn = workspace.outputs()["arn"]
    assert arn == f"arn:aws:glue:us-east-1:123456789012:dataQualityRuleset/{name}"
    ruleset = glue.get_data_quality_ruleset(Name=name)
    assert (ruleset["Ruleset"], ruleset["Description"]) == (FIRST_RULES, "orders are complete and unique")
    assert ruleset["TargetTable"] == {"DatabaseName": name.replace("-", "_"), "TableName": "orders"}
    assert glue.get_tags(ResourceArn=arn)["Tags"] == {"owner": "data"}
    assert workspace.plan(variables).returncode == 0, "the ruleset read back differs from the configuration"

    changed = {"name": name, "rules": SECOND_RULES, "owner": "platform"}
    applied = workspace.apply(changed, capture=True)
    assert "0 added, 1 changed, 0 destroyed" in applied.stdout
    assert glue.get_data_quality_ruleset(Name=name)["Ruleset"] == SECOND_RULES
    assert glue.get_tags(ResourceArn=arn)["Tags"] == {"owner": "platform"}
    assert workspace.plan(changed).returncode == 0

    workspace.destroy(changed, capture=True)
    with pytest.raises(ClientError) as gone:
        glue.get_data_quality_ruleset(Name=name)
    assert gone.value.response["Error"]["Code"] == "EntityNotFoundException"
