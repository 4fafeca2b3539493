"""Commissioner pages for evaluating offers side by side and awarding."""

urlpatterns: list = []
