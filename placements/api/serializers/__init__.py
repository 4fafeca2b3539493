"""What the placements API shows and accepts. Output serializers read rows (placement rows come
annotated with their money by placements.selectors); input serializers only validate shapes and
resolve public ids: every write goes through placements.services.

Providers get their own serializers for invitations and placements: the child's needs, never who
the child is (no name, borough reference, date of birth or full postcode). Money is a decimal
string ("1520.00"), never a float.

The views import the serializers from here, whichever module of this package holds them.
"""

# One component for "a reason is required", however many services require one.
from kernel.api.serializers import RequiredReasonSerializer

from .agreements import (
    AgreementSerializer,
    FeeVariationInputSerializer,
    SignInputSerializer,
    VariationSerializer,
)
from .charges import ChargeQuerySerializer, ChargeSerializer
from .children import ChildInputSerializer, ChildSerializer
from .evaluation import EvaluationRowSerializer, EvaluationSerializer
from .invitations_questions import (
    AskSerializer,
    CouncilInvitationSerializer,
    DeclineSerializer,
    OfferInputSerializer,
    OfferQuestionSerializer,
    ProviderInvitationSerializer,
    QuestionAnswerSerializer,
    RateSerializer,
)
from .invoices import (
    CorrectionInputSerializer,
    InvoiceInputSerializer,
    InvoiceReasonSerializer,
    InvoiceSerializer,
    PaymentInputSerializer,
)
from .placements_savings import (
    CouncilPlacementSerializer,
    FeeChangeInputSerializer,
    PlacementEndSerializer,
    PlacementMoveSerializer,
    PlacementUpdateSerializer,
    ProviderPlacementSerializer,
    SavingsQuerySerializer,
    SavingsSerializer,
)
from .requests import (
    AwardSerializer,
    DecisionReasonSerializer,
    InviteSerializer,
    MatchSerializer,
    NoneSuitableSerializer,
    PlacementRequestSerializer,
    RequestCreateSerializer,
    RequestFieldsSerializer,
)

__all__ = [
    "AgreementSerializer",
    "AskSerializer",
    "AwardSerializer",
    "ChargeQuerySerializer",
    "ChargeSerializer",
    "ChildInputSerializer",
    "ChildSerializer",
    "CorrectionInputSerializer",
    "CouncilInvitationSerializer",
    "CouncilPlacementSerializer",
    "DecisionReasonSerializer",
    "DeclineSerializer",
    "EvaluationRowSerializer",
    "EvaluationSerializer",
    "FeeChangeInputSerializer",
    "FeeVariationInputSerializer",
    "InviteSerializer",
    "InvoiceInputSerializer",
    "InvoiceReasonSerializer",
    "InvoiceSerializer",
    "MatchSerializer",
    "NoneSuitableSerializer",
    "OfferInputSerializer",
    "OfferQuestionSerializer",
    "PaymentInputSerializer",
    "PlacementEndSerializer",
    "PlacementMoveSerializer",
    "PlacementRequestSerializer",
    "PlacementUpdateSerializer",
    "ProviderInvitationSerializer",
    "ProviderPlacementSerializer",
    "QuestionAnswerSerializer",
    "RateSerializer",
    "RequestCreateSerializer",
    "RequestFieldsSerializer",
    "RequiredReasonSerializer",
    "SavingsQuerySerializer",
    "SavingsSerializer",
    "SignInputSerializer",
    "VariationSerializer",
]
