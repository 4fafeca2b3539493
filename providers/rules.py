"""Who may act on the DPS: each action once, asked by services, the API and templates alike
(boroughs.policy).

Accreditation and enrolment decisions belong to the consortium that runs the DPS: only its
lead borough's commissioners and its admins review, and only its own applications, enrolments
and the evidence of providers that applied to it.
"""

from __future__ import annotations

import rules

from boroughs.choices import Role
from boroughs.policy import (
    actor_of,
    has_role,
    is_lead_borough,
    is_provider_user,
    of_consortium,
    of_provider,
    permission,
)

MSG_NOT_PROVIDER = "Only the provider's own users can do this"
MSG_NOT_REVIEWER = "Only lead-borough commissioners and consortium admins can review applications"
MSG_NOT_DPS_ADMIN = "Only the consortium's admins can change its dynamic purchasing systems"
MSG_NOT_CONFIRMER = "Only consortium admins can confirm company details"
MSG_ONLY_PROVIDER_ADMINS = "Only your organisation's administrators can invite colleagues"
MSG_STAFF_CANNOT_REGISTER = "Council staff cannot register a provider organisation"

is_admin = has_role(Role.CONSORTIUM_ADMIN)
# Accreditation is run by the lead borough's commissioners and the consortium's admins.
is_reviewer = is_admin | (has_role(Role.COMMISSIONER) & is_lead_borough)


@rules.predicate
def is_provider_admin(user) -> bool:
    return actor_of(user).is_provider_admin


@rules.predicate
def has_no_organisation(user) -> bool:
    """Someone who signed up and has neither a borough nor a provider yet."""
    return user.is_authenticated and user.borough_id is None and not actor_of(user).is_provider


@rules.predicate
def applied_to_consortium(user, provider) -> bool:
    """The provider has applied (drafts too) to a DPS of the user's consortium."""
    actor = actor_of(user)
    return (
        actor.is_council
        and provider.applications.filter(dps__consortium_id=actor.consortium_id).exists()
    )


own_provider = of_provider(lambda provider: provider.pk)
own_setting = of_provider(lambda setting: setting.provider_id)
own_application = of_provider(lambda application: application.provider_id)
own_document = of_provider(lambda document: document.provider_id)
application_of_consortium = of_consortium(lambda application: application.dps.consortium_id)
enrolment_of_consortium = of_consortium(lambda enrolment: enrolment.lot.dps.consortium_id)
dps_of_consortium = of_consortium(lambda dps: dps.consortium_id)


@rules.predicate
def document_of_applicant(user, document) -> bool:
    return applied_to_consortium(user, document.provider)


# Registration and the provider's own records.
permission("providers.add_provider", has_no_organisation, MSG_STAFF_CANNOT_REGISTER)
permission(
    "providers.change_provider",
    own_provider | (is_admin & applied_to_consortium),
    MSG_NOT_PROVIDER,
)
permission("providers.confirm_provider", is_admin & applied_to_consortium, MSG_NOT_CONFIRMER)
permission("providers.add_setting", is_provider_user, MSG_NOT_PROVIDER)
permission("providers.change_setting", own_setting, MSG_NOT_PROVIDER)
permission("providers.invite_colleague", is_provider_admin, MSG_ONLY_PROVIDER_ADMINS)

# Applications: the provider writes them; the consortium's reviewers decide them.
permission("providers.add_application", is_provider_user, MSG_NOT_PROVIDER)
permission("providers.change_application", own_application, MSG_NOT_PROVIDER)
permission(
    "providers.answer_clarification",
    of_provider(lambda clarification: clarification.application.provider_id),
    MSG_NOT_PROVIDER,
)
permission(
    "providers.review_application", is_reviewer & application_of_consortium, MSG_NOT_REVIEWER
)
permission("providers.decide_enrolment", is_reviewer & enrolment_of_consortium, MSG_NOT_REVIEWER)
permission("providers.accept_evidence", is_reviewer & document_of_applicant, MSG_NOT_REVIEWER)
permission(
    "providers.read_document",
    own_document | (has_role(Role.COMMISSIONER, Role.CONSORTIUM_ADMIN) & document_of_applicant),
)

# The DPS itself: its consortium's admins.
permission("providers.change_dps", is_admin & dps_of_consortium, MSG_NOT_DPS_ADMIN)

# Provider groups: the consortium's admins record them.
MSG_NOT_GROUP_ADMIN = "Only the consortium's admins can record provider groups"
group_of_consortium = of_consortium(lambda group: group.consortium_id)
permission("providers.add_providergroup", is_admin, MSG_NOT_GROUP_ADMIN)
permission("providers.change_providergroup", is_admin & group_of_consortium, MSG_NOT_GROUP_ADMIN)
