"""Provider notes of the peer network in the API, at /api/v1/dps/notes/.

Council staff of every member borough list, read and add them. Anyone else sees an empty list
and 404 for every note (a provider never sees one, about itself or another), and 403 when
trying to add one. Text that identifies a child is a 400 at its field.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from boroughs.threads import BODY_MAX, TITLE_MAX, require_peer_member
from kernel.api.base import ScopedSlugRelatedField, ScopedViewSetMixin
from kernel.api.fields import StrictModelFields, TextField
from kernel.api.schema import NOT_FOUND, error_response

from .. import notes
from ..models import NoteCategory, Provider, ProviderNote, Setting

INVALID = error_response("Invalid input, or text that identifies a child.")
FORBIDDEN = error_response("Only council staff of a member borough can add.")


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


class NoteFilter(django_filters.FilterSet):
    provider = django_filters.UUIDFilter(field_name="provider__public_id")

    class Meta:
        model = ProviderNote
        fields = ["provider", "category"]


@extend_schema_view(
    retrieve=extend_schema(responses={200: NoteSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        request=NoteCreateSerializer,
        responses={201: NoteSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
)
class ProviderNoteViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Notes member boroughs share about providers, newest first. Council staff only.

    Adding one emails the commissioners of the boroughs with children placed at the provider.
    """

    action_rules = {
        "create": "boroughs.use_peer_network",
    }

    queryset = ProviderNote.objects.none()
    serializer_class = NoteSerializer
    selector = notes.provider_note_list
    filterset_class = NoteFilter
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request, *args, **kwargs):
        require_peer_member(request.user)  # 403 before a provider learns which ids exist
        incoming = NoteCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = {"setting": None, **incoming.validated_data}
        note = notes.provider_note_create(actor=request.user, **data)
        shown = notes.provider_note_list(actor=request.user).get(pk=note.pk)
        return Response(NoteSerializer(shown).data, status=status.HTTP_201_CREATED)
