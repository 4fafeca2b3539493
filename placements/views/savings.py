"""The savings dashboard: totals by consortium, strand, borough, lot and year."""

urlpatterns: list = []
