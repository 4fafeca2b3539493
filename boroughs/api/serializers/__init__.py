"""What boroughs' API shows and accepts: the consortium, its boroughs, strands, users and
invitations (`consortium`), the peer network's threads (`threads`) and the change history
(`audit`). The views import the serializers from here."""

from .audit import ChangeQuerySerializer, ChangeSerializer, FieldChangeSerializer
from .consortium import (
    BoroughSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    StrandSerializer,
    UserSerializer,
)
from .threads import (
    ReplyCreateSerializer,
    ReplySerializer,
    ThreadCreateSerializer,
    ThreadDetailSerializer,
    ThreadSerializer,
)

__all__ = [
    "BoroughSerializer",
    "ChangeQuerySerializer",
    "ChangeSerializer",
    "FieldChangeSerializer",
    "InvitationCreateSerializer",
    "InvitationSerializer",
    "ReplyCreateSerializer",
    "ReplySerializer",
    "StrandSerializer",
    "ThreadCreateSerializer",
    "ThreadDetailSerializer",
    "ThreadSerializer",
    "UserSerializer",
]
