"""Forms for provider groups: a parent company, a provider it owns, a dated finding about it.
They check what was typed; providers.services.groups decides what may be saved."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import CodeField, GovukDateField, GovukFormMixin

from ..models import GroupFlag, Provider

MSG_NAME = "Enter the parent company's name"
MSG_NUMBER = "Enter the parent company's Companies House number"
MSG_PROVIDER = "Select a provider"
MSG_KIND = "Select what the finding is about"
MSG_VALUE = "Select yes or no"


class GroupForm(GovukFormMixin, forms.Form):
    submit_label = "Record the group"

    name = forms.CharField(
        label="Parent company's name", max_length=200, error_messages={"required": MSG_NAME}
    )
    companies_house_number = CodeField(
        label="Parent company's Companies House number",
        help_text="The ultimate parent's number, for example 01234567 or SC123456.",
        max_length=8,
        error_messages={"required": MSG_NUMBER},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("companies_house_number", field_width=10),
            Submit("submit", self.submit_label),
        )


class MemberForm(GovukFormMixin, forms.Form):
    submit_label = "Add the provider"

    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        label="Provider owned by this group",
        empty_label="Select a provider",
        to_field_name="public_id",
        error_messages={"required": MSG_PROVIDER, "invalid_choice": MSG_PROVIDER},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = choices
        self.helper.layout = Layout(Field.select("provider"), Submit("submit", self.submit_label))


class FlagForm(GovukFormMixin, forms.Form):
    submit_label = "Record the finding"

    kind = forms.ChoiceField(
        label="What is the finding about?",
        choices=GroupFlag.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_KIND, "invalid_choice": MSG_KIND},
    )
    value = forms.TypedChoiceField(
        label="Does it apply to the group?",
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": MSG_VALUE, "invalid_choice": MSG_VALUE},
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="For example, DfE market oversight list, or the group's annual accounts.",
        error_messages={"required": "Enter where this finding comes from"},
    )
    as_of = GovukDateField(
        what="the date of the finding",
        label="Date of the finding",
        help_text="For example, 1 10 2026.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("kind"),
            Field.radios("value", inline=True),
            Field.text("source"),
            Field("as_of"),
            Submit("submit", self.submit_label),
        )
