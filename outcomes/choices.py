"""Codes for the outcomes framework, termly returns and their reviews, in the commissioners' words."""

from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    SUPERSEDED = "superseded", "Superseded"


class DomainKind(models.TextChoices):
    PREPARING_FOR_ADULTHOOD = "pfa", "Preparing for Adulthood outcome"
    AREA_OF_NEED = "area_of_need", "Broad area of need"


class Scale(models.TextChoices):
    """How an indicator is scored. Both are whole numbers, so progress is a difference of them."""

    GOAL_ATTAINMENT = "gas", "Goal Attainment Scaling (-2 to +2)"
    RATING = "rating", "Progress rating (1 to 5)"


SCALE_RANGES = {Scale.GOAL_ATTAINMENT: (-2, 2), Scale.RATING: (1, 5)}

GAS_DESCRIPTORS = {
    -2: "Baseline: no change",
    -1: "Less than expected",
    0: "Expected outcome",
    1: "Somewhat more than expected",
    2: "Much more than expected",
}


class TermName(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class ReturnStatus(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    ACCEPTED = "accepted", "Accepted"


class PfaPathway(models.TextChoices):
    """Where a young person from Year 9 is heading (Preparing for Adulthood)."""

    NOT_YET = "", "Not recorded"
    EDUCATION = "education", "Education (school, college or university)"
    EMPLOYMENT = "employment", "Employment"
    SUPPORTED_INTERNSHIP = "supported_internship", "Supported internship"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    INDEPENDENT_LIVING = "independent_living", "Independent living"


PFA_FROM_YEAR = 9
