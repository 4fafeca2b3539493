"""The API's JSON parser: a body nested deeper than any request needs is refused with a 400.

DRF's own parser lets Python's RecursionError escape on a few kilobytes of `[[[[...]]]]`, which
answers 500. This one refuses such a body before the decoder recurses, and refuses anything
nested deeper than MAX_DEPTH too: no request this API takes goes beyond four levels.
"""

from __future__ import annotations

import codecs
import json
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

MAX_DEPTH = 32
MSG_TOO_DEEP = (
    f"The request body is nested too deeply: JSON may be nested {MAX_DEPTH} levels at most"
)
MSG_NOT_JSON = "The request body is not valid JSON"
MSG_NOT_TEXT = "The request body's text may not hold the NUL character or a lone surrogate"
# Neither can be stored (PostgreSQL refuses both), and the schema's text rule forbids NUL.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

# A JSON string (escapes included), whose brackets are text, not structure.
STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKETS = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest, counted without decoding it."""
    depth = deepest = 0
    for bracket in BRACKETS.findall(STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


class SafeJSONParser(JSONParser):
    """JSON with its nesting depth checked first; every refusal is a 400 with a message."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(MSG_NOT_JSON) from error
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(MSG_TOO_DEEP)
        parse_constant = drf_json.strict_constant if self.strict else None
        try:
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError as error:  # not reachable below MAX_DEPTH; kept as a backstop
            raise ParseError(MSG_TOO_DEEP) from error
        except ValueError as error:
            raise ParseError(f"{MSG_NOT_JSON}: {error}") from error
        if _unstorable(data):
            raise ParseError(MSG_NOT_TEXT)
        return data


def _unstorable(value) -> bool:
    """True if any string value in the decoded body holds a character no column can store.
    Keys are not stored (an unknown one is ignored), so they may hold anything."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_unstorable(item) for item in value.values())
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    return False
