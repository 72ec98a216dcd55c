"""`awsglue.transforms`: AWS's package, run as it is, with two of its modules taken from here.

This package's path is this folder, then AWS's `awsglue/transforms`; AWS's `__init__` runs in this
namespace, so its `from .union import Union` finds `union.py` here (AWS's Union calls an undefined name)
and `drop_nulls.py` here (AWS's DropNullFields asks Glue's JVM to quote field names). Every other
transform is AWS's own: each calls the DynamicFrame method of the same name.
"""

from awsglue import installed_path

_aws_package = installed_path("transforms")
__path__.append(str(_aws_package))
_aws_init = _aws_package / "__init__.py"
# AWS's package init, run as AWS ships it
exec(compile(_aws_init.read_text(), str(_aws_init), "exec"))  # noqa: S102
