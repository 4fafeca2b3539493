"""The form for a provider note of the peer network. It checks what was typed;
providers.services.notes decides what may be saved (a setting of another provider, or text that
identifies a child, is the service's refusal, shown at its field)."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from boroughs.fields import message_field, title_field
from kernel.forms import GovukFormMixin

from ..models import NoteCategory, Provider, Setting
from ..services.notes import MSG_SELECT_CATEGORY

MSG_SELECT_PROVIDER = "Select the provider the note is about"


class SettingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, setting: Setting) -> str:
        return f"{setting.name} ({setting.provider})"


class NoteForm(GovukFormMixin, forms.Form):
    submit_label = "Share the note"

    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        label="Provider",
        empty_label="Select a provider",
        to_field_name="public_id",
        error_messages={"required": MSG_SELECT_PROVIDER, "invalid_choice": MSG_SELECT_PROVIDER},
    )
    setting = SettingChoiceField(
        queryset=Setting.objects.none(),
        label="Setting (optional)",
        help_text="Choose one of the provider's settings if the note is about that setting only.",
        empty_label="The provider as a whole",
        to_field_name="public_id",
        required=False,
    )
    category = forms.ChoiceField(
        label="What is the note about?",
        choices=NoteCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_SELECT_CATEGORY, "invalid_choice": MSG_SELECT_CATEGORY},
    )
    title = title_field()
    body = message_field("Note")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.for_user(actor).order_by("legal_name")
        self.fields["setting"].queryset = (
            Setting.objects.for_user(actor)
            .filter(provider__isnull=False)
            .select_related("provider")
            .order_by("name")
        )
        self.helper.layout = Layout(
            Field.select("provider"),
            Field.select("setting"),
            Field.radios("category"),
            Field.text("title"),
            Field.textarea("body", rows=6),
            Submit("submit", self.submit_label),
        )
