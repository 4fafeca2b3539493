"""Boroughs' API: boroughs, strands, users, staff invitations and `me/` (`consortium`), the peer
network's threads (`threads`) and the change history (`audit`). Every viewset reads through
`for_user` (kernel.api.base), so another tenant's row answers 404 like a missing one; writes
call boroughs.services.

This package exports what boroughs.api.urls routes.
"""

from .audit import ChangeListView
from .consortium import BoroughViewSet, InvitationViewSet, StrandViewSet, UserViewSet, me
from .threads import ThreadViewSet

__all__ = [
    "BoroughViewSet",
    "ChangeListView",
    "InvitationViewSet",
    "StrandViewSet",
    "ThreadViewSet",
    "UserViewSet",
    "me",
]
