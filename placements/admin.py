"""Children's records are not edited in the Django admin; platform operators see who changed
which record and when (boroughs.audit), without the name, date of birth or postcode."""

from django.contrib import admin

from boroughs.audit.admin import HistoryRecordAdmin

from .models import Child

PERSONAL_FIELDS = ("name", "date_of_birth", "home_postcode")


@admin.register(Child.history.model)
class ChildHistoryAdmin(HistoryRecordAdmin):
    record_fields = [
        f.name for f in Child._meta.fields if f.name != "id" and f.name not in PERSONAL_FIELDS
    ]
    search_fields = ["reference"]

    def record(self, obj) -> str:
        return obj.reference
