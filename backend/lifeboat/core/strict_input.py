"""Strict input: a request means what the published contract says, or it is a 400.

Litestar converts a request's values to the handler's types in msgspec's lax mode (it must turn
query strings into numbers), and it applies that to JSON bodies too: ``{"paused": 0}`` became
``False``, ``{"timeout_s": "60"}`` became ``60.0``, and ``?since=0.5`` became 1970-01-01. The
contract says a boolean is a boolean, so ``check_strict_input`` (run before every handler)
converts a JSON body to the handler's ``data`` type in strict mode and checks date-time query
parameters as RFC 3339, answering 400 naming the field. Numbers are read as the contract's JSON
Schema reads them (``2.0`` is an integer). Litestar still does its own parsing afterwards; on
input that passed here, lax and strict agree.
"""

from __future__ import annotations

import json
import re
import types
import typing
from datetime import datetime
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import ParamType
from litestar.params import BodyKwarg, ParameterKwarg
from litestar.typing import FieldDefinition

from lifeboat.core.errors import FieldError, InvalidInput

_AT_PATH = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$", re.DOTALL)


def _field_error(exc: msgspec.ValidationError) -> FieldError:
    """``Expected `bool`, got `int` - at `$.paused``` -> field ``paused`` (``data`` at the root),
    named the way Litestar names body fields."""
    text = str(exc)
    match = _AT_PATH.match(text)
    if match is None:
        return FieldError(field="data", message=text)
    path = match.group("path").lstrip(".")
    return FieldError(field=path or "data", message=match.group("message"))


def _json_number(text: str) -> int | float:
    """A JSON number as JSON Schema reads it: ``2.0`` and ``1e2`` are integers."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def _check_body(request: Request[Any, Any, Any], body_type: Any) -> None:
    raw = await request.body()
    if not raw:
        return  # Litestar answers a missing required body itself
    try:
        # Not UTF-8 or nested too deeply: ``core.json_body`` refused it already (``core.errors``
        # maps both); a float with no fraction is an integer, as the contract's JSON Schema says.
        document = json.loads(raw.decode("utf-8"), parse_float=_json_number, parse_constant=_not_json)
    except ValueError as exc:
        raise InvalidInput(
            "The request body is not valid JSON.",
            errors=[FieldError(field="body", message="not valid JSON")],
        ) from exc
    try:
        msgspec.convert(document, body_type, strict=True, str_keys=True)
    except msgspec.ValidationError as exc:
        error = _field_error(exc)
        raise InvalidInput(f"{error.field}: {error.message}", errors=[error]) from exc


def _is_datetime(field: FieldDefinition) -> bool:
    annotation = field.annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return datetime in typing.get_args(annotation)
    return annotation is datetime


def _check_query(
    request: Request[Any, Any, Any], name: str, field: FieldDefinition, kwarg: ParameterKwarg
) -> None:
    """Each value of a scalar query parameter, checked against its declared type with that
    type's ``msgspec.Meta`` (Litestar drops the Meta of ``Alias | None`` when it converts)."""
    key = kwarg.name or name
    for value in request.query_params.getall(key, []):
        try:
            if _is_datetime(field):
                msgspec.convert(value, datetime, strict=True)
            else:
                msgspec.convert(value, field.annotation, strict=False)
        except msgspec.ValidationError as exc:
            message = str(exc).split(" - at ", 1)[0]
            if _is_datetime(field):
                message = "must be an RFC 3339 date-time (for example 2026-01-31T12:00:00Z)"
            raise InvalidInput(f"{key}: {message}", errors=[FieldError(field=key, message=message)]) from exc


async def check_strict_input(request: Request[Any, Any, Any]) -> None:
    """400 for a JSON body that only lax conversion would accept, for a query value its declared
    type refuses, or for a date-time query parameter that is not RFC 3339 (a number would be
    read as a Unix timestamp)."""
    for name, field in request.route_handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if name == "data" and isinstance(kwarg, BodyKwarg) and kwarg.media_type == "application/json":
            await _check_body(request, field.annotation)
        elif (
            isinstance(kwarg, ParameterKwarg)
            and kwarg.param_type is ParamType.QUERY
            and name not in request.path_params
            and not field.is_non_string_sequence
        ):
            _check_query(request, name, field, kwarg)
