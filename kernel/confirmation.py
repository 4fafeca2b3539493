"""The GOV.UK confirmation panel after a decision is made: its title and the reference to quote.

A view that has just done something a user will want to quote (an award, an offer sent, an
application submitted, an accreditation) calls `confirm` before it redirects; the next page
shows the panel once, above its own content (`includes/_confirmation_panel.html`).
"""

from __future__ import annotations

KEY = "confirmation_panel"


def confirm(request, *, title: str, reference: str, body: str = "") -> None:
    request.session[KEY] = {"title": title, "reference": reference, "body": body}


def pop_confirmation(request) -> dict | None:
    session = getattr(request, "session", None)
    return None if session is None else session.pop(KEY, None)
