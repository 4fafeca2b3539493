"""The one way a page's form reaches a service, shared by every app's pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from .errors import DomainError


class ServiceFormMixin:
    """A form whose valid data goes to a service; the service's refusal becomes a form error.

    Subclasses implement `save(form)`, which calls the service and answers the URL to go to
    next. A DomainError is shown at the field it names (or above the form), nothing saved.
    """

    success_message = ""

    def form_valid(self, form):
        try:
            url = self.save(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(url)

    def save(self, form) -> str:
        """Call the service; answer the URL to go to next."""
        raise NotImplementedError
