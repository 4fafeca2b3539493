"""What the Placements Data Standard tests share: a complete care referral and form answers."""

from __future__ import annotations

from placements.forms.standard import RISKS_FIELD

RISK_CODES = (
    "riskSelfHarm",
    "riskSexualExploitation",
    "riskCriminalExploitation",
    "riskDrugAlcohol",
    "riskEatingDisorder",
    "riskMissing",
    "riskToOthersPhysical",
    "riskToOthersSexual",
    "riskToOthersFire",
    "riskToOthersAnimals",
    "riskToOthersCriminal",
)


def care_answers(**overrides) -> dict:
    """A care referral's answers as `PlacementRequest.standard` keeps them (no childId)."""
    answers = {
        "PlacementAvailability": {"neededBy": "in more than 5 days", "siblingCount": 1},
        "PlacementRequirements": {
            "communicationNeeds": "Y",
            "specificCommunicationRequirements": ["Makaton"],
            "homeAdaptation": False,
            "culturalNeeds": "Required",
            "livingCompanions": "Only with other younger children",
            "pets": "Yes - can",
        },
        "PlacementRecommendation": {
            "fosterCareSuitability": "Suitable but not preferred",
            "residentialCareSuitability": "Preferred",
            "supportedAccommodationSuitability": "Unsuitable",
        },
        "Risks": {
            code: "Risk Present" if code == "riskMissing" else "No known risk"
            for code in RISK_CODES
        },
    }
    answers.update(overrides)
    return answers


def care_form_answers() -> dict:
    """The same referral as typed into the request form."""
    return {
        "std_neededBy": "in more than 5 days",
        "std_siblingCount": "1",
        "std_communicationNeeds": "Y",
        "std_specificCommunicationRequirements": ["Makaton"],
        "std_homeAdaptation": "no",
        "std_culturalNeeds": "Required",
        "std_livingCompanions": "Only with other younger children",
        "std_pets": "Yes - can",
        "std_fosterCareSuitability": "Suitable but not preferred",
        "std_residentialCareSuitability": "Preferred",
        "std_supportedAccommodationSuitability": "Unsuitable",
        RISKS_FIELD: ["riskMissing"],
    }
