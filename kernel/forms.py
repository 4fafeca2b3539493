"""Forms in GOV.UK style (crispy-forms-gds), shared by every app's pages; wording follows the
Design System. The fields: dates as three boxes, references typed any old way, amounts in pounds,
and a plain choice among conditional radios."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, Size
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


class CodeField(forms.CharField):
    """A reference typed any old way (sc 123 456): upper case, spaces tidied before checking."""

    def __init__(self, *, keep_spaces: bool = False, **kwargs):
        self.keep_spaces = keep_spaces
        super().__init__(**kwargs)
        self.widget.attrs["spellcheck"] = "false"

    def to_python(self, value):
        words = super().to_python(value).upper().split()
        return " ".join(words) if self.keep_spaces else "".join(words)


class PoundsField(forms.DecimalField):
    """An amount in pounds that may be typed as £10,000,000."""

    widget = forms.TextInput  # GOV.UK advises against number inputs

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        super().__init__(
            label=label,
            required=required,
            min_value=Decimal("0"),
            max_digits=kwargs.pop("max_digits", 12),
            decimal_places=2,
            error_messages={
                "required": f"Enter {label[0].lower()}{label[1:]}",
                "invalid": f"{label} must be an amount in pounds, like 1500 or 1500.50",
                "min_value": f"{label} must be £0 or more",
                "max_digits": f"{label} is too large",
                "max_decimal_places": f"{label} must have no more than 2 decimal places",
                "max_whole_digits": f"{label} is too large",
            },
            **kwargs,
        )
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


class PlainChoice(ConditionalQuestion):
    """A choice among conditional radios that reveals nothing.

    crispy-forms-gds renders a plain choice with `aria-controls` naming a panel it never
    renders, which assistive technology (and axe) reports as broken ARIA.
    """

    template = "providers/forms/_plain_radio.html"
