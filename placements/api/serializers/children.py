"""Children in the placements API: a child's record (its identity for the owning borough only)
and what creating or changing one takes. Input serializers only check shapes and resolve ids:
the writes are placements.services'."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import (
    CodeField,
    FlagField,
    TextField,
    postcode_field,
    uuid_field,
)
from providers.choices import NeedCode

from ...choices import (
    LegalStatus,
    Sex,
)
from ...models import Child
from ...services.children import MSG_POSTCODE


class ChildSerializer(serializers.ModelSerializer):
    """A child's record. Name and full postcode are for the owning borough's eyes only: staff of
    other boroughs with consortium-wide roles get null there."""

    id = uuid_field("public_id")
    borough = TextField(source="borough.ons_code", read_only=True)
    name = serializers.SerializerMethodField()
    home_postcode = serializers.SerializerMethodField()
    sex = CodeField(Sex.choices, read_only=True)
    primary_need = CodeField(NeedCode.choices, read_only=True)
    secondary_needs = serializers.ListField(child=CodeField(NeedCode.choices), read_only=True)
    legal_status = CodeField(LegalStatus.choices, read_only=True)
    anonymised_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The day the record was anonymised (ADR 10), or null. An anonymised record has "
        "no name, postcode or EHC plan dates, a reference of the form ANON-<number>, and as its "
        "date of birth the first day of the child's school-year cohort (1 September).",
    )

    class Meta:
        model = Child
        fields = [
            "id",
            "borough",
            "reference",
            "name",
            "date_of_birth",
            "national_curriculum_year",
            "sex",
            "home_postcode",
            "postcode_district",
            "primary_need",
            "secondary_needs",
            "ehcp_issued_on",
            "ehcp_last_review_on",
            "ehcp_next_review_on",
            "looked_after",
            "legal_status",
            "created_at",
            "anonymised_on",
        ]
        read_only_fields = fields

    def _owner_sees(self, child: Child) -> bool:
        request = self.context.get("request")
        return request is not None and request.user.borough_id == child.borough_id

    def get_name(self, child: Child) -> str | None:
        return child.name if self._owner_sees(child) else None

    def get_home_postcode(self, child: Child) -> str | None:
        return child.home_postcode if self._owner_sees(child) else None


class ChildInputSerializer(serializers.Serializer):
    """A child's record to add or change (PATCH: only what changes)."""

    reference = TextField(max_length=40, help_text="The borough's case reference.")
    name = TextField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField()
    sex = CodeField(Sex.choices)
    home_postcode = postcode_field(
        MSG_POSTCODE, max_length=10, help_text="A full postcode, like CR0 1NX."
    )
    primary_need = CodeField(NeedCode.choices, help_text="The SEN2 primary need.")
    secondary_needs = serializers.ListField(child=CodeField(NeedCode.choices), required=False)
    ehcp_issued_on = serializers.DateField(required=False, allow_null=True)
    ehcp_last_review_on = serializers.DateField(required=False, allow_null=True)
    ehcp_next_review_on = serializers.DateField(required=False, allow_null=True)
    looked_after = FlagField(required=False)
    legal_status = CodeField(
        LegalStatus.choices,
        required=False,
        allow_blank=True,
        help_text="SSDA903 legal status; required when looked after.",
    )
