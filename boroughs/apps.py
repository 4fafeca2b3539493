from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    """Consortia, strands, boroughs, users, roles and the tenancy every other app relies on."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "boroughs"

    def ready(self) -> None:
        from kernel.navigation import NavItem, name_area, register

        from . import (
            checks,  # noqa: F401  (registers the tenancy system check)
            rules,  # noqa: F401  (registers the app's actions with the policy)
        )
        from .audit.selectors import can_read_changes
        from .choices import Role
        from .threads import is_peer_member

        name_area(
            "borough", lambda user: "Consortium" if user.sees_whole_consortium else "Your borough"
        )
        register(
            NavItem("Dashboard", "dashboard", lambda user: True, 0),
            NavItem(
                lambda user: "Boroughs" if user.sees_whole_consortium else "Your borough",
                "borough_list",
                lambda user: user.borough_id is not None,
                90,
                area="borough",
            ),
            NavItem("Peer network", "peer_network", is_peer_member, 65, area="Market"),
            NavItem(
                "Users", "user_list", lambda user: user.borough_id is not None, 91, area="borough"
            ),
            NavItem(
                "Invite a user",
                "invitation_create",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                92,
                area="borough",
            ),
            NavItem(
                "Evaluation weights",
                "evaluation_weights",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                95,
                area="borough",
            ),
            NavItem("Change history", "change_history", can_read_changes, 96, area="borough"),
        )
