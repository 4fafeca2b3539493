"""Commissioner pages for placement requests: list, new, change, detail, matching and invitations, close, cancel, none suitable, answering questions."""

urlpatterns: list = []
