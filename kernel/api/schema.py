"""OpenAPI: the error responses every operation can give, documented once (post-processing),
the answers an operation names itself (`NOT_FOUND`, `write_schema`) and the text rules."""

import re

from drf_spectacular.utils import OpenApiResponse, extend_schema

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
    # Answered by the web server (gunicorn's 4 KB request line) before the API sees the request.
    "414": {"description": "The URL is too long: send fewer or shorter query parameters."},
}


def add_error_responses(result, generator, request, public):
    """Adds 400/401/403/404/429 to every operation that does not document them itself.

    Lists answer 404 for a page past the end and 400 for an unknown filter value; objects
    answer 404 when missing or another tenant's, and so do writes whose body names one.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            extra = dict(COMMON)
            if operation.get("parameters") or method in ("post", "put", "patch"):
                extra["400"] = _error("Invalid input: the message names the field.")
            if (
                "{" in path
                or method in ("post", "put", "patch")
                or any(p.get("name") == "page" for p in operation.get("parameters", []))
            ):
                extra["404"] = _error(
                    "Not found, or not yours to see: the URL's object, or one the body names by "
                    "its id (the message names the field); or a page past the end."
                )
            if method in ("post", "put", "patch", "delete"):
                extra["409"] = _error(
                    "The state of the data refuses it: a wrong state for this action, or a "
                    "value another row already has (the message names the field)."
                )
            for status, response in extra.items():
                responses.setdefault(status, response)
    return result


# DRF's text fields trim surrounding spaces before checking a required one is not blank, and
# refuse the NUL character; the schema says both, so a client (or a fuzzer) knows " " and "\0"
# are refused before it sends them.
NO_NUL = "^[^\\u0000]*$"
VISIBLE_NO_NUL = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def state_text_rules(result, generator, request, public):
    """Adds the text rules to every free-text string the API reads: request bodies' fields
    (the `...Request` components) and query parameters."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            for field in component.get("properties", {}).values():
                _text_rule(field)
                _text_rule(field.get("items", {}))
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":  # a blank filter is refused too
                    _text_rule(parameter.get("schema", {}), visible=True)
    return result


def _text_rule(field: dict, *, visible: bool = False) -> None:
    if field.get("type") == "string" and field.get("format") == "decimal":
        _decimal_rule(field)
    if field.get("type") != "string" or {"format", "enum", "pattern"} & field.keys():
        return
    visible = visible or field.get("minLength", 0) >= 1
    field["pattern"] = VISIBLE_NO_NUL if visible else NO_NUL


# drf-spectacular's decimal pattern makes every digit optional, so "" and "." match it; DRF
# refuses both. The same digits, with at least one of them.
SPECTACULAR_DECIMAL = re.compile(r"\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$")


def _decimal_rule(field: dict) -> None:
    found = SPECTACULAR_DECIMAL.fullmatch(field.get("pattern", ""))
    if found:
        whole, places = found.groups()
        field["pattern"] = rf"^-?(?:\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}})$"


# --- The error answers an operation documents itself -------------------------------------------

ERROR = {"$ref": "#/components/schemas/Error"}  # added to the schema by add_error_responses


def error_response(description: str) -> OpenApiResponse:
    """An error answer in the documented shape (`Error`), with what it means here."""
    return OpenApiResponse(response=ERROR, description=description)


NOT_FOUND = error_response("Not found, or not yours to see.")
INVALID = error_response("Invalid input: every field with a problem, with its messages.")
FORBIDDEN = error_response("Your role does not allow this.")
WRONG_STATE = error_response("The object's current status does not allow this.")


def write_schema(summary: str, body, answer, *, code: int = 200, forbidden=FORBIDDEN, **extra):
    """A write's documentation: its body, its answer and every refusal it can give."""
    errors = {400: INVALID, 403: forbidden, 404: NOT_FOUND, 409: WRONG_STATE}
    return extend_schema(summary=summary, request=body, responses={code: answer, **errors}, **extra)
