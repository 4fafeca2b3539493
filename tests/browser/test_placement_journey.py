"""Issue 4's "done when", end to end in real Chromium and through the pages alone.

A Croydon commissioner records a child, raises a placement request with the policy answers,
finds the matching settings (nearest first) and invites both. Each provider, in its own browser,
opens its invitation (one from the menu, one from the link in its email) and offers. The
commissioner closes offers, compares them and awards the cheaper, nearer one; the placement's
page and the savings dashboard show the saving against the DPS ceiling to the penny, and the
other provider learns on its page and by email that its offer was unsuccessful. axe-core checks
every page on the way.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from .dps_journey_steps import menu, sign_in_with_mfa, status_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHILD_REFERENCE = "CR-0042"
NEAR = "Bright Futures School"
FAR = "Other Schools Sutton"
NEAR_PROVIDER = "Bright Futures Education Limited"
NEEDS = "Autistic; needs a small class and a predictable routine."
WEEKS = 38
NEAR_CEILING = Decimal("1650.50")  # near_setting's DPS ceiling a week
# What each provider types into the offer form, by label.
NEAR_FEES = {"Education": "1250.00", "Therapies": "140.25", "One-to-one staffing": "95.50"}
FAR_FEES = {"Education": "1500.00", "Therapies": "180.00"}


def weekly(fees: dict[str, str]) -> Decimal:
    return sum((Decimal(value) for value in fees.values()), Decimal("0.00"))


def pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def test_a_commissioner_places_a_child_with_the_better_offer_and_sees_the_saving(
    page,
    browser,
    live_server,
    settings,
    alice,
    pat,
    olly,
    send_day_lot,
    near_setting,
    far_setting,
    home_postcode,
    assert_accessible,
):
    settings.PORTAL_BASE_URL = live_server.url  # the links in the emails lead to this server
    near_weekly, far_weekly = weekly(NEAR_FEES), weekly(FAR_FEES)
    saving = (NEAR_CEILING - near_weekly) * WEEKS  # £164.75 a week under, for 38 weeks
    assert saving == Decimal("6260.50")  # the figure the pages must show, worked by hand

    commissioner = page
    sign_in_with_mfa(commissioner, live_server.url, alice, assert_accessible)
    record_the_child(commissioner, assert_accessible)
    reference = raise_the_request(commissioner, send_day_lot, assert_accessible)
    invite_both_matching_settings(commissioner, assert_accessible)

    pat_context, olly_context = browser.new_context(), browser.new_context()
    try:
        bright_futures = provider_page(pat_context, live_server.url, pat, assert_accessible)
        menu(bright_futures, "Placement requests")
        assert_accessible(bright_futures)
        bright_futures.get_by_role("link", name=f"{reference} for {NEAR}").click()
        make_an_offer(bright_futures, NEAR_FEES, near_weekly, assert_accessible)

        other_schools = provider_page(olly_context, live_server.url, olly, assert_accessible)
        other_schools.goto(email_link(olly.email, f"Placement request {reference}: offers due"))
        make_an_offer(other_schools, FAR_FEES, far_weekly, assert_accessible)

        evaluate_and_award(commissioner, near_weekly, far_weekly, assert_accessible)
        see_the_saving_on_the_placement(commissioner, near_weekly, saving, assert_accessible)

        other_schools.reload()
        expect(other_schools.get_by_text("Your offer was not successful.")).to_contain_text(
            "The borough placed the child with another provider."
        )
        expect(status_tag(other_schools)).to_have_text("Unsuccessful")
        assert_accessible(other_schools)
        outcome = f"Placement request {reference}: your offer was not successful"
        assert email_link(olly.email, outcome).endswith(
            other_schools.url.removeprefix(live_server.url)
        )

        bright_futures.reload()
        expect(
            bright_futures.get_by_role("heading", name="Your offer was accepted")
        ).to_be_visible()
        assert_accessible(bright_futures)
    finally:
        pat_context.close()
        olly_context.close()

    see_the_saving_on_the_dashboard(commissioner, saving, assert_accessible)


# --- The commissioner ----------------------------------------------------------------------------


def record_the_child(page, assert_accessible):
    menu(page, "Children")
    assert_accessible(page)
    page.get_by_role("button", name="Add a child").click()
    expect(page.get_by_role("heading", name="Add a child", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Borough reference").fill(CHILD_REFERENCE)
    page.get_by_label("Name (optional)").fill("Sam Example")
    fill_date(page, "Date of birth", 14, 3, 2016)
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Home postcode").fill("CR0 1AA")
    page.get_by_label("Primary need").select_option(label="Autistic spectrum disorder")
    page.get_by_label("Speech, language and communication needs").check()
    page.get_by_role("button", name="Add child").click()
    expect(page.get_by_text("Child added")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Child {CHILD_REFERENCE}", level=1)).to_be_visible()
    assert_accessible(page)


def raise_the_request(page, lot, assert_accessible) -> str:
    """Fill in the request with its policy answers; returns its reference, like PR-000001."""
    today = timezone.localdate()
    page.get_by_role("button", name="Raise a placement request").click()
    expect(page.get_by_role("heading", name="Raise a placement request")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"{lot.dps.name}: {lot}").check()
    fill_date(page, "When must the placement start?", *day_month_year(today + timedelta(60)))
    page.get_by_role("group", name="Day or residential").get_by_label("Day").check()
    page.get_by_role("group", name="Weeks a year").get_by_label(f"{WEEKS} weeks").check()
    page.get_by_label("Summary of the child's needs").fill(NEEDS)
    page.get_by_label("Risks (optional)").fill("Can leave the classroom when anxious.")
    page.get_by_label("Weekly budget ceiling (optional)").fill("1800")
    fill_date(page, "When are offers due?", *day_month_year(today + timedelta(14)))
    page.get_by_role("group", name="Has mainstream provision been considered?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Has provision in your borough been considered?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Needs cannot be met in mainstream, even with additional support").check()
    page.get_by_label("No suitable place in the borough's own provision").check()
    page.get_by_role("button", name="Save draft request").click()

    heading = page.get_by_role("heading", name=re.compile(r"^Placement request PR-\d+$"))
    expect(heading).to_be_visible()
    expect(page.get_by_text(re.compile(r"Draft request PR-\d+ saved"))).to_be_visible()
    expect(status_tag(page)).to_have_text("Draft")
    expect(page.get_by_text(NEEDS)).to_be_visible()
    assert_accessible(page)
    return heading.inner_text().removeprefix("Placement request ")


def invite_both_matching_settings(page, assert_accessible):
    page.get_by_role("button", name="Find matching settings").click()
    expect(page.get_by_role("heading", name="Matching settings", level=1)).to_be_visible()
    table = page.get_by_role("table", name="2 matching settings")
    rows = table.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(NEAR)  # nearest first
    expect(rows.nth(0)).to_contain_text("£1,650.50")
    expect(rows.nth(1)).to_contain_text(FAR)
    expect(rows.nth(1)).to_contain_text("£1,900.00")
    assert_accessible(page)
    page.get_by_label(NEAR).check()
    page.get_by_label(FAR).check()
    page.get_by_role("button", name="Invite the selected settings").click()
    expect(
        page.get_by_text("2 settings invited. Their providers have been emailed.")
    ).to_be_visible()
    expect(status_tag(page)).to_have_text("Open for offers")
    assert_accessible(page)


def evaluate_and_award(page, near_weekly, far_weekly, assert_accessible):
    page.reload()  # the request page, now with both offers
    expect(page.get_by_text("2 offers received.")).to_contain_text(pounds(near_weekly))
    page.get_by_role("button", name="Close offers and evaluate").click()
    expect(page.get_by_role("heading", name="Evaluate offers", level=1)).to_be_visible()
    expect(
        page.get_by_text("Offers closed. Compare the offers and award the placement.")
    ).to_be_visible()
    table = page.get_by_role("table", name="2 offers side by side")
    headers = table.get_by_role("columnheader")
    expect(headers.nth(0)).to_contain_text(NEAR)  # in the order invited: not ranked before rating
    expect(headers.nth(1)).to_contain_text(FAR)
    expect(page.get_by_text("Not ranked yet: 2 offers have no quality evidence")).to_be_visible()
    fee_row = table.get_by_role("row", name=re.compile("^Weekly fee"))
    expect(fee_row.get_by_role("cell")).to_have_text([pounds(near_weekly), pounds(far_weekly)])
    ceiling_row = table.get_by_role("row", name=re.compile("^Against the DPS ceiling"))
    expect(ceiling_row.get_by_role("cell")).to_have_text(["£164.75 under", "£220.00 under"])
    assert_accessible(page)

    rating = page.get_by_role("group", name=f"How well does {NEAR} meet the needs?")
    rating.get_by_label("4: fully meets the needs").check()
    page.locator("form").filter(has=rating).get_by_role("button", name="Save rating").click()
    expect(page.get_by_text(f"Rating saved for {NEAR}")).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^Needs-fit rating"))).to_contain_text("4 of 4")
    rating = page.get_by_role("group", name=f"How well does {FAR} meet the needs?")
    rating.get_by_label("2: meets some of the needs").check()
    page.locator("form").filter(has=rating).get_by_role("button", name="Save rating").click()
    expect(page.get_by_text(f"Rating saved for {FAR}")).to_be_visible()
    expect(page.get_by_text("Not ranked yet")).to_have_count(0)
    expect(headers.nth(0)).to_contain_text(NEAR)  # now ranked: best total score first

    award = page.get_by_role("group", name="Which offer do you award?")
    chosen = f"{NEAR} ({NEAR_PROVIDER}): {pounds(near_weekly)} a week"
    award.get_by_label(chosen).check()
    page.get_by_label("Reason for the award").fill("Nearest, lowest price, fully meets the needs")
    page.get_by_role("button", name="Award placement").click()
    expect(
        page.get_by_role("heading", name="Check your answers before awarding the placement")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and award").click()


def see_the_saving_on_the_placement(page, near_weekly, saving, assert_accessible):
    expect(page.get_by_role("heading", name=re.compile(r"^Placement PL-\d+$"))).to_be_visible()
    expect(page.get_by_role("heading", name="Placement awarded")).to_be_visible()
    expect(page.get_by_text(f"The placement is with {NEAR}.")).to_be_visible()
    expect(summary_value(page, "Setting")).to_have_text(NEAR)
    expect(summary_value(page, "Agreed weekly fee")).to_have_text(pounds(near_weekly))
    expect(summary_value(page, "DPS ceiling (weekly)")).to_have_text(pounds(NEAR_CEILING))
    expect(summary_value(page, "Annual saving vs DPS ceiling")).to_have_text(pounds(saving))
    assert_accessible(page)


def see_the_saving_on_the_dashboard(page, saving, assert_accessible):
    menu(page, "Savings")
    expect(page.get_by_role("heading", name="Savings", level=1)).to_be_visible()
    expect(summary_value(page, "Placements commissioned through the DPS")).to_have_text("1")
    expect(summary_value(page, "Annual saving against DPS ceilings")).to_have_text(pounds(saving))
    by_lot = page.get_by_role("table", name="By lot", exact=True)
    expect(by_lot.locator("tbody").get_by_role("row")).to_have_count(1)
    expect(by_lot.locator("tbody").get_by_role("row").first).to_contain_text(pounds(saving))
    assert_accessible(page)


# --- The providers ---------------------------------------------------------------------------------


def provider_page(context, base_url, user, assert_accessible):
    """A provider user signed in, with their one-time code, in a browser context of its own."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in_with_mfa(page, base_url, user, assert_accessible)
    return page


def make_an_offer(page, fees, weekly_fee, assert_accessible):
    """From the invitation page: see the anonymised needs, offer, and see the offer back."""
    expect(
        page.get_by_role("heading", name=re.compile(r"^Placement request PR-\d+$"))
    ).to_be_visible()
    expect(status_tag(page)).to_have_text("Invited")
    expect(page.get_by_text(NEEDS)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(CHILD_REFERENCE)
    expect(page.get_by_role("main")).not_to_contain_text("Sam Example")
    assert_accessible(page)
    page.get_by_role("button", name="Make an offer").click()
    expect(page.get_by_role("heading", name="Make an offer", level=1)).to_be_visible()
    assert_accessible(page)
    for label, amount in fees.items():
        page.get_by_label(label, exact=True).fill(amount)
    expect(page.get_by_label(f"{WEEKS} weeks")).to_be_checked()  # the request's weeks
    page.get_by_label("Conditions (optional)").fill("An assessment visit before the start")
    page.get_by_role("button", name="Send offer").click()
    expect(page.get_by_role("heading", name="Check your offer before sending it")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send offer").click()
    expect(page.get_by_role("heading", name="Offer sent")).to_be_visible()
    expect(status_tag(page)).to_have_text("Offered")
    expect(summary_value(page, "Weekly fee")).to_have_text(pounds(weekly_fee))
    expect(summary_value(page, "Annual cost")).to_have_text(
        f"{pounds(weekly_fee * WEEKS)} ({WEEKS} weeks)"
    )
    assert_accessible(page)


# --- Helpers ---------------------------------------------------------------------------------------


def fill_date(page, legend: str, day: int, month: int, year: int):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def day_month_year(on) -> tuple[int, int, int]:
    return on.day, on.month, on.year


def summary_value(page, key: str):
    """The value beside `key` in a summary list on the page."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return row.locator(".govuk-summary-list__value")


def email_link(to: str, subject_starts: str) -> str:
    """The portal link in the latest email to `to` whose subject starts so (both providers get
    the same subject, so the recipient tells them apart)."""
    message = next(
        m for m in reversed(mail.outbox) if to in m.to and m.subject.startswith(subject_starts)
    )
    return re.search(r"https?://\S+/placements/invitations/\S+", message.body).group(0)
