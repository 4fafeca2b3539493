"""Children (`children`), placement requests and invitations (`requests`), offers and their
evaluation (`offers`), placements and their fee history (`placements`), DfE's EHC plan
statistics (`reference`) and what they share (`common`). Every model is exported from here,
where Django and callers find them."""

from .agreements import (
    AgreementDownload,
    AgreementEvent,
    AgreementSignature,
    AgreementTemplate,
    PlacementAgreement,
)
from .children import (
    Child,
    ChildAccessLog,
    ChildAccessLogQuerySet,
    ChildHistoryQuerySet,
)
from .common import (
    PENNY,
    WEEKS_CHOICES,
    BoroughOrProviderQuerySet,
    money_field,
    national_curriculum_year,
)
from .offers import (
    FEE_PARTS,
    EvaluationRecord,
    EvaluationRecordQuerySet,
    FrozenRecord,
    Offer,
    OfferQuerySet,
    OfferQuestion,
    QuestionQuerySet,
)
from .placements import (
    FeeChange,
    FeeChangeQuerySet,
    Placement,
    PlacementQuerySet,
    started_q,
)
from .reference import (
    EhcPlanCount,
    EhcPlanNeed,
)
from .requests import (
    InvitationEvent,
    InvitationEventQuerySet,
    InvitationQuerySet,
    PlacementRequest,
    RequestEvent,
    RequestEventQuerySet,
    RequestInvitation,
)
from .variations import AgreementVariation, VariationEvent

__all__ = [
    "FEE_PARTS",
    "PENNY",
    "WEEKS_CHOICES",
    "AgreementDownload",
    "AgreementEvent",
    "AgreementSignature",
    "AgreementTemplate",
    "AgreementVariation",
    "BoroughOrProviderQuerySet",
    "Child",
    "ChildAccessLog",
    "ChildAccessLogQuerySet",
    "ChildHistoryQuerySet",
    "EhcPlanCount",
    "EhcPlanNeed",
    "EvaluationRecord",
    "EvaluationRecordQuerySet",
    "FeeChange",
    "FeeChangeQuerySet",
    "FrozenRecord",
    "InvitationEvent",
    "InvitationEventQuerySet",
    "InvitationQuerySet",
    "Offer",
    "OfferQuerySet",
    "OfferQuestion",
    "Placement",
    "PlacementAgreement",
    "PlacementQuerySet",
    "PlacementRequest",
    "QuestionQuerySet",
    "RequestEvent",
    "RequestEventQuerySet",
    "RequestInvitation",
    "VariationEvent",
    "money_field",
    "national_curriculum_year",
    "started_q",
]
