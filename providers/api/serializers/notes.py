"""What the DPS API shows of a provider note, and what it accepts to add one."""

from __future__ import annotations

from rest_framework import serializers

from boroughs.threads import BODY_MAX, TITLE_MAX
from kernel.api.base import ScopedSlugRelatedField
from kernel.api.fields import StrictModelFields, TextField

from ...models import NoteCategory, Provider, ProviderNote, Setting


class NoteSerializer(StrictModelFields, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = serializers.UUIDField(source="provider.public_id", read_only=True)
    provider_name = TextField(source="provider.__str__", read_only=True)
    setting = serializers.UUIDField(source="setting.public_id", read_only=True, allow_null=True)
    setting_name = TextField(source="setting.name", read_only=True, allow_null=True)
    borough = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    borough_name = TextField(source="borough.name", read_only=True)
    author = serializers.StringRelatedField()

    class Meta:
        model = ProviderNote
        fields = [
            "id",
            "provider",
            "provider_name",
            "setting",
            "setting_name",
            "category",
            "title",
            "body",
            "borough",
            "borough_name",
            "author",
            "created_at",
        ]


class NoteCreateSerializer(serializers.Serializer):
    # Only council staff get this far (see `create`), and they may read every provider.
    provider = ScopedSlugRelatedField(Provider, slug_field="public_id")
    setting = ScopedSlugRelatedField(
        Setting, slug_field="public_id", required=False, allow_null=True
    )
    category = serializers.ChoiceField(choices=NoteCategory.choices)
    title = TextField(max_length=TITLE_MAX)
    body = TextField(max_length=BODY_MAX)
