"""Django REST framework and drf-spectacular: the API's defaults (authentication, the
permissions every view asks, strict parsing, filtering and paging, throttles) and its schema."""


def rest_framework(*, anon_rate: str, user_rate: str) -> dict:
    """REST_FRAMEWORK, with the throttle rates settings.py reads from the environment."""
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            # Token first, so that an anonymous request gets 401 with a WWW-Authenticate header.
            "rest_framework.authentication.TokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
            "boroughs.api.permissions.MfaSatisfied",
            "boroughs.api.permissions.ActionAllowed",
        ],
        # JSON nested beyond reason is a 400, not a RecursionError (kernel/api/parsers.py). The
        # API takes JSON only (an upload names its own parsers), so a body means one thing: form
        # fields cannot say null, and the schema documents one body per operation.
        "DEFAULT_PARSER_CLASSES": ["kernel.api.parsers.SafeJSONParser"],
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
        # A blank, repeated or malformed filter or page is a 400, not ignored (kernel/api/filters.py).
        "DEFAULT_FILTER_BACKENDS": ["kernel.api.filters.StrictFilterBackend"],
        "DEFAULT_PAGINATION_CLASS": "kernel.api.filters.StrictPageNumberPagination",
        "PAGE_SIZE": 50,
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "kernel.api.base.exception_handler",
        # REMOTE_ADDR already holds the client's address (TRUSTED_PROXY_COUNT); None would make DRF
        # key anonymous throttles on the whole X-Forwarded-For header, which a client writes.
        "NUM_PROXIES": 0,
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            "anon": anon_rate,
            "user": user_rate,
        },
    }


SPECTACULAR_SETTINGS = {
    "TITLE": "Placement commissioning portal API",
    "DESCRIPTION": (
        "Scoped API for case-management systems and data exchange. Every list and object is "
        "limited to what the signed-in user's borough and roles allow; another borough's object "
        "answers 404. Authenticate with a session or `Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LotKindEnum": "providers.choices.LotKind",
        "NeedCodeEnum": "providers.choices.NeedCode",
        "NeedCodeInputEnum": "providers.choices.NEED_CODES",
        "ReportKindEnum": "commissioning.reports.choices.ReportKind",
        "InvoiceStatusEnum": "placements.choices.InvoiceStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kernel.api.schema.add_error_responses",
        "kernel.api.schema.state_text_rules",
    ],
}
