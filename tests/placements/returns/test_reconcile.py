"""Reconciling a borough's SEN2 return with the portal: every difference listed, a bad file
named where it is wrong, and nothing of the file kept."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boroughs import uploads
from placements.models import ChildAccessLog
from providers.choices import LotKind
from providers.models import Setting

from .conftest import place

pytestmark = pytest.mark.django_db

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Message xmlns="http://www.example.org/sen2">
  <Header><Collection>SEN2</Collection><Year>2026</Year></Header>
  <Persons>
    <Person>
      <Surname>Example</Surname><Forename>Sam</Forename>
      <PersonBirthDate>2010-03-14</PersonBirthDate>
      <Requests><Request>
        <Assessment><NamedPlan>
          <PlanDetail><URN>222222</URN><PlacementRank>1</PlacementRank></PlanDetail>
        </NamedPlan></Assessment>
        <ActivePlans>
          <PlacementDetail>
            <URN>123456</URN><PlacementRank>1</PlacementRank>
            <EntryDate>2025-09-03</EntryDate><Res>{res}</Res>
          </PlacementDetail>
          <PlacementDetail>
            <UKPRN>10012345</UKPRN><PlacementRank>1</PlacementRank>
            <EntryDate>2024-09-04</EntryDate><LeavingDate>2025-07-18</LeavingDate><Res>RSC</Res>
          </PlacementDetail>
          <PlacementDetail>
            <URN>654321</URN><PlacementRank>2</PlacementRank><EntryDate>2025-10-01</EntryDate>
          </PlacementDetail>
          <SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>
          <SENneed><SENtype>SLCN</SENtype><SENtypeRank>2</SENtypeRank></SENneed>
        </ActivePlans>
      </Request></Requests>
    </Person>
  </Persons>
</Message>
"""


def extract(client) -> str:
    response = client.get(
        reverse("placements:returns_download"), {"file": "sen2", "sen2_year": 2026}
    )
    return response.content.decode()


def upload(client, content: str, name="return.csv"):
    return client.post(
        f"{reverse('placements:returns_reconcile')}?sen2_year=2026",
        {"file": SimpleUploadedFile(name, content.encode())},
    )


def differences(response) -> list[list[str]]:
    """The differences table's rows, cell by cell."""
    html = response.content.decode()
    assert response.status_code == 200
    if "Every difference" not in html:
        return []
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [
        [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in body.split("</tr>")[:-1]
    ]


def edited(text: str, change) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_the_portals_own_extract_agrees_with_the_portal(client_for, alice, sen2_year):
    client = client_for(alice)
    response = upload(client, extract(client))
    assert "Your return agrees with the portal" in response.content.decode()
    assert differences(response) == []


def test_every_difference_is_listed(client_for, alice, sen2_year):
    client = client_for(alice)

    def change(rows):
        college, school, therapy = rows
        school["LeavingDate"] = "2025-12-19"
        school["Residential"] = "Y"
        stranger = dict(college, PersonBirthDate="2012-01-01", URN="111111", UKPRN="")
        return [school, therapy, stranger]  # the college placement is missing

    response = upload(client, edited(extract(client), change))
    assert "4 differences" in response.content.decode()
    assert differences(response) == [
        [
            "CR-0042",
            "2010-03-14",
            "Vale College (10012345)",
            "In the portal, not in the return: from 2024-09-04",
            "",
            "",
        ],
        ["CR-0042", "2010-03-14", "Hill School (123456)", "Leaving date", "(blank)", "2025-12-19"],
        ["CR-0042", "2010-03-14", "Hill School (123456)", "Residential", "N", "Y"],
        [
            "Row 4",
            "2012-01-01",
            "111111",
            "In the return, not in the portal: entry date 2024-09-04",
            "",
            "",
        ],
    ]
    # The comparison names Sam: it is logged as a view of his record.
    assert ChildAccessLog.objects.filter(what="SEN2 reconciliation 2026").count() == 1


def test_the_return_as_filed_in_xml_is_read(client_for, alice, sen2_year):
    response = upload(client_for(alice), XML.format(res=""), name="sen2.xml")
    assert differences(response) == []
    response = upload(client_for(alice), XML.format(res="RSC"), name="sen2.xml")
    assert differences(response) == [
        ["CR-0042", "2010-03-14", "Hill School (123456)", "Residential", "N", "Y"],
    ]


def test_a_bad_row_is_named_and_nothing_is_compared(client_for, alice, sen2_year):
    client = client_for(alice)

    def change(rows):
        rows[1]["EntryDate"] = "2025-13-01"
        rows[2]["URN"] = "12345"
        return rows

    response = upload(client, edited(extract(client), change))
    html = response.content.decode()
    assert "Row 3: EntryDate &#x27;2025-13-01&#x27; is not a date like 2025-09-01" in html
    assert "Row 4: URN &#x27;12345&#x27; is not 6 digits" in html
    assert "govuk-error-summary" in html
    assert "Paired" not in html


@pytest.mark.parametrize(
    "content, message",
    [
        ("name,age\nSam,15\n", "the header has no PersonBirthDate, EntryDate, URN or UKPRN"),
        ("<Message><Person>", "must be a SEN2 return (XML)"),
        (
            '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><m>&a;</m>',
            "must be a SEN2 return (XML)",
        ),
        ("<Message></Message>", "The selected file has no placements in it"),
        ("", "The selected file is empty"),
        ("%PDF-1.7 a printed return", "must be a SEN2 return (XML) or a CSV file saved as UTF-8"),
    ],
)
def test_a_file_that_is_not_a_return_is_refused(client_for, alice, content, message):
    response = upload(client_for(alice), content)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in html
    assert "govuk-error-summary" in html


def test_another_borough_cannot_compare_with_croydons_placements(
    client_for, charlie, north_analyst, provider_user
):
    url = f"{reverse('placements:returns_reconcile')}?borough=E09000008"
    for user in (charlie, north_analyst):
        assert client_for(user).post(url, {}).status_code == 404
    assert client_for(provider_user).post(url, {}).status_code == 403


def test_a_setting_with_no_urn_is_named_by_its_sen2_setting_code(
    client_for, alice, sam, lots, schools
):
    unnumbered = Setting.objects.create(provider=schools[0].provider, name="Meadow School")
    place(sam, unnumbered, lots[LotKind.ISS_DAY], date(2025, 9, 3), by=alice)
    client = client_for(alice)
    text = extract(client)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["URN"], row["UKPRN"], row["SENsetting"]) == ("", "", "OTH")
    response = upload(client, text)
    assert "Your return agrees with the portal" in response.content.decode()


def test_a_return_larger_than_any_upload_may_be_is_named_at_the_field(
    client_for, alice, monkeypatch
):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    response = upload(client_for(alice), "PersonBirthDate,URN,EntryDate\n" * 10)
    assert uploads.MSG_FILE_SIZE in response.content.decode()
