"""Commissioner pages for evaluating offers side by side and awarding (matching and inviting
settings is placements.views.matching; how the comparison is worded, views.comparison).

The evaluation page shows every live offer in a column, with the scores from
`selectors.evaluation` (the consortium's quality and price weights). While the request is being
evaluated the borough's commissioners rate each offer's fit to the needs, then award one (the
placement is created and every other responder told) or record that none is suitable.
Read-only staff see the page without the forms.
Refusals and 409s are handled as on the request page (`RequestActionView`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

from kernel.confirmation import confirm
from kernel.errors import DomainError

from .. import selectors, services
from ..access import access_invitation, access_request
from ..choices import InvitationStatus, RequestStatus
from ..evaluation import evaluation_sheet, unrated
from ..forms.requests import AwardForm, NoneSuitableForm, RateForm
from ..models import PlacementRequest, RequestInvitation
from ..templatetags.money import pounds
from .base import StaffPageMixin
from .comparison import comparison, flags, winner_row
from .requests import RequestActionView, can_act, detail_url

NONE_SUITABLE = "none_suitable"


def evaluation_url(placement_request: PlacementRequest) -> str:
    return reverse("placements:request_evaluation", args=[placement_request.public_id])


def none_suitable_form(data=None) -> NoneSuitableForm:
    return NoneSuitableForm(
        data,
        prefix="none",
        label="Why does no offer meet the child's needs?",
        hint="Recorded on the request. Providers that offered are told their offer was "
        "not accepted.",
        button="None suitable",
    )


def award_choices(sheet: dict) -> list[tuple[str, str]]:
    def score(row):
        return f"total score {row['total_score']}" if row["total_score"] else "not scored"

    return [
        (
            row["invitation"],
            f"{row['setting_name']} ({row['provider_name']}): "
            f"{pounds(row['weekly_fee'])} a week, {score(row)}",
        )
        for row in sheet["rows"]
        if row["status"] == InvitationStatus.OFFERED
    ]


def award_form(sheet: dict, data=None) -> AwardForm:
    return AwardForm(
        data,
        choices=award_choices(sheet),
        unrated=bool(unrated(sheet)),
        safeguarding=any(row["safeguarding_not_met"] for row in sheet["rows"]),
        past_start=any(
            date.fromisoformat(row["proposed_start_on"]) < timezone.localdate()
            for row in sheet["rows"]
        ),
    )


def evaluation_page(http_request, placement_request, *, bound=None, error="", status=200):
    """The comparison, and the rating, award and none-suitable forms while evaluating.

    Once decided, the page shows the frozen record: the evaluation exactly as it stood.
    """
    bound = bound or {}
    record = selectors.evaluation_record(
        actor=http_request.user, placement_request=placement_request
    )
    sheet = record.sheet if record else evaluation_sheet(placement_request)
    deciding = (
        record is None
        and can_act(http_request.user, placement_request)
        and placement_request.status == RequestStatus.EVALUATING
    )
    rate_forms = []
    if deciding:
        invitations = {
            str(invitation.public_id): invitation
            for invitation in placement_request.invitations.for_user(http_request.user)
            .select_related("setting", "offer")
            .filter(public_id__in=[row["invitation"] for row in sheet["rows"]])
        }
        for row in sheet["rows"]:
            invitation = invitations[row["invitation"]]
            form = bound.get(f"rate-{invitation.pk}") or RateForm(
                invitation=invitation, initial={"needs_fit": row["needs_fit"]}
            )
            rate_forms.append((invitation, form))
    context = {
        "placement_request": placement_request,
        "sheet": sheet,
        "record": record,
        "columns": [(row, flags(row)) for row in sheet["rows"]],
        "lines": comparison(sheet),
        "deciding": deciding,
        "rate_forms": rate_forms,
        "unrated": unrated(sheet),
        "award_form": bound.get("award") or award_form(sheet),
        "none_form": bound.get(NONE_SUITABLE) or none_suitable_form(),
        "error_form": next((form for form in bound.values() if form.errors), None),
        "action_error": error,
        "placement": placement_request.placements.for_user(http_request.user)
        .order_by("pk")
        .first(),
    }
    return render(http_request, "placements/requests/evaluation.html", context, status=status)


class RequestEvaluationView(StaffPageMixin, View):
    """The offers side by side; commissioners of the borough decide here."""

    def load(self, public_id, **kwargs):
        self.placement_request = access_request(self.request.user, public_id, what="evaluation")

    def get(self, request, *args, **kwargs):
        return evaluation_page(request, self.placement_request)


class EvaluationRecordPdfView(StaffPageMixin, View):
    """The frozen evaluation as a tagged PDF: what the council keeps to defend the decision.

    Rendered from the stored sheet on each download (a page or two: well under a second once
    WeasyPrint is loaded), so the PDF can never say anything the record does not; its footer
    carries the record's SHA-256.
    """

    def load(self, public_id, **kwargs):
        self.placement_request = access_request(
            self.request.user, public_id, what="evaluation record of"
        )
        self.record = selectors.evaluation_record(
            actor=self.request.user, placement_request=self.placement_request
        )
        if self.record is None:
            raise Http404

    def get(self, request, *args, **kwargs):
        from weasyprint import HTML  # heavy: loaded only when a record is downloaded

        html = render_to_string(
            "placements/requests/evaluation_record.html",
            {
                "placement_request": self.placement_request,
                "record": self.record,
                "sheet": self.record.sheet,
                "columns": [(row, flags(row)) for row in self.record.sheet["rows"]],
                "lines": comparison(self.record.sheet),
                "winner_row": winner_row(self.record),
            },
        )
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"evaluation-record-{self.placement_request.reference}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EvaluationActionView(RequestActionView):
    """An action on the evaluation page: a refusal re-renders that page."""

    def page(self, *, bound=None, error="", status=200):
        return evaluation_page(
            self.request, self.placement_request, bound=bound, error=error, status=status
        )

    def success_url(self, result) -> str:
        return evaluation_url(self.placement_request)


class OfferRateView(EvaluationActionView):
    """The commissioner's 0 to 4 rating of how well one offer meets the needs."""

    def load(self, public_id, invitation_id, **kwargs):
        self.invitation: RequestInvitation = access_invitation(
            self.request.user, invitation_id, what="rate offer on"
        )
        # The invitation must belong to the request in the URL, and have an offer to rate.
        if self.invitation.request.public_id != public_id or not hasattr(self.invitation, "offer"):
            raise Http404
        self.placement_request = self.invitation.request
        self.name = f"rate-{self.invitation.pk}"

    def get_form(self, data=None):
        return RateForm(data, invitation=self.invitation)

    def act(self, needs_fit):
        offer = services.offer_rate(
            actor=self.request.user, offer=self.invitation.offer, needs_fit=needs_fit
        )
        self.success_message = f"Rating saved for {self.invitation.setting.name}"
        return offer


class RequestAwardView(EvaluationActionView):
    """Award one live offer, in two steps: the commissioner checks the answers (every refusal
    the award could meet is asked first), then confirms; the placement is created, the
    evaluation frozen and the other responders told, and the placement page opens with a
    confirmation panel quoting its reference."""

    name = "award"
    what = "award request"
    CONFIRM = "confirm"

    def get_form(self, data=None):
        return award_form(evaluation_sheet(self.placement_request), data)

    def chosen(self, invitation) -> RequestInvitation:
        return RequestInvitation.objects.for_user(self.request.user).get(
            request=self.placement_request, public_id=invitation
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get(self.CONFIRM) == "yes":
            return super().post(request, *args, **kwargs)
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.page(bound={self.name: form})
        fields = form.cleaned_data
        chosen = self.chosen(fields["invitation"])
        try:
            sheet = services.award_check(
                actor=request.user,
                placement_request=self.placement_request,
                invitation=chosen,
                reason=fields["reason"],
                unrated_reason=fields.get("unrated_reason", ""),
                safeguarding_reason=fields.get("safeguarding_reason", ""),
                start_reason=fields.get("start_reason", ""),
            )
        except DomainError as error:
            return self.refused(error, form) or self.page(bound={self.name: form})
        row = next(row for row in sheet["rows"] if row["invitation"] == str(chosen.public_id))
        return render(
            request,
            "placements/requests/award_check.html",
            {
                "placement_request": self.placement_request,
                "row": row,
                "tags": flags(row),
                "fields": fields,
                "hidden": [
                    (f"{form.prefix}-{name}", request.POST.get(f"{form.prefix}-{name}", ""))
                    for name in form.fields
                ],
                "unrated": unrated(sheet),
            },
        )

    def act(
        self,
        invitation,
        reason,
        spot_weekly,
        unrated_reason="",
        safeguarding_reason="",
        start_reason="",
    ):
        chosen = self.chosen(invitation)
        placement = services.request_award(
            actor=self.request.user,
            placement_request=self.placement_request,
            invitation=chosen,
            reason=reason,
            spot_weekly=spot_weekly,
            unrated_reason=unrated_reason,
            safeguarding_reason=safeguarding_reason,
            start_reason=start_reason,
        )
        confirm(
            self.request,
            title="Placement awarded",
            reference=placement.reference,
            body=f"The placement is with {chosen.setting.name}. Every provider that offered has "
            "been told its outcome and can see its assessment summary. The evaluation is kept as "
            "the record of the decision.",
        )
        return placement

    def success_url(self, placement) -> str:
        return reverse("placements:placement_detail", args=[placement.public_id])


class RequestNoneSuitableView(EvaluationActionView):
    """Record that no offer meets the need; every provider that offered is told."""

    name = NONE_SUITABLE
    success_message = "Recorded that no offer is suitable. Providers that offered have been told."
    what = "decide request"

    def get_form(self, data=None):
        return none_suitable_form(data)

    def act(self, reason, reason_code):
        return services.request_none_suitable(
            actor=self.request.user,
            placement_request=self.placement_request,
            reason=reason,
            reason_code=reason_code,
        )

    def success_url(self, result) -> str:
        return detail_url(self.placement_request)


urlpatterns = [
    path(
        "requests/<uuid:public_id>/evaluation/",
        RequestEvaluationView.as_view(),
        name="request_evaluation",
    ),
    path(
        "requests/<uuid:public_id>/offers/<uuid:invitation_id>/rate/",
        OfferRateView.as_view(),
        name="offer_rate",
    ),
    path(
        "requests/<uuid:public_id>/evaluation/record.pdf",
        EvaluationRecordPdfView.as_view(),
        name="request_evaluation_record",
    ),
    path("requests/<uuid:public_id>/award/", RequestAwardView.as_view(), name="request_award"),
    path(
        "requests/<uuid:public_id>/none-suitable/",
        RequestNoneSuitableView.as_view(),
        name="request_none_suitable",
    ),
]
