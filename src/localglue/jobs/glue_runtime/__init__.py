"""The Glue runtime a job script imports: AWS's `awsglue` API, running on local Spark without Glue's JVM.

This folder (not the package) goes first on a job run's `PYTHONPATH`, so `import awsglue` finds
`glue_runtime/awsglue`, which appends the installed `awsglue` (AWSGlueDataplanePython) to its `__path__`.
The modules there that need Glue's JVM classes are localglue's, with AWS's signatures: `dynamicframe`,
`context`, `job`, `data_source`, `data_sink`, and two transforms; everything else (`utils`,
`gluetypes`, the other transforms, the DataFrame readers and writers) is AWS's own code.

The modules of this package do the work behind them, over Spark DataFrames: choice types (`choice`),
field paths, ApplyMapping, resolveChoice, map/filter records, relationalize, readers and writers of
files, the Data Catalog through the Glue API, job bookmarks, purges.
"""

from pathlib import Path

OVERLAY_PATH = Path(__file__).parent
"""`awsglue` for local job runs: these modules first, then AWS's installed package."""
