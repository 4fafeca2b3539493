"""Provider notes of the peer network in the API, at /api/v1/dps/notes/.

Council staff of every member borough list, read and add them. Anyone else sees an empty list
and 404 for every note (a provider never sees one, about itself or another), and 403 when
trying to add one. Text that identifies a child is a 400 at its field.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from boroughs.threads import require_peer_member
from kernel.api.base import ScopedViewSetMixin
from kernel.api.schema import NOT_FOUND, error_response

from ...models import ProviderNote
from ...selectors.notes import provider_note_list
from ...services.notes import provider_note_create
from ..serializers import NoteCreateSerializer, NoteSerializer

INVALID = error_response("Invalid input, or text that identifies a child.")
FORBIDDEN = error_response("Only council staff of a member borough can add.")


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
    selector = provider_note_list
    filterset_class = NoteFilter
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request, *args, **kwargs):
        require_peer_member(request.user)  # 403 before a provider learns which ids exist
        incoming = NoteCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = {"setting": None, **incoming.validated_data}
        note = provider_note_create(actor=request.user, **data)
        shown = provider_note_list(actor=request.user).get(pk=note.pk)
        return Response(NoteSerializer(shown).data, status=status.HTTP_201_CREATED)
