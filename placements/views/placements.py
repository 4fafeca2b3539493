"""Pages for placements: list, record, fee changes, reviews, ends, moves, CSV export (commissioners); placements with them (providers).

Council staff read their borough's placements (consortium-wide roles read every borough's, and
can filter by borough); only the borough's commissioners change them. Every money figure comes
from the annotations of `selectors.placement_list` (placements.money), so the page, its totals
row and the CSV show the same numbers. Providers see the placements at their own settings
without the child's identity: no name, reference or date of birth.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from boroughs.choices import StrandKind
from boroughs.models import Borough
from boroughs.spreadsheets import csv_writer
from kernel.pagination import paginate
from kernel.panels import placement_panels_for
from placements.anonymised import curriculum_year_label, need_label
from providers.choices import EnrolmentStatus
from providers.models import Enrolment

from .. import selectors, services
from ..access import access_placement, is_commissioner, log_children_viewed
from ..choices import PlacementStage, PlacementStatus
from ..exports import CSV_COLUMNS, csv_row
from ..forms.placements import FeeChangeForm, PlacementEditForm, PlacementEndForm, PlacementMoveForm
from ..matching import ceiling_expression
from ..models import Placement, PlacementAgreement
from ..price_bands import current_set, where
from .agreements import placement_agreement_redirect
from .base import ProviderPageMixin, StaffFormView, StaffPageMixin

MSG_ENDED = "This placement has ended: its fee cannot change and it cannot end or move again"


def detail_url(placement: Placement) -> str:
    return reverse("placements:placement_detail", kwargs={"public_id": placement.public_id})


# --- Lists and totals ---------------------------------------------------------------------------


class PlacementFilters:
    """?status=awarded|active|ended (as the rows stand today) and, for consortium-wide roles,
    ?borough=<ONS code>."""

    def __init__(self, user, params):
        self.status = params.get("status", "")
        if self.status not in PlacementStage.values:
            self.status = ""
        self.boroughs = (
            list(Borough.objects.for_user(user).values("ons_code", "name"))
            if user.sees_whole_consortium
            else None
        )
        codes = {b["ons_code"] for b in self.boroughs} if self.boroughs is not None else set()
        self.borough = params.get("borough", "") if params.get("borough") in codes else ""

    def apply(self, qs: QuerySet[Placement]) -> QuerySet[Placement]:
        if self.status == PlacementStage.AWARDED:
            qs = qs.awarded()
        elif self.status == PlacementStage.ACTIVE:
            qs = qs.active()
        elif self.status:
            qs = qs.filter(status=PlacementStatus.ENDED)
        if self.borough:
            qs = qs.filter(borough__ons_code=self.borough)
        return qs

    def query(self) -> str:
        """The filters as a query string, for the CSV link: the export shows the same rows."""
        pairs = {name: value for name, value in self.as_dict().items() if value}
        return f"?{urlencode(pairs)}" if pairs else ""

    def as_dict(self) -> dict:
        return {"status": self.status, "borough": self.borough}


def filtered(view) -> tuple[PlacementFilters, QuerySet[Placement]]:
    user = view.request.user
    filters = PlacementFilters(user, view.request.GET)
    return filters, filters.apply(selectors.placement_list(actor=user))


class PlacementListView(StaffPageMixin, TemplateView):
    template_name = "placements/placements/placement_list.html"

    def get_context_data(self, **kwargs):
        filters, qs = filtered(self)
        unfiltered = not any(filters.as_dict().values())
        # Unfiltered, the totals (and so the count) are the savings dashboard's: cached until
        # a placement's money changes.
        totals = selectors.savings_totals(actor=self.request.user)[0] if unfiltered else None
        totals = totals or selectors.money_totals(qs)
        # The list shows no cost to date, so it needs no fee history (the CSV does).
        page = paginate(self.request, qs.prefetch_related(None), count=totals["placements"])
        listed = list(page.object_list)
        log_children_viewed(self.request.user, [p.child_id for p in listed], "placements list")
        return super().get_context_data(
            placements=listed,
            page=page,
            totals=totals,
            filters=filters,
            statuses=PlacementStage.choices,
            export_url=reverse("placements:placement_export") + filters.query(),
            **kwargs,
        )


class PlacementExportView(StaffPageMixin, View):
    """The list's rows as CSV, with the same annotated figures and the codes returns use."""

    def get(self, request, *args, **kwargs):
        _, qs = filtered(self)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        today = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="placements-{today}.csv"'
        writer = csv_writer(response)
        writer.writerow(CSV_COLUMNS)
        for placement in qs:
            writer.writerow(csv_row(placement))
        return response


# --- One placement ------------------------------------------------------------------------------


class PlacementPageMixin:
    """Fetches the placement (404 for another borough's) with its money annotated."""

    def load(self, public_id) -> None:
        user = self.request.user
        placement = access_placement(user, public_id)
        # The same annotated row the list shows, so the figures agree with it.
        self.placement = selectors.placement_list(actor=user).get(pk=placement.pk)

    def get_context_data(self, **kwargs):
        agreement = (
            PlacementAgreement.objects.for_user(self.request.user)
            .filter(placement=self.placement)
            .first()
        )
        return super().get_context_data(
            placement=self.placement,
            detail_url=detail_url(self.placement),
            agreement=agreement,
            **kwargs,
        )


class PlacementDetailView(PlacementPageMixin, StaffPageMixin, TemplateView):
    template_name = "placements/placements/placement_detail.html"

    def get_context_data(self, **kwargs):
        placement, user = self.placement, self.request.user
        may_change = is_commissioner(user) and user.borough_id == placement.borough_id
        return super().get_context_data(
            cost_to_date=selectors.placement_cost_to_date(placement),
            fees=list(placement.fees.all()),
            moved_to=Placement.objects.for_user(user).filter(moved_from=placement).first(),
            may_change=may_change,
            active=placement.status == PlacementStatus.ACTIVE,
            panels=placement_panels_for(self.request, placement),
            price_band=price_band_of(placement),
            **kwargs,
        )


def price_band_of(placement: Placement):
    """Where the fee in force sits among the national price bands (SEND placements only)."""
    if placement.lot.dps.strand.kind != StrandKind.SEND:
        return None
    return where(placement.current_weekly, placement.child.primary_need, current_set())


class PlacementFormView(PlacementPageMixin, StaffFormView):
    """A commissioner's change to a placement; most only apply while it is active."""

    active_only = True

    def get(self, request, *args, **kwargs):
        if self.active_only and self.placement.status != PlacementStatus.ACTIVE:
            messages.info(request, MSG_ENDED)
            return redirect(detail_url(self.placement))
        return super().get(request, *args, **kwargs)


class FeeChangeView(PlacementFormView):
    template_name = "placements/placements/fee_change_form.html"
    form_class = FeeChangeForm
    success_message = "Fee change saved"

    def get(self, request, *args, **kwargs):
        """Under an agreement the fee changes by a variation both sides sign: that page."""
        agreement = PlacementAgreement.objects.for_user(request.user).filter(
            placement=self.placement
        )
        if self.placement.status == PlacementStatus.ACTIVE and agreement.exists():
            return placement_agreement_redirect(agreement.get())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(fees=list(self.placement.fees.all()), **kwargs)

    def save(self, form) -> str:
        data = form.cleaned_data
        services.placement_fee_change(
            actor=self.request.user,
            placement=self.placement,
            effective_from=data["effective_from"],
            weekly_fee=data["weekly_fee"],
            reason=data["reason"].strip(),
        )
        return detail_url(self.placement)


class PlacementEditView(PlacementFormView):
    template_name = "placements/placements/placement_edit.html"
    form_class = PlacementEditForm
    success_message = "Review date and spot price saved"
    active_only = False

    def get_initial(self):
        return {
            "spot_weekly": self.placement.spot_weekly,
            "next_review_on": self.placement.next_review_on,
        }

    def save(self, form) -> str:
        services.placement_update(
            actor=self.request.user,
            placement=self.placement,
            spot_weekly=form.cleaned_data["spot_weekly"],
            next_review_on=form.cleaned_data["next_review_on"],
        )
        return detail_url(self.placement)


class PlacementEndView(PlacementFormView):
    template_name = "placements/placements/placement_end.html"
    form_class = PlacementEndForm
    success_message = "Placement ended"

    def save(self, form) -> str:
        services.placement_end(
            actor=self.request.user,
            placement=self.placement,
            ends_on=form.cleaned_data["ends_on"],
            reason=form.cleaned_data["reason"],
        )
        return detail_url(self.placement)


def move_choices(user, placement: Placement) -> QuerySet[Enrolment]:
    """Other settings enrolled on the placement's lot with a vacancy, with their DPS ceiling."""
    return (
        Enrolment.objects.for_user(user)
        .filter(
            lot_id=placement.lot_id,
            status=EnrolmentStatus.ENROLLED,
            setting__vacancies__gt=0,
            setting__provider__isnull=False,
        )
        .exclude(setting_id=placement.setting_id)
        .select_related("setting", "setting__provider")
        .annotate(ceiling_weekly=ceiling_expression())
        .order_by("setting__name")
    )


class PlacementMoveView(PlacementFormView):
    template_name = "placements/placements/placement_move.html"
    form_class = PlacementMoveForm
    success_message = "The child has moved. This is the new placement"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "enrolments": move_choices(self.request.user, self.placement),
        }

    def save(self, form) -> str:
        data = form.cleaned_data
        successor = services.placement_move(
            actor=self.request.user,
            placement=self.placement,
            setting=data["setting"].setting,
            starts_on=data["starts_on"],
            weekly_fee=data["weekly_fee"],
            reason=data["reason"].strip(),
            start_reason=data["start_reason"].strip(),
        )
        return detail_url(successor)


# --- Providers' own placements ------------------------------------------------------------------


def anonymise(placement: Placement) -> Placement:
    """What a provider may know of the child: curriculum year and primary need only."""
    child = placement.child
    placement.curriculum_year = curriculum_year_label(child.national_curriculum_year)
    placement.primary_need_label = need_label(child.primary_need)
    return placement


class ProviderPlacementListView(ProviderPageMixin, TemplateView):
    template_name = "placements/placements/provider_placement_list.html"

    def get_context_data(self, **kwargs):
        page = paginate(self.request, selectors.placement_list(actor=self.request.user))
        rows = [anonymise(p) for p in page.object_list]
        log_children_viewed(self.request.user, [p.child_id for p in rows], "placements list")
        return super().get_context_data(placements=rows, page=page, **kwargs)


class ProviderPlacementDetailView(PlacementPageMixin, ProviderPageMixin, TemplateView):
    template_name = "placements/placements/provider_placement_detail.html"

    def get_context_data(self, **kwargs):
        anonymise(self.placement)
        return super().get_context_data(
            fees=list(self.placement.fees.all()),
            panels=placement_panels_for(self.request, self.placement),
            **kwargs,
        )


urlpatterns = [
    path("", PlacementListView.as_view(), name="placement_list"),
    path("export.csv", PlacementExportView.as_view(), name="placement_export"),
    path("<uuid:public_id>/", PlacementDetailView.as_view(), name="placement_detail"),
    path("<uuid:public_id>/fee/", FeeChangeView.as_view(), name="placement_fee_change"),
    path("<uuid:public_id>/edit/", PlacementEditView.as_view(), name="placement_edit"),
    path("<uuid:public_id>/end/", PlacementEndView.as_view(), name="placement_end"),
    path("<uuid:public_id>/move/", PlacementMoveView.as_view(), name="placement_move"),
    path("our-placements/", ProviderPlacementListView.as_view(), name="provider_placement_list"),
    path(
        "our-placements/<uuid:public_id>/",
        ProviderPlacementDetailView.as_view(),
        name="provider_placement_detail",
    ),
]
