"""Commissioner pages for children's records: list, record, change, access log.

Council staff read their borough's children (consortium-wide roles every borough's); only the
borough's commissioners add or change them. A record is fetched through `access_child`, which
answers 404 for another borough's child and writes who looked at it to the access log; viewing
the log is itself logged, so the log shows everyone who reached the record, auditors included.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import TemplateView

from kernel.pagination import paginate
from kernel.panels import child_panels_for
from providers.choices import NeedCode

from .. import selectors, services
from ..access import access_child, is_commissioner, log_children_viewed
from ..forms.children import ChildForm
from ..models import ChildAccessLog, Placement, PlacementRequest
from .base import StaffFormView, StaffPageMixin

LOG_PAGE_SIZE = 50


class ChildListView(StaffPageMixin, TemplateView):
    """The borough's children with their open requests, in a fixed number of queries."""

    template_name = "placements/children/child_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        search = self.request.GET.get("reference", "")[:40]
        children = selectors.child_list(actor=user, reference=search)
        page = paginate(self.request, children)
        listed = list(page.object_list)
        log_children_viewed(user, [child.pk for child in listed], "children list")
        return super().get_context_data(
            children=listed,
            page=page,
            search=search.strip(),
            whole_consortium=user.sees_whole_consortium,
            can_add=is_commissioner(user),
            **kwargs,
        )


class ChildDetailView(StaffPageMixin, TemplateView):
    """One child's record; the name and full postcode only for the owning borough's staff."""

    template_name = "placements/children/child_detail.html"

    def load(self, public_id, **kwargs):
        self.child = access_child(self.request.user, public_id, what="record")

    def get_context_data(self, **kwargs):
        user, child = self.request.user, self.child
        return super().get_context_data(
            child=child,
            own_borough=child.borough_id == user.borough_id,
            secondary_needs=[NeedCode(code).label for code in child.secondary_needs or []],
            can_write=is_commissioner(user)
            and child.borough_id == user.borough_id
            and not child.is_anonymised,
            panels=child_panels_for(self.request, child),
            requests=PlacementRequest.objects.for_user(user)
            .filter(child=child)
            .select_related("lot"),
            placements=Placement.objects.for_user(user)
            .filter(child=child)
            .select_related("setting", "provider"),
            **kwargs,
        )


class ChildFormView(StaffFormView):
    """Add a child to the commissioner's borough, or change one of its children's records."""

    template_name = "placements/children/child_form.html"
    form_class = ChildForm
    child = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["is_new"] = self.child is None
        if self.child is not None:
            kwargs["initial"] = ChildForm.initial_for(self.child)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(child=self.child, **kwargs)

    def save(self, form) -> str:
        child = services.child_save(
            actor=self.request.user, child=self.child, **form.child_fields()
        )
        return reverse("placements:child_detail", args=[child.public_id])


class ChildCreateView(ChildFormView):
    success_message = "Child added"


class ChildEditView(ChildFormView):
    success_message = "Record updated"

    def load(self, public_id, **kwargs):
        self.child = access_child(self.request.user, public_id, what="change record")
        # The service changes the instance before it may refuse: keep the heading as it was.
        self.reference = self.child.reference

    def get_context_data(self, **kwargs):
        return super().get_context_data(reference=self.reference, **kwargs)


class ChildAccessLogView(StaffPageMixin, TemplateView):
    """Who viewed the record, when and what they looked at, newest first, 50 to a page."""

    template_name = "placements/children/child_access_log.html"

    def load(self, public_id, **kwargs):
        self.child = access_child(self.request.user, public_id, what="access log")

    def get_context_data(self, **kwargs):
        entries = (
            ChildAccessLog.objects.for_user(self.request.user)
            .filter(child=self.child)
            .select_related("user")
            .order_by("-at", "-pk")
        )
        page = paginate(self.request, entries, LOG_PAGE_SIZE)
        return super().get_context_data(child=self.child, page=page, **kwargs)


urlpatterns = [
    path("children/", ChildListView.as_view(), name="child_list"),
    path("children/new/", ChildCreateView.as_view(), name="child_create"),
    path("children/<uuid:public_id>/", ChildDetailView.as_view(), name="child_detail"),
    path("children/<uuid:public_id>/edit/", ChildEditView.as_view(), name="child_edit"),
    path(
        "children/<uuid:public_id>/access-log/",
        ChildAccessLogView.as_view(),
        name="child_access_log",
    ),
]
