"""Who did something, as the export names them: a name and an organisation.

Staff and providers are third parties in a subject access response: the child (or whoever asks
for them) is entitled to know who saw and decided what, for which organisation, but a work email
address adds nothing the request is for, so it is shown only for a user with no name recorded
(it is then the only name the portal has).
"""

from __future__ import annotations

from boroughs.models import User

SYSTEM = "The portal (automatically)"


class People:
    """Names users once each: an export names the same few people on many rows."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}

    def __call__(self, user_id: int | None) -> str:
        if user_id is None:
            return SYSTEM
        if user_id not in self._names:
            self._names[user_id] = self._describe(user_id)
        return self._names[user_id]

    @staticmethod
    def _describe(user_id: int) -> str:
        user = (
            User.objects.select_related("borough", "provider_membership__provider")
            .filter(pk=user_id)
            .first()
        )
        if user is None:
            return "A user who no longer exists"
        name = user.full_name or user.email
        if user.borough_id:
            return f"{name}, {user.borough.name}"
        membership = getattr(user, "provider_membership", None)
        if membership is not None:
            return f"{name}, {membership.provider.legal_name}"
        if user.is_staff or user.is_superuser:
            return f"{name}, platform operator"
        return name
