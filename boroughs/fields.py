"""Fields boroughs gives every app's forms and API: upload fields (a document judged by
`boroughs.uploads` as it is cleaned, so a refused type shows beside the other errors; the
service that stores it judges it again) and the peer network's title and message."""

from django import forms
from rest_framework import serializers

from kernel.errors import DomainError

from . import uploads
from .threads import (
    BODY_MAX,
    MSG_ENTER_MESSAGE,
    MSG_ENTER_TITLE,
    MSG_MESSAGE_TOO_LONG,
    MSG_TITLE_TOO_LONG,
    TITLE_MAX,
)


class DocumentField(forms.FileField):
    """An uploaded document judged by `boroughs.uploads` as the form is cleaned, so a refused
    type shows beside the form's other errors. The service that stores it judges it again."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            try:
                uploads.accept_upload(uploaded)
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return uploaded


class DocumentUploadField(serializers.FileField):
    """An uploaded document judged by `boroughs.uploads` as the serializer validates, so a
    refused type is reported with the request's other errors. The service judges it again."""

    def to_internal_value(self, data):
        uploaded = super().to_internal_value(data)
        try:
            uploads.accept_upload(uploaded)
        except DomainError as error:
            raise serializers.ValidationError(error.message) from error
        return uploaded


# --- The peer network's text (threads, replies, provider notes) ---------------------------------

NO_CHILD_HINT = (
    "Do not identify a child: no names, references, dates of birth, pupil numbers or full "
    "postcodes."
)


def message_field(label: str, hint: str = NO_CHILD_HINT) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": MSG_ENTER_MESSAGE, "max_length": MSG_MESSAGE_TOO_LONG},
    )


def title_field() -> forms.CharField:
    return forms.CharField(
        label="Title",
        max_length=TITLE_MAX,
        error_messages={"required": MSG_ENTER_TITLE, "max_length": MSG_TITLE_TOO_LONG},
    )
