"""`{% load people %}{{ application.declarations_confirmed_by|person }}`: a user's name or email.

The user may be gone (their row erased, the foreign key set to null) or never set: a filter
argument such as `default:x.by.email` raises on a missing `by` and answers 500, so every page
names people through this one filter instead.
"""

from django import template

register = template.Library()


@register.filter
def person(user, fallback: str = "a former user") -> str:
    if user is None or user == "":
        return fallback
    return getattr(user, "full_name", "") or getattr(user, "email", "") or fallback
