from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "commissioning.notices"
    label = "notices"
    verbose_name = "Procurement Act notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from boroughs.choices import Role
        from kernel.navigation import NavItem, register

        from . import rules  # noqa: F401  the notices' permissions

        register(
            NavItem(
                "Notices",
                "notices:notice_list",
                lambda user: user.has_role(Role.CONSORTIUM_ADMIN),
                64,
                "Market",
            )
        )
