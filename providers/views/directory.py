"""The provider directory and the DPS dashboard for council staff."""

urlpatterns: list = []
