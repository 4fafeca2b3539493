"""What the peer network's threads API shows and accepts. Writes go through
boroughs.services.threads, which checks the text again (a child must not be named)."""

from __future__ import annotations

from rest_framework import serializers

from kernel.api.fields import TextField

from ...models import Reply, Thread, ThreadTopic
from ...services.threads import BODY_MAX, TITLE_MAX


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
