"""Pages for termly returns: providers submit and correct them; the placing borough's
commissioners query or accept them; council staff read them.

A page fetches its object first (outcomes.access / placements.access: another borough's or
another provider's is a 404, as for a missing one), then checks the audience (403). Providers
see the placement reference and the school year, never who the child is.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from boroughs import policy
from kernel.formviews import ServiceFormMixin
from kernel.navigation import NavItem
from kernel.pages import PageMixin
from kernel.pagination import paginate
from kernel.workflow import actions
from placements.access import (
    access_placement,
    is_borough_staff,
    is_provider_user,
)
from placements.anonymised import curriculum_year_label
from placements.models import national_curriculum_year

from ..access import access_return
from ..choices import ReturnStatus
from ..forms.returns import ReturnAcceptForm, ReturnCorrectForm, ReturnForm, ReturnQueryForm
from ..models import Term, TermlyReturn
from ..selectors import returns as selectors
from ..services.returns import return_accept, return_correct, return_query, return_submit
from ..services.returns_scoring import pathway_expected
from ..workflow import COMMISSIONER, PROVIDER, RETURN_ACTIONS, return_machine

MSG_NOT_QUERIED = "You can correct a return only while the borough is querying it"
MSG_ALREADY_IN = "A return for this term is already in"

NAV = (
    NavItem("Termly returns", "outcomes:return_list", is_borough_staff, 21, "Outcomes"),
    NavItem("Termly returns", "outcomes:return_list", is_provider_user, 21, "Outcomes"),
)


def detail_url(termly_return: TermlyReturn) -> str:
    return reverse("outcomes:return_detail", kwargs={"public_id": termly_return.public_id})


def placement_url(placement, *, for_provider: bool) -> str:
    name = "provider_placement_detail" if for_provider else "placement_detail"
    return reverse(f"placements:{name}", kwargs={"public_id": placement.public_id})


def school_year(placement, term: Term) -> str:
    """What a provider may know of the child: the school year at the term's start."""
    year = national_curriculum_year(placement.child.date_of_birth, term.starts_on)
    return curriculum_year_label(year)


class OutcomesPageMixin(PageMixin):
    """Council staff and provider users. `load` fetches the page's objects (a 404 for one not
    the user's); then `allows_loaded` decides whether this user's audience may use the page
    (403)."""

    def allows(self, user) -> bool:
        self.for_provider = is_provider_user(user)
        return self.for_provider or is_borough_staff(user)


class ProviderOnly:
    """Put before OutcomesPageMixin: the provider's users only."""

    def allows_loaded(self, user) -> bool:
        return self.for_provider


class DecidingCommissionerOnly:
    """Put before OutcomesPageMixin: commissioners of the placing borough only."""

    def allows_loaded(self, user) -> bool:
        return policy.may(user, "outcomes.decide_return", self.termly_return)


# --- Lists --------------------------------------------------------------------------------------


class ReturnListView(OutcomesPageMixin, TemplateView):
    """Providers: what is due, overdue, queried, submitted, accepted. Council staff: the
    borough's returns, filtered by status and term, late ones flagged."""

    def get_template_names(self):
        if self.for_provider:
            return ["outcomes/returns/provider_return_list.html"]
        return ["outcomes/returns/return_list.html"]

    def get_context_data(self, **kwargs):
        user = self.request.user
        if self.for_provider:
            to_submit = selectors.returns_to_submit(actor=user)
            for row in to_submit:
                row.placement.school_year = school_year(row.placement, row.term)
            sections = selectors.provider_sections(actor=user)
            return super().get_context_data(to_submit=to_submit, sections=sections, **kwargs)
        terms = list(Term.objects.for_user(user).order_by("-starts_on"))
        status = self.request.GET.get("status", "")
        status = status if status in ReturnStatus.values else ""
        term = next((t for t in terms if str(t.pk) == self.request.GET.get("term")), None)
        rows = selectors.return_list(actor=user, status=status, term_id=term.pk if term else None)
        page = paginate(self.request, rows)
        return super().get_context_data(
            page=page,
            returns=list(page.object_list),
            statuses=ReturnStatus.choices,
            terms=terms,
            status=status,
            term=term,
            to_review=selectors.return_list(actor=user, status=ReturnStatus.SUBMITTED).count(),
            **kwargs,
        )


# --- A provider's return ------------------------------------------------------------------------


def ordered_targets(placement) -> list:
    # A placement's targets are the placement's owners' rows: the manager inherits its scope.
    return list(
        placement.targets.select_related("indicator", "indicator__domain").order_by(
            "indicator__domain__order", "indicator__order", "pk"
        )
    )


class ReturnFormMixin(ProviderOnly, OutcomesPageMixin, ServiceFormMixin, FormView):
    template_name = "outcomes/returns/return_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "targets": self.targets,
            "pathway": pathway_expected(self.placement, self.term),
            "previous": selectors.previous_scores(placement=self.placement, term=self.term),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            placement=self.placement,
            term=self.term,
            school_year=school_year(self.placement, self.term),
            back_url=self.back_url(),
            **kwargs,
        )

    def back_url(self) -> str:
        return reverse("outcomes:return_list")


class ReturnCreateView(ReturnFormMixin):
    form_class = ReturnForm
    success_message = "Return submitted"

    def load(self, public_id, term_id) -> None:
        self.placement = access_placement(self.request.user, public_id, what="termly return")
        consortium_id = self.placement.borough.consortium_id
        user = self.request.user
        terms = Term.objects.for_user(user).filter(consortium_id=consortium_id)
        self.term = get_object_or_404(terms, pk=term_id)
        self.existing = (
            TermlyReturn.objects.for_user(user).filter(placement=self.placement, term=self.term)
        ).first()
        self.targets = ordered_targets(self.placement)

    def get(self, request, *args, **kwargs):
        return self._already_in() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._already_in() or super().post(request, *args, **kwargs)

    def _already_in(self):
        if self.existing is None or self.existing.status == ReturnStatus.OVERDUE:
            return None
        messages.info(self.request, MSG_ALREADY_IN)
        return redirect(detail_url(self.existing))

    def save(self, form) -> str:
        made = return_submit(
            actor=self.request.user,
            placement=self.placement,
            term=self.term,
            **form.service_fields(),
        )
        return detail_url(made)


class ReturnEditView(ReturnFormMixin):
    form_class = ReturnCorrectForm
    success_message = "Corrected return submitted"

    def load(self, public_id) -> None:
        self.termly_return = access_return(self.request.user, public_id)
        self.placement, self.term = self.termly_return.placement, self.termly_return.term
        self.targets = ordered_targets(self.placement)

    def get(self, request, *args, **kwargs):
        return self._not_queried() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._not_queried() or super().post(request, *args, **kwargs)

    def _not_queried(self):
        if self.termly_return.status == ReturnStatus.QUERIED:
            return None
        messages.info(self.request, MSG_NOT_QUERIED)
        return redirect(detail_url(self.termly_return))

    def get_initial(self):
        made = self.termly_return
        scores = {s.target_id: s for s in made.scores.all()}
        initial = {
            "attendance_pct": made.attendance_pct,
            "fixed_term_exclusion_days": made.fixed_term_exclusion_days,
            "permanently_excluded": made.permanently_excluded,
            "serious_incidents": made.serious_incidents,
            "pfa_pathway": made.pfa_pathway,
            "summary": made.summary,
        }
        for index, target in enumerate(self.targets):
            if target.pk in scores:
                initial[f"score_{index}"] = str(scores[target.pk].score)
                initial[f"evidence_{index}"] = scores[target.pk].evidence
        return initial

    def get_context_data(self, **kwargs):
        query = next(
            (e for e in reversed(selectors.return_events(self.termly_return)) if e.reason), None
        )
        return super().get_context_data(
            termly_return=self.termly_return,
            query=query,
            **kwargs,
        )

    def back_url(self) -> str:
        return detail_url(self.termly_return)

    def save(self, form) -> str:
        return_correct(
            actor=self.request.user, termly_return=self.termly_return, **form.service_fields()
        )
        return detail_url(self.termly_return)


# --- One return ---------------------------------------------------------------------------------


def return_actions(user, termly_return: TermlyReturn, *, for_provider: bool) -> frozenset[str]:
    """What a return's page offers: the moves its machine gives the user's party from the
    return's state, which the policy lets this user make."""
    return actions(
        return_machine(),
        termly_return,
        party=PROVIDER if for_provider else COMMISSIONER,
        offered=RETURN_ACTIONS,
        may=partial(policy.may, user),
    )


class ReturnDetailView(OutcomesPageMixin, TemplateView):
    template_name = "outcomes/returns/return_detail.html"

    def load(self, public_id) -> None:
        self.termly_return = access_return(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        made, user = self.termly_return, self.request.user
        placement = made.placement
        return super().get_context_data(
            termly_return=made,
            placement=placement,
            for_provider=self.for_provider,
            school_year=school_year(placement, made.term),
            scores=selectors.return_scores(made),
            events=selectors.return_events(made),
            placement_url=placement_url(placement, for_provider=self.for_provider),
            progress_url=reverse("outcomes:progress", kwargs={"public_id": placement.public_id}),
            actions=return_actions(user, made, for_provider=self.for_provider),
            query_form=ReturnQueryForm(),
            accept_form=ReturnAcceptForm(),
            **kwargs,
        )


class DecisionView(DecidingCommissionerOnly, OutcomesPageMixin, ServiceFormMixin, FormView):
    template_name = "outcomes/returns/return_decision.html"
    heading = ""

    def load(self, public_id) -> None:
        self.termly_return = access_return(self.request.user, public_id)

    def back_url(self) -> str:
        return detail_url(self.termly_return)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            termly_return=self.termly_return,
            placement=self.termly_return.placement,
            heading=self.heading,
            back_url=self.back_url(),
            action=self.request.path,
            **kwargs,
        )


class ReturnQueryView(DecisionView):
    form_class = ReturnQueryForm
    heading = "Query the return"
    success_message = "Return queried: the provider has been emailed"

    def save(self, form) -> str:
        return_query(
            actor=self.request.user,
            termly_return=self.termly_return,
            reason=form.cleaned_data["reason"],
        )
        return detail_url(self.termly_return)


class ReturnAcceptView(DecisionView):
    form_class = ReturnAcceptForm
    heading = "Accept the return"
    success_message = "Return accepted"

    def save(self, form) -> str:
        return_accept(
            actor=self.request.user,
            termly_return=self.termly_return,
            note=form.cleaned_data["note"],
        )
        return detail_url(self.termly_return)


urlpatterns = [
    path("returns/", ReturnListView.as_view(), name="return_list"),
    path(
        "returns/new/<uuid:public_id>/<int:term_id>/",
        ReturnCreateView.as_view(),
        name="return_create",
    ),
    path("returns/<uuid:public_id>/", ReturnDetailView.as_view(), name="return_detail"),
    path("returns/<uuid:public_id>/edit/", ReturnEditView.as_view(), name="return_edit"),
    path("returns/<uuid:public_id>/query/", ReturnQueryView.as_view(), name="return_query"),
    path("returns/<uuid:public_id>/accept/", ReturnAcceptView.as_view(), name="return_accept"),
]
