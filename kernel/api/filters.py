"""Strict list filters and pages: a query the schema forbids is a 400, never a silent no-op.

django-filter reads `?status=` (empty), `?has_vacancies=maybe` or a filter given twice as no
filter at all, so a client's typo returns every row; DRF reads `?page=` as the first page.
The schema says a filter's value is one of its choices, a UUID, a boolean, and a page a whole
number from 1, so these refuse anything else with the documented 400 naming the parameter.
"""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

MSG_BLANK_FILTER = "Enter a value, or leave this filter out"
MSG_ONE_VALUE = "Give this filter once"
MSG_NOT_BOOLEAN = "Enter true or false"
MSG_BAD_PAGE = "Enter a page number: a whole number from 1"
BOOLEAN_VALUES = ("true", "false")


class StrictFilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, refusing a blank, repeated or non-boolean filter value."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = query_errors(request.query_params, filterset.filters)
            if errors:
                raise ValidationError(errors)
        return filterset


def query_errors(params, filters_by_name) -> dict[str, list[str]]:
    errors = {}
    for name, filter_ in filters_by_name.items():
        values = params.getlist(name)
        if not values:
            continue
        if len(values) > 1:
            errors[name] = [MSG_ONE_VALUE]
        elif not values[0].strip():
            errors[name] = [MSG_BLANK_FILTER]
        elif isinstance(filter_, filters.BooleanFilter) and values[0] not in BOOLEAN_VALUES:
            errors[name] = [MSG_NOT_BOOLEAN]
    return errors


MAX_ID = 2**31 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A row's whole-number id (a term's): django-filter's NumberFilter takes any decimal."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class StrictFilterExtension(DjangoFilterExtension):
    """Documents the strict backend's parameters as drf-spectacular does django-filter's."""

    target_class = "kernel.api.filters.StrictFilterBackend"


class StrictPageNumberPagination(pagination.PageNumberPagination):
    """DRF's pages, refusing a page that is not a whole number from 1 (a page past the end is
    still the documented 404)."""

    def paginate_queryset(self, queryset, request, view=None):
        values = request.query_params.getlist(self.page_query_param)
        if values and (len(values) > 1 or not _is_page_number(values[0])):
            raise ValidationError({self.page_query_param: [MSG_BAD_PAGE]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


def _is_page_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) >= 1


def query_data(request) -> dict[str, str]:
    """The query string as a plain dict for a query serializer, refusing a repeated parameter.

    A serializer reading a QueryDict takes `?on=` as "not given"; from a plain dict an empty
    value is validated like any other, so it is refused as the schema says it is.
    """
    params = request.query_params
    repeated = {name: [MSG_ONE_VALUE] for name in params if len(params.getlist(name)) > 1}
    if repeated:
        raise ValidationError(repeated)
    return params.dict()
