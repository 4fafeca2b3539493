"""Upload fields for forms and the API: a document judged by `boroughs.uploads` as it is
cleaned, so a refused type shows beside the other errors. The service that stores it judges it
again."""

from django import forms
from rest_framework import serializers

from kernel.errors import DomainError

from . import uploads


class DocumentField(forms.FileField):
    """An uploaded document judged by `boroughs.uploads` as the form is cleaned, so a refused
    type shows beside the form's other errors. The service that stores it judges it again."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            try:
                uploads.accept_upload(uploaded)
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return uploaded


class DocumentUploadField(serializers.FileField):
    """An uploaded document judged by `boroughs.uploads` as the serializer validates, so a
    refused type is reported with the request's other errors. The service judges it again."""

    def to_internal_value(self, data):
        uploaded = super().to_internal_value(data)
        try:
            uploads.accept_upload(uploaded)
        except DomainError as error:
            raise serializers.ValidationError(error.message) from error
        return uploaded
