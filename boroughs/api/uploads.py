"""The API's upload field: a document judged by `boroughs.uploads` as the serializer validates."""

from rest_framework import serializers

from kernel.errors import DomainError

from .. import uploads


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
