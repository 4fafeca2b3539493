"""Consortium admins record provider groups: the parent company behind providers, the providers
it owns, and dated findings about it (ADR 18). Other council staff see the groups only through
the market view's figures; providers not at all."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from boroughs.choices import Role
from kernel.errors import DomainError
from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin

from ..access import access_provider, access_provider_group
from ..forms.groups import FlagForm, GroupForm, MemberForm
from ..selectors.groups import group_detail, group_list, providers_to_group
from ..services.groups import group_add_provider, group_flag, group_record, group_remove_provider


def group_url(group) -> str:
    return reverse("providers:group_detail", kwargs={"public_id": group.public_id})


class GroupAdminMixin(PageMixin):
    """The consortium's admins (403 for other users); a group's id of another consortium 404."""

    def allows(self, user) -> bool:
        return user.has_role(Role.CONSORTIUM_ADMIN)

    def load(self, public_id=None, **kwargs) -> None:
        self.group = access_provider_group(self.request.user, public_id) if public_id else None


class GroupListView(GroupAdminMixin, TemplateView):
    template_name = "providers/groups/group_list.html"

    def get_context_data(self, **kwargs):
        groups = list(group_list(actor=self.request.user))
        return super().get_context_data(groups=groups, **kwargs)


class GroupCreateView(GroupAdminMixin, ServiceFormMixin, FormView):
    template_name = "providers/groups/group_form.html"
    form_class = GroupForm
    success_message = "Group recorded"

    def save(self, form) -> str:
        return group_url(group_record(actor=self.request.user, **form.cleaned_data))


class GroupDetailView(GroupAdminMixin, ServiceFormMixin, FormView):
    """The group's providers (add one, remove one) and its findings, in force and past."""

    template_name = "providers/groups/group_detail.html"
    form_class = MemberForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": providers_to_group(self.group)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **group_detail(self.group), **kwargs)

    def save(self, form) -> str:
        group_add_provider(actor=self.request.user, group=self.group, **form.cleaned_data)
        messages.success(self.request, f"{form.cleaned_data['provider']} added to the group")
        return group_url(self.group)


class GroupRemoveProviderView(GroupAdminMixin, View):
    """POST `provider` (its public id): that provider no longer counts with the group."""

    def post(self, request, public_id):
        try:
            provider_id = uuid.UUID(request.POST.get("provider", ""))
        except ValueError as error:
            raise Http404("No such provider") from error
        provider = access_provider(request.user, provider_id)
        try:
            group_remove_provider(actor=request.user, group=self.group, provider=provider)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{provider} removed from the group")
        return redirect(group_url(self.group))


class GroupFlagView(GroupAdminMixin, ServiceFormMixin, FormView):
    template_name = "providers/groups/flag_form.html"
    form_class = FlagForm
    success_message = "Finding recorded"

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def save(self, form) -> str:
        group_flag(actor=self.request.user, group=self.group, **form.cleaned_data)
        return group_url(self.group)


urlpatterns = [
    path("groups/", GroupListView.as_view(), name="group_list"),
    path("groups/add/", GroupCreateView.as_view(), name="group_create"),
    path("groups/<uuid:public_id>/", GroupDetailView.as_view(), name="group_detail"),
    path("groups/<uuid:public_id>/findings/add/", GroupFlagView.as_view(), name="group_flag"),
    path(
        "groups/<uuid:public_id>/providers/remove/",
        GroupRemoveProviderView.as_view(),
        name="group_remove_provider",
    ),
]
