"""Commissioner pages for children's records: list, record, change, access log."""

urlpatterns: list = []
