"""Pages for placements: list, record, fee changes, reviews, ends, moves, CSV export (commissioners); placements with them (providers)."""

urlpatterns: list = []
