from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    """Consortia, strands, boroughs, users, roles and the tenancy every other app relies on."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "boroughs"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the tenancy system check)
            rules,  # noqa: F401  (registers the app's actions with the policy)
        )
        from .audit.selectors import can_read_changes
        from .choices import Role
        from .navigation import NavItem, register
        from .threads import is_peer_member

        register(
            NavItem("Dashboard", "dashboard", lambda user: True, 0),
            NavItem(
                lambda user: "Boroughs" if user.sees_whole_consortium else "Your borough",
                "borough_list",
                lambda user: user.borough_id is not None,
                10,
            ),
            NavItem("Peer network", "peer_network", is_peer_member, 18),
            NavItem("Users", "user_list", lambda user: user.borough_id is not None, 20),
            NavItem(
                "Invite a user",
                "invitation_create",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                30,
            ),
            NavItem(
                "Evaluation weights",
                "evaluation_weights",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                85,
            ),
            NavItem("Change history", "change_history", can_read_changes, 87),
            NavItem("API", "api_docs", lambda user: True, 90),
        )
