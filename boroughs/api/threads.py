"""The peer network's threads in the API, mounted at /api/v1/threads/.

Council staff of every member borough read them all and write; anyone else sees an empty list
and 404 for every thread (a provider's, or another consortium's, request finds nothing), and a
403 when trying to start one. Replies come with the thread; `POST threads/{id}/reply/` adds one.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kernel.api.base import ScopedViewSetMixin
from kernel.api.fields import TextField
from kernel.api.schema import NOT_FOUND, error_response

from .. import threads
from ..models import Reply, Thread, ThreadTopic
from ..threads import BODY_MAX, TITLE_MAX

INVALID = error_response("Invalid input, or text that identifies a child.")
FORBIDDEN = error_response("Only council staff of a member borough can post.")


class ReplySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    author = serializers.StringRelatedField()
    borough = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    borough_name = TextField(source="borough.name", read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "author", "borough", "borough_name", "body", "created_at"]


class ThreadSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    started_by = serializers.StringRelatedField()
    borough = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    borough_name = TextField(source="borough.name", read_only=True)
    reply_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "topic",
            "title",
            "body",
            "started_by",
            "borough",
            "borough_name",
            "created_at",
            "last_reply_at",
            "reply_count",
        ]


class ThreadDetailSerializer(ThreadSerializer):
    replies = ReplySerializer(many=True, read_only=True)

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "replies"]


class ThreadCreateSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(choices=ThreadTopic.choices)
    title = TextField(max_length=TITLE_MAX)
    body = TextField(max_length=BODY_MAX)


class ReplyCreateSerializer(serializers.Serializer):
    body = TextField(max_length=BODY_MAX)


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
        rows = threads.thread_list(actor=self.request.user)
        if self.action == "retrieve":
            replies = Reply.objects.for_user(self.request.user).select_related("author", "borough")
            rows = rows.prefetch_related(Prefetch("replies", queryset=replies))
        return rows

    def get_serializer_class(self):
        return ThreadDetailSerializer if self.action == "retrieve" else ThreadSerializer

    def create(self, request, *args, **kwargs):
        incoming = ThreadCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        thread = threads.thread_start(actor=request.user, **incoming.validated_data)
        shown = threads.thread_list(actor=request.user).get(pk=thread.pk)
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
        reply = threads.thread_reply(actor=request.user, thread=thread, **incoming.validated_data)
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)
