"""Every email the portal sends: a plain-text and an HTML template, rendered with the base URL."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

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
