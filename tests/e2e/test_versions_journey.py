"""A project changed and generated again, in Chromium at laptop and phone width: the
project page offers the changes and the patch beside the zip, the changes page lists the
changed files with their diffs, the review page compares two genome versions. Every page:
no sideways scrolling and no serious or critical axe-core violation."""

from __future__ import annotations

import uuid

import pytest
from page_checks import PASSWORD, Checker
from playwright.sync_api import expect

FIRST = """\
genome: 1
name: Field Notes
slug: field_notes
stack: {backend: flask, frontend: none}
entities:
  - name: Note
    fields:
      title: {type: string, required: true, max_length: 80}
      body: {type: text}
"""
SECOND = FIRST + "      priority: {type: integer, default: 3}\n"


def api(page, method: str, path: str, body: dict | None = None) -> dict:
    """A call to Helix's API with the page's own session cookies and CSRF header."""
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    response = page.request.fetch(
        path,
        method=method,
        data=body,
        headers={"X-CSRF-TOKEN": cookies.get("csrf_access_token", "")},
    )
    assert response.ok, response.text()
    return response.json()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_changed_project_offers_its_changes_the_patch_and_a_version_comparison(
    new_page,
    axe_source,
    width,
):
    page = new_page(width=width, height=900)
    page.context.set_default_timeout(20_000)
    check = Checker(page, width, axe_source)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/signup")
    page.get_by_label("Your name").fill("Vera Versions")
    page.get_by_label("Email").fill(f"vera-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Workspace name").fill("Vera Studio")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#current-workspace")).to_have_text("Vera Studio")

    workspace = api(page, "GET", "/api/v1/me")["workspaces"][0]["id"]
    base = f"/api/v1/workspaces/{workspace}/projects"
    project = api(page, "POST", base, {"name": "Field notes", "genome_yaml": FIRST})
    api(page, "POST", f"{base}/{project['id']}/generations")
    api(page, "PATCH", f"{base}/{project['id']}", {"genome_yaml": SECOND})
    api(page, "POST", f"{base}/{project['id']}/generations")

    page.goto(f"/workspaces/{workspace}/projects/{project['id']}")
    newest = page.locator("#generations li[data-status]").first
    expect(newest).to_have_attribute("data-status", "succeeded")
    expect(newest.locator(".version-cell")).to_have_text("genome v2")
    expect(newest.get_by_role("link", name="Download patch")).to_be_visible()
    check("project-with-patch")
    with page.expect_download() as download:
        newest.get_by_role("link", name="Download patch").click()
    assert download.value.suggested_filename.endswith(".patch")

    newest.get_by_role("link", name="Changes").click()
    expect(page.get_by_role("heading", name="Changes of Field notes")).to_be_visible()
    expect(page.locator("#change-list")).to_contain_text("app/models/note.py")
    expect(page.locator(".change .gi").first).to_be_visible()
    check("changes")

    page.goto(f"/workspaces/{workspace}/projects/{project['id']}/review")
    expect(page.locator("#version-list tbody tr")).to_have_count(2)
    page.get_by_label("From version").select_option("1")
    page.get_by_label("To version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Changes from v1 to v2")).to_be_visible()
    expect(page.locator("#version-view")).to_contain_text("priority: {type: integer, default: 3}")
    check("review-compare")
    page.get_by_role("link", name="Show").last.click()
    expect(page.get_by_role("heading", name="Version 1", exact=False)).to_be_visible()
    check("review-version")
    assert not errors, errors
