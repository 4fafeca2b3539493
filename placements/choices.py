"""Codes for children and placements (SEN2, SSDA903), in the commissioners' words."""

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class LegalStatus(models.TextChoices):
    """SSDA903 legal status of a looked-after child (the care strand)."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    V2 = "V2", "Single period of accommodation under section 20"
    E1 = "E1", "Placement order granted"
    L1 = "L1", "Under police protection"
    J1 = "J1", "Remanded to local authority accommodation"
