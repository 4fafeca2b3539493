from django.urls import include, path

from . import views, views_threads
from .audit import views as audit_views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("boroughs/", views.BoroughListView.as_view(), name="borough_list"),
    path("boroughs/<str:ons_code>/", views.BoroughDetailView.as_view(), name="borough_detail"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/invite/", views.InvitationCreateView.as_view(), name="invitation_create"),
    path(
        "users/invitations/",
        views.StaffInvitationListView.as_view(),
        name="staff_invitation_list",
    ),
    path(
        "users/invitations/<uuid:public_id>/resend/",
        views.StaffInvitationActionView.as_view(action="resend"),
        name="staff_invitation_resend",
    ),
    path(
        "users/invitations/<uuid:public_id>/withdraw/",
        views.StaffInvitationActionView.as_view(action="withdraw"),
        name="staff_invitation_withdraw",
    ),
    path("users/<uuid:public_id>/", views.UserDetailView.as_view(), name="user_detail"),
    path(
        "invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"
    ),
    path(
        "consortium/evaluation-weights/",
        views.EvaluationWeightsView.as_view(),
        name="evaluation_weights",
    ),
    path("", include(views_threads.urlpatterns)),
    path("", include(audit_views.urlpatterns)),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
