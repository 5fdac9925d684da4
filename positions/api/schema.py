"""What the generated OpenAPI schema cannot infer, added by a drf-spectacular postprocessing hook.

Clients (analysts' tools, schemathesis in CI) rely on the schema to tell every answer
an operation can give: the errors of the contract (400 naming the bad parameter, 401/403,
404 for an unknown object or page, 429 when throttled), page numbers from 1, and which
fields an article submission needs together.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong.",
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Each bad parameter or field, with what is wrong with it (or `detail` for a body that is no JSON).",
    "additionalProperties": {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {}}, {"type": "object"}],
    },
}
ERRORS = {
    "400": ("The bad parameter or field, named.", "ValidationError"),
    "401": ("No credentials, or a token that is not valid.", "Error"),
    "403": ("Signed in, but not allowed (submitting needs an editor).", "Error"),
    "404": ("An unknown negotiation, round or object, or a page past the end.", "Error"),
    "429": ("Too many requests: wait the seconds the Retry-After header says.", "Error"),
}
# An article submission: a URL to fetch, or a body with its title and day.
SUBMISSION_NEEDS = [
    {"required": ["url"], "properties": {"url": {"minLength": 1}}},
    {"required": ["text", "title", "published"]},
    {"required": ["html", "title", "published"]},
]
PAGE_PARAMETERS = {"page", "page_size"}


def postprocess(result, generator, request, public):
    """Add the contract's error answers to every operation, and the constraints the views enforce."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, (description, component) in ERRORS.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                })
            for parameter in operation.get("parameters", []):
                if parameter.get("name") in PAGE_PARAMETERS and parameter.get("in") == "query":
                    parameter.setdefault("schema", {"type": "integer"})["minimum"] = 1
    for name in ("ArticleSubmitRequest", "ArticleSubmit"):
        if name in schemas:
            schemas[name]["anyOf"] = SUBMISSION_NEEDS
    return result
