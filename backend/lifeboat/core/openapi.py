"""What the published contract says about msgspec structs beyond Litestar's defaults.

Every wire shape is a msgspec struct: on output it encodes exactly its declared fields, and on
input (``forbid_unknown_fields=True``) it refuses any other. So each struct's schema is closed,
``additionalProperties: false``: a client generated from the contract neither expects extra
fields in a response nor sends them in a request, and a contract fuzzer checks both directions
(an undeclared property accepted on input, or returned on output, is a mismatch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's struct schema, with ``additionalProperties: false`` (structs are closed shapes)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema
