"""Placeholder: replaced by the module's owner."""


def register(router) -> None:
    """Register this module's viewsets on the outcomes API router."""


urlpatterns: list = []
