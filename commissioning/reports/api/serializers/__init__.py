"""What the reports API shows and accepts; the views import the serializers from here."""

from .runs import ReportRunRequestSerializer, ReportRunSerializer

__all__ = ["ReportRunRequestSerializer", "ReportRunSerializer"]
