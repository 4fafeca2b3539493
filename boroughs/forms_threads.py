"""Forms of the peer network's threads. They check what was typed; boroughs.threads decides what
may be saved (a text that identifies a child is the service's refusal, shown at its field)."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import GovukFormMixin

from .models import ThreadTopic
from .threads import (
    BODY_MAX,
    MSG_ENTER_MESSAGE,
    MSG_ENTER_TITLE,
    MSG_MESSAGE_TOO_LONG,
    MSG_SELECT_TOPIC,
    MSG_TITLE_TOO_LONG,
    TITLE_MAX,
)

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


class ThreadForm(GovukFormMixin, forms.Form):
    submit_label = "Start the thread"

    topic = forms.ChoiceField(
        label="Topic",
        choices=ThreadTopic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_SELECT_TOPIC, "invalid_choice": MSG_SELECT_TOPIC},
    )
    title = title_field()
    body = message_field("Your message")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("topic"),
            Field.text("title"),
            Field.textarea("body", rows=6),
            Submit("submit", self.submit_label),
        )


class ReplyForm(GovukFormMixin, forms.Form):
    submit_label = "Post reply"

    body = message_field("Your reply")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("body", rows=5), Submit("submit", self.submit_label)
        )
