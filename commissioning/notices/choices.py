"""Procurement Act 2023 notice types the portal drafts, and their states (ADR 19)."""

from __future__ import annotations

from django.db import models


class NoticeType(models.TextChoices):
    UK13 = "UK13", "UK13 dynamic market notice: intention to establish"
    UK14 = "UK14", "UK14 dynamic market notice: establishment"
    UK15 = "UK15", "UK15 dynamic market notice: modification"
    UK16 = "UK16", "UK16 dynamic market notice: cessation"
    UK6 = "UK6", "UK6 contract award notice"
    UK7 = "UK7", "UK7 contract details notice"
    UK10 = "UK10", "UK10 contract change notice"
    UK11 = "UK11", "UK11 contract termination notice"


DYNAMIC_MARKET = frozenset({NoticeType.UK13, NoticeType.UK14, NoticeType.UK15, NoticeType.UK16})
CALL_OFF = frozenset({NoticeType.UK6, NoticeType.UK7, NoticeType.UK10, NoticeType.UK11})

# The light-touch rules for social-care and education services, as the portal applies them:
# placements are light touch contracts (Procurement Act 2023, s.9 and Schedule 1 of the
# Procurement Regulations 2024). A contract change notice is not required for a light touch
# contract (s.75(6)(b)); a contract details notice is due within 120 days of entering into it,
# not 30 (s.53(1)).
NOT_NEEDED_FOR_LIGHT_TOUCH = {
    NoticeType.UK10: "Not required for a light touch contract (Procurement Act 2023, s.75(6)(b))",
}
CONTRACT_DETAILS_DAYS = 120


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    READY = "ready", "Ready to publish"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"
