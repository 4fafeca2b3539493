"""An application's refusals answer the same on the review screen as in the API
(kernel.refusals), and the screen offers exactly the decisions its state machine gives the
reviewer (kernel.workflow)."""

from itertools import product

import pytest
from django.db import transaction
from django.urls import reverse

from kernel.errors import DomainError
from kernel.workflow import transition
from providers import services
from providers.choices import ApplicationStatus
from providers.models import Application, ApplicationEvent
from providers.views.review import review_actions
from providers.workflow import PROVIDER, REVIEWER, SYSTEM, application_machine

from .conftest import details_confirmed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

API = "/api/v1/dps"
FORMS = {
    "start": "review_start",
    "clarify": "review_clarify",
    "accredit": "review_accredit",
    "reject": "review_reject",
}


def review_url(application, name="review"):
    return reverse(f"providers:{name}", kwargs={"public_id": application.public_id})


def test_accrediting_an_accredited_application_is_409_on_the_page_and_in_the_api(
    client_for, api_for, reviewer, accredited_application
):
    confirm = {"accredit-reason": "Again", "confirm": "yes"}
    page = client_for(reviewer).post(review_url(accredited_application, "review_accredit"), confirm)
    check = client_for(reviewer).post(
        review_url(accredited_application, "review_accredit"), {"accredit-reason": "Again"}
    )
    api = api_for(reviewer).post(
        f"{API}/applications/{accredited_application.public_id}/accredit/",
        {"reason": "Again"},
        format="json",
    )

    assert (page.status_code, check.status_code, api.status_code) == (409, 409, 409)
    message = "This cannot be done while the application is accredited"
    assert message in page.text and message in check.text
    assert api.json() == {"detail": message}
    accredited = ApplicationEvent.objects.filter(to_status=ApplicationStatus.ACCREDITED)
    assert accredited.count() == 1


def test_a_provider_starting_the_review_of_its_own_application_is_403_on_both(
    client_for, api_for, provider_alice, submitted_application
):
    page = client_for(provider_alice).post(review_url(submitted_application, "review_start"))
    api = api_for(provider_alice).post(
        f"{API}/applications/{submitted_application.public_id}/start-review/", format="json"
    )

    assert (page.status_code, api.status_code) == (403, 403)
    assert Application.objects.get(pk=submitted_application.pk).status == "submitted"


def test_a_missing_reason_stays_a_form_error_on_the_page(client_for, reviewer, review_application):
    response = client_for(reviewer).post(
        review_url(review_application, "review_reject"), {"reject-reason": " "}
    )
    assert response.status_code == 200
    assert services.MSG_REASON_REQUIRED in response.text


def _shown(page: str, application) -> set[str]:
    return {name for name, form in FORMS.items() if review_url(application, form) in page}


def test_the_review_screen_offers_exactly_the_decisions_the_machine_allows(
    client_for, reviewer, provider_alice, submitted_application
):
    client = client_for(reviewer)
    application = submitted_application
    seen = {}
    for step in ("submitted", "under_review", "clarification_requested", "accredited"):
        if step == "under_review":
            services.application_start_review(actor=reviewer, application=application)
        elif step == "clarification_requested":
            services.clarification_request(
                actor=reviewer, application=application, question="Which therapies?"
            )
        elif step == "accredited":
            services.clarification_answer(
                actor=provider_alice,
                clarification=application.clarifications.get(),
                answer="Speech and language",
            )
            details_confirmed(application)
            services.application_accredit(actor=reviewer, application=application, reason="Good")
        application.refresh_from_db()
        assert application.status == step
        offered = review_actions(reviewer, application)
        assert _shown(client.get(review_url(application)).text, application) == offered
        seen[step] = offered

    assert seen == {
        "submitted": {"start"},
        "under_review": {"clarify", "accredit", "reject"},
        "clarification_requested": frozenset(),
        "accredited": frozenset(),
    }


@pytest.mark.parametrize(
    "source,party", list(product(ApplicationStatus.values, (PROVIDER, REVIEWER, SYSTEM)))
)
def test_allowed_is_exactly_the_moves_a_transition_would_make(source, party, draft_application):
    machine = application_machine()
    Application.objects.filter(pk=draft_application.pk).update(status=source)
    draft_application.refresh_from_db()
    allowed = machine.allowed(draft_application, party)
    made = set()
    for target in ApplicationStatus.values:
        try:
            with transaction.atomic():
                transition(machine, draft_application, to=target, party=party)
                made.add(target)
                transaction.set_rollback(True)
        except DomainError:
            pass
        draft_application.status = source
    assert allowed == made
