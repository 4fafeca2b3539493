"""The DPS journey's steps (tests/browser/test_dps_journey.py): what the provider does, what the
commissioner does, and the steps both share (email links, menus, task lists)."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from providers.choices import (
    EXPIRING_EVIDENCE,
    REQUIRED_EVIDENCE,
    Declaration,
    ExclusionGround,
    LotKind,
)

from ..documents import tiny_pdf
from ..factories import TEST_PASSWORD, totp_code

PDF = tiny_pdf()


PROVIDER_EMAIL = "pat@brightfutures.example.org"


ORGANISATION = "Bright Futures Education Limited"


SETTING = "Bright Futures School"


SETTING_TYPE = "Other independent special school (10)"


SEND_DPS = "South London SEND placements DPS"


DAY_LOT = f"Lot 1: {LotKind.ISS_DAY.label}"


CHECKED = "Safeguarding policy"


QUESTION = "Who is your designated safeguarding lead? The policy does not name them."


ANSWER = "Sam Patel, our deputy head, is the designated safeguarding lead."


def sign_up_verify_and_sign_in(page, base_url, assert_accessible):
    page.goto(f"{base_url}/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Email").fill(PROVIDER_EMAIL)
    page.get_by_label("Create a password").fill(TEST_PASSWORD)
    page.get_by_label("Confirm your password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    assert_accessible(page)

    page.goto(email_link("Please Confirm Your Email Address", "/accounts/confirm-email/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"You have confirmed {PROVIDER_EMAIL}")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill(PROVIDER_EMAIL)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert_accessible(page)


def register_organisation(page, assert_accessible):
    page.get_by_role("button", name="Register your organisation").click()
    assert_accessible(page)
    page.get_by_label("Legal name").fill(ORGANISATION)
    page.get_by_label("Companies House number").fill("1234")
    page.get_by_label("Registered address").fill("1 High Street\nCroydon")
    page.get_by_label("Postcode").fill("CR0 1NX")
    page.get_by_label("Full name").fill("Pat Provider")
    page.get_by_label("Email address").fill(PROVIDER_EMAIL)
    page.get_by_role("button", name="Register organisation").click()

    expect(page).to_have_title(re.compile("^Error: Register your organisation"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary.get_by_role("link", name=re.compile("Enter a Companies House number")).click()
    expect(page.get_by_label("Companies House number")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Companies House number").fill("01234567")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.get_by_text("Your organisation is registered")).to_be_visible()
    # Now the provider's user will read children's needs: a second factor first (ADR 2).
    set_up_authenticator(page, assert_accessible)
    menu(page, "Settings")
    expect(page.get_by_role("heading", name="Your settings", level=1)).to_be_visible()
    assert_accessible(page)


def set_up_authenticator(page, assert_accessible):
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()


def add_setting(page, assert_accessible):
    page.get_by_role("button", name="Add a setting").click()
    assert_accessible(page)
    page.get_by_label("Name of the setting").fill(SETTING)
    page.get_by_label("URN (schools and colleges)").fill("149001")
    page.get_by_label("Type of setting").select_option(label=SETTING_TYPE)
    page.get_by_label("Youngest").fill("7")
    page.get_by_label("Oldest").fill("19")
    page.get_by_label("Mixed").check()
    page.get_by_label("Number of places (optional)").fill("40")
    page.get_by_label("Current vacancies").fill("3")
    page.get_by_role("group", name="Day or residential").get_by_label("Day").check()
    page.get_by_label("38 weeks").check()
    page.get_by_label("Autistic spectrum disorder").check()
    page.get_by_label("Speech, language and communication needs").check()
    page.get_by_label("Postcode").fill("CR0 2AB")
    page.get_by_role("button", name="Add setting").click()
    expect(page.get_by_text(f"{SETTING} added")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(SETTING))).to_contain_text("7 to 19")
    assert_accessible(page)


def apply_to_the_send_dps(page, tmp_path, assert_accessible):
    """Fill in every section of the task list, then submit."""
    page.get_by_role("link", name="Start an application or continue one").click()
    assert_accessible(page)
    page.get_by_role("button", name=f"Apply to {SEND_DPS}").click()
    expect(page.get_by_role("heading", name=f"Application to {SEND_DPS}")).to_be_visible()
    expect(task_status(page, "Price schedule")).to_have_text("Cannot start yet")
    assert_accessible(page)

    open_task(page, "Lots and settings", assert_accessible)
    page.get_by_label(DAY_LOT).check()
    page.get_by_label(SETTING).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(task_status(page, "Lots and settings")).to_have_text("Completed")

    open_task(page, "Selection questionnaire", assert_accessible)
    for ground in ExclusionGround:
        page.get_by_role("group", name=ground.label).get_by_label("No").check()
    page.get_by_label("Employer's liability cover").fill("£10,000,000")
    page.get_by_label("Public liability cover").fill("5000000")
    for declaration in Declaration:
        page.get_by_label(declaration.label).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(task_status(page, "Selection questionnaire")).to_have_text("Completed")

    open_task(page, "Evidence", assert_accessible)
    expires = timezone.localdate() + timedelta(days=365)
    for evidence in REQUIRED_EVIDENCE:
        upload(page, tmp_path, evidence, expires if evidence in EXPIRING_EVIDENCE else None)
    expect(page.get_by_text("You have uploaded every document")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Public liability"))).to_contain_text(
        expires.strftime("%-d %B %Y")
    )
    assert_accessible(page)
    page.get_by_role("link", name="Back to your application").click()
    expect(task_status(page, "Evidence")).to_have_text("Completed")

    open_task(page, "Price schedule", assert_accessible)
    page.get_by_role("link", name=f"Enter price for {SETTING} on lot 1").click()
    expect(page.get_by_label("Education")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Education").fill("1200")
    page.get_by_label("Therapies").fill("150.50")
    page.get_by_label("One-to-one staffing").fill("300")
    page.get_by_label("38 weeks").check()
    page.get_by_role("button", name="Save price").click()
    expect(page.get_by_role("row", name=re.compile(SETTING))).to_contain_text("£1,650.50")
    assert_accessible(page)
    page.get_by_role("link", name="Back to your application").click()
    expect(task_status(page, "Price schedule")).to_have_text("Completed")

    page.get_by_role("button", name="Submit application").click()
    expect(
        page.get_by_role("heading", name="Check your application before submitting it")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible()
    expect(status_tag(page)).to_have_text("Submitted")
    assert_accessible(page)


def upload(page, tmp_path, evidence, expires):
    document = tmp_path / f"{evidence.value}.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Type of document").select_option(label=evidence.label)
    page.get_by_label("Upload a file").set_input_files(document)
    if expires:
        page.get_by_label("Day").fill(str(expires.day))
        page.get_by_label("Month").fill(str(expires.month))
        page.get_by_label("Year").fill(str(expires.year))
    page.get_by_role("button", name="Upload document").click()
    expect(page.get_by_text(f"{evidence.label} uploaded")).to_be_visible()


def answer_the_question(page, assert_accessible):
    page.goto(email_link(f"Question about your application: {SEND_DPS}", "/dps/applications/"))
    expect(page.get_by_role("heading", name="The reviewer has a question")).to_be_visible()
    expect(page.locator(".govuk-inset-text", has_text=QUESTION)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Answer sent")).to_be_visible()
    expect(status_tag(page)).to_have_text("Under review")
    assert_accessible(page)


def sign_in_with_mfa(page, base_url, user, assert_accessible):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your one-time code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    assert_accessible(page)


def start_the_review(page, assert_accessible):
    menu(page, "Accreditation")
    expect(page.get_by_role("heading", name="Accreditation queue")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(ORGANISATION))).to_contain_text("0 of 10")
    assert_accessible(page)
    page.get_by_role("link", name=ORGANISATION).click()
    expect(page.get_by_role("heading", name=f"Review: {ORGANISATION}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("Review started")).to_be_visible()
    assert_accessible(page)


def record_check(page, item, outcome, reason):
    """Record the outcome of checking one document or section, from its box on the screen."""
    box = page.locator(".govuk-inset-text", has=page.get_by_role("heading", name=f"Check: {item}"))
    box.get_by_text("Record a check").click()
    box.get_by_role("group", name=f"Outcome of the check: {item}").get_by_label(outcome).check()
    box.get_by_label(f"Reason: {item}").fill(reason)
    box.get_by_role("button", name="Record check").click()
    expect(page.get_by_text(f"{item}: {outcome.lower()} recorded")).to_be_visible()


def see_the_setting_enrolled_in_the_directory(page, assert_accessible):
    menu(page, "Provider directory")
    assert_accessible(page)
    page.get_by_label("Enrolled on lot").select_option(label=f"{SEND_DPS}: {DAY_LOT}")
    page.get_by_role("button", name="Apply filters").click()
    row = page.get_by_role("row", name=re.compile(SETTING))
    expect(row).to_contain_text(f"Lot 1, {LotKind.ISS_DAY.label}: Enrolled")
    expect(row.get_by_text("Enrolled", exact=True)).to_have_class(re.compile("govuk-tag"))
    assert_accessible(page)
    row.get_by_role("link", name=SETTING).click()
    expect(page.get_by_role("heading", name=SETTING)).to_be_visible()
    expect(page.get_by_text("£1,650.50, 38 weeks a year")).to_be_visible()  # its ceiling rate
    assert_accessible(page)


def email_link(subject: str, path: str) -> str:
    """The link to `path` in the latest email with this subject."""
    message = next(m for m in reversed(mail.outbox) if m.subject == subject)
    return re.search(rf"https?://[^\s/]+{re.escape(path)}\S*", message.body).group(0)


# The top-level entry each page sits under (kernel.navigation: areas of at most seven).
AREAS = {
    **dict.fromkeys(("Children", "Requests", "Placements", "Placement requests"), "Placements"),
    **dict.fromkeys(("Savings", "Demand", "Benchmarks", "Reports"), "Figures"),
    **dict.fromkeys(("Outcomes framework", "Termly returns", "Our benchmark"), "Outcomes"),
    **dict.fromkeys(
        (
            "Provider directory",
            "Accreditation",
            "Evidence to check",
            "DPS overview",
            "DPS settings",
            "Peer network",
        ),
        "Market",
    ),
    **dict.fromkeys(("Settings", "Applications", "Evidence", "Colleagues"), "Your organisation"),
    **dict.fromkeys(("Change history", "Users", "Evaluation weights"), "Consortium"),
}


def menu(page, name):
    """Open a page from the menu: its area's entry, then the page in the area's own list."""
    top = page.get_by_role("navigation", name="Menu")
    link = top.get_by_role("link", name=name, exact=True)
    if link.count() == 0:
        top.get_by_role("link", name=AREAS[name], exact=True).click()
        link = page.get_by_role("navigation", name=AREAS[name]).get_by_role(
            "link", name=name, exact=True
        )
    link.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def open_task(page, name, assert_accessible):
    page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    assert_accessible(page)


def task_status(page, name):
    item = page.locator(".govuk-task-list__item", has_text=name)
    return item.locator(".govuk-task-list__status")


def status_tag(page):
    return page.get_by_role("main").locator(".govuk-tag").first
