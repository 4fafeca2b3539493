"""The audit trail of plain edits: who changed which record, when, from what to what.

`records` makes django-simple-history record who or what made each change; apps register the
models they audit in `registry`; `selectors` reads one consortium's changes for the page, the
CSV and the API (`views`, `boroughs.api.views.audit`).
"""
