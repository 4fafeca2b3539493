"""What commissioners and providers write in the demo: needs, risks, questions, reasons."""

from __future__ import annotations

from providers.choices import LotKind

NEEDS_TEXT = {
    "ASD": "Autistic; needs a small class, a predictable routine and a low-arousal environment.",
    "SEMH": "Anxiety and emotional dysregulation after several exclusions; needs a therapeutic school with a consistent key adult.",
    "SLCN": "Severe language disorder; needs daily speech and language therapy built into lessons.",
    "MLD": "Working well below age-related expectations in all areas; needs a small, structured class.",
    "SLD": "Severe learning disability with limited verbal communication; needs a sensory curriculum.",
    "PMLD": "Profound and multiple learning disabilities; needs nursing care, hoisting and a sensory curriculum.",
    "SPLD": "Severe dyslexia and dyscalculia; needs specialist literacy teaching across the day.",
    "HI": "Profoundly deaf; uses British Sign Language and needs a signing environment.",
    "VI": "Severely sight impaired; needs mobility training, Braille and a modified environment.",
    "MSI": "Deafblind; needs an intervenor and a multi-sensory curriculum.",
    "PD": "Cerebral palsy; uses a powered wheelchair and needs physiotherapy and personal care.",
    "OTH": "A rare genetic condition with medical needs; needs a nurse on site.",
}
CARE_TEXT = {
    LotKind.FOSTERING: "Needs a stable foster family near school, with contact with siblings twice a week.",
    LotKind.CHILDRENS_HOME: "Needs a small children's home with high staffing after two foster placements broke down.",
    LotKind.SUPPORTED_ACCOMMODATION: "Needs supported accommodation with key-work and help to prepare for independence.",
}
RISKS = [
    "Can leave the building when overwhelmed.",
    "Has hit out at staff when anxious.",
    "No current risks beyond those in the EHC plan.",
    "At risk of exploitation in the community.",
]
COMMUNICATION = [
    "Verbal; uses a visual timetable.",
    "Uses Makaton and a communication book.",
    "Speaks in short phrases; processing time needed.",
    "Fluent speaker; masks anxiety.",
]
COMPATIBILITY = [
    "Best with calm peers of a similar age.",
    "Needs a group of no more than six.",
    "Should not be placed with older young people who offend.",
]
QUESTIONS = [
    ("Does the child have a current sensory assessment?", "Yes: an occupational therapy report from March, attached to the plan."),
    ("Will the borough arrange home-to-school transport?", "Yes: transport is arranged separately by the borough."),
    ("Can you share the last annual review?", "The annual review is summarised in the needs section; the full report follows on award."),
    ("Is a phased start possible?", "Yes: the family would welcome a phased start over two weeks."),
]  # fmt: skip
CONDITIONS = [
    "",
    "",
    "Subject to a visit by the child and family.",
    "Price includes a two-week assessment period.",
    "One-to-one support reviewed after a term.",
]
DECLINE_NOTES = [
    "Our admissions panel does not meet before the deadline.",
    "The group is not a good fit for this young person.",
]
AWARD_REASONS = [
    "Highest score on quality and price; meets the need in full.",
    "Best value offer, nearest to home, with therapy on site.",
    "The family preferred it after visiting, and it scored highest.",
]
CANCEL_REASONS = [
    "The family moved out of the borough.",
    "A place came up in the borough's own special school.",
    "The annual review agreed a mainstream place with additional support.",
    "The SEND Tribunal named a different school.",
]
NONE_SUITABLE_REASONS = [  # (sufficiency code, the reason in words)
    ("cannot_meet_need", "No offer could meet the child's therapy and sensory needs."),
    ("no_capacity", "No provider offered a place that could start by the transfer date."),
]
