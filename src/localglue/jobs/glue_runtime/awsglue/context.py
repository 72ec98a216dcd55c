"""`awsglue.context.GlueContext` without Glue's JVM classes: the SQLContext over the run's SparkSession
that AWS's class is, with its readers, writers and catalog calls done by localglue.

Signatures are AWS's (AWSGlueDataplanePython 5.0.0). Reading and writing go through
`localglue.jobs.glue_runtime` (`sources`, `readers`, `sinks`, `catalog`, `purge`); the Data Catalog is
reached through the Glue API at the job's endpoint. What needs a service localglue does not run (JDBC
databases, streaming, Lake Formation transactions, S3 storage-class transitions) raises an error naming
it; so does any other method of AWS's class that is not here.
"""

import sys
import time

from localglue.jobs.glue_runtime import catalog, purge, sinks, sources
from pyspark.sql import SparkSession, SQLContext
from pyspark.sql import functions as F

from awsglue.data_sink import DataSink
from awsglue.data_source import DataSource
from awsglue.dataframereader import DataFrameReader
from awsglue.dataframewriter import DataFrameWriter
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection, DynamicFrameReader, DynamicFrameWriter

from . import load_installed

# ingest_* columns of add_ingestion_time_columns, finest last, with their date patterns
_INGESTION_COLUMNS = (("year", "yyyy"), ("month", "MM"), ("day", "dd"), ("hour", "HH"), ("minute", "mm"))


class GlueLogger:
    """Glue's driver logger: lines on the driver's stderr, i.e. the `/aws-glue/jobs/error` log stream."""

    def _log(self, level, message):
        stamp = time.strftime("%y/%m/%d %H:%M:%S", time.gmtime())
        print(f"{stamp} {level} GlueLogger: {message}", file=sys.stderr, flush=True)

    def info(self, message):
        self._log("INFO", message)

    def warn(self, message):
        self._log("WARN", message)

    def error(self, message):
        self._log("ERROR", message)

    def debug(self, message):
        self._log("DEBUG", message)


class NotEmulatedError(Exception):
    """A GlueContext feature that needs a service localglue does not run."""


def _database(database, kwargs):
    """AWS's rule for `database` and its older name `name_space`."""
    if database is not None and "name_space" in kwargs:
        raise Exception("Parameter name_space and database are both specified, choose one.")
    if database is None and "name_space" not in kwargs:
        raise Exception("Parameter name_space or database is missing.")
    return kwargs.pop("name_space") if "name_space" in kwargs else database


class GlueContext(SQLContext):
    Spark_SQL_Formats = {"parquet", "orc"}
    Unsupported_Compression_Types = {"lzo"}

    def __init__(self, sparkContext=None, **options):
        if sparkContext is None:
            spark_session = SparkSession.builder.getOrCreate()
            sparkContext = spark_session.sparkContext
        elif isinstance(sparkContext, SparkSession):
            spark_session = sparkContext
            sparkContext = spark_session.sparkContext
        else:
            spark_session = SparkSession.builder.getOrCreate()
        super().__init__(sparkContext, spark_session)
        self.create_dynamic_frame = DynamicFrameReader(self)
        self.create_data_frame = DataFrameReader(self)
        self.write_dynamic_frame = DynamicFrameWriter(self)
        self.write_data_frame = DataFrameWriter(self)
        self.spark_session = spark_session
        self._glue_logger = GlueLogger()
        self._min_partitions = options.get("minPartitions") or options.get("targetPartitions")
        if sparkContext.getConf().get("spark.ui.enabled", "true") == "true" and sparkContext.uiWebUrl:
            print(f"Spark UI: {sparkContext.uiWebUrl}", flush=True)  # --enable-spark-ui, in the run's log

    def __getattr__(self, name):
        installed = load_installed("context").GlueContext
        if not name.startswith("_") and hasattr(installed, name):
            raise AttributeError(f"GlueContext.{name} is not emulated by localglue")
        raise AttributeError(f"'GlueContext' object has no attribute {name!r}")

    def _frame(self, source, transformation_ctx, name, **kwargs):
        frame = DataSource(self, source, name, transformation_ctx).getFrame(**kwargs)
        if self._min_partitions and not kwargs:
            return frame.repartition(int(self._min_partitions))
        return frame

    def getSource(
        self, connection_type, format=None, transformation_ctx="", push_down_predicate="", **options
    ):
        sources.check_connection_type(connection_type)
        source = DataSource(
            self,
            lambda fmt, format_options: sources.from_options(connection_type, options, fmt, format_options),
            "_".join(p.rsplit("/", 1)[-1] for p in options.get("paths", [])) or connection_type,
            transformation_ctx,
        )
        if format:
            source.setFormat(format)
        return source

    def getStreamingSource(
        self, connection_type, format=None, transformation_ctx="", push_down_predicate="", **options
    ):
        raise NotEmulatedError(f"streaming sources ({connection_type}) are not emulated by localglue")

    def get_catalog_schema_as_spark_schema(self, database=None, table_name=None, catalog_id=None):
        return catalog.get_table(database, table_name, catalog_id).record_type()

    def _catalog_types(self, database, table_name, catalog_id):
        if not database or not table_name:
            raise Exception("match_catalog needs database and table_name")
        return catalog.catalog_types(database, table_name, catalog_id)

    def create_dynamic_frame_from_rdd(
        self, data, name, schema=None, sample_ratio=None, transformation_ctx=""
    ):
        df = super().createDataFrame(data, schema, sample_ratio)
        return DynamicFrame.fromDF(df, self, name)

    def _catalog_source(self, database, table_name, push_down_predicate, additional_options, catalog_id):
        spark = self.spark_session
        return lambda fmt, format_options: sources.from_catalog(
            spark, database, table_name, push_down_predicate, dict(additional_options), catalog_id
        )

    def create_dynamic_frame_from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},
        catalog_id=None,
        **kwargs,
    ):  # noqa: B006  (AWS's signature)
        db = _database(database, kwargs)
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        source = self._catalog_source(db, table_name, push_down_predicate, additional_options, catalog_id)
        return self._frame(source, transformation_ctx, table_name, **kwargs)

    def create_data_frame_from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},
        catalog_id=None,
        **kwargs,
    ):  # noqa: B006
        db = _database(database, kwargs)
        return self.create_dynamic_frame_from_catalog(
            db,
            table_name,
            redshift_tmp_dir,
            transformation_ctx,
            push_down_predicate,
            additional_options,
            catalog_id,
        ).toDF()

    def _options_source(
        self,
        connection_type,
        connection_options,
        format,
        format_options,
        transformation_ctx,
        push_down_predicate,
    ):
        """The source of a `*_from_options` reader, with its format set."""
        source = self.getSource(
            connection_type, format, transformation_ctx, push_down_predicate, **connection_options
        )
        if format:
            source.setFormat(format, **format_options)
        return source

    def create_dynamic_frame_from_options(
        self,
        connection_type,
        connection_options={},
        format=None,
        format_options={},
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):  # noqa: B006
        source = self._options_source(
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
            push_down_predicate,
        )
        frame = source.getFrame(**kwargs)
        return frame.repartition(int(self._min_partitions)) if self._min_partitions and not kwargs else frame

    def create_sample_dynamic_frame_from_catalog(
        self,
        database=None,
        table_name=None,
        num=None,
        sample_options={},
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},
        catalog_id=None,
        erieTxId="",
        asOfTime="",
        **kwargs,
    ):  # noqa: B006
        db = _database(database, kwargs)
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        source = self._catalog_source(db, table_name, push_down_predicate, additional_options, catalog_id)
        return DataSource(self, source, table_name, transformation_ctx).getSampleFrame(num, **sample_options)

    def create_sample_dynamic_frame_from_options(
        self,
        connection_type,
        connection_options={},
        num=None,
        sample_options={},
        format=None,
        format_options={},
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):  # noqa: B006
        source = self._options_source(
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
            push_down_predicate,
        )
        return source.getSampleFrame(num, **sample_options)

    def create_data_frame_from_options(
        self,
        connection_type,
        connection_options={},
        format=None,
        format_options={},
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):  # noqa: B006
        return self.create_dynamic_frame_from_options(
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
            push_down_predicate,
        ).toDF()

    def getSink(self, connection_type, format=None, transformation_ctx="", **options):
        sources.check_connection_type(connection_type, what="write to")
        return DataSink(self, sinks.SinkPlan(connection_type, options, format))

    def write_dynamic_frame_from_options(
        self,
        frame,
        connection_type,
        connection_options={},
        format=None,
        format_options={},
        transformation_ctx="",
    ):  # noqa: B006
        return self.write_from_options(
            frame, connection_type, connection_options, format, format_options, transformation_ctx
        )

    def write_from_options(
        self,
        frame_or_dfc,
        connection_type,
        connection_options={},
        format={},
        format_options={},
        transformation_ctx="",
        **kwargs,
    ):  # noqa: B006
        if isinstance(frame_or_dfc, DynamicFrameCollection):
            new_options = dict(list(connection_options.items()) + [("useFrameName", True)])
        elif isinstance(frame_or_dfc, DynamicFrame):
            new_options = connection_options
        else:
            raise TypeError(
                "frame_or_dfc must be DynamicFrame or DynamicFrameCollection. Got " + str(type(frame_or_dfc))
            )
        sink = self.getSink(connection_type, format or None, transformation_ctx, **new_options)
        if format:
            sink.setFormat(format, **format_options)
        return sink.write(frame_or_dfc)

    def write_dynamic_frame_from_catalog(
        self,
        frame,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        additional_options={},
        catalog_id=None,
        **kwargs,
    ):  # noqa: B006
        db = _database(database, kwargs)
        if table_name is None:
            raise Exception("Parameter table_name is missing.")
        table = catalog.get_table(db, table_name, catalog_id)
        plan = sinks.for_table(table, dict(additional_options))
        plan.catalog_id = catalog_id
        return DataSink(self, plan).write(frame)

    def write_data_frame_from_catalog(
        self,
        frame,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        additional_options={},
        catalog_id=None,
        **kwargs,
    ):  # noqa: B006
        db = _database(database, kwargs)
        dynamic_frame = DynamicFrame.fromDF(frame, self, table_name or "")
        self.write_dynamic_frame_from_catalog(
            dynamic_frame,
            db,
            table_name,
            redshift_tmp_dir,
            transformation_ctx,
            additional_options,
            catalog_id,
        )
        return frame

    def write_dynamic_frame_from_jdbc_conf(
        self,
        frame,
        catalog_connection,
        connection_options={},
        redshift_tmp_dir="",
        transformation_ctx="",
        catalog_id=None,
    ):  # noqa: B006
        self.write_from_jdbc_conf(
            frame, catalog_connection, connection_options, redshift_tmp_dir, transformation_ctx, catalog_id
        )

    def write_from_jdbc_conf(
        self,
        frame_or_dfc,
        catalog_connection,
        connection_options={},
        redshift_tmp_dir="",
        transformation_ctx="",
        catalog_id=None,
    ):  # noqa: B006
        raise NotEmulatedError(
            f"JDBC connections ({catalog_connection}) are not emulated by localglue: it runs no database"
        )

    def convert_resolve_option(self, path, action, target):
        """The resolveChoice spec (path, action) of a toDF ResolveOption."""
        if action.upper() == "KEEPASSTRUCT":
            return (path, "make_struct")
        if action.upper() == "PROJECT":
            if target is None:
                raise ValueError("Target type must be specified with project action.")
            return (path, "project:{}".format(target.typeName()))
        raise ValueError(
            "Invalid resolve action {}. Action must be one of KeepAsStruct and Project.".format(action)
        )

    def extract_jdbc_conf(self, connection_name, catalog_id=None):
        """user, password, vendor and url of a catalog connection (GetConnection)."""
        arguments = {"Name": connection_name} | ({"CatalogId": catalog_id} if catalog_id else {})
        connection = catalog.api_call(
            f"connection {connection_name}", catalog.glue_client().get_connection, **arguments
        )["Connection"]
        properties = connection.get("ConnectionProperties") or {}
        url = properties.get("JDBC_CONNECTION_URL", "")
        vendor = url.split(":")[1] if url.startswith("jdbc:") and ":" in url[5:] else ""
        return {
            "user": properties.get("USERNAME"),
            "password": properties.get("PASSWORD"),
            "vendor": vendor,
            "url": url,
        }

    def purge_table(self, database, table_name, options={}, transformation_ctx="", catalog_id=None):  # noqa: B006
        purge.purge_table(
            self.spark_session, database, table_name, dict(options), transformation_ctx, catalog_id
        )

    def purge_s3_path(self, s3_path, options={}, transformation_ctx=""):  # noqa: B006
        purge.purge_path(s3_path, dict(options), transformation_ctx)

    def transition_table(
        self, database, table_name, transition_to, options={}, transformation_ctx="", catalog_id=None
    ):  # noqa: B006
        raise NotEmulatedError(
            "transition_table: S3 storage-class transitions (an S3 Batch Operations job) "
            "are not emulated by localglue"
        )

    def transition_s3_path(self, s3_path, transition_to, options={}, transformation_ctx=""):  # noqa: B006
        raise NotEmulatedError(
            "transition_s3_path: S3 storage-class transitions (an S3 Batch Operations job) "
            "are not emulated by localglue"
        )

    def get_logger(self):
        return self._glue_logger

    def currentTimeMillis(self):
        return int(round(time.time() * 1000))

    def add_ingestion_time_columns(self, frame, time_granularity):
        """ingest_year, ingest_month, ... down to `time_granularity` (year, month, day, hour or minute)."""
        names = [name for name, _ in _INGESTION_COLUMNS]
        if time_granularity not in names:
            raise ValueError(f"time_granularity {time_granularity!r} is not one of {', '.join(names)}")
        now = F.current_timestamp()
        columns = [
            F.date_format(now, pattern).alias(f"ingest_{name}")
            for name, pattern in _INGESTION_COLUMNS[: names.index(time_granularity) + 1]
        ]
        return frame.select("*", *columns)

    def start_transaction(self, read_only):
        raise NotEmulatedError("Lake Formation transactions are not emulated by localglue")

    def commit_transaction(self, transaction_id, wait_for_commit=True):
        raise NotEmulatedError("Lake Formation transactions are not emulated by localglue")

    def cancel_transaction(self, transaction_id):
        raise NotEmulatedError("Lake Formation transactions are not emulated by localglue")
