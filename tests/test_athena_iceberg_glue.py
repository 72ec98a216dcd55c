"""An Iceberg table's Glue columns carry their Iceberg field, as AWS's Iceberg catalog writes them."""

from __future__ import annotations

from localglue.athena.iceberg_glue import annotated, current_fields

# the shape of a format-v2 metadata file after `ALTER TABLE t ADD COLUMNS (extra int)`
METADATA = {
    "format-version": 2,
    "current-schema-id": 1,
    "schemas": [
        {"schema-id": 0, "fields": [{"id": 1, "name": "id", "required": True, "type": "int"}]},
        {
            "schema-id": 1,
            "fields": [
                {"id": 1, "name": "id", "required": True, "type": "int"},
                {"id": 2, "name": "name", "required": False, "type": "string"},
                {"id": 3, "name": "extra", "required": False, "type": "int"},
            ],
        },
    ],
}


def test_columns_of_the_current_schema_get_their_field_id_optional_and_current():
    table_input = {
        "Name": "t",
        "Parameters": {"table_type": "ICEBERG", "metadata_location": "s3://b/t/metadata/1.json"},
        "StorageDescriptor": {
            "Columns": [
                {"Name": "id", "Type": "int", "Parameters": {"trino_type_id": "integer"}},
                {"Name": "name", "Type": "string"},
                {"Name": "extra", "Type": "int"},
            ]
        },
    }
    columns = annotated(table_input, METADATA)["StorageDescriptor"]["Columns"]
    assert [c["Parameters"] for c in columns] == [
        {
            "trino_type_id": "integer",
            "iceberg.field.id": "1",
            "iceberg.field.optional": "false",
            "iceberg.field.current": "true",
        },
        {"iceberg.field.id": "2", "iceberg.field.optional": "true", "iceberg.field.current": "true"},
        {"iceberg.field.id": "3", "iceberg.field.optional": "true", "iceberg.field.current": "true"},
    ]
    assert "Parameters" not in table_input["StorageDescriptor"]["Columns"][1]  # the request is not changed


def test_a_column_the_schema_lacks_is_left_as_the_writer_wrote_it():
    table_input = {"StorageDescriptor": {"Columns": [{"Name": "gone", "Type": "int"}]}}
    assert annotated(table_input, METADATA) == table_input


def test_format_v1_metadata_has_a_single_schema():
    v1 = {"format-version": 1, "schema": {"fields": [{"id": 7, "name": "a", "required": False}]}}
    assert list(current_fields(v1)) == ["a"]
    assert current_fields(v1)["a"]["id"] == 7
