from django.urls import include, path

from .audit import views as audit_views
from .views import consortium, threads

urlpatterns = [
    path("", consortium.DashboardView.as_view(), name="dashboard"),
    path("boroughs/", consortium.BoroughListView.as_view(), name="borough_list"),
    path("boroughs/<str:ons_code>/", consortium.BoroughDetailView.as_view(), name="borough_detail"),
    path("users/", consortium.UserListView.as_view(), name="user_list"),
    path("users/invite/", consortium.InvitationCreateView.as_view(), name="invitation_create"),
    path(
        "users/invitations/",
        consortium.StaffInvitationListView.as_view(),
        name="staff_invitation_list",
    ),
    path(
        "users/invitations/<uuid:public_id>/resend/",
        consortium.StaffInvitationActionView.as_view(action="resend"),
        name="staff_invitation_resend",
    ),
    path(
        "users/invitations/<uuid:public_id>/withdraw/",
        consortium.StaffInvitationActionView.as_view(action="withdraw"),
        name="staff_invitation_withdraw",
    ),
    path("users/<uuid:public_id>/", consortium.UserDetailView.as_view(), name="user_detail"),
    path(
        "invitations/<str:token>/",
        consortium.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "consortium/evaluation-weights/",
        consortium.EvaluationWeightsView.as_view(),
        name="evaluation_weights",
    ),
    path("", include(threads.urlpatterns)),
    path("", include(audit_views.urlpatterns)),
    path("accessibility/", consortium.AccessibilityStatementView.as_view(), name="accessibility"),
]
