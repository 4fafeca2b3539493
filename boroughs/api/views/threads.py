"""The peer network's threads in the API, mounted at /api/v1/threads/.

Council staff of every member borough read them all and write; anyone else sees an empty list
and 404 for every thread (a provider's, or another consortium's, request finds nothing), and a
403 when trying to start one. Replies come with the thread; `POST threads/{id}/reply/` adds one.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kernel.api.base import ScopedViewSetMixin
from kernel.api.schema import NOT_FOUND, error_response

from ... import selectors, services
from ...models import Reply, Thread
from ..serializers import (
    ReplyCreateSerializer,
    ReplySerializer,
    ThreadCreateSerializer,
    ThreadDetailSerializer,
    ThreadSerializer,
)

INVALID = error_response("Invalid input, or text that identifies a child.")
FORBIDDEN = error_response("Only council staff of a member borough can post.")


@extend_schema_view(
    retrieve=extend_schema(responses={200: ThreadDetailSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        request=ThreadCreateSerializer,
        responses={201: ThreadDetailSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
)
class ThreadViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Peer network threads of your consortium, most recently active first. Council staff only."""

    action_rules = {
        "create": "boroughs.use_peer_network",
        "reply": "boroughs.reply_thread",
    }

    queryset = Thread.objects.none()
    serializer_class = ThreadSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    # Any id reaches the view (`0.5` too), so a malformed one is the API's JSON 404, not the
    # pages' HTML one: this router has no catch-all route.
    lookup_value_regex = "[^/]+"
    filterset_fields = ["topic"]

    def get_queryset(self):
        rows = selectors.thread_list(actor=self.request.user)
        if self.action == "retrieve":
            replies = Reply.objects.for_user(self.request.user).select_related("author", "borough")
            rows = rows.prefetch_related(Prefetch("replies", queryset=replies))
        return rows

    def get_serializer_class(self):
        return ThreadDetailSerializer if self.action == "retrieve" else ThreadSerializer

    def create(self, request, *args, **kwargs):
        incoming = ThreadCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        thread = services.thread_start(actor=request.user, **incoming.validated_data)
        shown = selectors.thread_list(actor=request.user).get(pk=thread.pk)
        return Response(ThreadDetailSerializer(shown).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reply to a thread",
        request=ReplyCreateSerializer,
        responses={201: ReplySerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, *args, **kwargs):
        thread = self.get_object()
        incoming = ReplyCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        reply = services.thread_reply(actor=request.user, thread=thread, **incoming.validated_data)
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)
