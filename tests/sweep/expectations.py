"""What the sweep checks beyond who gets through (tests/sweep/table.py): what a list's owner must
find in it, the routes it leaves out, and the creates it tries on another's object."""

from __future__ import annotations

from .audiences import (
    ADMIN,
    ANALYST,
    BOROUGH,
    COUNCIL_ON_MARKET,
    EXPORT,
    PROVIDER,
    Audience,
)

# What a list's owner must find in it (a marker of world.py): proof that the list has rows, so
# that the markers' absence from everyone else's answer means something.
SHOWS = {
    "change_history": "Croydon's child",
    "change_history_export": "Croydon's child",
    "api_changes": "Croydon's child",
    "user_list": "a Croydon user",
    "user-list": "a Croydon user",
    "invitation-list": "a_admin's staff invitation",
    "thread_list": "South London's thread",
    "thread-list": "South London's thread",
    "providers:application_list": "Bright Futures' application",
    "providers:accreditation_queue": "Other's submitted application",
    "providers:note_list": "note SWP-A-NOTE",
    "dps_api:dps-list": "consortium A's DPS",
    "dps_api:application-list": "Bright Futures' application",
    "dps_api:document-list": "Bright Futures' evidence",
    "dps_api:clarification-list": "Bright Futures' clarification",
    "dps_api:enrolment-list": "Bright Futures' enrolment",
    "dps_api:note-list": "note SWP-A-NOTE",
    "placements:child_list": "Croydon's child",
    "placements:request_list": "Croydon's request",
    "placements:placement_list": "Croydon's placement",
    "placements:invitation_list": "Croydon's invitation to Bright",
    "placements_api:child-list": "Croydon's child",
    "placements_api:request-list": "Croydon's request",
    "placements_api:invitation-list": "Croydon's invitation to Bright",
    "placements_api:placement-list": "Croydon's placement",
    "placements:invoice_list": "Croydon's invoice",
    "placements:provider_invoice_list": "Croydon's invoice",
    "placements_api:invoice-list": "Croydon's invoice",
    "placements_api:agreement-list": "Croydon's agreement",
    "outcomes:return_list": "consortium A's return",
    "outcomes_api:framework-list": "consortium A's framework",
    "outcomes_api:target-list": "consortium A's target",
    "outcomes_api:return-list": "consortium A's return",
    "reports:run_list": "Croydon's report",
    "reports_api:run-list": "Croydon's report",
    "dataprotection_api:subject-access-list": "Croydon's subject access export",
}

# Routes the sweep leaves out, and why. Each is matched on the start of its URL.
OUT_OF_SCOPE = {
    "admin/": "Django's admin, for platform operators (is_staff) behind allauth and MFA",
    "accounts/": "allauth's sign-in, sign-up, MFA and Microsoft pages: no tenant's rows",
    "api/schema/": "drf-spectacular's OpenAPI schema: open by design, no rows",
    "api/docs/": "drf-spectacular's Swagger page: open by design, no rows",
}
# Each API's catch-all (`not_found`: an id no route accepts gets the API's JSON 404) has no name
# to reverse, and nothing to find.
CATCH_ALL = "not_found"


# --- Creating on another's object --------------------------------------------------------------
# A list's POST makes a row that points at other objects. Each is sent a body that points at
# consortium A's object (World.creates), valid enough that its owner makes the row; nobody
# else may make one (a 400 saying the object is not found is as good as a 403 or 404).
CREATES: dict[str, Audience] = {
    "invitation_create": ADMIN,
    "invitation-list": ADMIN,
    "providers:note_create": COUNCIL_ON_MARKET,
    "dps_api:note-list": COUNCIL_ON_MARKET,
    "placements_api:request-list": BOROUGH,
    "placements_api:invoice-list": PROVIDER,
    "outcomes_api:target-list": BOROUGH,
    "outcomes_api:return-list": PROVIDER,
    "reports_api:run-list": ANALYST,
    "dataprotection_api:subject-access-list": EXPORT,
}
