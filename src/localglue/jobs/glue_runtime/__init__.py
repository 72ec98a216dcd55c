"""Local stand-ins for the parts of AWS's `awsglue` package that need Glue's JVM classes.

This folder (not the package) goes first on a job run's `PYTHONPATH`, so `import awsglue` finds
`glue_runtime/awsglue`, which appends the installed `awsglue` (AWSGlueDataplanePython) to its `__path__`:
`awsglue.context` and `awsglue.job` come from here, everything else (`awsglue.utils.getResolvedOptions`,
transforms, ...) is AWS's own code.
"""

from pathlib import Path

OVERLAY_PATH = Path(__file__).parent
