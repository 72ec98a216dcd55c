"""resolveChoice: the actions Glue documents for a field that holds several types.

- `cast:<type>` casts every value to the type (any field, choice or not);
- `project:<type>` keeps the values of that type, the others become null;
- `make_cols` replaces the field by one field per member, `<name>_<type>`;
- `make_struct` makes it the struct of its members;
- `match_catalog` casts it to the type of the same column in a Data Catalog table.

With `specs`, each `(path, action)` applies to one field (`myList[].price` reaches into arrays); with
`choice`, the action applies to every choice field of the frame.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import DataFrame
from pyspark.sql import types as T

from . import choice, fieldpaths, typenames

ACTIONS = ("cast", "project", "make_cols", "make_struct", "match_catalog")
CatalogType = Callable[[list[str]], T.DataType | None]


class ResolveError(ValueError):
    """An action resolveChoice does not know, or cannot apply; the message names it."""


def _parse_action(action: str) -> tuple[str, str]:
    kind, _, argument = action.partition(":")
    kind = kind.strip().lower()
    if kind not in ACTIONS or (kind in ("cast", "project")) != bool(argument.strip()):
        raise ResolveError(
            f"resolveChoice action {action!r} is not one of cast:<type>, project:<type>, "
            f"{', '.join(ACTIONS[2:])}"
        )
    return kind, argument.strip()


def _resolve_field(
    field: fieldpaths.Field, action: tuple[str, str], path: list[str], catalog_type: CatalogType | None
) -> list[fieldpaths.Field]:
    kind, argument = action
    name, value, data_type = field
    if kind == "cast":
        target = typenames.parse(argument)
        if target is None:
            raise ResolveError(f"cast:{argument} at {fieldpaths.join(path)} names no type to cast to")
        return [fieldpaths.Field(name, choice.cast(value, data_type, target), target)]
    if kind == "match_catalog":
        if catalog_type is None:
            raise ResolveError("match_catalog needs database and table_name")
        target = catalog_type(path)
        if target is None:
            return [field]
        return [fieldpaths.Field(name, choice.cast(value, data_type, target), target)]
    if not choice.is_choice(data_type):
        return [field]
    if kind == "project":
        projected, projected_type = choice.project(value, data_type, argument)
        return [fieldpaths.Field(name, projected, projected_type)]
    if kind == "make_cols":
        return [
            fieldpaths.Field(f"{name}_{member}", value.getField(member), member_type)
            for member, member_type in choice.members(data_type).items()
        ]
    return [
        fieldpaths.Field(name, choice.strip(value, data_type), choice.strip_type(data_type))
    ]  # make_struct


def resolve_choice(
    df: DataFrame,
    specs: list[tuple[str, str]] | None,
    choice_action: str,
    catalog_type: CatalogType | None,
) -> DataFrame:
    fields = fieldpaths.record_fields(df)
    if specs:
        for path_text, action_text in specs:
            action = _parse_action(action_text)
            path = fieldpaths.parse(path_text)

            def change(inner: list[fieldpaths.Field], path=path, action=action) -> list[fieldpaths.Field]:
                resolved = []
                for field in inner:
                    resolved += (
                        _resolve_field(field, action, path, catalog_type)
                        if field.name == path[-1]
                        else [field]
                    )
                return resolved

            fields = fieldpaths.edit(fields, path[:-1], change)
    else:
        action = _parse_action(choice_action)
        fields = fieldpaths.walk(
            fields,
            lambda field, path: (
                _resolve_field(field, action, path, catalog_type)
                if choice.is_choice(field.data_type)
                else None
            ),
        )
    return fieldpaths.select(df, fields)
