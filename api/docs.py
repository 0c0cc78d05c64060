"""The API's documentation page: a GOV.UK page of this service, written from the OpenAPI schema itself
(drf-spectacular), so it always says what the API does. Swagger UI was tried first: its own markup fails axe-core
(nested buttons, contrast, headings, landmarks), and every page here must pass it. Tools read `/api/schema/`."""

from dataclasses import dataclass, field
from functools import cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "head", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    where: str
    kind: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    anchor: str
    parameters: list[Parameter] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


def _kind(schema):
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "string")
    if schema.get("format"):
        kind += f" ({schema['format']})"
    return kind


def _parameter(raw):
    return Parameter(
        name=raw["name"],
        where={"query": "query", "path": "address"}.get(raw["in"], raw["in"]),
        kind=_kind(raw.get("schema", {})),
        required=bool(raw.get("required")),
        description=raw.get("description", ""),
    )


@cache
def documentation():
    """(title, description, version, [Section]) from the schema, made once per process (the schema is code)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    sections: dict[str, Section] = {}
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            sections.setdefault(tag, Section(tag)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    anchor=operation["operationId"].replace("_", "-"),
                    parameters=[_parameter(raw) for raw in operation.get("parameters", [])],
                    responses=[(code, body.get("description", "")) for code, body in operation["responses"].items()],
                )
            )
    info = schema["info"]
    return info["title"], info.get("description", ""), info["version"], list(sections.values())


def api_docs(request):
    title, description, version, sections = documentation()
    return render(
        request,
        "api/docs.html",
        {"title": title, "description": description, "version": version, "sections": sections},
    )
