"""Pages for council staff: dashboards, boroughs, users and invitations."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from kernel.dashboard import panels_for, todos_for
from kernel.errors import DomainError
from kernel.formviews import ServiceFormMixin
from kernel.pagination import paginate
from kernel.refusals import RefusalMixin, page_refusal

from .. import selectors, services
from ..access import RoleRequiredMixin, ScopedViewMixin, access_staff_invitation
from ..choices import Role
from ..forms.invitations import EvaluationWeightsForm, InvitationForm
from ..models import Borough, User
from ..pages import InvitationAcceptBaseView


class DashboardView(LoginRequiredMixin, TemplateView):
    """One dashboard, its sections chosen by the user's roles."""

    template_name = "boroughs/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["boroughs"] = selectors.borough_list(actor=user)
        context["strands"] = selectors.strand_list(actor=user)
        context["is_admin"] = user.has_role(Role.CONSORTIUM_ADMIN)
        context["sees_consortium"] = user.sees_whole_consortium
        context["role_labels"] = [Role(role).label for role in sorted(user.roles)]
        if context["is_admin"]:
            context["users"] = selectors.user_list(actor=user)[:10]
            context["invitations"] = selectors.invitation_list(actor=user)[:10]
        context["panels"] = panels_for(self.request)
        context["todos"] = todos_for(self.request)
        return context


class BoroughListView(ScopedViewMixin, ListView):
    model = Borough
    template_name = "boroughs/borough_list.html"
    context_object_name = "boroughs"

    def get_queryset(self):
        return selectors.borough_list(actor=self.request.user)


class BoroughDetailView(ScopedViewMixin, DetailView):
    model = Borough
    template_name = "boroughs/borough_detail.html"
    slug_field = "ons_code"
    slug_url_kwarg = "ons_code"
    context_object_name = "borough"

    def get_queryset(self):
        return selectors.borough_list(actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["users"] = selectors.user_list(actor=self.request.user).filter(borough=self.object)
        return context


class UserListView(ScopedViewMixin, ListView):
    model = User
    template_name = "boroughs/user_list.html"
    context_object_name = "users"
    paginate_by = 50

    def get_queryset(self):
        return selectors.user_list(actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_invite"] = self.request.user.has_role(Role.CONSORTIUM_ADMIN)
        return context


class UserDetailView(ScopedViewMixin, DetailView):
    model = User
    template_name = "boroughs/user_detail.html"
    slug_field = "public_id"
    slug_url_kwarg = "public_id"
    context_object_name = "person"

    def get_queryset(self):
        return selectors.user_list(actor=self.request.user)


class InvitationCreateView(RoleRequiredMixin, RefusalMixin, FormView):
    required_roles = (Role.CONSORTIUM_ADMIN,)
    template_name = "boroughs/invitation_form.html"
    form_class = InvitationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["boroughs"] = selectors.borough_list(actor=self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            invitation = services.invitation_create(actor=self.request.user, **form.cleaned_data)
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        messages.success(self.request, f"Invitation sent to {invitation.email}")
        return redirect("user_list")


class StaffInvitationListView(RoleRequiredMixin, TemplateView):
    """Staff invitations not yet accepted, newest first, with resend and withdraw."""

    required_roles = (Role.CONSORTIUM_ADMIN,)
    template_name = "boroughs/staff_invitation_list.html"

    def get_context_data(self, **kwargs):
        invitations = selectors.invitation_list(actor=self.request.user).filter(
            accepted_at__isnull=True
        )
        page = paginate(self.request, invitations.order_by("revoked_at", "-created_at"))
        return super().get_context_data(invitations=page.object_list, page=page, **kwargs)


class StaffInvitationActionView(RoleRequiredMixin, View):
    """POST resend or withdraw one staff invitation; another consortium's answers 404."""

    required_roles = (Role.CONSORTIUM_ADMIN,)
    action = ""

    def post(self, request, public_id):
        invitation = access_staff_invitation(request.user, public_id)
        act = (
            services.invitation_resend if self.action == "resend" else services.invitation_withdraw
        )
        try:
            act(actor=request.user, invitation=invitation)
        except DomainError as error:
            back_url = reverse("staff_invitation_list")
            if refusal := page_refusal(request, error, back_url=back_url):
                return refusal
            messages.error(request, error.message)
        else:
            done = "sent again, with a new link" if self.action == "resend" else "withdrawn"
            messages.success(request, f"Invitation to {invitation.email} {done}")
        return redirect("staff_invitation_list")


class EvaluationWeightsView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """The consortium's weights for evaluating offers: quality against price."""

    required_roles = (Role.CONSORTIUM_ADMIN,)
    template_name = "boroughs/evaluation_weights.html"
    form_class = EvaluationWeightsForm
    success_message = "The evaluation weights are saved. They apply to offers evaluated from now"

    def get_initial(self):
        return {"quality_weight": self.request.user.borough.consortium.quality_weight}

    def save(self, form) -> str:
        services.consortium_set_quality_weight(
            actor=self.request.user, quality_weight=form.cleaned_data["quality_weight"]
        )
        return reverse("evaluation_weights")


class InvitationAcceptView(InvitationAcceptBaseView):
    """Council staff join their borough with the invited role, then set up MFA."""

    def accept(self, invitation, *, full_name: str, password: str) -> User:
        return services.invitation_accept(
            invitation=invitation,
            full_name=full_name,
            password=password,
            borough=invitation.borough,
            role=invitation.role,
        )

    def next_url(self) -> str:
        return reverse("mfa_activate_totp")


class AccessibilityStatementView(TemplateView):
    template_name = "accessibility.html"
