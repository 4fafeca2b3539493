"""Provider pages: invitations, offers, declines, withdrawals, questions."""

urlpatterns: list = []
