"""Codes for children, requests, offers and placements (SEN2, SSDA903), in the commissioners' words."""

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class LegalStatus(models.TextChoices):
    """SSDA903 legal status of a looked-after child (the care strand)."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    V2 = "V2", "Single period of accommodation under section 20"
    E1 = "E1", "Placement order granted"
    L1 = "L1", "Under police protection"
    J1 = "J1", "Remanded to local authority accommodation"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for offers"
    EVALUATING = "evaluating", "Evaluating offers"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"
    NONE_SUITABLE = "none_suitable", "None suitable"


class Provision(models.TextChoices):
    DAY = "day", "Day"
    RESIDENTIAL = "residential", "Residential"


class NotMetReason(models.TextChoices):
    """Why mainstream and in-borough provision do not meet the need (mainstream first, local first)."""

    NEEDS_EXCEED_MAINSTREAM = (
        "needs_exceed_mainstream",
        "Needs cannot be met in mainstream, even with additional support",
    )
    NO_LOCAL_PLACE = "no_local_place", "No suitable place in the borough's own provision"
    SPECIALIST_THERAPY = "specialist_therapy", "Needs therapy on site that local provision lacks"
    WAKING_DAY = "waking_day", "Needs a waking-day curriculum or residential care"
    SAFEGUARDING = "safeguarding", "Safeguarding requires a placement away from home"
    TRIBUNAL = "tribunal", "A SEND Tribunal decision names this type of placement"
    OTHER = "other", "Another reason (explained below)"


class PhaseTransfer(models.TextChoices):
    NONE = "", "Not a phase transfer"
    EARLY_YEARS_TO_RECEPTION = "ey_reception", "Early years to reception"
    YEAR_6_TO_7 = "y6_y7", "Year 6 to Year 7"
    YEAR_11_TO_POST_16 = "y11_post16", "Year 11 to post-16"
    POST_19 = "post19", "Post-19"


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    OFFERED = "offered", "Offered"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    AWARDED = "awarded", "Awarded"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    NO_RESPONSE = "no_response", "No response"


class SufficiencyReason(models.TextChoices):
    """Why a need went unmet: a provider's decline, or a request closed as none suitable. The
    same codes both ways, so the sufficiency view can count them together."""

    NO_CAPACITY = "no_capacity", "No vacancy"
    CANNOT_MEET_NEED = "cannot_meet_need", "Cannot meet the need"
    LOCATION = "location", "Location"
    PRICE = "price", "Price"
    RISK = "risk", "Risk"
    OTHER = "other", "Other"


DeclineReason = SufficiencyReason  # a provider's decline gives one of the same codes


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class PlacementStage(models.TextChoices):
    """Where a placement stands on a given day: its status read against the calendar.

    An active placement whose start date is still to come is awarded, not yet active: it is not
    counted among active placements and has cost nothing to date.
    """

    AWARDED = "awarded", "Awarded"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class EndReason(models.TextChoices):
    """Why a placement ended: SSDA903 'reason episode ceased' codes, and what SEND adds."""

    X1 = "X1", "Moved to another placement (X1)"
    E4A = "E4A", "Returned home to parents (E4A)"
    E5 = "E5", "Moved to independent living with formal support (E5)"
    E7 = "E7", "Transferred to residential care funded by adult social care (E7)"
    E9 = "E9", "Sentenced to custody (E9)"
    E17 = "E17", "Aged 18 or over and stayed with current carers (E17)"
    E8 = "E8", "Ended for any other reason (E8)"
    PHASE_COMPLETE = "phase_complete", "Completed the phase or course"
    NEEDS_MET_LOCALLY = "needs_met_locally", "Needs now met in local provision"
    BREAKDOWN = "breakdown", "Placement breakdown"


class InvoiceStatus(models.TextChoices):
    """Where a provider's invoice stands (placements.workflow.INVOICE_TRANSITIONS)."""

    SUBMITTED = "submitted", "Submitted"
    MATCHED = "matched", "Matched"
    VARIANCE = "variance", "Variance"
    APPROVED = "approved", "Approved"
    QUERIED = "queried", "Queried"
    DISPUTED = "disputed", "Disputed"
    REPLACED = "replaced", "Replaced by a correction"
    PAID = "paid", "Paid"


class MatchKind(models.TextChoices):
    """How an invoice compares with the expected charge for its placement and period."""

    EXACT = "exact", "Exact"
    WITHIN_TOLERANCE = "within_tolerance", "Within tolerance"
    VARIANCE = "variance", "Variance"


class UploadStatus(models.TextChoices):
    """A provider's CSV of invoices read in the background."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class AgreementStatus(models.TextChoices):
    """An individual placement agreement: drafted at award, accepted by the provider, then
    counter-signed by the commissioner (placements.workflow)."""

    DRAFTED = "drafted", "Waiting for the provider to sign"
    PROVIDER_SIGNED = "provider_signed", "Waiting for the council to counter-sign"
    SIGNED = "signed", "Signed by both sides"


class VariationKind(models.TextChoices):
    FEE_CHANGE = "fee_change", "Fee change"
    MOVE = "move", "Move to another setting"
    END = "end", "End of the placement"


class VariationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed by the council"
    PROVIDER_ACCEPTED = "provider_accepted", "Accepted by the provider"
    SIGNED = "signed", "Signed by both sides"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the provider"


class SigningParty(models.TextChoices):
    PROVIDER = "provider", "Provider"
    COMMISSIONER = "commissioner", "Council"
