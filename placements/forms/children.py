"""The child's record: who the borough commissions for, pseudonymised by its own reference."""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Fixed, Layout, Submit
from django import forms
from django.utils import timezone

from kernel.forms import GovukDateField, GovukFormMixin
from providers.choices import NeedCode

from ..choices import LegalStatus, Sex
from ..models import Child
from ..services.children import MSG_POSTCODE

MSG_BORN_IN_FUTURE = "The child's date of birth must be in the past"
EHC_DATES = ("ehcp_issued_on", "ehcp_last_review_on", "ehcp_next_review_on")


class ChildForm(GovukFormMixin, forms.Form):
    """Add or change a child; the service checks the postcode, the needs and the reference."""

    reference = forms.CharField(
        label="Borough reference",
        max_length=40,
        help_text="Your case reference, like CR-0042. Do not use the child's name.",
        error_messages={"required": "Enter your borough's reference for the child"},
    )
    name = forms.CharField(
        label="Name (optional)",
        max_length=150,
        required=False,
        help_text="Only your borough sees it. Providers and other boroughs never do.",
    )
    date_of_birth = GovukDateField(
        what="the child's date of birth", label="Date of birth", help_text="For example, 14 3 2016."
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex"},
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=10,
        help_text="Providers and other boroughs see only the first part, like CR0.",
        error_messages={"required": "Enter the child's home postcode", "max_length": MSG_POSTCODE},
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=[("", "Select the primary need"), *NeedCode.choices],
        help_text="As in the SEN2 return.",
        error_messages={"required": "Select the child's primary need"},
    )
    secondary_needs = forms.MultipleChoiceField(
        label="Secondary needs (optional)",
        choices=NeedCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    ehcp_issued_on = GovukDateField(
        what="the date the EHC plan was issued",
        label="EHC plan issued (optional)",
        required=False,
    )
    ehcp_last_review_on = GovukDateField(
        what="the date of the last annual review",
        label="Last annual review (optional)",
        required=False,
    )
    ehcp_next_review_on = GovukDateField(
        what="the date of the next annual review",
        label="Next annual review (optional)",
        required=False,
    )
    looked_after = forms.BooleanField(label="The child is looked after", required=False)
    legal_status = forms.ChoiceField(
        label="Legal status (if looked after)",
        choices=[("", "Not looked after"), *LegalStatus.choices],
        required=False,
    )

    def __init__(self, *args, is_new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("reference", field_width=Fixed.TWENTY),
            Field.text("name", autocomplete="off"),
            Field("date_of_birth"),
            Field.radios("sex", inline=True),
            Field.text("home_postcode", field_width=Fixed.TEN, autocomplete="off"),
            Field.select("primary_need"),
            Field.checkboxes("secondary_needs", small=True),
            # Section headings, not fieldsets: the date inputs are fieldsets themselves.
            HTML.heading("h2", "m", "Education, health and care plan"),
            Field("ehcp_issued_on"),
            Field("ehcp_last_review_on"),
            Field("ehcp_next_review_on"),
            HTML.heading("h2", "m", "Care"),
            Field.checkbox("looked_after"),
            Field.select("legal_status"),
            Submit("submit", "Add child" if is_new else "Save changes"),
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born >= timezone.localdate():
            raise forms.ValidationError(MSG_BORN_IN_FUTURE)
        return born

    @staticmethod
    def initial_for(child: Child) -> dict:
        return {name: getattr(child, name) for name in ChildForm.base_fields}

    def child_fields(self) -> dict:
        """The keyword arguments of services.child_save."""
        return dict(self.cleaned_data)
