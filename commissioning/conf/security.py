"""The Content Security Policy every page is served with, and the logging configuration."""

from csp.constants import NONCE, NONE, SELF


def content_security_policy(*, sign_in_urls: list[str]) -> dict:
    """Only the portal's own scripts, styles and images (scripts and styles with the page's
    nonce); forms post to the portal, and to `sign_in_urls` (Microsoft's sign-in, when on)."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, NONCE],  # the nonce only where a page asks for it (API docs)
            "img-src": [SELF, "data:"],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            # Signing in with Microsoft posts a form that redirects to Microsoft's sign-in page.
            "form-action": [SELF, *sign_in_urls],
            "frame-ancestors": [NONE],
        }
    }


def logging_config(*, level: str) -> dict:
    """To the console, at `level`; WeasyPrint logs every step of a PDF at INFO."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint logs every step of a PDF at INFO.
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
