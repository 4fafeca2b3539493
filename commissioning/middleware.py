"""Project middleware: the client's address behind trusted proxies, and request size limits."""

from __future__ import annotations

import ipaddress

from django.conf import settings


class TrustedProxyMiddleware:
    """Put the client's address in REMOTE_ADDR when the portal runs behind TRUSTED_PROXY_COUNT
    proxies, so that everything reading it (allauth's sign-in limits, DRF's throttles, logs and
    the audit trail) sees the same client (ADR 14).

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    the client is the entry TRUSTED_PROXY_COUNT from the right; entries further left were sent
    by the client and may be forged. With no trusted proxies the header is ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if count and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",")]
            client = _address(hops[-min(count, len(hops))])
            if client:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
