"""What a user may do next to an agreement or a variation: asked of the policy and the state
machine together, so pages and the API never compare status strings to show a button."""

from __future__ import annotations

from boroughs import policy

from .choices import AgreementStatus, VariationKind, VariationStatus
from .workflow import (
    COMMISSIONER,
    PROVIDER,
    agreement_machine,
    variation_machine,
)

AGREEMENT_ACTIONS = {
    # action: (permission, target status, party)
    "sign": ("placements.sign_agreement", AgreementStatus.PROVIDER_SIGNED, PROVIDER),
    "countersign": ("placements.countersign_agreement", AgreementStatus.SIGNED, COMMISSIONER),
}


def agreement_actions(user, agreement) -> set[str]:
    machine = agreement_machine()
    return {
        action
        for action, (permission, to, party) in AGREEMENT_ACTIONS.items()
        if party in machine.allowed_parties(agreement.status, to)
        and policy.may(user, permission, agreement)
    }


def may_propose_variation(user, agreement) -> bool:
    placement = agreement.placement
    return placement.status == "active" and policy.may(
        user, "placements.propose_variation", agreement
    )


def variation_actions(user, variation) -> set[str]:
    machine = variation_machine()
    accept_to = (
        VariationStatus.PROVIDER_ACCEPTED
        if variation.kind == VariationKind.FEE_CHANGE
        else VariationStatus.ACKNOWLEDGED
    )
    actions = set()
    if PROVIDER in machine.allowed_parties(variation.status, accept_to) and policy.may(
        user, "placements.accept_variation", variation
    ):
        actions.add("accept")
    if COMMISSIONER in machine.allowed_parties(variation.status, VariationStatus.SIGNED) and (
        policy.may(user, "placements.sign_variation", variation)
    ):
        actions.add("sign")
    return actions
