"""How classified files become tables: roots, names, partitions, grouping."""

from __future__ import annotations

from localglue.crawlers.classifiers import Classification
from localglue.crawlers.listing import S3Path
from localglue.crawlers.tables import ClassifiedFile, plan_tables, table_name, unique_names


class FakeObject:
    def __init__(self, key: str, size: int = 10):
        self.bucket, self.key, self.size = "b", key, size

    @property
    def uri(self) -> str:
        return f"s3://b/{self.key}"


def csv(columns: list[str], records: int = 2) -> Classification:
    return Classification(
        "csv",
        [(c, "string") for c in columns],
        "lazy",
        {"field.delim": ","},
        "in",
        "out",
        {"delimiter": ","},
        records_sampled=records,
        bytes_sampled=records * 5,
        record_count=records,
    )


def files(target: S3Path, found: dict[str, Classification]) -> list[ClassifiedFile]:
    return [
        ClassifiedFile(FakeObject(key), classification, tuple(key[len(target.prefix) :].split("/")[:-1]))
        for key, classification in found.items()
    ]


def test_table_name_sanitizing():
    assert table_name("My-Data.v2") == "my_data_v2"
    assert table_name("events 2024") == "events_2024"


def test_partition_keys_from_hive_folders_and_positions():
    target = S3Path("b", "out/")
    plans = plan_tables(
        target,
        files(target, {"out/run_id=r1/x/p.csv": csv(["a", "b"]), "out/run_id=r2/y/q.csv": csv(["a", "b"])}),
    )
    assert len(plans) == 1
    plan = plans[0]
    assert (plan.name, plan.location, plan.partition_keys) == (
        "out",
        "s3://b/out/",
        ["run_id", "partition_1"],
    )
    assert plan.partitions == {("r1", "x"): "s3://b/out/run_id=r1/x/", ("r2", "y"): "s3://b/out/run_id=r2/y/"}
    assert plan.statistics() == {
        "objectCount": "2",
        "sizeKey": "20",
        "recordCount": "4",
        "averageRecordSize": "5",
    }


def test_bucket_root_table_is_named_after_the_bucket():
    target = S3Path("b", "")
    (plan,) = plan_tables(target, files(target, {"f.csv": csv(["a", "b"])}))
    assert (plan.name, plan.location) == ("b", "s3://b/")


def test_dissimilar_folders_become_separate_tables_unless_combined():
    target = S3Path("b", "root/")
    found = {"root/x/1.csv": csv(["a", "b", "c"]), "root/y/2.csv": csv(["d", "e", "f"])}
    assert sorted(p.name for p in plan_tables(target, files(target, found))) == ["x", "y"]
    (combined,) = plan_tables(target, files(target, found), combine_compatible=True)
    assert combined.name == "root"
    assert [c for c, _ in combined.classification.columns] == ["a", "b", "c", "d", "e", "f"]


def test_similar_schemas_share_a_table():
    target = S3Path("b", "root/")
    found = {"root/x/1.csv": csv(["a", "b", "c", "d"]), "root/y/2.csv": csv(["a", "b", "c", "d", "e"])}
    (plan,) = plan_tables(target, files(target, found))
    assert plan.partition_keys == ["partition_0"]


def test_table_level_configuration():
    target = S3Path("b", "root/")
    found = {"root/x/p=1/1.csv": csv(["a", "b"]), "root/y/p=2/2.csv": csv(["a", "b"])}
    plans = plan_tables(target, files(target, found), table_level=3)
    assert sorted((p.name, p.location, tuple(p.partition_keys)) for p in plans) == [
        ("x", "s3://b/root/x/", ("p",)),
        ("y", "s3://b/root/y/", ("p",)),
    ]


def test_name_collisions_get_a_hash_suffix():
    target_a, target_b = S3Path("b", "a/data/"), S3Path("b", "b/data/")
    plans = plan_tables(target_a, files(target_a, {"a/data/1.csv": csv(["x", "y"])}))
    plans += plan_tables(target_b, files(target_b, {"b/data/1.csv": csv(["x", "y"])}))
    unique_names(plans, {})
    assert plans[0].name == "data"
    assert plans[1].name.startswith("data_") and len(plans[1].name) == len("data_") + 8
