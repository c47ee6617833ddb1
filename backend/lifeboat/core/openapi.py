"""What the published contract says about msgspec structs beyond Litestar's defaults.

Every wire shape is a msgspec struct, and the contract must say exactly what msgspec enforces:

- Each struct's schema is closed, ``additionalProperties: false``: on output a struct encodes
  exactly its declared fields, and on input (``forbid_unknown_fields=True``) it refuses any
  other. A client generated from the contract neither expects nor sends extra fields, and a
  contract fuzzer checks both directions.
- Each field carries msgspec's own constraints. Litestar drops a bound that is falsy on an
  optional field (``ge=0`` on ``int | None`` lost its ``minimum: 0``), writes integer bounds as
  floats (``le=2**62`` became ``4611686018427388000``, more than msgspec accepts) and forgets
  the constraints of list items (``list[Slug]`` lost its pattern). The plugin re-reads each
  field's constraints from ``msgspec.inspect`` and writes them as msgspec applies them.
- A parameter typed with a constrained alias (``name: FromPath[GroupName]``, ``group:
  GroupName | None``) is validated by msgspec with the alias' ``msgspec.Meta``, which Litestar
  ignores when it writes the parameter's schema: ``MsgspecMetaSchemaPlugin`` publishes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Reference

_NUMBER_BOUNDS = (
    ("ge", "minimum"),
    ("gt", "exclusive_minimum"),
    ("le", "maximum"),
    ("lt", "exclusive_maximum"),
    ("multiple_of", "multiple_of"),
)
_ARRAY_TYPES = (
    msgspec.inspect.ListType,
    msgspec.inspect.SetType,
    msgspec.inspect.FrozenSetType,
    msgspec.inspect.VarTupleType,
)


def _unwrap(info: msgspec.inspect.Type) -> msgspec.inspect.Type:
    """The constrained type under ``Annotated[...]`` metadata and ``X | None``."""
    while True:
        if isinstance(info, msgspec.inspect.Metadata):
            info = info.type
        elif isinstance(info, msgspec.inspect.UnionType):
            inner = [t for t in info.types if not isinstance(t, msgspec.inspect.NoneType)]
            if len(inner) != 1:
                return info
            info = inner[0]
        else:
            return info


def _apply_constraints(schema: Schema, info: msgspec.inspect.Type) -> None:
    """Write ``info``'s msgspec constraints onto ``schema`` (and onto its items' schema)."""
    info = _unwrap(info)
    if isinstance(info, (msgspec.inspect.IntType, msgspec.inspect.FloatType)):
        for constraint, keyword in _NUMBER_BOUNDS:
            value = getattr(info, constraint)
            if value is not None:
                setattr(schema, keyword, value)
    elif isinstance(info, msgspec.inspect.StrType):
        for constraint, keyword in (
            ("min_length", "min_length"),
            ("max_length", "max_length"),
            ("pattern", "pattern"),
        ):
            value = getattr(info, constraint)
            if value is not None:
                setattr(schema, keyword, value)
    elif isinstance(info, _ARRAY_TYPES):
        if info.min_length is not None:
            schema.min_items = info.min_length
        if info.max_length is not None:
            schema.max_items = info.max_length
        # ``list[X] | None`` is a oneOf: the items live on its array alternative
        alternatives = [schema, *(alt for alt in schema.one_of or () if isinstance(alt, Schema))]
        for alternative in alternatives:
            if isinstance(alternative.items, Schema):
                _apply_constraints(alternative.items, info.item_type)


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's struct schema, closed (``additionalProperties: false``) and with each field's
    constraints exactly as msgspec enforces them (see the module doc)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        info: Any = msgspec.inspect.type_info(field_definition.type_)
        properties = schema.properties or {}
        for field in info.fields:
            prop = properties.get(field.encode_name)
            if isinstance(prop, Schema):
                _apply_constraints(prop, field.type)
        return schema


class MsgspecMetaSchemaPlugin(OpenAPISchemaPlugin):
    """The schema of ``Annotated[T, msgspec.Meta(...)]``: T's schema with the Meta's constraints
    and description, as msgspec validates them (parameters and struct fields alike)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return not field_definition.is_union and any(
            isinstance(m, msgspec.Meta) for m in field_definition.metadata
        )

    def to_openapi_schema(  # type: ignore[override]  # a constrained type may resolve to a component
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema | Reference:
        result = schema_creator.for_field_definition(
            FieldDefinition.from_annotation(field_definition.annotation)
        )
        if isinstance(result, Schema):
            info = msgspec.inspect.type_info(field_definition.raw)
            _apply_constraints(result, info)
            if (
                isinstance(info, msgspec.inspect.Metadata)
                and info.extra_json_schema
                and not result.description
            ):
                result.description = info.extra_json_schema.get("description")
        return result
