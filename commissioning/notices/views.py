"""Pages for notices: the list, drafting one from a record, and one notice with its release,
its problems and the steps to ready and published (ADR 19). The consortium's admins only."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from boroughs.choices import Role
from kernel.errors import DomainError
from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin
from kernel.refusals import RefusalMixin

from . import services
from .choices import NOT_NEEDED_FOR_LIGHT_TOUCH, NoticeStatus
from .forms import DraftForm, PublishedForm
from .models import ProcurementNotice
from .schema import problems


def notice_url(notice) -> str:
    return reverse("notices:notice_detail", args=[notice.public_id])


class NoticeAdminMixin(PageMixin):
    def allows(self, user) -> bool:
        return user.has_role(Role.CONSORTIUM_ADMIN)

    def load(self, public_id=None, **kwargs) -> None:
        self.notice = None
        if public_id:
            self.notice = get_object_or_404(
                ProcurementNotice.objects.for_user(self.request.user).select_related(
                    "dps", "placement"
                ),
                public_id=public_id,
            )


class NoticeListView(NoticeAdminMixin, TemplateView):
    template_name = "notices/notice_list.html"

    def get_context_data(self, **kwargs):
        notices = ProcurementNotice.objects.for_user(self.request.user).select_related(
            "dps", "placement"
        )
        return super().get_context_data(notices=list(notices[:200]), **kwargs)


class NoticeDraftView(NoticeAdminMixin, ServiceFormMixin, FormView):
    template_name = "notices/notice_draft.html"
    form_class = DraftForm
    success_message = "Notice drafted"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def save(self, form) -> str:
        return notice_url(services.notice_draft(actor=self.request.user, **form.cleaned_data))


class NoticeDetailView(NoticeAdminMixin, ServiceFormMixin, FormView):
    """The notice; its form records the publication of a ready notice."""

    template_name = "notices/notice_detail.html"
    form_class = PublishedForm
    success_message = "Publication recorded"

    def get_context_data(self, **kwargs):
        notice = self.notice
        found = problems(notice.release, notice.notice_type)
        return super().get_context_data(
            notice=notice,
            problems=found if notice.status == NoticeStatus.DRAFT else notice.problems,
            light_touch=NOT_NEEDED_FOR_LIGHT_TOUCH.get(notice.notice_type),
            release=json.dumps(notice.release, indent=2, ensure_ascii=False),
            **kwargs,
        )

    def save(self, form) -> str:
        services.notice_mark_published(
            actor=self.request.user, notice=self.notice, **form.cleaned_data
        )
        return notice_url(self.notice)


class NoticeActionView(NoticeAdminMixin, RefusalMixin, View):
    """POST: redraft a draft from its record, or mark it ready once it has no problems."""

    actions = {"redraft": services.notice_redraft, "ready": services.notice_mark_ready}
    done = {"redraft": "Notice drafted again from the record", "ready": "Notice ready to publish"}

    def post(self, request, public_id, action):
        service = self.actions.get(action)
        if service is None:
            raise Http404("No such action")
        try:
            service(actor=request.user, notice=self.notice)
        except DomainError as error:
            answer = self.refused(error)
            if answer is not None:
                return answer
        else:
            messages.success(request, self.done[action])
        return redirect(notice_url(self.notice))

    def back_url(self) -> str:
        return notice_url(self.notice)


class NoticeJsonView(NoticeAdminMixin, View):
    def get(self, request, public_id):
        response = HttpResponse(
            json.dumps(self.notice.release, indent=2, ensure_ascii=False),
            content_type="application/json",
        )
        name = f"{self.notice.notice_type}-{self.notice.public_id}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


urlpatterns = [
    path("", NoticeListView.as_view(), name="notice_list"),
    path("draft/", NoticeDraftView.as_view(), name="notice_draft"),
    path("<uuid:public_id>/", NoticeDetailView.as_view(), name="notice_detail"),
    path("<uuid:public_id>/release.json", NoticeJsonView.as_view(), name="notice_json"),
    path("<uuid:public_id>/<slug:action>/", NoticeActionView.as_view(), name="notice_action"),
]
