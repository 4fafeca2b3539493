"""Pages of the peer network: its landing page, and the threads member boroughs discuss in.

Council staff of every member borough read and write them all. Anyone else gets 403 on the
lists and forms and 404 on a thread's page, which looks the thread up first: to a provider a
thread is as absent as a missing one.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from boroughs.pages import PeerNetworkMixin
from kernel.formviews import ServiceFormMixin
from kernel.pagination import paginate

from . import threads
from .forms_threads import ReplyForm, ThreadForm
from .models import ThreadTopic

RECENT = 5  # threads the landing page shows


def thread_url(thread) -> str:
    return reverse("thread_detail", kwargs={"public_id": thread.public_id})


class PeerNetworkView(PeerNetworkMixin, TemplateView):
    """The landing page: recent threads, and what other apps add (recent provider notes)."""

    template_name = "boroughs/threads/peer_network.html"

    def get_context_data(self, **kwargs):
        recent = threads.thread_list(actor=self.request.user)[:RECENT]
        return super().get_context_data(
            threads=list(recent), sections=threads.peer_sections_for(self.request), **kwargs
        )


class ThreadListView(PeerNetworkMixin, TemplateView):
    template_name = "boroughs/threads/thread_list.html"

    def get_context_data(self, **kwargs):
        topic = self.request.GET.get("topic", "")
        topic = topic if topic in ThreadTopic.values else ""
        rows = threads.thread_list(actor=self.request.user, topic=topic or None)
        page = paginate(self.request, rows)
        return super().get_context_data(
            threads=list(page.object_list),
            page=page,
            topic=topic,
            topics=ThreadTopic.choices,
            **kwargs,
        )


class ThreadStartView(PeerNetworkMixin, ServiceFormMixin, FormView):
    template_name = "boroughs/threads/thread_form.html"
    form_class = ThreadForm
    success_message = "Thread started"

    def get_initial(self):
        topic = self.request.GET.get("topic")
        return {"topic": topic} if topic in ThreadTopic.values else {}

    def save(self, form) -> str:
        thread = threads.thread_start(actor=self.request.user, **form.cleaned_data)
        return thread_url(thread)


class ThreadDetailView(PeerNetworkMixin, ServiceFormMixin, FormView):
    """A thread, its replies, and the form to reply."""

    template_name = "boroughs/threads/thread_detail.html"
    form_class = ReplyForm
    object_page = True
    success_message = "Reply posted"

    def load(self, public_id) -> None:
        self.thread = threads.access_thread(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        replies = threads.reply_list(actor=self.request.user, thread=self.thread)
        return super().get_context_data(thread=self.thread, replies=list(replies), **kwargs)

    def save(self, form) -> str:
        reply = threads.thread_reply(
            actor=self.request.user, thread=self.thread, body=form.cleaned_data["body"]
        )
        return f"{thread_url(self.thread)}#reply-{reply.public_id}"


urlpatterns = [
    path("peer-network/", PeerNetworkView.as_view(), name="peer_network"),
    path("peer-network/threads/", ThreadListView.as_view(), name="thread_list"),
    path("peer-network/threads/start/", ThreadStartView.as_view(), name="thread_start"),
    path(
        "peer-network/threads/<uuid:public_id>/",
        ThreadDetailView.as_view(),
        name="thread_detail",
    ),
]
