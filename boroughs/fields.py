"""Fields boroughs gives every app's forms and API: upload fields (a document judged by
`boroughs.uploads` as it is cleaned, so a refused type shows beside the other errors; the
service that stores it judges it again) and the peer network's title and message."""

from django import forms
from rest_framework import serializers

from kernel.errors import DomainError

from . import uploads
from .services.threads import (
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


def text_upload_problem(uploaded, *, not_text: str, max_bytes: int | None = None) -> str | None:
    """What is wrong with an uploaded text file (a CSV, an XML return): larger than `max_bytes`
    or, by default, than any upload may be (`uploads.MAX_UPLOAD_BYTES`, which the request's own
    cap allows), binary (a spreadsheet, a PDF, NUL bytes) or not UTF-8 (a byte-order mark
    allowed). The file is left rewound."""
    if max_bytes is not None and uploaded.size > max_bytes:
        return f"The selected file must be smaller than {max_bytes // 1_000_000}MB"
    if uploaded.size > uploads.MAX_UPLOAD_BYTES:
        return uploads.MSG_FILE_SIZE
    uploaded.seek(0)
    head = uploaded.read(65_536)
    uploaded.seek(0)
    if b"\0" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        return not_text
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            return not_text
    return None


class CsvUploadField(forms.FileField):
    """An uploaded CSV file: text in UTF-8 (a byte-order mark allowed), no NUL bytes, no larger
    than `max_bytes` (or any upload's limit). Judged as the form is cleaned; the file is handed on rewound, and the
    service that reads it names any bad row. `not_text` is the message for a file that is not
    text (another text format, like an XML return, says so)."""

    MSG_NOT_CSV = "The selected file must be a CSV file saved as UTF-8"

    def __init__(self, *, not_text: str = MSG_NOT_CSV, max_bytes: int | None = None, **kwargs):
        self.not_text, self.max_bytes = not_text, max_bytes
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return uploaded
        problem = text_upload_problem(uploaded, not_text=self.not_text, max_bytes=self.max_bytes)
        if problem:
            raise forms.ValidationError(problem)
        return uploaded


class TextUploadField(serializers.FileField):
    """The API's CsvUploadField: an uploaded text file judged the same way as the body is
    validated, so a refused file is named with the request's other errors."""

    def __init__(self, *, not_text: str, max_bytes: int | None = None, **kwargs):
        self.not_text, self.max_bytes = not_text, max_bytes
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        uploaded = super().to_internal_value(data)
        problem = text_upload_problem(uploaded, not_text=self.not_text, max_bytes=self.max_bytes)
        if problem:
            raise serializers.ValidationError(problem)
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
