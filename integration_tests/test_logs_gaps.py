def test_a_log_group_key_can_be_associated_and_removed(client):
    logs = client("logs")
    logs.create_log_group(logGroupName="/aws-glue/jobs/keyed")
    key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    logs.associate_kms_key(logGroupName="/aws-glue/jobs/keyed", kmsKeyId=key)
    (group,) = logs.describe_log_groups(logGroupNamePrefix="/aws-glue/jobs/keyed")["logGroups"]
    assert group["kmsKeyId"] == key

    logs.disassociate_kms_key(logGroupName="/aws-glue/jobs/keyed")
    (group,) = logs.describe_log_groups(logGroupNamePrefix="/aws-glue/jobs/keyed")["logGroups"]
    assert "kmsKeyId" not in group


def test_a_missing_log_group_is_named_as_aws_does(client):
    import pytest
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as caught:
        client("logs").associate_kms_key(logGroupName="/nope", kmsKeyId="k")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
