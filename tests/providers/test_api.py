"""The DPS API at /api/v1/dps/: scoping, the whole accreditation journey, errors, money."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from providers import services
from providers.choices import REQUIRED_EVIDENCE, Declaration, EvidenceType, ExclusionGround
from providers.models import Application, DocumentDownload, Enrolment, Provider

from .conftest import PDF, complete_draft, details_confirmed, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

API = "/api/v1/dps"
LISTS = [
    "dps",
    "providers",
    "settings",
    "applications",
    "documents",
    "clarifications",
    "enrolments",
]


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def in_a_year() -> str:
    return (timezone.localdate() + timedelta(days=365)).isoformat()


# --- Who sees what -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_requests_are_refused(client, name):
    response = client.get(f"{API}/{name}/")
    assert response.status_code == 401


def test_an_unknown_path_under_the_api_answers_json_404(api_for, provider_olly):
    response = api_for(provider_olly).post(f"{API}/applications/0.5/submit/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_another_provider_sees_none_of_the_first_ones_rows(
    api_for, provider_olly, draft_application, setting
):
    api = api_for(provider_olly)
    document = draft_application.documents.first()
    for name, row in [
        ("applications", draft_application),
        ("settings", setting),
        ("documents", document),
        ("providers", draft_application.provider),
    ]:
        assert str(row.public_id) not in ids(api.get(f"{API}/{name}/")), name
        assert api.get(f"{API}/{name}/{row.public_id}/").status_code == 404, name
    assert api.get(f"{API}/documents/{document.public_id}/download/").status_code == 404
    assert not DocumentDownload.objects.exists()


def test_a_provider_sees_its_own_organisation_only(api_for, provider_alice, provider_olly):
    rows = api_for(provider_alice).get(f"{API}/providers/").json()["results"]
    assert [row["legal_name"] for row in rows] == ["Bright Futures Education Limited"]


def test_council_staff_list_every_providers_applications(
    api_for, charlie, draft_application, provider_olly, dps
):
    olly_application = services.application_start(actor=provider_olly, dps=dps)
    listed = ids(api_for(charlie).get(f"{API}/applications/"))
    assert set(listed) == {str(draft_application.public_id), str(olly_application.public_id)}
    providers = api_for(charlie).get(f"{API}/providers/").json()["results"]
    listed = {row["legal_name"] for row in providers}
    assert listed == set(Provider.objects.values_list("legal_name", flat=True))
    assert {"Bright Futures Education Limited", "Other Schools Limited"} <= listed


def test_a_borough_analyst_sees_applications_but_not_their_evidence(
    api_for, bromley_analyst, draft_application
):
    api = api_for(bromley_analyst)
    document = draft_application.documents.first()
    assert ids(api.get(f"{API}/applications/")) == [str(draft_application.public_id)]
    assert ids(api.get(f"{API}/documents/")) == []
    assert api.get(f"{API}/documents/{document.public_id}/").status_code == 404
    assert api.get(f"{API}/documents/{document.public_id}/download/").status_code == 404


def test_every_provider_sees_the_dps_and_its_lots(api_for, provider_olly, dps):
    rows = api_for(provider_olly).get(f"{API}/dps/").json()["results"]
    send = next(row for row in rows if row["id"] == str(dps.public_id))
    assert send["lots"][0] == {
        "number": 1,
        "kind": "iss_day",
        "name": "Independent special school: day",
        "description": "",
    }


def test_the_application_list_costs_the_same_queries_for_more_rows(
    api_for, charlie, draft_application, provider_olly, dps, django_assert_max_num_queries
):
    api = api_for(charlie)
    with django_assert_max_num_queries(20) as one:
        api.get(f"{API}/applications/")
    for _ in range(3):
        services.application_start(actor=provider_olly, dps=dps)
    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get(f"{API}/applications/")


# --- Settings -----------------------------------------------------------------------------------


def test_a_provider_adds_a_setting_and_changes_it(api_for, provider_alice):
    api = api_for(provider_alice)
    response = api.post(
        f"{API}/settings/",
        {"name": "Riverside House", "urn": "149002", "needs": ["SEMH"], "weeks_offered": [52]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["needs"] == ["SEMH"]
    assert created["provider"] == str(provider_alice.provider_membership.provider.public_id)
    changed = api.patch(f"{API}/settings/{created['id']}/", {"vacancies": 2}, format="json")
    assert changed.status_code == 200
    assert changed.json()["vacancies"] == 2


def test_council_staff_cannot_add_a_setting(api_for, charlie):
    response = api_for(charlie).post(f"{API}/settings/", {"name": "Anywhere"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the provider's own users can do this"}


def test_a_setting_with_a_bad_urn_is_refused_naming_the_field(api_for, provider_alice):
    response = api_for(provider_alice).post(
        f"{API}/settings/", {"name": "Riverside House", "urn": "12"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"urn": ["Enter a 6-digit URN, like 101234"]}


def test_settings_filter_by_need_vacancies_type_and_lot(
    api_for, charlie, setting, accredited_application, provider_olly
):
    services.setting_save(
        actor=provider_olly,
        name="Hillside College",
        establishment_type="32",
        needs=["SEMH"],
        vacancies=0,
    )
    api = api_for(charlie)

    def names(query):
        response = api.get(f"{API}/settings/?{query}")
        assert response.status_code == 200, response.json()
        return [row["name"] for row in response.json()["results"] if row["provider"]]

    assert names("need=ASD") == ["Bright Futures School"]
    assert names("need=SEMH") == ["Hillside College"]
    assert names("has_vacancies=true") == ["Bright Futures School"]
    assert names("establishment_type=32") == ["Hillside College"]
    assert names("lot=iss_day") == ["Bright Futures School"]
    assert api.get(f"{API}/settings/?need=NOPE").status_code == 400
    detail = api.get(f"{API}/settings/{setting.public_id}/").json()
    assert detail["enrolled_lots"] == ["iss_day"]


# --- The journey ---------------------------------------------------------------------------------


def test_a_provider_applies_and_a_reviewer_accredits_through_the_api(
    api_for, provider_alice, reviewer, dps, setting, day_lot
):
    provider, staff = api_for(provider_alice), api_for(reviewer)

    started = provider.post(f"{API}/applications/", {"dps": str(dps.public_id)}, format="json")
    assert started.status_code == 201, started.json()
    url = f"{API}/applications/{started.json()['id']}"
    assert started.json()["status"] == "draft"

    patched = provider.patch(
        f"{url}/",
        {
            "lots": ["iss_day"],
            "settings": [str(setting.public_id)],
            "employers_liability_cover": "10000000.00",
            "public_liability_cover": "5000000",
            "exclusions": [{"ground": g.value, "applies": False} for g in ExclusionGround],
            "declarations": [d.value for d in Declaration],
        },
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["lots"] == ["iss_day"]
    assert patched.json()["public_liability_cover"] == "5000000.00"

    for evidence in REQUIRED_EVIDENCE:
        body = {"evidence_type": evidence.value, "file": pdf(f"{evidence.value}.pdf")}
        if evidence in (EvidenceType.EMPLOYERS_LIABILITY, EvidenceType.PUBLIC_LIABILITY):
            body["expires_on"] = in_a_year()
        uploaded = provider.post(f"{url}/documents/", body, format="multipart")
        assert uploaded.status_code == 201, uploaded.json()
    assert len(provider.get(f"{url}/documents/").json()) == len(REQUIRED_EVIDENCE)

    priced = provider.post(
        f"{url}/prices/",
        {
            "setting": str(setting.public_id),
            "lot": "iss_day",
            "education": "1200.00",
            "therapies": "150.50",
            "one_to_one": "300",
            "weeks_per_year": 38,
        },
        format="json",
    )
    assert priced.status_code == 201, priced.json()
    assert priced.json()["weekly_ceiling"] == "1650.50"
    assert priced.json()["annual_ceiling"] == "62719.00"

    submitted = provider.post(f"{url}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"

    assert staff.post(f"{url}/start-review/").json()["status"] == "under_review"
    asked = staff.post(
        f"{url}/request-clarification/", {"question": "Which therapies?"}, format="json"
    )
    assert asked.json()["status"] == "clarification_requested"
    question = asked.json()["clarifications"][0]

    answered = provider.post(
        f"{API}/clarifications/{question['id']}/answer/", {"answer": "Speech and OT"}, format="json"
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["answer"] == "Speech and OT"
    assert provider.get(f"{url}/").json()["status"] == "under_review"

    refused = staff.post(f"{url}/accredit/", {"reason": "All checks passed"}, format="json")
    assert refused.status_code == 409  # company details not yet confirmed
    assert "company details" in refused.json()["detail"]
    details_confirmed(Application.objects.get(public_id=started.json()["id"]))
    accredited = staff.post(f"{url}/accredit/", {"reason": "All checks passed"}, format="json")
    assert accredited.status_code == 200, accredited.json()
    assert [e["to_status"] for e in accredited.json()["events"]] == [
        "submitted",
        "under_review",
        "clarification_requested",
        "under_review",
        "accredited",
    ]

    enrolments = provider.get(f"{API}/enrolments/?lot=iss_day&status=enrolled").json()["results"]
    assert [(e["setting_name"], e["lot"], e["weekly_ceiling"]) for e in enrolments] == [
        ("Bright Futures School", "iss_day", "1650.50")
    ]


def test_money_is_given_as_decimal_strings(api_for, provider_alice, draft_application):
    row = api_for(provider_alice).get(f"{API}/applications/{draft_application.public_id}/").json()
    assert row["employers_liability_cover"] == "10000000.00"
    assert row["prices"][0]["education"] == "1200.00"
    assert row["prices"][0]["therapies"] == "150.50"
    assert row["prices"][0]["weekly_ceiling"] == "1650.50"


def test_setting_a_price_again_replaces_it(api_for, provider_alice, draft_application, setting):
    response = api_for(provider_alice).post(
        f"{API}/applications/{draft_application.public_id}/prices/",
        {"setting": str(setting.public_id), "lot": "iss_day", "care": "99.99", "education": "1"}
        | {"weeks_per_year": 52},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["weekly_ceiling"] == "100.99"  # the parts left out are now £0


def test_an_incomplete_draft_lists_every_problem_on_submit(api_for, provider_alice, dps):
    draft = services.application_start(actor=provider_alice, dps=dps)
    response = api_for(provider_alice).post(f"{API}/applications/{draft.public_id}/submit/")
    assert response.status_code == 409
    problems = response.json()
    assert problems["lots"] == ["Select at least one lot"]
    assert problems["settings"] == ["Select at least one setting"]
    assert problems["declarations"] == ["Confirm every declaration"]
    assert problems["public_liability_cover"] == ["Enter your public liability cover in pounds"]
    assert problems["documents"] == [
        "Upload your employer's liability insurance",
        "Upload your public liability insurance",
        "Upload your safeguarding policy",
        "Upload your dbs policy",
        "Upload your latest accounts",
    ]
    assert problems["exclusion_fraud"] == ["Answer the question about fraud"]


def test_an_illegal_transition_answers_409(api_for, reviewer, draft_application):
    response = api_for(reviewer).post(
        f"{API}/applications/{draft_application.public_id}/accredit/", {}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "This cannot be done while the application is draft"}


def test_a_submitted_application_can_no_longer_be_changed(
    api_for, provider_alice, submitted_application
):
    response = api_for(provider_alice).patch(
        f"{API}/applications/{submitted_application.public_id}/", {"lots": []}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "The application can only be changed while it is a draft"}


def test_a_provider_cannot_review_its_own_application(
    api_for, provider_alice, submitted_application
):
    response = api_for(provider_alice).post(
        f"{API}/applications/{submitted_application.public_id}/start-review/"
    )
    assert response.status_code == 403


def test_rejecting_needs_a_reason(api_for, reviewer, review_application):
    url = f"{API}/applications/{review_application.public_id}/reject/"
    assert api_for(reviewer).post(url, {}, format="json").json() == {"reason": ["Enter a reason"]}
    rejected = api_for(reviewer).post(url, {"reason": "No safeguarding lead"}, format="json")
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decision_reason"] == "No safeguarding lead"


def test_lots_of_another_dps_are_refused(api_for, provider_alice, dps):
    draft = services.application_start(actor=provider_alice, dps=dps)
    response = api_for(provider_alice).patch(
        f"{API}/applications/{draft.public_id}/", {"lots": ["childrens_home"]}, format="json"
    )
    assert response.status_code == 404  # not a lot of this DPS: named, like a missing row
    assert "lots" in response.json()


def test_an_application_cannot_name_another_providers_setting(api_for, provider_olly, setting, dps):
    draft = services.application_start(actor=provider_olly, dps=dps)
    response = api_for(provider_olly).patch(
        f"{API}/applications/{draft.public_id}/",
        {"settings": [str(setting.public_id)]},
        format="json",
    )
    assert response.status_code == 404  # another provider's setting is absent for Olly
    assert "settings" in response.json()


# --- Evidence ------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_document_is_refused(api_for, provider_alice, dps):
    draft = services.application_start(actor=provider_alice, dps=dps)
    fake = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = api_for(provider_alice).post(
        f"{API}/applications/{draft.public_id}/documents/",
        {"evidence_type": "dbs_policy", "file": fake},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "The selected file must be a PDF, JPG, PNG, DOCX, XLSX, PPTX, ODT, ODS, DOC or XLS"
        ]
    }


def test_downloading_through_the_api_streams_the_file_and_logs_it(
    api_for, reviewer, draft_application
):
    document = draft_application.documents.get(evidence_type="accounts")
    response = api_for(reviewer).get(f"{API}/documents/{document.public_id}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="accounts.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert list(DocumentDownload.objects.values_list("document", "user")) == [
        (document.pk, reviewer.pk)
    ]


def test_document_metadata_names_no_storage_path(api_for, provider_alice, draft_application):
    row = api_for(provider_alice).get(f"{API}/documents/").json()["results"][0]
    assert "file" not in row
    assert not any("evidence/" in str(value) for value in row.values())


# --- Enrolments ------------------------------------------------------------------------------------


def test_a_reviewer_suspends_reinstates_and_removes_an_enrolment(
    api_for, reviewer, accredited_application
):
    enrolment = Enrolment.objects.get()
    url = f"{API}/enrolments/{enrolment.public_id}"
    api = api_for(reviewer)
    assert api.post(f"{url}/suspend/", {}, format="json").json() == {"reason": ["Enter a reason"]}
    suspended = api.post(f"{url}/suspend/", {"reason": "Safeguarding concern"}, format="json")
    assert suspended.json()["status"] == "suspended"
    assert api.post(f"{url}/suspend/", {"reason": "Again"}, format="json").status_code == 409
    assert api.post(f"{url}/reinstate/", {"reason": "Resolved"}, format="json").status_code == 200
    removed = api.post(f"{url}/remove/", {"reason": "Excluded supplier"}, format="json")
    assert removed.json()["status"] == "removed"
    assert api.get(f"{API}/enrolments/?status=removed").json()["count"] == 1


def test_a_provider_sees_its_enrolment_but_cannot_suspend_it(
    api_for, provider_alice, accredited_application
):
    enrolment = Enrolment.objects.get()
    api = api_for(provider_alice)
    assert ids(api.get(f"{API}/enrolments/")) == [str(enrolment.public_id)]
    response = api.post(
        f"{API}/enrolments/{enrolment.public_id}/suspend/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_a_second_application_reuses_the_answers_of_the_first(
    api_for, provider_alice, dps, setting, day_lot
):
    complete_draft(provider_alice, dps, setting, day_lot)
    response = api_for(provider_alice).post(
        f"{API}/applications/", {"dps": str(dps.public_id)}, format="json"
    )
    assert response.json()["employers_liability_cover"] == "10000000.00"
    assert len(response.json()["exclusions"]) == len(ExclusionGround)
