"""The one way a page's form reaches a service, shared by every app's pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from .errors import DomainError
from .refusals import RefusalMixin


class ServiceFormMixin(RefusalMixin):
    """A form whose valid data goes to a service; the service's refusal answered the one way.

    Subclasses implement `save(form)`, which calls the service and answers the URL to go to
    next. Invalid input is shown at the field it names (or above the form), nothing saved; a
    refusal of the actor is the 403 page and a wrong state the 409 (`kernel.refusals`).
    """

    success_message = ""

    def form_valid(self, form):
        try:
            url = self.save(form)
        except DomainError as error:
            return self.refused(error, form) or self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(url)

    def save(self, form) -> str:
        """Call the service; answer the URL to go to next."""
        raise NotImplementedError
