"""Writes for placements: each service is one transaction; emails go out after commit."""

from .agreements import (
    agreement_countersign,
    agreement_download,
    agreement_render,
    agreement_sign,
    agreement_template_create,
    agreement_template_current,
)
from .children import child_save
from .invoices import (
    Line,
    invoice_approve,
    invoice_correct,
    invoice_dispute,
    invoice_mark_paid,
    invoice_query,
    invoice_submit,
)
from .offers import (
    offer_check,
    offer_decline,
    offer_rate,
    offer_submit,
    offer_withdraw,
    question_answer,
    question_ask,
)
from .placements import (
    award_check,
    placement_end,
    placement_fee_change,
    placement_move,
    placement_update,
    request_award,
)
from .requests import (
    request_cancel,
    request_close,
    request_create,
    request_invite,
    request_none_suitable,
    request_problems,
    request_update,
    requests_close_expired,
)
from .variations import variation_accept, variation_propose_fee, variation_sign

__all__ = [
    "Line",
    "agreement_countersign",
    "agreement_download",
    "agreement_render",
    "agreement_sign",
    "agreement_template_create",
    "agreement_template_current",
    "award_check",
    "child_save",
    "invoice_approve",
    "invoice_correct",
    "invoice_dispute",
    "invoice_mark_paid",
    "invoice_query",
    "invoice_submit",
    "offer_check",
    "offer_decline",
    "offer_rate",
    "offer_submit",
    "offer_withdraw",
    "placement_end",
    "placement_fee_change",
    "placement_move",
    "placement_update",
    "question_answer",
    "question_ask",
    "request_award",
    "request_cancel",
    "request_close",
    "request_create",
    "request_invite",
    "request_none_suitable",
    "request_problems",
    "request_update",
    "requests_close_expired",
    "variation_accept",
    "variation_propose_fee",
    "variation_sign",
]
