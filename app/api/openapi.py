"""The OpenAPI 3.1 document of the feed, built from the registered resources: the same fields that
build each row's JSON build its schema, so the two cannot drift apart."""

from flask import jsonify, url_for

from app import features
from app.api.routes import rule_for
from app.features import FeedField, FeedResource, FeedScope

VERSION = "1"
TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "date-time": {"type": "string", "format": "date-time"},
    "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
}
TAGS = {
    FeedScope.LA: ("Local authority", "The LA's schools and cohorts. Read with the LA's token."),
    FeedScope.COHORT: ("Cohort", "One cohort's triads, self-evaluations, plans, meetings, QA visits and "
                                 "completion. Read with the LA's token."),
    FeedScope.NETWORK: ("Programme network", "Anonymised benchmarks across the LAs that share: no "
                                             "school or LA is named and any group of fewer than 5 "
                                             "schools is hidden. Read with a programme network token."),
}
DESCRIPTION = """Read-only figures for a local authority's own reports (Power BI, Excel and the like).

Send a token with every request: `Authorization: Bearer <token>`. An LA's SEND lead makes tokens
for the LA's feed under *Data feed tokens* on the LA's page; the programme analyst makes tokens for
the network's benchmarks. A token reads only its own LA's feed (or only the network's).

Every list is paged: `page` (from 1) and `per_page` (up to 500, 100 unless given). `meta.total`
counts the rows on every page together, and `links.next` is the next page's address, `null` on the
last page. Field names are stable, ids never change, dates and times are ISO 8601 (times of day are
UK time), and coded values are stable names (their words are in each field's description).

Each token may make a limited number of requests a minute; past it the answer is 429 with
`Retry-After` (seconds). Every request is recorded in the LA's activity."""


def field_schema(field: FeedField) -> dict:
    schema = dict(TYPES[field.type])
    if field.values:
        schema["enum"] = [*field.values, *([None] if field.nullable else [])]
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
    schema["description"] = field.description
    return schema


def row_schema(resource: FeedResource) -> dict:
    return {"type": "object", "description": resource.description, "additionalProperties": False,
            "required": resource.field_names,
            "properties": {f.name: field_schema(f) for f in resource.fields}}


def schema_name(resource: FeedResource) -> str:
    return "".join(part.title() for part in resource.name.split("_"))


def path_of(rule: str) -> str:
    """A Flask rule as an OpenAPI path: <int:cohort_id> -> {cohort_id}."""
    out, rest = "", rule
    while "<" in rest:
        before, _, tail = rest.partition("<")
        variable, _, rest = tail.partition(">")
        out += before + "{" + variable.rpartition(":")[2] + "}"
    return out + rest


def _error(description: str, headers: dict | None = None) -> dict:
    response = {"description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    if headers:
        response["headers"] = headers
    return response


PARAMETERS = {
    "la": {"name": "la", "in": "path", "required": True, "schema": {"type": "string"},
           "description": "The LA's short name in the service's addresses, e.g. northmere."},
    "cohort_id": {"name": "cohort_id", "in": "path", "required": True, "schema": {"type": "integer"},
                  "description": "A cohort's id, from /cohorts."},
    "page": {"name": "page", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "default": 1}, "description": "Which page, from 1."},
    "per_page": {"name": "per_page", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                 "description": "Rows a page, up to 500."},
}


def _operation(resource: FeedResource, variables: list[str]) -> dict:
    name = schema_name(resource)
    parameters = [{"$ref": f"#/components/parameters/{v}"} for v in variables]
    parameters += [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"}]
    parameters += [{"name": p.name, "in": "query", "required": False, "schema": {"type": p.type},
                    "description": p.description} for p in resource.parameters]
    responses = {
        "200": {"description": "A page of rows.",
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}Page"}}}},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
    }
    if resource.scope is FeedScope.NETWORK:
        responses["403"] = {"$ref": "#/components/responses/Forbidden"}
    else:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {"get": {"operationId": resource.name, "summary": resource.summary,
                    "description": resource.description, "tags": [TAGS[resource.scope][0]],
                    "parameters": parameters, "security": [{"token": []}], "responses": responses}}


def _page_schema(resource: FeedResource) -> dict:
    return {"type": "object", "required": ["data", "meta", "links"], "properties": {
        "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema_name(resource)}"}},
        "meta": {"$ref": "#/components/schemas/Meta"},
        "links": {"$ref": "#/components/schemas/Links"},
    }}


COMMON_SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "code", "message"], "properties": {
            "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}}}}},
    "Meta": {"type": "object", "required": ["total", "page", "per_page", "pages"], "properties": {
        "total": {"type": "integer", "description": "Rows on every page together."},
        "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "pages": {"type": "integer"},
        "year": {"type": ["integer", "null"], "description": "Network: the academic year shown (its start year)."},
        "years": {"type": "array", "items": {"type": "integer"},
                  "description": "Network: the years with figures, newest first."},
        "las": {"type": "integer", "description": "Network: LAs that share and have figures that year."},
        "schools": {"type": "integer", "description": "Network: schools with a submitted self-evaluation."},
        "min_group": {"type": "integer", "description": "Network: groups smaller than this are hidden."},
        "min_las": {"type": "integer", "description": "Network: a figure needs at least this many LAs behind it."},
        "min_schools": {"type": "integer",
                        "description": "Network: a figure needs at least this many schools behind it."},
    }},
    "Links": {"type": "object", "required": ["self", "first", "last", "prev", "next"], "properties": {
        name: {"type": ["string", "null"], "format": "uri"} for name in ("self", "first", "last", "prev", "next")}},
}


def document() -> dict:
    resources = features.feed_resources()
    paths = {}
    for resource in resources:
        rule = rule_for(resource)
        variables = [v for v in ("la", "cohort_id") if f"{v}>" in rule]
        paths[path_of(rule)] = _operation(resource, variables)
    schemas = dict(COMMON_SCHEMAS)
    for resource in resources:
        schemas[schema_name(resource)] = row_schema(resource)
        schemas[f"{schema_name(resource)}Page"] = _page_schema(resource)
    server = url_for("api.openapi", _external=True).removesuffix("/openapi.json")
    return {
        "openapi": "3.1.0",
        "info": {"title": "SEND Triads data feed", "version": VERSION, "description": DESCRIPTION},
        "servers": [{"url": server}],
        "tags": [{"name": name, "description": words} for name, words in TAGS.values()],
        "security": [{"token": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "A data feed token, stf_ and 43 characters."}},
            "parameters": PARAMETERS,
            "schemas": schemas,
            "responses": {
                "BadRequest": _error("A paging or other parameter is not valid."),
                "Unauthorized": _error("No token, or one that is mistyped or revoked.", {
                    "WWW-Authenticate": {"schema": {"type": "string"}}}),
                "Forbidden": _error("The token is not a programme network token."),
                "NotFound": _error("Nothing here for this token: another LA's address, or no such cohort."),
                "TooManyRequests": _error("Too many requests for this token this minute.", {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}),
            },
        },
    }


def serve():
    response = jsonify(document())
    response.headers["Cache-Control"] = "no-store"
    # A browser following the link from the tokens page saves it; tools read it all the same.
    response.headers.set("Content-Disposition", "attachment", filename="send-triads-openapi.json")
    return response
