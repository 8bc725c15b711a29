"""The API's row schema, generated from each spec's pydantic row model (the one source of truth).

Pydantic writes JSON Schema 2020-12; the served document is OpenAPI 3.0.3, whose schema
objects allow fewer keywords. :func:`to_oas30` translates (``anyOf [X, null]`` ->
``nullable``, ``const`` -> ``enum``, unknown keywords such as the column's ``label`` /
``kind`` / ``group`` -> ``x-label`` / ``x-kind`` / ``x-group``). Each spec's rows become the
component ``<code>_row``; a request field of type :class:`RowsField` is documented as an
array of those components, so adding a spec adds its schema to the API with no API code.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.fields import empty

from shebao.services.registry import registry
from shebao.services.rows import Column
from shebao.services.spec import ServiceSpec

#: Keywords of the OpenAPI 3.0.3 Schema Object (everything else needs an ``x-`` prefix).
OAS30_KEYWORDS = frozenset(
    {
        "title",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "required",
        "enum",
        "type",
        "description",
        "format",
        "default",
        "nullable",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
        "$ref",
    }
)
_NESTED_ONE = ("items", "additionalProperties", "not")
_NESTED_MANY = ("allOf", "oneOf", "anyOf")
_NULL = {"type": "null"}


def to_oas30(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema 2020-12 object (as pydantic writes it) as an OpenAPI 3.0.3 schema object."""
    out: dict[str, Any] = {}
    nullable = False
    for key, value in schema.items():
        if key == "properties":
            out[key] = {name: to_oas30(sub) for name, sub in value.items()}
        elif key in _NESTED_ONE and isinstance(value, dict):
            out[key] = to_oas30(value)
        elif key in _NESTED_MANY:
            variants = [v for v in value if v != _NULL]
            nullable = nullable or len(variants) < len(value)
            if len(variants) == 1 and key != "allOf":
                out.update(to_oas30(variants[0]))
            elif variants:
                out[key] = [to_oas30(v) for v in variants]
        elif key == "type" and isinstance(value, list):
            kinds = [k for k in value if k != "null"]
            nullable = nullable or len(kinds) < len(value)
            if len(kinds) == 1:
                out["type"] = kinds[0]
            elif kinds:
                out["anyOf"] = [{"type": k} for k in kinds]
        elif key == "const":
            out["enum"] = [value]
        elif key == "examples":
            if value:
                out.setdefault("example", value[0])
        elif key == "$defs":
            continue  # hoisted into components by the caller
        elif key in OAS30_KEYWORDS:
            out[key] = value
        elif value not in ([], "", None, {}):
            out[f"x-{key}"] = value
    if nullable:
        out["nullable"] = True
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def component_name(spec: ServiceSpec[Any]) -> str:
    return f"{spec.code}_row"


_CODE_PREFIX = re.compile(r"^\d+\s*")


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """``schema`` with each ``$ref`` to pydantic's ``$defs`` replaced by the definition: a
    sub-table's row (工作经历) is documented inside its row, as a nested array of objects."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inlined(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inlined(v, defs) for v in schema]
    return schema


def row_schema(spec: ServiceSpec[Any]) -> dict[str, Any]:
    """The OpenAPI schema of one row of ``spec``, straight from its pydantic model."""
    raw = spec.row.model_json_schema(mode="validation")
    schema = to_oas30(_inlined(raw, raw.get("$defs", {})))
    schema["description"] = str(
        _(
            "“%(t)s”（%(s)s）的一行。属性名即 API 字段名，title 为报盘模板的列名；"
            "勾选列用 true/false（也接受 √ / 空），代码列填名称（也接受“01 汉族”式的代码加名称）。"
        )
        % {"t": spec.title, "s": spec.section}
    )
    schema["x-service"] = spec.code
    properties = schema.get("properties", {})
    _columns_fixed(properties, spec.row.columns())
    for table in spec.row.subtables():
        prop = properties.get(table.name)
        if prop is None:
            continue
        if table.min_rows:
            prop["minItems"] = table.min_rows
        items = prop.get("items", {})
        items["description"] = str(_("%(t)s的一行（子表）") % {"t": table.title})
        _columns_fixed(items.get("properties", {}), table.columns())
    return schema


def _columns_fixed(properties: dict[str, Any], columns: list[Column]) -> None:
    """Choices as ``enum``, examples as a client would send them."""
    for col in columns:
        prop = properties.get(col.name)
        if prop is None:
            continue
        if col.choices and "enum" not in prop:
            prop["enum"] = list(col.choices) + ([None] if prop.get("nullable") else [])
            prop.pop("x-choices", None)
        if col.kind == "tick":
            prop["example"] = bool(col.example)
        elif col.choices and prop.get("example"):
            prop["example"] = _CODE_PREFIX.sub("", str(prop["example"]))
        elif prop.get("example") == "":
            del prop["example"]


def row_components() -> dict[str, dict[str, Any]]:
    """``{"<code>_row": schema}`` for every registered spec."""
    return {component_name(spec): row_schema(spec) for spec in registry}


ROWS_DESCRIPTION = _(
    "要校验 / 申报的行，按数组顺序编为第 1..n 行。每行的字段见业务的行结构 "
    "（components.schemas 中的 <业务代码>_row，或 GET /api/v1/services 的 columns）；"
    "字段名也可以用报盘模板的中文列名。multipart 请求中本字段为 JSON 字符串。"
)


class RowsField(serializers.ListField):
    """A list of row objects; in a multipart form, one JSON-encoded string."""

    default_error_messages = {
        "not_a_list": _("rows 应为数组，每个元素是一行数据（字段名: 值）"),
        "empty": _("rows 不能为空：至少要有一行数据"),
        "json": _("rows 不是合法的 JSON 数组"),
    }

    def __init__(self, **kwargs: Any) -> None:
        child = serializers.DictField(
            error_messages={"not_a_dict": _("每一行应为一个对象（字段名: 值）")}
        )
        kwargs.setdefault("help_text", ROWS_DESCRIPTION)
        super().__init__(child=child, allow_empty=False, **kwargs)

    def get_value(self, dictionary: Any) -> Any:
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bytes | str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("json")
        return super().to_internal_value(data)


class RowsFieldExtension(OpenApiSerializerFieldExtension):
    """Documents :class:`RowsField` as an array of the registered specs' row components."""

    target_class = RowsField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        refs = []
        for name, schema in row_components().items():
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            auto_schema.registry.register_on_missing(component)
            refs.append(component.ref)
        items = refs[0] if len(refs) == 1 else {"anyOf": refs}
        return {
            "type": "array",
            "minItems": 1,
            "items": items,
            "description": str(ROWS_DESCRIPTION),
        }
