"""How classified files become tables: table roots, names, partition keys and partitions.

Glue's rules (https://docs.aws.amazon.com/glue/latest/dg/crawler-s3-folder-table-partition.html):
the include path is the table root when the files below it share a format and similar schemas; the
folders between the root and the files become partition columns, named after Hive-style `key=value`
folders or `partition_0`, `partition_1`, ... Otherwise each subfolder is considered on its own, and
files of different schemas side by side in one folder each become their own table, named after the
file. `CombineCompatibleSchemas` groups every compatible file of an include path in one table, and
`TableLevelConfiguration` fixes the level of the table root (the bucket is level 1):
https://docs.aws.amazon.com/glue/latest/dg/crawler-grouping-policy.html
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import schema
from .classifiers import Classification
from .listing import S3Object, S3Path

# Glue treats two schemas as one table when they share most columns ("similar" schemas).
SIMILARITY_THRESHOLD = 0.7


@dataclass
class ClassifiedFile:
    obj: S3Object
    classification: Classification
    folders: tuple[str, ...]  # folders between the include path and the file


@dataclass
class TablePlan:
    name: str
    location: str  # s3://bucket/prefix/ of the table root, or the object for a one-file table
    classification: Classification
    partition_keys: list[str]
    partitions: dict[tuple[str, ...], str] = field(default_factory=dict)  # values -> location
    files: list[ClassifiedFile] = field(default_factory=list)

    def statistics(self, values: tuple[str, ...] | None = None) -> dict[str, str]:
        """objectCount, sizeKey, recordCount, averageRecordSize as Glue estimates them from the sample,
        for the whole table or for the partition with these values."""
        files = [f for f in self.files if values is None or self.partition_values(f) == values]
        size = sum(f.obj.size for f in files)
        sampled_records = sum(f.classification.records_sampled for f in files)
        sampled_bytes = sum(f.classification.bytes_sampled for f in files)
        average = sampled_bytes // sampled_records if sampled_records else 0
        known = [f.classification.record_count for f in files]
        if all(count is not None for count in known):  # Parquet footers tell
            records = sum(count or 0 for count in known)
        else:  # Glue's estimate: the data's size over the sample's average record size
            records = size // average if average else 0
        return {
            "objectCount": str(len(files)),
            "sizeKey": str(size),
            "recordCount": str(records),
            "averageRecordSize": str(average),
        }

    def partition_values(self, f: ClassifiedFile) -> tuple[str, ...]:
        return tuple(
            folder.partition("=")[2] if key != f"partition_{i}" else folder
            for i, (key, folder) in enumerate(zip(self.partition_keys, f.folders))
        )


def table_name(raw: str) -> str:
    """Glue's table names: lowercase, every character other than a-z, 0-9 and _ replaced by _."""
    return re.sub(r"[^a-z0-9_]", "_", raw.lower())


def plan_tables(
    target: S3Path,
    files: list[ClassifiedFile],
    *,
    combine_compatible: bool = False,
    table_level: int | None = None,
) -> list[TablePlan]:
    if not files:
        return []
    if target.prefix and not target.prefix.endswith("/"):  # the include path names one object
        only = files[0]
        return [_one_file_table(only, target.uri(only.obj.key))]
    root_parts = tuple(part for part in target.prefix.split("/") if part)
    if table_level is not None:
        # Level 1 is the bucket, so a table root at level L sits L - 1 folders below the bucket.
        depth_below_target = max(0, table_level - 1 - len(root_parts))
        groups: dict[tuple[str, ...], list[ClassifiedFile]] = defaultdict(list)
        for f in files:
            groups[f.folders[:depth_below_target]].append(f)
        plans = []
        for sub, group in groups.items():
            rebased = [ClassifiedFile(f.obj, f.classification, f.folders[len(sub) :]) for f in group]
            plans += _tables_at(target, root_parts + sub, rebased, force_one=True)
        return plans
    return _tables_at(target, root_parts, files, force_one=combine_compatible)


def _tables_at(
    target: S3Path, root: tuple[str, ...], files: list[ClassifiedFile], force_one: bool
) -> list[TablePlan]:
    location = target.uri("".join(f"{part}/" for part in root))
    name = root[-1] if root else target.bucket
    if _compatible(files, loose=force_one) and len({len(f.folders) for f in files}) == 1:
        return [_table(name, location, files)]
    plans = []
    subfolders: dict[str, list[ClassifiedFile]] = defaultdict(list)
    for f in files:
        if f.folders:
            subfolders[f.folders[0]].append(ClassifiedFile(f.obj, f.classification, f.folders[1:]))
        else:
            plans.append(_one_file_table(f, f.obj.uri))
    if len(plans) > 1 and _compatible([p.files[0] for p in plans], loose=force_one):
        plans = [_table(name, location, [p.files[0] for p in plans])]
    for folder, group in sorted(subfolders.items()):
        plans += _tables_at(target, root + (folder,), group, force_one)
    return plans


def _compatible(files: list[ClassifiedFile], loose: bool) -> bool:
    first = files[0].classification
    for f in files[1:]:
        if f.classification.format_key() != first.format_key():
            return False
        if not loose and schema.similarity(first.columns, f.classification.columns) < SIMILARITY_THRESHOLD:
            return False
    return True


def _one_file_table(f: ClassifiedFile, location: str) -> TablePlan:
    name = table_name(f.obj.key.rsplit("/", 1)[-1])
    return TablePlan(name, location, merge_classifications([f.classification]), [], {}, [f])


def _table(name: str, location: str, files: list[ClassifiedFile]) -> TablePlan:
    depth = len(files[0].folders)
    keys = []
    for level in range(depth):
        names = {f.folders[level].partition("=")[0] for f in files}
        hive_style = all("=" in f.folders[level] for f in files) and len(names) == 1
        keys.append(table_name(names.pop()) if hive_style else f"partition_{level}")
    plan = TablePlan(
        table_name(name), location, merge_classifications([f.classification for f in files]), keys
    )
    plan.files = files
    for f in files:
        plan.partitions.setdefault(
            plan.partition_values(f), location + "".join(f"{folder}/" for folder in f.folders)
        )
    return plan


def merge_classifications(found: list[Classification]) -> Classification:
    quoted = [c for c in found if c.format_parameters.get("areColumnsQuoted") == "true"]
    first = quoted[0] if quoted else found[0]
    columns = schema.finish_columns(schema.merge_columns(c.columns for c in found))
    serde_parameters = dict(first.serde_parameters)
    if first.classification == "json":
        serde_parameters["paths"] = ",".join(sorted(name for name, _ in columns))
    return Classification(
        first.classification,
        columns,
        first.serde_library,
        serde_parameters,
        first.input_format,
        first.output_format,
        dict(first.format_parameters),
    )


def unique_names(plans: list[TablePlan], taken: dict[str, str]) -> None:
    """Two tables of one crawl (or a table of another location) with one name: Glue adds a hash suffix."""
    for plan in plans:
        owner = taken.get(plan.name)
        if owner is not None and owner != plan.location:
            plan.name = f"{plan.name}_{hashlib.md5(plan.location.encode()).hexdigest()[:8]}"
        taken[plan.name] = plan.location
