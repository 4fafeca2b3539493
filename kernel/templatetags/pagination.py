"""`{% load pagination %}`: page links that keep the page's other query parameters (filters)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """`?status=active&page=3`: the current query with its page replaced."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
