"""The framework members start from, and the consortium's term calendar.

Domains are the four Preparing for Adulthood outcomes and the four broad areas of need of the
SEND Code of Practice; each has indicators scored by Goal Attainment Scaling or a 1-5 rating.
"""

from __future__ import annotations

from datetime import date, timedelta

from .choices import DomainKind, Scale, TermName

RATING_DESCRIPTORS = {
    "1": "Not yet started: needs full support",
    "2": "Emerging: does this with a lot of support",
    "3": "Developing: does this with some support",
    "4": "Secure: does this with little support",
    "5": "Independent: does this reliably without support",
}

# (code, name, kind, [(indicator code, name, scale)])
DEFAULT_DOMAINS = [
    (
        "employment",
        "Employment and higher education",
        DomainKind.PREPARING_FOR_ADULTHOOD,
        [
            ("work-skills", "Work-related skills and experience", Scale.GOAL_ATTAINMENT),
            ("learning-progress", "Progress in learning and qualifications", Scale.RATING),
        ],
    ),
    (
        "independent-living",
        "Independent living",
        DomainKind.PREPARING_FOR_ADULTHOOD,
        [
            ("self-care", "Self-care and daily living skills", Scale.GOAL_ATTAINMENT),
            ("travel", "Travelling independently", Scale.RATING),
        ],
    ),
    (
        "community",
        "Community participation and friendships",
        DomainKind.PREPARING_FOR_ADULTHOOD,
        [("friendships", "Friendships and social activities", Scale.GOAL_ATTAINMENT)],
    ),
    (
        "health",
        "Being healthy",
        DomainKind.PREPARING_FOR_ADULTHOOD,
        [("wellbeing", "Physical and mental wellbeing", Scale.RATING)],
    ),
    (
        "cognition",
        "Cognition and learning",
        DomainKind.AREA_OF_NEED,
        [("literacy-numeracy", "Literacy and numeracy", Scale.GOAL_ATTAINMENT)],
    ),
    (
        "communication",
        "Communication and interaction",
        DomainKind.AREA_OF_NEED,
        [("communication", "Expressive and receptive communication", Scale.GOAL_ATTAINMENT)],
    ),
    (
        "semh",
        "Social, emotional and mental health",
        DomainKind.AREA_OF_NEED,
        [("regulation", "Emotional regulation", Scale.GOAL_ATTAINMENT)],
    ),
    (
        "sensory-physical",
        "Sensory and/or physical",
        DomainKind.AREA_OF_NEED,
        [("mobility", "Mobility and sensory access", Scale.RATING)],
    ),
]


def default_terms(academic_year: int) -> list[tuple[str, date, date, date]]:
    """(name, starts, ends, returns due) for one school year; returns are due 14 days after."""
    y = academic_year
    spans = [
        (TermName.AUTUMN, date(y, 9, 1), date(y, 12, 31)),
        (TermName.SPRING, date(y + 1, 1, 1), date(y + 1, 3, 31)),
        (TermName.SUMMER, date(y + 1, 4, 1), date(y + 1, 7, 31)),
    ]
    return [(name, start, end, end + timedelta(days=14)) for name, start, end in spans]


def framework_build_defaults(version) -> None:
    """Give a version with no domains yet the default domains and indicators.

    A rating indicator gets RATING_DESCRIPTORS; a GAS indicator keeps the standard descriptors
    (outcomes.choices.GAS_DESCRIPTORS), so stores none of its own.
    """
    from .models import Domain, Indicator

    for order, (code, name, kind, indicators) in enumerate(DEFAULT_DOMAINS):
        domain = Domain.objects.create(
            version=version, code=code, name=name, kind=kind, order=order
        )
        Indicator.objects.bulk_create(
            Indicator(
                domain=domain,
                code=i_code,
                name=i_name,
                scale=scale,
                descriptors=dict(RATING_DESCRIPTORS) if scale == Scale.RATING else {},
                order=i_order,
            )
            for i_order, (i_code, i_name, scale) in enumerate(indicators)
        )
