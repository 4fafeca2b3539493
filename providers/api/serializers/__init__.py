"""What the DPS API shows and accepts. Output serializers read rows; input serializers only
validate shapes and resolve ids: every write goes through providers.services.

Rows are named by their public id (`id`); lots by their kind within a DPS (`iss_day`).
Money is a decimal string ("1650.50"), never a float.

The views import the serializers from here, whichever module of this package holds them.
"""

from .applications import (
    AnswerSerializer,
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ApplicationUpdateSerializer,
    ClarificationSerializer,
    EventSerializer,
    ExclusionSerializer,
    PriceLineInputSerializer,
    PriceLineSerializer,
    QuestionSerializer,
)
from .documents_enrolments import DocumentSerializer, DocumentUploadSerializer, EnrolmentSerializer
from .dps_providers import DPSSerializer, LotSerializer, ProviderSerializer, SettingSerializer
from .notes import NoteCreateSerializer, NoteSerializer
from .reasons import ReasonSerializer, RequiredReasonSerializer

__all__ = [
    "AnswerSerializer",
    "ApplicationCreateSerializer",
    "ApplicationSerializer",
    "ApplicationUpdateSerializer",
    "ClarificationSerializer",
    "DPSSerializer",
    "DocumentSerializer",
    "DocumentUploadSerializer",
    "EnrolmentSerializer",
    "EventSerializer",
    "ExclusionSerializer",
    "LotSerializer",
    "NoteCreateSerializer",
    "NoteSerializer",
    "PriceLineInputSerializer",
    "PriceLineSerializer",
    "ProviderSerializer",
    "QuestionSerializer",
    "ReasonSerializer",
    "RequiredReasonSerializer",
    "SettingSerializer",
]
