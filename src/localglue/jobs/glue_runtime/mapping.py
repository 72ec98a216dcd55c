"""ApplyMapping: a new record built from (source path, source type, target path, target type) tuples.

As Glue documents it (DynamicFrame.applyMapping, MappingSpec): only the mapped fields are kept, in the
order of the mappings; each source value is cast to the target type (a choice member by member,
`choice.cast`); paths with dots nest and unnest (`address.zip` -> `zip`, `zip` -> `address.zip`),
backticks quote names with dots. A target type that names only a kind (`struct`, `array`, `map`)
keeps the value as it is. Paths through arrays are refused, as in Glue. A mapping whose source field
the frame lacks yields no field, as Glue's records would have none.

Tuples of two and three are Glue's shorter forms: `(source, target)` keeps the type,
`(source, target, target_type)`.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyspark.sql import DataFrame

from . import choice, fieldpaths, typenames


class MappingError(ValueError):
    """A mapping tuple that cannot be applied; the message names it."""


def _normalised(mapping: object) -> tuple[str, str | None, str, str | None]:
    if not isinstance(mapping, tuple):
        raise TypeError(f"Mapping must be specified as a tuple. Got {mapping!r}")
    if len(mapping) == 4:
        return mapping
    if len(mapping) == 3:
        return mapping[0], None, mapping[1], mapping[2]
    if len(mapping) == 2:
        return mapping[0], None, mapping[1], None
    raise ValueError(f"Mapping tuple must be of length 2, 3, or 4. Got tuple of length {len(mapping)}")


def apply_mapping(df: DataFrame, mappings: Iterable[object], case_sensitive: bool) -> DataFrame:
    source = fieldpaths.record_fields(df)
    target: list[fieldpaths.Field] = []
    for mapping in mappings:
        source_path, _, target_path, target_type = _normalised(mapping)
        try:
            found = fieldpaths.get(source, fieldpaths.parse(source_path), case_sensitive)
            cast_to = typenames.parse(target_type) if target_type is not None else None
        except (fieldpaths.PathError, typenames.TypeNameError) as err:
            raise MappingError(f"ApplyMapping {mapping!r}: {err}") from err
        if found is None:
            continue
        if cast_to is None:
            value, data_type = found.value, found.data_type
        else:
            value, data_type = choice.cast(found.value, found.data_type, cast_to), cast_to
        target = fieldpaths.put(target, fieldpaths.parse(target_path), value, data_type)
    return fieldpaths.select(df, target)
