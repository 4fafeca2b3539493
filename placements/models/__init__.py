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
from .invoices import (
    BillingSettings,
    CostCentre,
    Invoice,
    InvoiceEvent,
    InvoiceExport,
    InvoiceLine,
    InvoiceQuerySet,
    InvoiceUpload,
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
    PriceBand,
    PriceBandSet,
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
from .terms import HALF_TERMS, TermDates, TermDatesQuerySet
from .variations import AgreementVariation, VariationEvent

__all__ = [
    "FEE_PARTS",
    "HALF_TERMS",
    "PENNY",
    "WEEKS_CHOICES",
    "AgreementDownload",
    "AgreementEvent",
    "AgreementSignature",
    "AgreementTemplate",
    "AgreementVariation",
    "BillingSettings",
    "BoroughOrProviderQuerySet",
    "Child",
    "ChildAccessLog",
    "ChildAccessLogQuerySet",
    "ChildHistoryQuerySet",
    "CostCentre",
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
    "Invoice",
    "InvoiceEvent",
    "InvoiceExport",
    "InvoiceLine",
    "InvoiceQuerySet",
    "InvoiceUpload",
    "Offer",
    "OfferQuerySet",
    "OfferQuestion",
    "Placement",
    "PlacementAgreement",
    "PlacementQuerySet",
    "PlacementRequest",
    "PriceBand",
    "PriceBandSet",
    "QuestionQuerySet",
    "RequestEvent",
    "RequestEventQuerySet",
    "RequestInvitation",
    "TermDates",
    "TermDatesQuerySet",
    "VariationEvent",
    "money_field",
    "national_curriculum_year",
    "started_q",
]
