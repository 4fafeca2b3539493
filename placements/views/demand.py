"""The demand dashboard: EHC plans, children and placements, distances, time to award, phase transfers."""

urlpatterns: list = []
