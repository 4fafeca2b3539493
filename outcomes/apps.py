from importlib import import_module

from django.apps import AppConfig

# Each page module may declare NAV (navigation items), PLACEMENT_PANELS (functions adding a panel
# to a placement's page) and DASHBOARD_PANELS; the lower apps import none of them.
PAGE_MODULES = ("framework", "targets", "returns", "progress", "benchmarks")


class OutcomesConfig(AppConfig):
    """The outcomes framework, termly returns and provider benchmarking."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "outcomes"

    def ready(self) -> None:
        from kernel.dashboard import register_panel, register_todo
        from kernel.navigation import register
        from kernel.panels import register_placement_panel

        from . import rules  # noqa: F401  (registers the app's actions with the policy)
        from .dashboard import outcomes_todos

        register_todo(outcomes_todos)

        for name in PAGE_MODULES:
            module = import_module(f"{self.name}.views.{name}")
            register(*getattr(module, "NAV", ()))
            for panel in getattr(module, "PLACEMENT_PANELS", ()):
                register_placement_panel(panel)
            for panel in getattr(module, "DASHBOARD_PANELS", ()):
                register_panel(panel)
