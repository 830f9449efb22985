"""The API's own description: the OpenAPI document and a page that renders it."""

from flask import jsonify
from flask import render_template

from eventsys.api import bp
from eventsys.api.http import query_choice
from eventsys.api.openapi import build_spec
from eventsys.api.schemas import LANGUAGES

METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(build_spec())


@bp.get("/docs")
def docs():
    query_choice("lang", LANGUAGES)  # the language switcher's ?lang=, read by i18n
    spec = build_spec()
    return render_template(
        "api/docs.html",
        spec=spec,
        operations=_operations(spec),
        schema_summary=schema_summary,
    )


def _operations(spec: dict) -> list[dict]:
    """Operations in document order, with $refs resolved one level for display."""
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                operations.append(_operation(spec, path, method, item[method]))
    return operations


def _operation(spec: dict, path: str, method: str, op: dict) -> dict:
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    return {
        "id": op["operationId"],
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "secured": bool(op.get("security")),
        "parameters": [_resolve(spec, p) for p in op.get("parameters", [])],
        "body": _body(spec, body["schema"]) if body else None,
        "responses": [
            _response(spec, code, response)
            for code, response in op["responses"].items()
        ],
    }


def _body(spec: dict, schema: dict) -> dict:
    """The body's fields for display; a list body shows the fields of its items."""
    schema = _resolve(spec, schema)
    if schema.get("type") != "array":
        return schema
    return {
        **_resolve(spec, schema["items"]),
        "list_of": schema.get("maxItems"),
        "examples": schema.get("examples", []),
    }


def _response(spec: dict, code: str, response: dict) -> dict:
    response = _resolve(spec, response)
    media = next(iter(response.get("content", {}).items()), None)
    schema = ""
    if media:
        schema = media[1]["schema"].get("$ref", "").rsplit("/", 1)[
            -1
        ] or schema_summary(media[1]["schema"])
    return {
        "code": code,
        "description": response.get("description", ""),
        "media_type": media[0] if media else "",
        "schema": schema,
    }


def _resolve(spec: dict, node: dict) -> dict:
    target = node.get("$ref")
    if not target:
        return node
    found = spec
    for part in target.removeprefix("#/").split("/"):
        found = found[part]
    return found


def schema_summary(schema: dict) -> str:
    """A short human reading of a schema: "string (date)", "one of: a, b", ..."""
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"] if v is not None)
    if "anyOf" in schema:
        return " | ".join(schema_summary(option) for option in schema["anyOf"])
    kind = schema.get("type", "object")
    text = " or ".join(kind) if isinstance(kind, list) else kind
    details = [schema[k] for k in ("format",) if k in schema]
    if "maxLength" in schema:
        details.append(f"≤ {schema['maxLength']} chars")
    if "minimum" in schema and "maximum" in schema:
        details.append(f"{schema['minimum']}–{schema['maximum']}")
    return f"{text} ({', '.join(map(str, details))})" if details else text
