"""`{% may "app.action_model" obj as allowed %}`: whether the signed-in user may take an action,
asked of the same policy the services and the API obey (boroughs.policy)."""

from django import template

from .. import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, permission: str, obj=None) -> bool:
    request = context.get("request")
    return request is not None and policy.may(request.user, permission, obj)
