"""The DPS's records in the consortium admins' audit trail (boroughs.audit).

A consortium admin reads the changes to their consortium's DPSs, and to the providers, settings
and price lines that have applied to one of them: a provider that applied, a setting named in
an application or priced in one, a price line of an application. Providers that never applied
(and GIAS settings nobody offered) are the platform operators' to read, in the Django admin.
"""

from __future__ import annotations

from django.db.models import Q

from boroughs.audit.registry import AuditedKind, register

from .models import Application, DynamicPurchasingSystem, Lot, PriceLine, Provider, Setting


def _applications(consortium_id: int):
    return Application.objects.filter(dps__consortium_id=consortium_id)


def providers_in(consortium_id: int) -> Q:
    return Q(id__in=_applications(consortium_id).values("provider_id"))


def settings_in(consortium_id: int) -> Q:
    applied = Application.settings.through.objects.filter(
        application__dps__consortium_id=consortium_id
    ).values("setting_id")
    priced = PriceLine.objects.filter(application__dps__consortium_id=consortium_id).values(
        "setting_id"
    )
    return Q(id__in=applied) | Q(id__in=priced)


def price_lines_in(consortium_id: int) -> Q:
    return Q(application_id__in=_applications(consortium_id).values("pk"))


def dpss_in(consortium_id: int) -> Q:
    return Q(consortium_id=consortium_id)


def price_line_names(rows: list) -> dict[int, str]:
    """ "<setting> on Lot <n>: <name>", two queries for any number of rows."""
    settings = Setting._base_manager.in_bulk({row.setting_id for row in rows})
    lots = Lot._base_manager.in_bulk({row.lot_id for row in rows})
    return {
        row.history_id: f"{settings.get(row.setting_id, 'A setting')} on "
        f"{lots.get(row.lot_id, 'a lot')}"
        for row in rows
    }


def register_audited() -> None:
    register(
        AuditedKind(
            "provider", "Provider", Provider, providers_in, hidden_fields=("created_at",), order=10
        ),
        AuditedKind("setting", "Setting", Setting, settings_in, order=20),
        AuditedKind(
            "price_line", "Price line", PriceLine, price_lines_in, price_line_names, order=30
        ),
        AuditedKind("dps", "Dynamic purchasing system", DynamicPurchasingSystem, dpss_in, order=40),
    )
