"""A new user's whole path in Chromium at laptop and phone width: sign up, guided start,
draft from an example, correct it in the visual editor (add an entity, a field and a
relation, change a type), generate, browse the files, download, invite, billing. Every
page: no sideways scrolling and no serious or critical axe-core violation.

axe-core comes from npm (pinned below) into a cache folder on first use; screenshots are
kept in HELIX_E2E_SCREENSHOTS (default /tmp/helix-e2e-screenshots) for CI to upload."""

from __future__ import annotations

import uuid

import pytest
from page_checks import PASSWORD, Checker
from playwright.sync_api import expect


def editor_settled(page) -> None:
    expect(page.locator("#editor-status")).not_to_have_text("Checking…")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_new_user_goes_from_signup_to_download_invite_and_billing(  # pylint: disable=too-many-statements
    new_page, axe_source, mail, width
):
    del mail
    page = new_page(width=width, height=900)
    page.context.set_default_timeout(20_000)
    check = Checker(page, width, axe_source)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/signup")
    check("signup")
    page.get_by_label("Your name").fill("Nia New")
    page.get_by_label("Email").fill(f"nia-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Workspace name").fill("Nia Studio")
    page.get_by_role("button", name="Sign up").click()

    # Guided start: three steps and examples; the plan's meters are visible before acting.
    expect(page.get_by_role("heading", name="Build your first project")).to_be_visible()
    expect(page.locator("#current-workspace")).to_have_text("Nia Studio")
    expect(page.locator('[data-meter="generations_this_month"]')).to_contain_text("0 of 3")
    check("guided-start")
    page.get_by_role("link", name="CRM").first.click()
    expect(page.get_by_label("Description")).not_to_have_value("")
    expect(page.locator('#backend option[value="fastapi"]')).to_be_enabled()
    expect(page.get_by_label("What to generate")).to_have_value("nextjs")
    expect(page.locator("#frontend option:checked")).to_have_text("Flask API + Next.js")
    page.get_by_text("Stack and features").click()
    page.locator("#backend").select_option("fastapi")  # the choices follow the backend
    expect(page.locator("#frontend option:checked")).to_have_text("FastAPI + Next.js")
    expect(page.locator('#frontend option[value="none"]')).to_have_text("FastAPI only")
    page.locator("#backend").select_option("flask")
    expect(page.locator("#frontend option:checked")).to_have_text("Flask API + Next.js")
    check("describe")
    page.get_by_role("button", name="Continue to review").click()

    # Review: correct the draft with the visual editor alone.
    expect(page.get_by_role("heading", name="Review: CRM")).to_be_visible()
    expect(page.locator("#ge-entities > li").first).to_be_visible()
    editor_settled(page)
    expect(page.locator("#stack")).to_contain_text("Stack: Flask API + Next.js")
    check("review")
    page.get_by_role("button", name="Add entity").click()
    editor_settled(page)
    entity = page.locator("#ge-entities > li").last
    entity.get_by_label("Entity name").fill("Invoice")
    entity.get_by_label("Entity name").press("Tab")
    editor_settled(page)
    entity = page.locator("#ge-entities > li").last
    entity.get_by_role("button", name="Add field to Invoice").click()
    editor_settled(page)
    entity = page.locator("#ge-entities > li").last
    new_field = entity.locator(".ge-row").filter(has=page.locator('[data-path$=".new_field"]'))
    new_field.get_by_label("Field name").fill("total")
    new_field.get_by_label("Field name").press("Tab")
    editor_settled(page)
    total = entity.locator(".ge-row").filter(has=page.locator('[data-path$=".total"]'))
    total.get_by_label("Type").select_option("decimal")
    editor_settled(page)
    entity.get_by_role("button", name="Add relation to Invoice").click()
    editor_settled(page)
    entity = page.locator("#ge-entities > li").last
    relation = entity.locator(".ge-row").filter(has=page.locator('[data-path$=".related"]'))
    relation.get_by_label("Target").select_option("Company")
    editor_settled(page)
    expect(page.locator("#editor-status")).to_have_text("Valid. Save to keep your changes.")
    yaml_text = page.locator("#genome_yaml").input_value()
    assert "name: Invoice" in yaml_text
    assert "type: decimal" in yaml_text
    assert "target: Company" in yaml_text
    expect(page.locator("#diagram-viewport svg")).to_contain_text("Invoice")
    # A problem is shown on the control it concerns, and goes away when fixed.
    total.get_by_label("Min").fill("10")
    total.get_by_label("Min").press("Tab")
    total.get_by_label("Max").fill("1")
    total.get_by_label("Max").press("Tab")
    editor_settled(page)
    expect(page.locator(".ge-problem").first).to_be_visible()
    check("review-problem")
    total.get_by_label("Max").fill("")
    total.get_by_label("Max").press("Tab")
    editor_settled(page)
    expect(page.locator(".ge-problem")).to_have_count(0)
    page.get_by_role("button", name="Save and validate").click()
    expect(page.locator("#save-status")).to_have_text("Saved: the genome is valid.")

    # Generate (the meter sits beside the button), then browse the files and download.
    page.get_by_role("link", name="Continue to generate").click()
    expect(page.locator('[data-meter="generations_this_month"]')).to_contain_text("0 of 3")
    check("project")
    page.get_by_role("button", name="Generate codebase").click()
    expect(page.locator("#generations li[data-status]").first).to_have_attribute(
        "data-status", "succeeded"
    )
    expect(page.locator("#generations .status").first).to_have_text("ready")
    expect(page.locator("#generations .stack-cell").first).to_have_text("Flask API + Next.js")
    check("generated")
    page.get_by_role("link", name="Browse files").first.click()
    expect(page.get_by_role("heading", name="README.md")).to_be_visible()
    check("files")
    page.get_by_role("link", name="config.py").first.click()
    expect(page.locator(".code-scroll")).to_contain_text("import")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download zip").click()
    assert download.value.suggested_filename.endswith(".zip")

    # Invite a teammate; a refresh does not send it again.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_label("Email address").fill(f"mate-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("The invitation is on its way.")).to_be_visible()
    page.reload()
    expect(page.locator("li[data-email]")).to_have_count(1)
    check("members")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Billing").click()
    expect(page.get_by_test_id("plan")).to_have_text("Free")
    check("billing")
    assert not errors, errors
