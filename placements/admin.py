"""Children's records are not edited in the Django admin; platform operators see who changed
which record and when (boroughs.audit), without the name, date of birth or postcode."""

from django.contrib import admin

from boroughs.audit.admin import HistoryRecordAdmin

from .models import Child, TermDates

PERSONAL_FIELDS = ("name", "date_of_birth", "home_postcode")


@admin.register(Child.history.model)
class ChildHistoryAdmin(HistoryRecordAdmin):
    record_fields = [
        f.name for f in Child._meta.fields if f.name != "id" and f.name not in PERSONAL_FIELDS
    ]
    search_fields = ["reference"]

    def record(self, obj) -> str:
        return obj.reference


@admin.register(TermDates)
class TermDatesAdmin(admin.ModelAdmin):
    """Consortium admins correct the term dates 38-week placements are charged by (ADR 17)."""

    list_display = ["consortium", "academic_year", "half_term", "starts_on", "ends_on", "source"]
    list_filter = ["consortium", "academic_year"]
    ordering = ["consortium", "starts_on"]
