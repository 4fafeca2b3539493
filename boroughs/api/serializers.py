from rest_framework import serializers

from kernel.api.fields import TextField

from ..choices import BOROUGH_STAFF_ROLES, Role
from ..models import Borough, Invitation, Strand, User


class BoroughSerializer(serializers.ModelSerializer):
    consortium = TextField(source="consortium.name")
    is_lead = serializers.SerializerMethodField()
    strands = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Borough
        fields = ["ons_code", "dfe_la_code", "name", "consortium", "is_lead", "strands"]

    def get_is_lead(self, borough: Borough) -> bool:
        return borough.consortium.lead_borough_id == borough.pk


class StrandSerializer(serializers.ModelSerializer):
    boroughs = serializers.SlugRelatedField(slug_field="ons_code", many=True, read_only=True)

    class Meta:
        model = Strand
        fields = ["slug", "kind", "name", "description", "boroughs"]


class UserSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    borough = serializers.SlugRelatedField(slug_field="ons_code", read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "borough", "roles", "is_active"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)


class InvitationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    borough = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True)
    status = TextField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "borough", "role", "status", "invited_by", "created_at"]


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    borough = serializers.SlugRelatedField(
        slug_field="ons_code",
        queryset=Borough.objects.none(),
        help_text="The borough's ONS code, like E09000008.",
    )
    role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in Role if r in BOROUGH_STAFF_ROLES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["borough"].queryset = Borough.objects.for_user(request.user)
