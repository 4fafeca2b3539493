"""Every email the portal sends: a plain-text and an HTML template, rendered with the base URL.

With `GOVUK_NOTIFY_API_KEY` set, mail goes through GOV.UK Notify (`NotifyEmailBackend`): each
message through one plain template whose subject is ((subject)) and whose body is ((body)), the
plain-text part (Notify sends its own HTML).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_gov_notify.backends import NotifyEmailBackend as GovNotifyEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient

# Tasks that send email retry on network errors, backing off.
EMAIL_RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_kwargs": {"max_retries": 5},
}


def send_templated_email(template: str, *, subject: str, to: list[str], context: dict) -> int:
    """Render `<template>.txt` and `<template>.html` and send them; returns how many were sent."""
    if not to:
        return 0
    context = {**context, "base_url": settings.PORTAL_BASE_URL.rstrip("/")}
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=to
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message.send()


class NotifyEmailBackend(GovNotifyEmailBackend):
    """django-gov-notify's backend, talking to `GOVUK_NOTIFY_BASE_URL` (Notify's own API
    unless set otherwise, as the tests do with a local stand-in)."""

    def open(self):
        if self.client is None:
            self.client = NotificationsAPIClient(
                self.api_key, base_url=settings.GOVUK_NOTIFY_BASE_URL
            )
