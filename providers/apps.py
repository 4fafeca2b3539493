from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    """The dynamic purchasing system: providers, settings, lots, accreditation, enrolment."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "providers"

    def ready(self) -> None:
        from boroughs.choices import Role

        from .audit import register_audited

        register_audited()
        from kernel.dashboard import register_panel, register_todo
        from kernel.navigation import NavItem, register

        from . import rules  # noqa: F401  (registers the DPS's actions with the policy)
        from .selectors.dashboard import provider_dashboard_panel, provider_todos

        register_panel(provider_dashboard_panel)
        register_todo(provider_todos)

        from boroughs.selectors.threads import register_peer_section

        from .views.notes import notes_peer_section

        register_peer_section(notes_peer_section)

        from .access import is_provider_user, is_reviewer

        register(
            NavItem(
                "Provider directory",
                "providers:directory",
                lambda user: user.is_borough_staff,
                50,
                "Market",
            ),
            NavItem("Accreditation", "providers:accreditation_queue", is_reviewer, 51, "Market"),
            NavItem("Evidence to check", "providers:evidence_to_check", is_reviewer, 52, "Market"),
            NavItem(
                "DPS overview",
                "providers:dps_dashboard",
                lambda user: user.is_borough_staff,
                60,
                "Market",
            ),
            NavItem(
                "DPS settings",
                "providers:dps_manage_list",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                61,
                "Market",
            ),
            NavItem(
                "Provider groups",
                "providers:group_list",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                62,
                "Market",
            ),
            NavItem(
                "Your organisation",
                "providers:organisation",
                is_provider_user,
                40,
                "Your organisation",
            ),
            NavItem(
                "Settings", "providers:setting_list", is_provider_user, 41, "Your organisation"
            ),
            NavItem(
                "Applications",
                "providers:application_list",
                is_provider_user,
                42,
                "Your organisation",
            ),
            NavItem("Evidence", "providers:evidence", is_provider_user, 43, "Your organisation"),
            NavItem(
                "Colleagues", "providers:colleagues", is_provider_user, 44, "Your organisation"
            ),
        )
