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


# The codes alone, as the API's input fields list them (their schema enum's name: settings).
NEED_CODES = [code for code in NeedCode.values if code]


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


# Every type a setting may have: what the SEND strand buys (GIAS) and the care strand (SSDA903).
SETTING_TYPES = COMMISSIONED_ESTABLISHMENT_TYPES | frozenset(CarePlacementType.values)
# A setting's type in words, for every code a page, an export or a report may meet.
SETTING_TYPE_LABELS = {**dict(EstablishmentType.choices), **dict(CarePlacementType.choices)}


def setting_type_label(code: str | None, *, missing: str = "Not known") -> str:
    """ "Other independent special school (10)": a GIAS or SSDA903 code in words (an unknown
    code as it is, `missing` for none)."""
    if not code:
        return missing
    return f"{SETTING_TYPE_LABELS[code]} ({code})" if code in SETTING_TYPE_LABELS else code


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


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CLARIFICATION_REQUESTED = "clarification_requested", "Clarification requested"
    ACCREDITED = "accredited", "Accredited"
    REJECTED = "rejected", "Rejected"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"


class EvidenceType(models.TextChoices):
    EMPLOYERS_LIABILITY = "employers_liability", "Employer's liability insurance"
    PUBLIC_LIABILITY = "public_liability", "Public liability insurance"
    SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding policy"
    DBS_POLICY = "dbs_policy", "DBS policy"
    ACCOUNTS = "accounts", "Latest accounts"
    OFSTED_REPORT = "ofsted_report", "Latest Ofsted report"
    BUSINESS_CONTINUITY = "business_continuity", "Business continuity plan"
    OTHER = "other", "Other"


# Evidence every application needs; insurance certificates must carry an expiry date.
REQUIRED_EVIDENCE = (
    EvidenceType.EMPLOYERS_LIABILITY,
    EvidenceType.PUBLIC_LIABILITY,
    EvidenceType.SAFEGUARDING_POLICY,
    EvidenceType.DBS_POLICY,
    EvidenceType.ACCOUNTS,
)
EXPIRING_EVIDENCE = (EvidenceType.EMPLOYERS_LIABILITY, EvidenceType.PUBLIC_LIABILITY)


class ExclusionGround(models.TextChoices):
    """Grounds for exclusion in the selection questionnaire (PCR 2015 reg. 57)."""

    CORRUPTION = "corruption", "Corruption or bribery"
    FRAUD = "fraud", "Fraud"
    TERRORISM = "terrorism", "Terrorist offences"
    MONEY_LAUNDERING = "money_laundering", "Money laundering, child labour or human trafficking"
    TAX = "tax", "Not paying taxes or social security contributions"
    INSOLVENCY = "insolvency", "Bankruptcy, insolvency or administration"
    MISCONDUCT = "misconduct", "Grave professional misconduct"
    CONFLICT = "conflict", "Conflict of interest"
    PRIOR_DEFICIENCY = "prior_deficiency", "Significant failings in a previous public contract"
    MISREPRESENTATION = "misrepresentation", "Serious misrepresentation in supplying information"


class Declaration(models.TextChoices):
    """Statements a provider declares true before it submits."""

    ACCURATE = "accurate", "The information in this application is accurate and complete"
    SAFEGUARDING = (
        "safeguarding",
        "We follow statutory safeguarding guidance and will report concerns",
    )
    DATA_PROTECTION = (
        "data_protection",
        "We will process children's data under UK GDPR as the programme's terms set out",
    )
    OUTCOMES = (
        "outcomes",
        "We will submit termly outcome returns under the agreed outcomes framework",
    )


class ReviewOutcome(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    NEEDS_CLARIFICATION = "needs_clarification", "Needs clarification"
