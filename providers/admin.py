from django.contrib import admin

from .models import DynamicPurchasingSystem, Inspection, Lot, Provider, ProviderMembership, Setting


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0


@admin.register(DynamicPurchasingSystem)
class DynamicPurchasingSystemAdmin(admin.ModelAdmin):
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
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "trading_name", "companies_house_number", "charity_number"]
    search_fields = ["legal_name", "trading_name", "companies_house_number"]
    inlines = [MembershipInline]


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "laestab", "establishment_type", "section41_status", "provider"]
    list_filter = ["establishment_type", "section41_status", "sex"]
    search_fields = ["name", "urn", "laestab"]
    raw_id_fields = ["provider"]
    inlines = [InspectionInline]
