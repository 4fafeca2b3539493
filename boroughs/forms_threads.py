"""Forms of the peer network's threads. They check what was typed; boroughs.threads decides what
may be saved (a text that identifies a child is the service's refusal, shown at its field)."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import GovukFormMixin

from .fields import message_field, title_field
from .models import ThreadTopic
from .threads import MSG_SELECT_TOPIC


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
