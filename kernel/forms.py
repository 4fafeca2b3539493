"""Forms in GOV.UK style (crispy-forms-gds), shared by every app's pages; wording follows the
Design System."""

from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms


class GovukFormMixin:
    """Gives a form the GOV.UK layout: fields in order, one primary button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose messages name the date being asked for.

    The error summary links to the day box (`error_anchor`), the first of the three inputs.
    """

    error_anchor = "_0"

    def __init__(self, *, what: str, required: bool = True, **kwargs):
        super().__init__(required=required, require_all_fields=False, **kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter {what}"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must be a real date"
            ) from error
