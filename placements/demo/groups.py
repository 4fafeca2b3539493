"""The demo's provider groups: invented parent companies of the invented demo providers, with
findings marked as invented, so the market view has groups to count (ADR 18)."""

from __future__ import annotations

from datetime import date, timedelta

from boroughs.choices import Role
from boroughs.models import Consortium, User
from providers.models import GroupFlag, GroupMember, Provider, ProviderGroup

SOURCE = "Invented for the demo"
# (name, Companies House number, provider keys, findings: (kind, value, days before today))
GROUPS = [
    ("Kestrel Wandle Education Holdings Limited", "08100001", ("kestrel", "wandle"),
     [("private_equity", True, 400)]),
    ("Hollybank Brightwater Care Group plc", "08100002", ("hollybank", "brightwater"),
     [("oversight", False, 500), ("oversight", True, 60), ("private_equity", False, 60)]),
]  # fmt: skip


def seed_groups(providers: dict[str, Provider], today: date) -> None:
    """Record the demo groups in every consortium the demo seeded, as its admin would."""
    for consortium in Consortium.objects.all():
        admin = User.objects.filter(
            borough__consortium=consortium, role_assignments__role=Role.CONSORTIUM_ADMIN
        ).first()
        if admin is None:
            continue
        for name, number, keys, findings in GROUPS:
            group = ProviderGroup.objects.create(
                consortium=consortium, name=name, companies_house_number=number, recorded_by=admin
            )
            GroupMember.objects.bulk_create(
                GroupMember(
                    group=group, provider=providers[key], consortium=consortium, recorded_by=admin
                )
                for key in keys
            )
            GroupFlag.objects.bulk_create(
                GroupFlag(
                    group=group,
                    kind=kind,
                    value=value,
                    source=SOURCE,
                    as_of=today - timedelta(days=days),
                    recorded_by=admin,
                )
                for kind, value, days in findings
            )
