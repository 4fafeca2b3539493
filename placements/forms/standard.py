"""The Placements Data Standard's referral questions, as part of the request form.

The questions are built from the standard's field list (placements.standard.schema), so their
labels, options and which are required follow the list: a care request asks them all and
requires the 1..1 ones; a SEND request asks only the subset that applies to a school placement
(communication needs, specific communication requirements and additional support), optional.
The eleven risk codes (each "No known risk" or "Risk Present") are one list of checkboxes: a risk
left unticked is recorded as "No known risk", so every code is always answered.
"""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Fixed
from django import forms

from boroughs.choices import StrandKind

from ..standard.answers import (
    NO_RISK,
    RISK_PRESENT,
    is_risk_code,
    label_of,
    questions,
)
from ..standard.schema import is_many, is_required

PREFIX = "std_"
RISKS_FIELD = f"{PREFIX}risks_present"
SEND_SUBSET = frozenset(
    {"communicationNeeds", "specificCommunicationRequirements", "additionalSupport"}
)
YES, NO = "yes", "no"


def _form_field(field: dict) -> forms.Field:
    label, kind = label_of(field), field["type"]
    if kind == "Categorical" and is_many(field):
        return forms.MultipleChoiceField(
            label=label,
            choices=[(o, o) for o in field["options"]],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text="Select all that apply.",
        )
    if kind == "Categorical":
        return forms.ChoiceField(
            label=label,
            choices=[(o, o) for o in field["options"]],
            widget=forms.RadioSelect,
            required=False,
        )
    if kind == "Boolean":
        return forms.ChoiceField(
            label=label,
            choices=[(YES, "Yes"), (NO, "No")],
            widget=forms.RadioSelect,
            required=False,
        )
    if kind == "Integer":
        return forms.IntegerField(
            label=label,
            min_value=0,
            max_value=20,
            required=False,
            error_messages={"invalid": f"{label} must be a whole number, like 2"},
        )
    return forms.CharField(label=label, required=False, max_length=500)


class StandardQuestionsMixin:
    """Adds the standard's questions to a form; `standard_answers()` gives the JSON to store."""

    def add_standard_questions(self, kinds: set[str]) -> list:
        """Add the questions for the strands in `kinds`; answer the layout that shows them."""
        care = StrandKind.CARE in kinds
        layout, risks, risks_at = [], [], 0
        for entity, field in questions():
            if not care and field["name"] not in SEND_SUBSET:
                continue
            if is_risk_code(entity, field):
                risks_at = risks_at or len(layout)
                risks.append((field["name"], label_of(field)))
                continue
            name = PREFIX + field["name"]
            self.fields[name] = _form_field(field)
            widget = self.fields[name].widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                layout.append(Field.checkboxes(name, small=True))
            elif isinstance(widget, forms.RadioSelect):
                layout.append(Field.radios(name, small=True, inline=field["type"] == "Boolean"))
            elif field["type"] == "Integer":
                layout.append(Field.text(name, field_width=Fixed.TWO))
            else:
                layout.append(Field.text(name))
        if risks:
            self.fields[RISKS_FIELD] = forms.MultipleChoiceField(
                label="Which risks are present?",
                choices=risks,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text="Select every risk present. A risk not selected is recorded as no "
                "known risk.",
            )
            layout.insert(risks_at, Field.checkboxes(RISKS_FIELD, small=True))
        heading = (
            "Placements Data Standard (care placements; a SEND placement needs only the "
            "communication and additional support questions)"
            if care
            else "Communication and support (Placements Data Standard)"
        )
        return [HTML.heading("h2", "m", heading), *layout]

    def check_standard_answers(self, kind: str) -> None:
        """A care request must answer every 1..1 and 1..* question (added as field errors)."""
        if kind != StrandKind.CARE:
            return
        for entity, field in questions():
            name = PREFIX + field["name"]
            if is_risk_code(entity, field) or not is_required(field) or name not in self.fields:
                continue
            if self.cleaned_data.get(name) in (None, "", []):
                self.add_error(name, f"Answer: {label_of(field)}")

    def standard_answers(self, kind: str) -> dict:
        """The answers by entity and field name, as the standard spells them."""
        answers: dict[str, dict] = {}
        present = set(self.cleaned_data.get(RISKS_FIELD) or [])
        for entity, field in questions():
            name, key = PREFIX + field["name"], field["name"]
            if kind != StrandKind.CARE and key not in SEND_SUBSET:
                continue
            if is_risk_code(entity, field):
                if RISKS_FIELD in self.fields:
                    answers.setdefault(entity, {})[key] = (
                        RISK_PRESENT if key in present else NO_RISK
                    )
                continue
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if field["type"] == "Boolean":
                value = value == YES
            elif field["type"] == "String":
                value = value.strip()
            answers.setdefault(entity, {})[key] = value
        return answers

    @staticmethod
    def standard_initial(standard: dict) -> dict:
        """The form's initial answers from a request's stored `standard`."""
        initial, present = {}, []
        for entity, field in questions():
            value = (standard or {}).get(entity, {}).get(field["name"])
            if value is None:
                continue
            if is_risk_code(entity, field):
                if value == RISK_PRESENT:
                    present.append(field["name"])
            elif field["type"] == "Boolean":
                initial[PREFIX + field["name"]] = YES if value else NO
            else:
                initial[PREFIX + field["name"]] = value
        initial[RISKS_FIELD] = present
        return initial
