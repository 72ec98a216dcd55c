"""GetPartitions as Glue answers it: filtered by `Expression` (moto's parser), split by `Segment`, paged.

moto's Expression parser knows a key's type by its bare name (`varchar`, `decimal`): a key typed with
parameters, as Trino's CTAS writes them (`varchar(10)`, `decimal(10,2)`, `char(3)`), failed the whole call
with "Unknown type". Glue filters on such keys by their base type.

moto returns every partition to every segment and in one page, so a reader that asks for segments in
parallel (Trino asks for several) got each partition once per segment. A segment here is a stable hash
of the partition's values modulo TotalSegments: the segments of one table are disjoint and together
hold every partition.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from moto.glue import utils as moto_glue_utils

from ..gateway import action
from ..gateway.context import RequestContext
from ..gateway.errors import invalid_input
from ..gateway.paging import Paging, paginate
from ..gateway.patches import patch

PARTITIONS_PAGING = Paging(default_size=1000, max_size=1000, error=invalid_input)
MAX_SEGMENTS = 10
_TYPE_PARAMETERS = re.compile(r"^\s*(varchar|char|decimal)\s*\(.*\)\s*$", re.I)


@patch(moto_glue_utils, "_cast", reason="GetPartitions Expression on varchar(n), char(n), decimal(p,s) keys")
def _cast(original: Callable[..., Any], type_: str, value: Any) -> Any:
    parameterized = _TYPE_PARAMETERS.match(type_)
    return original(parameterized.group(1).lower() if parameterized else type_, value)


def _segment(params: dict[str, Any]) -> tuple[int, int]:
    segment = params.get("Segment")
    if segment is None:
        return 0, 1
    number, total = segment.get("SegmentNumber"), segment.get("TotalSegments")
    if not isinstance(total, int) or isinstance(total, bool) or not 1 <= total <= MAX_SEGMENTS:
        raise invalid_input(f"TotalSegments must be between 1 and {MAX_SEGMENTS}")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < total:
        raise invalid_input(f"SegmentNumber must be between 0 and {total - 1}")
    return number, total


def in_segment(values: list[str], number: int, total: int) -> bool:
    digest = hashlib.sha256("\0".join(values).encode()).digest()
    return int.from_bytes(digest[:8], "big") % total == number


@action("glue", "GetPartitions")
def get_partitions(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    number, total = _segment(params)
    partitions = ctx.forward().get("Partitions", [])  # moto's errors and Expression filter
    partitions = [p for p in partitions if in_segment(p.get("Values", []), number, total)]
    if params.get("ExcludeColumnSchema"):
        for partition in partitions:
            partition.get("StorageDescriptor", {}).pop("Columns", None)
    page, more = paginate(partitions, params, PARTITIONS_PAGING)
    return {"Partitions": page, **more}
