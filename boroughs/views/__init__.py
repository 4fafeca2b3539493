"""Boroughs' pages: the dashboard, boroughs, users, staff invitations and evaluation weights
(`consortium`), and the peer network's threads (`threads`, which owns its URL patterns).
The audit trail's pages are boroughs.audit.views."""
