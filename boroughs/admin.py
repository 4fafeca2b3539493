from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Borough, Consortium, Invitation, RoleAssignment, Strand, StrandMembership, User


@admin.register(Consortium)
class ConsortiumAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "lead_borough"]


@admin.register(Borough)
class BoroughAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "ons_code",
        "dfe_la_code",
        "consortium",
        "entra_tenant_id",
        "billing_frequency",
    ]
    search_fields = ["name", "ons_code", "dfe_la_code"]


class StrandMembershipInline(admin.TabularInline):
    model = StrandMembership
    extra = 0


@admin.register(Strand)
class StrandAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "consortium"]
    inlines = [StrandMembershipInline]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "borough", "is_active", "is_staff"]
    list_filter = ["borough", "is_active", "is_staff", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["full_name", "borough"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "borough", "role", "created_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash"]
