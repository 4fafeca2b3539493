from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    """Children, placement requests, matching, offers, awards, placements and savings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "placements"

    def ready(self) -> None:
        from kernel.dashboard import register_panel, register_todo
        from kernel.navigation import NavItem, register

        from . import rules  # noqa: F401  (registers the app's actions with the policy)
        from .access import is_borough_staff, is_provider_user
        from .audit import register_audited

        register_audited()
        from .dashboard import placements_dashboard_panel, placements_todos

        register_panel(placements_dashboard_panel)
        register_todo(placements_todos)

        from . import audience

        audience.register()  # the peer network's note audience and child-naming check

        register(
            NavItem("Children", "placements:child_list", is_borough_staff, 10, "Placements"),
            NavItem("Requests", "placements:request_list", is_borough_staff, 11, "Placements"),
            NavItem("Placements", "placements:placement_list", is_borough_staff, 12, "Placements"),
            NavItem("Invoices", "placements:invoice_list", is_borough_staff, 13, "Placements"),
            NavItem(
                "Agreement templates",
                "placements:agreement_template_list",
                is_borough_staff,
                13,
                "Placements",
            ),
            NavItem("Savings", "placements:savings", is_borough_staff, 30, "Figures"),
            NavItem("Demand", "placements:demand", is_borough_staff, 31, "Figures"),
            NavItem("Sufficiency", "placements:sufficiency", is_borough_staff, 32, "Figures"),
            NavItem(
                "Placements Data Standard",
                "placements:standard_export",
                is_borough_staff,
                33,
                "Figures",
            ),
            NavItem("Statutory returns", "placements:returns", is_borough_staff, 36, "Figures"),
            NavItem("Market shares", "placements:market", is_borough_staff, 49, "Market"),
            NavItem("Price bands", "placements:price_bands", is_borough_staff, 63, "Market"),
            NavItem(
                "Placement requests",
                "placements:invitation_list",
                is_provider_user,
                10,
                "Placements",
            ),
            NavItem(
                "Our placements",
                "placements:provider_placement_list",
                is_provider_user,
                11,
                "Placements",
            ),
            NavItem(
                "Invoices", "placements:provider_invoice_list", is_provider_user, 12, "Placements"
            ),
        )
