"""The first version of each strand's agreement template: plain-English headings and short
terms, in the structure of the National Schools and Colleges Contract's individual placement
agreement (SEND) and its equivalent for a children's home or fostering placement (care).

Read by the data migration that seeds them and by `agreement_template_current` when a strand
has none yet; consortium admins then write new versions in the portal.
"""

from __future__ import annotations

SEND = {
    "title": "Individual placement agreement (schools and colleges)",
    "notice": (
        "Either party may end the placement by giving one full school term's written notice. "
        "The council may end it at once where the child's safety or the EHC plan requires it."
    ),
    "termination": (
        "The council may end this agreement if the provider is removed from the dynamic "
        "purchasing system, loses its registration, or cannot meet the needs in the EHC plan. "
        "Fees are paid to the last day the child attends."
    ),
    "sections": [
        {
            "heading": "What this agreement is",
            "body": (
                "This agreement calls off the dynamic purchasing system named below for one "
                "child. The DPS terms apply; where they differ, this agreement applies."
            ),
        },
        {
            "heading": "The education and support to be provided",
            "body": (
                "The provider will deliver the education, therapies and support set out in "
                "section F of the child's EHC plan, and the additional services listed here."
            ),
        },
        {
            "heading": "Reviews",
            "body": (
                "The provider will take part in the annual review of the EHC plan and in any "
                "interim review the council calls, and send termly progress returns."
            ),
        },
        {
            "heading": "Fees and invoicing",
            "body": (
                "The council pays the weekly fee below for the weeks a year shown, monthly in "
                "arrears against valid invoices. Fees change only by a signed variation."
            ),
        },
        {
            "heading": "Safeguarding and incidents",
            "body": (
                "The provider follows Keeping Children Safe in Education and tells the council "
                "of any serious incident, exclusion or absence of more than five days within "
                "one working day."
            ),
        },
        {
            "heading": "Information and data protection",
            "body": (
                "Each party is a controller of the child's data it holds and shares only what "
                "the placement needs, under UK GDPR and the DPS data sharing terms."
            ),
        },
    ],
}

CARE = {
    "title": "Individual placement agreement (children's home or fostering)",
    "notice": (
        "Either party may end the placement with 28 days' written notice, after a placement "
        "planning meeting. The council may end it at once where the child's welfare requires it."
    ),
    "termination": (
        "The council may end this agreement if the home or agency loses its Ofsted "
        "registration, is removed from the dynamic purchasing system, or cannot meet the "
        "child's assessed needs. Fees are paid to the last night the child stays."
    ),
    "sections": [
        {
            "heading": "What this agreement is",
            "body": (
                "This agreement calls off the dynamic purchasing system named below for one "
                "looked-after child. The DPS terms apply; where they differ, this agreement "
                "applies."
            ),
        },
        {
            "heading": "The care to be provided",
            "body": (
                "The provider will meet the needs set out in the child's care plan and "
                "placement plan, and the additional services listed here."
            ),
        },
        {
            "heading": "Reviews and visits",
            "body": (
                "The provider will take part in looked-after child reviews, welcome the "
                "child's social worker and independent reviewing officer, and send monthly "
                "reports."
            ),
        },
        {
            "heading": "Fees and invoicing",
            "body": (
                "The council pays the weekly fee below, monthly in arrears against valid "
                "invoices. Fees change only by a signed variation."
            ),
        },
        {
            "heading": "Safeguarding, missing episodes and notifications",
            "body": (
                "The provider follows the Children's Homes Regulations 2015 or the Fostering "
                "Services Regulations 2011 and tells the council at once if the child goes "
                "missing or of any notifiable event."
            ),
        },
        {
            "heading": "Information and data protection",
            "body": (
                "Each party is a controller of the child's data it holds and shares only what "
                "the placement needs, under UK GDPR and the DPS data sharing terms."
            ),
        },
    ],
}

BY_STRAND_KIND = {"send": SEND, "care": CARE}
