"""The form a borough uploads its SEN2 return with, to compare it with the portal."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import GovukFormMixin

MAX_RETURN_BYTES = 20_000_000
MSG_CHOOSE_FILE = "Select your SEN2 return"
MSG_TOO_LARGE = "The selected file must be smaller than 20 MB"


class Sen2ReturnForm(GovukFormMixin, forms.Form):
    submit_label = "Compare with the portal"

    file = forms.FileField(
        label="Your SEN2 return",
        help_text=(
            "The XML file your borough sends to the Department for Education, or a CSV with the "
            "columns of the portal's SEN2 extract. It is read to compare and not kept."
        ),
        error_messages={"required": MSG_CHOOSE_FILE, "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("file"), Submit("submit", self.submit_label))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_RETURN_BYTES:
            raise forms.ValidationError(MSG_TOO_LARGE)
        return uploaded
