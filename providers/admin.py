from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from boroughs.audit.admin import HistoryRecordAdmin

from .models import (
    DynamicPurchasingSystem,
    Inspection,
    Lot,
    PriceLine,
    Provider,
    ProviderMembership,
    Setting,
)


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0


@admin.register(DynamicPurchasingSystem)
class DynamicPurchasingSystemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "strand", "regime", "starts_on", "ends_on"]
    inlines = [LotInline]

    def get_readonly_fields(self, request, obj=None):
        # The admin must not bypass the Procurement Act rule that providers.services enforces.
        if obj is not None and obj.conditions_locked():
            return ["regime", "conditions_of_membership"]
        return []


class MembershipInline(admin.TabularInline):
    model = ProviderMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "trading_name", "companies_house_number", "charity_number"]
    search_fields = ["legal_name", "trading_name", "companies_house_number"]
    inlines = [MembershipInline]


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0


@admin.register(Setting)
class SettingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "urn", "laestab", "establishment_type", "section41_status", "provider"]
    list_filter = ["establishment_type", "section41_status", "sex"]
    search_fields = ["name", "urn", "laestab"]
    raw_id_fields = ["provider"]
    inlines = [InspectionInline]


# --- The audit trail (boroughs.audit): every change, read-only -------------------------------


@admin.register(Provider.history.model)
class ProviderHistoryAdmin(HistoryRecordAdmin):
    record_fields = [f.name for f in Provider._meta.fields if f.name != "id"]
    search_fields = ["legal_name", "trading_name"]


@admin.register(Setting.history.model)
class SettingHistoryAdmin(HistoryRecordAdmin):
    record_fields = [f.name for f in Setting._meta.fields if f.name not in ("id", "updated_at")]
    search_fields = ["name", "urn"]


@admin.register(PriceLine.history.model)
class PriceLineHistoryAdmin(HistoryRecordAdmin):
    record_fields = [f.name for f in PriceLine._meta.fields if f.name != "id"]
    list_display = [
        *HistoryRecordAdmin.list_display[:2],
        "id",
        "setting_id",
        "lot_id",
        "history_user",
        "history_change_reason",
    ]

    def record(self, obj) -> str:  # str() of a price line reads its setting and lot
        return f"Price line {obj.id}"


@admin.register(DynamicPurchasingSystem.history.model)
class DpsHistoryAdmin(HistoryRecordAdmin):
    record_fields = [f.name for f in DynamicPurchasingSystem._meta.fields if f.name != "id"]
