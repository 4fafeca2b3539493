"""Pages of the peer network's provider notes: the list with its filters, a note, and the form
to share one. Council staff of every member borough only: a provider gets 403 on the list and
the form and 404 on a note (boroughs.pages.PeerNetworkMixin)."""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from boroughs.pages import PeerNetworkMixin
from boroughs.threads import is_peer_member
from kernel.formviews import ServiceFormMixin
from kernel.pagination import paginate

from ..access import access_provider_note
from ..forms.notes import NoteForm
from ..models import NoteCategory, Provider
from ..selectors.notes import noted_providers, provider_note_list
from ..services.notes import provider_note_create

RECENT = 5  # notes the peer network's landing page shows


def note_url(note) -> str:
    return reverse("providers:note_detail", kwargs={"public_id": note.public_id})


def notes_peer_section(request) -> dict | None:
    """The peer network landing page's section: the latest notes (boroughs.threads registry)."""
    if not is_peer_member(request.user):
        return None
    recent = provider_note_list(actor=request.user)[:RECENT]
    return {"template": "providers/notes/_peer_section.html", "notes": list(recent)}


class NoteListView(PeerNetworkMixin, TemplateView):
    """?provider=<public id>&category=<category>: the filters apply when valid, else not."""

    template_name = "providers/notes/note_list.html"

    def get_context_data(self, **kwargs):
        user, params = self.request.user, self.request.GET
        providers = list(noted_providers(actor=user))
        provider = next((p for p in providers if str(p.public_id) == params.get("provider")), None)
        category = params.get("category") if params.get("category") in NoteCategory.values else ""
        rows = provider_note_list(actor=user, provider=provider, category=category or None)
        page = paginate(self.request, rows)
        return super().get_context_data(
            notes=list(page.object_list),
            page=page,
            providers=providers,
            provider=provider,
            category=category,
            categories=NoteCategory.choices,
            **kwargs,
        )


class NoteCreateView(PeerNetworkMixin, ServiceFormMixin, FormView):
    template_name = "providers/notes/note_form.html"
    form_class = NoteForm
    success_message = "Note shared with the member boroughs"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_initial(self):
        chosen = self.request.GET.get("provider")
        provider = Provider.objects.for_user(self.request.user).filter(public_id=chosen).first()
        return {"provider": provider} if chosen and provider else {}

    def save(self, form) -> str:
        note = provider_note_create(actor=self.request.user, **form.cleaned_data)
        return note_url(note)


class NoteDetailView(PeerNetworkMixin, TemplateView):
    template_name = "providers/notes/note_detail.html"
    object_page = True

    def load(self, public_id) -> None:
        self.note = access_provider_note(self.request.user, public_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(note=self.note, **kwargs)


urlpatterns = [
    path("notes/", NoteListView.as_view(), name="note_list"),
    path("notes/add/", NoteCreateView.as_view(), name="note_create"),
    path("notes/<uuid:public_id>/", NoteDetailView.as_view(), name="note_detail"),
]
