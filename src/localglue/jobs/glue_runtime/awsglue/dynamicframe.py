"""`awsglue.dynamicframe` over Spark DataFrames: AWS's DynamicFrame API, without Glue's JVM classes.

Every method keeps the signature of AWS's class (AWSGlueDataplanePython 5.0.0: positional order,
names, defaults), so published scripts run unchanged. A DynamicFrame holds a Spark DataFrame in which
choice types are structs with a marker (`localglue.jobs.glue_runtime.choice`), and the error records
of the transformations that made it (`...glue_runtime.errors`). `DynamicFrame(jdf, glue_ctx, name)`
takes a Spark DataFrame (or the JVM Dataset behind one) where AWS's takes a JVM DynamicFrame.

DynamicFrameReader, DynamicFrameWriter and ResolveOption are AWS's own classes: they call GlueContext
and need no JVM.
"""

from __future__ import annotations

import json
import random

from localglue.jobs.glue_runtime import (
    choice,
    errors,
    fieldpaths,
    mapping,
    records,
    relational,
    resolve,
    schemas,
    unboxing,
)
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import load_installed

_installed = load_installed("dynamicframe")
ResolveOption = _installed.ResolveOption
DynamicFrameReader = _installed.DynamicFrameReader
DynamicFrameWriter = _installed.DynamicFrameWriter

# split_rows comparators -> Spark Column operators
_COMPARATORS = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<>": lambda a, b: a != b,
}
SPIGOT_DEFAULT_TOPK = 100


class DynamicFrame:
    def __init__(self, jdf, glue_ctx, name=""):
        self._df = jdf if isinstance(jdf, DataFrame) else DataFrame(jdf, glue_ctx.spark_session)
        self.glue_ctx = glue_ctx
        self._sc = glue_ctx and glue_ctx._sc
        self.name = name
        self._schema = None
        self._errors: tuple[DataFrame, ...] = ()  # of every transformation this frame came from
        self._stage_errors: DataFrame | None = None
        self._thresholds = (0, 0, "")

    def _derive(self, df, stage_errors=None, name=None, parents=None, thresholds=(0, 0, "")):
        """A frame made from this one (and `parents`), with their error records and its own."""
        frame = DynamicFrame(df, self.glue_ctx, self.name if name is None else name)
        lineage = tuple(e for parent in (parents or (self,)) for e in parent._errors)
        frame._errors = lineage + ((stage_errors,) if stage_errors is not None else ())
        frame._stage_errors = stage_errors
        frame._thresholds = thresholds
        frame.assertErrorThreshold()
        return frame

    def __getattr__(self, name):
        if not name.startswith("_") and hasattr(_installed.DynamicFrame, name):
            raise AttributeError(f"DynamicFrame.{name} is not emulated by localglue")
        raise AttributeError(f"'DynamicFrame' object has no attribute {name!r}")

    def with_frame_schema(self, schema):
        """The frame with the given gluetypes schema: fields conformed to it, missing ones null."""
        target = schemas.from_glue(schema)
        have = {f.name: f.dataType for f in self._df.schema.fields}
        columns = [
            (
                choice.conform(fieldpaths.column(f.name), have[f.name], f.dataType)
                if f.name in have
                else F.lit(None).cast(f.dataType)
            ).alias(f.name)
            for f in target.fields
        ]
        return self._derive(self._df.select(*columns))

    def schema(self):
        if self._schema is None:
            self._schema = schemas.to_glue(self._df.schema)
        return self._schema

    def show(self, num_rows=20):
        schema = self._df.schema
        for row in self._df.take(num_rows):
            print(json.dumps(records.plain(records.to_record(row, schema)), default=str))

    def filter(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        data, failed = records.filter_records(self._df, self.glue_ctx.spark_session, f, info)
        return self._derive(data, failed, thresholds=(stageThreshold, totalThreshold, info))

    def map(
        self,
        f,
        preservesPartitioning=False,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        data, failed = records.map_records(self._df, self.glue_ctx.spark_session, f, info)
        return self._derive(data, failed, thresholds=(stageThreshold, totalThreshold, info))

    def printSchema(self):
        print(schemas.tree(self._df.schema))

    def toDF(self, options=None):
        specs = []
        for option in options or []:
            if option.action != "KeepAsStruct" and option.target is None:
                raise Exception("Missing target type for resolve action %s." % option.action)
            if option.action.upper() == "KEEPASSTRUCT":
                specs.append((option.path, "make_struct"))
            elif option.action.upper() == "PROJECT":
                specs.append((option.path, f"project:{option.target.typeName()}"))
            else:
                raise ValueError(
                    f"Invalid resolve action {option.action}. Action must be one of KeepAsStruct and Project."
                )
        df = resolve.resolve_choice(self._df, specs, "", None) if specs else self._df
        return fieldpaths.select(
            df,
            [
                fieldpaths.Field(f.name, choice.strip(f.value, f.data_type), choice.strip_type(f.data_type))
                for f in fieldpaths.record_fields(df)
            ],
        )

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name=""):
        return DynamicFrame(dataframe, glue_ctx, name)

    def unbox(
        self, path, format, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0, **options
    ):
        data, failed = unboxing.unbox(self._df, self.glue_ctx.spark_session, path, format, info, options)
        return self._derive(data, failed, thresholds=(stageThreshold, totalThreshold, info))

    def drop_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        if isinstance(paths, str):
            paths = [paths]
        fields = fieldpaths.record_fields(self._df)
        for path in paths:
            fields = fieldpaths.drop(fields, fieldpaths.parse(path))
        return self._derive(fieldpaths.select(self._df, fields))

    def select_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        if isinstance(paths, str):
            paths = [paths]
        kept = fieldpaths.keep(fieldpaths.record_fields(self._df), [fieldpaths.parse(p) for p in paths])
        return self._derive(fieldpaths.select(self._df, kept))

    def split_fields(
        self, paths, name1, name2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        if isinstance(paths, str):
            paths = [paths]
        selected = self.select_fields(paths)
        remaining = self.drop_fields(paths)
        selected.name, remaining.name = name1, name2
        return DynamicFrameCollection({name1: selected, name2: remaining}, self.glue_ctx)

    def split_rows(
        self,
        comparison_dict,
        name1,
        name2,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        fields = fieldpaths.record_fields(self._df)
        condition = F.lit(True)
        for path, comparisons in comparison_dict.items():
            found = fieldpaths.get(fields, fieldpaths.parse(path))
            for operator, literal in comparisons.items():
                if operator not in _COMPARATORS:
                    raise ValueError(
                        f"split_rows: comparator {operator!r} is not one of {', '.join(_COMPARATORS)}"
                    )
                if found is None:
                    condition = F.lit(False)
                    continue
                value = found.value
                if choice.is_choice(found.data_type):
                    literal_type = records.infer(literal)
                    value = choice.cast(value, found.data_type, literal_type)
                condition = condition & _COMPARATORS[operator](value, F.lit(literal))
        matched = F.coalesce(condition, F.lit(False))
        first = self._derive(self._df.where(matched), name=name1)
        second = self._derive(self._df.where(~matched), name=name2)
        return DynamicFrameCollection({name1: first, name2: second}, self.glue_ctx)

    def rename_field(
        self, oldName, newName, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        fields = fieldpaths.rename(
            fieldpaths.record_fields(self._df), fieldpaths.parse(oldName), fieldpaths.parse(newName)
        )
        return self._derive(fieldpaths.select(self._df, fields))

    def write(
        self, connection_type, connection_options={}, format=None, format_options={}, accumulator_size=0
    ):  # noqa: B006  (AWS's signature)
        return self.glue_ctx.write_from_options(
            frame_or_dfc=self,
            connection_type=connection_type,
            connection_options=connection_options,
            format=format,
            format_options=format_options,
            accumulator_size=accumulator_size,
        )

    def count(self):
        return self._df.count()

    def spigot(self, path, options={}, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):  # noqa: B006
        """Writes a sample of the records to `path` as JSON: the first `topk` (100 unless `prob` is
        given), or each record with probability `prob`; returns the frame unchanged."""
        sample = self.toDF()
        if "prob" in options:
            seed = random.randrange(2**31)
            sample = sample.sample(fraction=float(options["prob"]), seed=seed)
        if "topk" in options or "prob" not in options:
            sample = sample.limit(int(options.get("topk", SPIGOT_DEFAULT_TOPK)))
        sample.write.mode("append").json(path)
        return self

    def join(
        self, paths1, paths2, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        if isinstance(paths1, str):
            paths1 = [paths1]
        if isinstance(paths2, str):
            paths2 = [paths2]
        if len(paths1) != len(paths2):
            raise ValueError(f"join: {len(paths1)} keys of this frame against {len(paths2)} of the other")
        left, right = self._df.alias("__left"), frame2._df.alias("__right")
        condition = F.lit(True)
        for p, q in zip(paths1, paths2):
            for frame, path in ((self, p), (frame2, q)):
                if fieldpaths.get(fieldpaths.record_fields(frame._df), fieldpaths.parse(path)) is None:
                    raise ValueError(f"join: no field {path} in the frame {frame.name or ''} to join on")
            condition = condition & (_side("__left", p) == _side("__right", q))
        joined = left.join(right, on=condition, how="inner")
        # A field both frames hold (a key of one name included) appears once: this frame's value, else
        # the other's, under the type of both.
        types_left = {f.name: f.dataType for f in self._df.schema.fields}
        types_right = {f.name: f.dataType for f in frame2._df.schema.fields}
        columns = []
        for name in [*types_left, *[n for n in types_right if n not in types_left]]:
            sides = [
                (side, types[name])
                for side, types in (("__left", types_left), ("__right", types_right))
                if name in types
            ]
            merged = choice.choice_of(data_type for _, data_type in sides)
            values = [
                choice.conform(_side(side, fieldpaths.quote(name)), data_type, merged)
                for side, data_type in sides
            ]
            columns.append((values[0] if len(values) == 1 else F.coalesce(*values)).alias(name))
        return self._derive(joined.select(*columns), name=self.name + frame2.name, parents=(self, frame2))

    def unnest(self, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(relational.unnest(self._df))

    def relationalize(
        self,
        root_table_name,
        staging_path,
        options={},
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):  # noqa: B006
        """Glue stages pivoted tables in CSV at `staging_path`; localglue checkpoints them in Spark."""
        tables = relational.relationalize(self._df, root_table_name)
        frames = {name: self._derive(df, name=name) for name, df in tables.items()}
        return DynamicFrameCollection(frames, self.glue_ctx)

    def applyMapping(self, *args, **kwargs):
        # AWS's own compatibility shim: an old calling style passed the frame first.
        if len(args) > 0 and isinstance(args[0], DynamicFrame):
            return self.apply_mapping(*(args[1:]), **kwargs)
        return self.apply_mapping(*args, **kwargs)

    def apply_mapping(
        self,
        mappings,
        case_sensitive=False,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        if isinstance(mappings, tuple):
            mappings = [mappings]
        return self._derive(mapping.apply_mapping(self._df, mappings, case_sensitive))

    def resolveChoice(
        self,
        specs=None,
        choice="",
        database=None,
        table_name=None,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
        catalog_id=None,
    ):
        if specs is None and not choice:
            raise Exception("Parameter specs and option are both missing, add one.")
        if specs is not None and choice:
            raise Exception("Parameter specs and option are both specified, choose one.")
        if isinstance(specs, tuple):
            specs = [specs]
        actions = [action for _, action in specs or []] + ([choice] if choice else [])
        catalog_type = None
        if any(action.strip().lower() == "match_catalog" for action in actions):
            catalog_type = self.glue_ctx._catalog_types(database, table_name, catalog_id)
        return self._derive(resolve.resolve_choice(self._df, specs, choice, catalog_type))

    def mergeDynamicFrame(
        self,
        stage_dynamic_frame,
        primary_keys,
        transformation_ctx="",
        options={},
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):  # noqa: B006
        if isinstance(primary_keys, str):
            primary_keys = [primary_keys]
        missing = [
            k for k in primary_keys if k not in self._df.columns or k not in stage_dynamic_frame._df.columns
        ]
        if missing:
            raise ValueError(
                f"mergeDynamicFrame: primary keys {', '.join(missing)} are not fields of both frames"
            )
        source, stage = self._df, stage_dynamic_frame._df
        kept = source.join(stage.select(*primary_keys), on=primary_keys, how="left_anti")
        replacing = stage.join(source.select(*primary_keys).distinct(), on=primary_keys, how="left_semi")
        return self._derive(_union(kept, replacing), parents=(self, stage_dynamic_frame))

    def union(self, other_frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(_union(self._df, other_frame._df), parents=(self, other_frame))

    def getNumPartitions(self):
        return self._df.rdd.getNumPartitions()

    def repartition(self, num_partitions, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(self._df.repartition(num_partitions))

    def coalesce(
        self,
        num_partitions,
        shuffle=False,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        df = self._df.repartition(num_partitions) if shuffle else self._df.coalesce(num_partitions)
        return self._derive(df)

    def errorsAsDynamicFrame(self):
        failed = errors.empty(self.glue_ctx.spark_session)
        for frame in self._errors:
            failed = failed.unionByName(frame)
        return DynamicFrame(failed, self.glue_ctx, self.name)

    def errorsCount(self):
        return sum(frame.count() for frame in self._errors)

    def stageErrorsCount(self):
        return self._stage_errors.count() if self._stage_errors is not None else 0

    def assertErrorThreshold(self):
        stage, total, info = self._thresholds
        errors.check_thresholds(self._stage_errors, self._errors, stage, total, info)


def _side(alias: str, path: str):
    """The column at `path` of one side of a join."""
    return F.col(".".join([alias, *(f"`{name}`" for name in fieldpaths.parse(path))]))


def _union(a: DataFrame, b: DataFrame) -> DataFrame:
    """Both frames' records under one schema: fields by name, missing ones null, differing types a choice."""
    types_a = {f.name: f.dataType for f in a.schema.fields}
    types_b = {f.name: f.dataType for f in b.schema.fields}
    names = list(types_a) + [n for n in types_b if n not in types_a]
    merged = {n: choice.merge(types_a.get(n, T.NullType()), types_b.get(n, T.NullType())) for n in names}

    def conformed(df: DataFrame, have: dict) -> DataFrame:
        return df.select(
            *[
                (
                    choice.conform(fieldpaths.column(n), have[n], merged[n])
                    if n in have
                    else F.lit(None).cast(merged[n])
                ).alias(n)
                for n in names
            ]
        )

    return conformed(a, types_a).unionByName(conformed(b, types_b))


class DynamicFrameCollection:
    def __init__(self, dynamic_frames, glue_ctx):
        self._glue_ctx = glue_ctx
        if isinstance(dynamic_frames, list):
            self._df_dict = {df.name: df for df in dynamic_frames}
        elif isinstance(dynamic_frames, dict):
            self._df_dict = dynamic_frames
        else:
            raise TypeError("dynamic_frames must be list or dict.")

    def __getitem__(self, key):
        return self._df_dict[key]

    def __len__(self):
        return len(self._df_dict)

    def keys(self):
        return self._df_dict.keys()

    def values(self):
        return self._df_dict.values()

    def select(self, key, transformation_ctx=""):
        if key in self._df_dict:
            return self._df_dict[key]
        empty = self._glue_ctx.spark_session.createDataFrame([], T.StructType([]))
        return DynamicFrame(empty, self._glue_ctx, key)

    def map(self, callable, transformation_ctx=""):
        new_dict = {}
        for k, v in self._df_dict.items():
            res = callable(v, transformation_ctx + ":" + k)
            if not isinstance(res, DynamicFrame):
                raise TypeError("callable must return a DynamicFrame. Got {}".format(str(type(res))))
            new_dict[k] = res
        return DynamicFrameCollection(new_dict, self._glue_ctx)

    def flatmap(self, f, transformation_ctx=""):
        new_dict = {}
        for frame in self._df_dict.values():
            res = f(frame, transformation_ctx + ":" + frame.name)
            if isinstance(res, DynamicFrame):
                new_dict[res.name] = res
            elif isinstance(res, DynamicFrameCollection):
                new_dict.update(res._df_dict)
            else:
                raise TypeError(
                    "Function argument to flatmap must return DynamicFrame or DynamicFrameCollection."
                    " Got {}".format(str(type(res)))
                )
        return DynamicFrameCollection(new_dict, self._glue_ctx)
