"""OpenAPI post-processing: the error responses every operation can give, documented once."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


COMMON = {
    "401": _error("Not signed in: no session or token."),
    "403": _error("Signed in, but the roles or the missing second factor do not allow this."),
    "429": _error("Too many requests; retry after the time in the Retry-After header."),
}


def add_error_responses(result, generator, request, public):
    """Adds 400/401/403/404/429 to every operation that does not document them itself.

    Lists answer 404 for a page past the end and 400 for an unknown filter value; objects
    answer 404 when missing or another tenant's.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            extra = dict(COMMON)
            if operation.get("parameters") or method in ("post", "put", "patch"):
                extra["400"] = _error("Invalid input: the message names the field.")
            if "{" in path or any(p.get("name") == "page" for p in operation.get("parameters", [])):
                extra["404"] = _error("Not found, or not yours to see; or a page past the end.")
            for status, response in extra.items():
                responses.setdefault(status, response)
    return result
