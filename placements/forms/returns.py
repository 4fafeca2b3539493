"""The form a borough uploads its SEN2 return with, to compare it with the portal."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from boroughs.fields import CsvUploadField
from kernel.forms import GovukFormMixin

from ..returns.upload import MSG_CHOOSE_FILE, MSG_NOT_TEXT


def return_file_field() -> CsvUploadField:
    return CsvUploadField(
        label="Your SEN2 return",
        help_text=(
            "The XML file your borough sends to the Department for Education, or a CSV with the "
            "columns of the portal's SEN2 extract. It is read to compare and not kept."
        ),
        not_text=MSG_NOT_TEXT,
        error_messages={"required": MSG_CHOOSE_FILE, "empty": "The selected file is empty"},
    )


class Sen2ReturnForm(GovukFormMixin, forms.Form):
    submit_label = "Compare with the portal"

    file = return_file_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("file"), Submit("submit", self.submit_label))
