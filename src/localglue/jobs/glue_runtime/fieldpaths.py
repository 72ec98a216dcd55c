"""Field paths as DynamicFrame methods take them, and nested fields rebuilt in Spark expressions.

A path names a field from the top of the record: names separated by `.`; a name holding a dot is
quoted in backticks (`` `this.old.name` ``); `[]` after an array's name steps into its elements
(`myList[].price`). As in Glue, a path steps into array elements without `[]` too.

A record is handled as its list of fields, `(name, value, type)`, each value a Spark Column. Editing a
nested struct rebuilds it (and the structs and arrays around it) from its fields; a struct that was
null stays null.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import choice


class Field(NamedTuple):
    name: str
    value: Column
    data_type: T.DataType


Edit = Callable[[list[Field]], list[Field]]


class PathError(ValueError):
    """A path that cannot be read; the message names the path."""


def parse(path: str) -> list[str]:
    """The names along a path: "a.`b.c`.d[]" -> ["a", "b.c", "d"]."""
    names: list[str] = []
    current: list[str] = []
    quoted, index = False, 0
    while index < len(path):
        char = path[index]
        if char == "`":
            quoted = not quoted
        elif char == "." and not quoted:
            names.append("".join(current))
            current = []
        elif not quoted and path.startswith("[]", index):
            index += 1
        else:
            current.append(char)
        index += 1
    if quoted:
        raise PathError(f"field path {path!r} has an unclosed backtick")
    names.append("".join(current))
    if any(name == "" for name in names):
        raise PathError(f"field path {path!r} has an empty field name")
    return names


def quote(name: str) -> str:
    """A name as a path component: in backticks when it holds a dot."""
    return f"`{name}`" if "." in name else name


def join(names: list[str]) -> str:
    return ".".join(quote(name) for name in names)


def column(name: str) -> Column:
    """The top-level column of exactly this name (dots and all)."""
    return F.col("`" + name.replace("`", "``") + "`")


def record_fields(df: DataFrame) -> list[Field]:
    return [Field(f.name, column(f.name), f.dataType) for f in df.schema.fields]


def select(df: DataFrame, fields: list[Field]) -> DataFrame:
    return df.select(*[field.value.alias(field.name) for field in fields])


def find(fields: list[Field], name: str, case_sensitive: bool = True) -> int | None:
    """The position of the field called `name`."""
    for index, field in enumerate(fields):
        if field.name == name or (not case_sensitive and field.name.lower() == name.lower()):
            return index
    return None


def struct_fields(value: Column, data_type: T.StructType) -> list[Field]:
    return [Field(f.name, value.getField(f.name), f.dataType) for f in data_type.fields]


def build_struct(fields: list[Field], like: Column | None = None) -> tuple[Column, T.StructType]:
    """A struct of `fields`; null where `like` (the struct it replaces) is null."""
    built = F.struct(*[field.value.alias(field.name) for field in fields])
    if like is not None:
        built = F.when(like.isNull(), F.lit(None)).otherwise(built)
    return built, T.StructType([T.StructField(field.name, field.data_type) for field in fields])


def edit(fields: list[Field], parent: list[str], change: Edit) -> list[Field]:
    """`fields` with `change` applied to the fields of the struct at `parent` (the record for []).

    Arrays and maps on the way are stepped into: the change applies to every element. A parent that is
    missing or not a struct leaves the fields as they are, as Glue ignores paths a record lacks.
    """
    if not parent:
        return change(list(fields))
    index = find(fields, parent[0])
    if index is None:
        return fields
    field = fields[index]
    value, data_type = _edit_value(field.value, field.data_type, parent[1:], change)
    return [*fields[:index], Field(field.name, value, data_type), *fields[index + 1 :]]


def _edit_value(
    value: Column, data_type: T.DataType, parent: list[str], change: Edit
) -> tuple[Column, T.DataType]:
    return _through_containers(
        value,
        data_type,
        lambda struct, struct_type: build_struct(
            edit(struct_fields(struct, struct_type), parent, change), like=struct
        ),
        lambda inner, inner_type: _edit_value(inner, inner_type, parent, change),
    )


def _through_containers(
    value: Column,
    data_type: T.DataType,
    on_struct: Callable[[Column, T.StructType], tuple[Column, T.DataType]],
    again: Callable[[Column, T.DataType], tuple[Column, T.DataType]],
) -> tuple[Column, T.DataType]:
    """`on_struct` for a struct; `again` for each element of an array or value of a map; else unchanged."""
    if isinstance(data_type, T.StructType) and not choice.is_choice(data_type):
        return on_struct(value, data_type)
    if isinstance(data_type, T.ArrayType):
        element = _ElementRewrite(lambda e: again(e, data_type.elementType))
        return F.transform(value, element.run), T.ArrayType(element.data_type)
    if isinstance(data_type, T.MapType):
        item = _ElementRewrite(lambda v: again(v, data_type.valueType))
        return F.transform_values(value, lambda _, v: item.run(v)), T.MapType(
            data_type.keyType, item.data_type
        )
    return value, data_type


class _ElementRewrite:
    """A per-element rewrite for F.transform, keeping the element type it produces."""

    def __init__(self, rewrite: Callable[[Column], tuple[Column, Any]]):
        self._rewrite = rewrite
        self.data_type: Any = T.NullType()

    def run(self, element: Column) -> Column:
        value, self.data_type = self._rewrite(element)
        return value


def get(fields: list[Field], path: list[str], case_sensitive: bool = True) -> Field | None:
    """The field at `path` through nested structs; None when a record has no such field.

    Raises PathError when the path goes through an array: such a field has one value per element.
    """
    index = find(fields, path[0], case_sensitive)
    if index is None:
        return None
    field = fields[index]
    if len(path) == 1:
        return field
    if isinstance(field.data_type, T.ArrayType | T.MapType):
        raise PathError(
            f"{join(path)}: {field.name} is an array or map; its elements cannot be addressed here"
        )
    if not isinstance(field.data_type, T.StructType) or choice.is_choice(field.data_type):
        return None
    inner = get(struct_fields(field.value, field.data_type), path[1:], case_sensitive)
    return Field(join(path), inner.value, inner.data_type) if inner else None


def put(fields: list[Field], path: list[str], value: Column, data_type: T.DataType) -> list[Field]:
    """`fields` with a field added at `path`, creating the structs on the way; an existing field of
    that name is replaced where it was."""
    name = path[0]
    index = find(fields, name)
    if len(path) == 1:
        new = Field(name, value, data_type)
    else:
        existing = fields[index] if index is not None else None
        if existing is not None and isinstance(existing.data_type, T.StructType):
            inner = struct_fields(existing.value, existing.data_type)
            like = existing.value
        else:
            inner, like = [], None
        struct, struct_type = build_struct(put(inner, path[1:], value, data_type), like=like)
        new = Field(name, struct, struct_type)
    if index is None:
        return [*fields, new]
    return [*fields[:index], new, *fields[index + 1 :]]


def drop(fields: list[Field], path: list[str]) -> list[Field]:
    return edit(fields, path[:-1], lambda inner: [f for f in inner if f.name != path[-1]])


def rename(fields: list[Field], old: list[str], new: list[str]) -> list[Field]:
    """The field at `old` moved to `new`: renamed in place when both share a parent."""
    if old[:-1] == new[:-1]:
        return edit(
            fields,
            old[:-1],
            lambda inner: [Field(new[-1], f.value, f.data_type) if f.name == old[-1] else f for f in inner],
        )
    found = get(fields, old)
    if found is None:
        return fields
    return put(drop(fields, old), new, found.value, found.data_type)


def keep(fields: list[Field], paths: list[list[str]]) -> list[Field]:
    """Only the fields at `paths`, with the structs (and arrays of structs) that lead to them."""
    wanted: dict[str, list[list[str]]] = {}
    for path in paths:
        wanted.setdefault(path[0], []).append(path[1:])
    kept = []
    for field in fields:
        if field.name not in wanted:
            continue
        below = wanted[field.name]
        if any(not rest for rest in below):
            kept.append(field)
            continue
        value, data_type = _keep_value(field.value, field.data_type, below)
        if data_type is not None:
            kept.append(Field(field.name, value, data_type))
    return kept


def _keep_value(
    value: Column, data_type: T.DataType, paths: list[list[str]]
) -> tuple[Column, T.DataType | None]:
    if isinstance(data_type, T.StructType) and not choice.is_choice(data_type):
        inner = keep(struct_fields(value, data_type), paths)
        return build_struct(inner, like=value) if inner else (value, None)
    if isinstance(data_type, T.ArrayType):
        element = _ElementRewrite(lambda e: _keep_value(e, data_type.elementType, paths))
        transformed = F.transform(value, element.run)
        return (
            (transformed, T.ArrayType(element.data_type)) if element.data_type is not None else (value, None)
        )
    return value, None


def flatten(fields: list[Field], separator: str = ".") -> list[Field]:
    """Nested structs (not choices, not arrays) as top-level fields named `outer.inner`."""
    flat = []
    for field in fields:
        if isinstance(field.data_type, T.StructType) and not choice.is_choice(field.data_type):
            for inner in flatten(struct_fields(field.value, field.data_type), separator):
                flat.append(Field(f"{field.name}{separator}{inner.name}", inner.value, inner.data_type))
        else:
            flat.append(field)
    return flat


def leaves(fields: list[Field], prefix: tuple[str, ...] = ()) -> list[Field]:
    """The fields that are not structs, through nested structs, each named by its path."""
    found = []
    for field in fields:
        here = (*prefix, field.name)
        if isinstance(field.data_type, T.StructType) and not choice.is_choice(field.data_type):
            found += leaves(struct_fields(field.value, field.data_type), here)
        else:
            found.append(Field(join(list(here)), field.value, field.data_type))
    return found


def walk(
    fields: list[Field], visit: Callable[[Field, list[str]], list[Field] | None], path: tuple[str, ...] = ()
) -> list[Field]:
    """Every field at any depth offered to `visit(field, path)`: its answer replaces the field, None
    steps into it (structs, array elements, map values) and keeps it. Values nothing was replaced in
    are kept as they are."""
    result = []
    for field in fields:
        here = (*path, field.name)
        replaced = visit(field, list(here))
        if replaced is not None:
            result.extend(replaced)
        elif _holds_replacement(field.data_type, visit, here):
            value, data_type = _walk_value(field.value, field.data_type, visit, here)
            result.append(Field(field.name, value, data_type))
        else:
            result.append(field)
    return result


def _holds_replacement(data_type: T.DataType, visit, path: tuple[str, ...]) -> bool:
    """Whether `visit` replaces a field somewhere inside a value of this type (asked on typed stand-ins)."""
    if isinstance(data_type, T.ArrayType):
        return _holds_replacement(data_type.elementType, visit, path)
    if isinstance(data_type, T.MapType):
        return _holds_replacement(data_type.valueType, visit, path)
    if not isinstance(data_type, T.StructType) or choice.is_choice(data_type):
        return False
    for f in data_type.fields:
        here = (*path, f.name)
        if visit(Field(f.name, F.lit(None), f.dataType), list(here)) is not None or _holds_replacement(
            f.dataType, visit, here
        ):
            return True
    return False


def _walk_value(
    value: Column, data_type: T.DataType, visit, path: tuple[str, ...]
) -> tuple[Column, T.DataType]:
    return _through_containers(
        value,
        data_type,
        lambda struct, struct_type: build_struct(
            walk(struct_fields(struct, struct_type), visit, path), like=struct
        ),
        lambda inner, inner_type: _walk_value(inner, inner_type, visit, path),
    )
