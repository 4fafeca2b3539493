"""Codes the DPS uses, in the words of DfE (GIAS, SEN2), Ofsted and the SSDA903 return."""

from django.db import models


class Regime(models.TextChoices):
    PCR_2015_DPS = "pcr2015_dps", "Dynamic purchasing system (Public Contracts Regulations 2015)"
    PA_2023_DYNAMIC_MARKET = "pa2023_dm", "Dynamic market (Procurement Act 2023)"


class LotKind(models.TextChoices):
    # SEND strand
    ISS_DAY = "iss_day", "Independent special school: day"
    ISS_RESIDENTIAL_38 = "iss_res_38", "Independent special school: residential, 38 weeks"
    ISS_RESIDENTIAL_52 = "iss_res_52", "Independent special school: residential, 52 weeks"
    NON_MAINTAINED = "nmss", "Non-maintained special school"
    POST_16 = "post16", "Special post-16 institution"
    THERAPIES = "therapies", "Therapies and additional support"
    # Care strand
    FOSTERING = "ifa", "Independent fostering agency"
    CHILDRENS_HOME = "childrens_home", "Children's residential home"
    SUPPORTED_ACCOMMODATION = "supported_16_17", "Supported accommodation, 16 to 17"
    PARENT_AND_CHILD = "parent_child", "Parent and child"


class NeedCode(models.TextChoices):
    """SEN primary need codes (SEN2 and the school census)."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Visual impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"


class EstablishmentType(models.TextChoices):
    """GIAS establishment types the SEND strand buys from (and maintained ones, to compare)."""

    NON_MAINTAINED_SPECIAL = "08", "Non-maintained special school"
    INDEPENDENT_SPECIAL = "10", "Other independent special school"
    SPECIAL_POST_16 = "32", "Special post 16 institution"
    COMMUNITY_SPECIAL = "07", "Community special school"
    FOUNDATION_SPECIAL = "12", "Foundation special school"
    ACADEMY_SPECIAL_SPONSOR_LED = "33", "Academy special sponsor led"
    ACADEMY_SPECIAL_CONVERTER = "44", "Academy special converter"
    FREE_SCHOOL_SPECIAL = "36", "Free schools special"


# The types the GIAS import takes: what the SEND strand commissions.
COMMISSIONED_ESTABLISHMENT_TYPES = frozenset({"08", "10", "32"})


class CarePlacementType(models.TextChoices):
    """SSDA903 placement types the care strand buys."""

    U4 = "U4", "Foster placement with other foster carer: long term"
    U5 = "U5", "Foster placement with other foster carer: FFA or concurrent planning"
    U6 = "U6", "Foster placement with other foster carer: not long term or FFA"
    K2 = "K2", "Children's home"
    K3 = "K3", "Registered supported accommodation (16 to 17)"
    H5 = "H5", "Semi-independent living accommodation"
    R3 = "R3", "Family centre or mother and baby unit"
    S1 = "S1", "Residential school"


class Sex(models.TextChoices):
    MIXED = "mixed", "Mixed"
    BOYS = "boys", "Boys"
    GIRLS = "girls", "Girls"


class Section41Status(models.TextChoices):
    NOT_LISTED = "", "Not on the list"
    APPROVED = "approved", "Approved"
    APPROVED_PROVISIONAL = "approved_provisional", "Approved (provisional)"
    WITHDRAWN = "withdrawn", "Withdrawn"


class InspectionFramework(models.TextChoices):
    SCHOOL_GRADED = "school_graded", "School inspection, single grade (before November 2025)"
    SCHOOL_REPORT_CARD = "school_report_card", "School report card (from November 2025)"
    CHILDRENS_HOME = "childrens_home", "Children's home inspection (SCCIF)"


class SchoolGrade(models.TextChoices):
    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"


WEEKS_PER_YEAR = (38, 39, 44, 48, 52)
