"""The account journeys in a real browser: sign up, log out and in, reset a password,
invite and accept, change a role; and the pages at phone width."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

PASSWORD = "browser password 123"


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def sign_up(
    page, name: str, email: str, workspace: str | None = "Browser Co", members: bool = True
) -> None:
    """Sign up (landing on the guided start), then open the workspace's Members page."""
    page.goto("/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if workspace is not None:
        page.get_by_label("Workspace name").fill(workspace)
    page.get_by_role("button", name="Sign up").click()
    if members:
        open_members(page)


def open_members(page) -> None:
    expect(page.get_by_role("heading", name="Build your first project")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_sign_up_log_out_and_log_in_again(new_page, shoot):
    page = new_page()
    email = unique_email("signup")
    sign_up(page, "Bea Browser", email, "Bea's Lab", members=False)
    expect(page.get_by_text("Welcome to Helix")).to_be_visible()
    expect(page.locator("#current-workspace")).to_have_text("Bea's Lab")
    open_members(page)
    expect(page.get_by_role("heading", name="Bea's Lab")).to_be_visible()
    expect(page.locator("table.members")).to_contain_text(email)
    shoot(page, "signup-workspace-settings")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login\?next=/account"))

    log_in(page, email, "not the password")
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not right.")
    shoot(page, "login-wrong-password")
    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/workspaces/[0-9a-f-]+/dashboard$"))
    expect(page.locator("#current-workspace")).to_have_text("Bea's Lab")


def test_signup_errors_appear_next_to_their_fields(new_page, shoot):
    page = new_page()
    page.goto("/signup")
    page.get_by_label("Your name").fill("Short Pass")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password").fill("short")
    page.get_by_label("Workspace name").fill("W")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#error-email")).to_contain_text("email address")
    expect(page.locator("#error-password")).to_contain_text("at least 10 characters")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    shoot(page, "signup-field-errors")


def test_forgot_and_reset_password(new_page, mail, shoot):
    page = new_page()
    email = unique_email("reset")
    sign_up(page, "Rita Reset", email)
    page.get_by_role("button", name="Log out").click()

    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("a reset link is on its way")).to_be_visible()
    shoot(page, "forgot-password-sent")

    page.goto(path_of(mail.last_link(email, "/reset-password#token=")))
    # The token rode in the fragment; the page took it and cleaned the address bar.
    expect(page).to_have_url(re.compile(r"/reset-password$"))
    page.get_by_label("New password").fill("my brand new password")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()

    log_in(page, email, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("not right")
    log_in(page, email, "my brand new password")
    expect(page.get_by_role("heading", name="Build your first project")).to_be_visible()


def test_invite_accept_by_signing_up_and_change_role(new_page, mail, shoot):
    owner = new_page()
    sign_up(owner, "Olga Owner", unique_email("owner"), "Team Space")
    invitee_email = unique_email("invitee")
    owner.get_by_label("Email address").fill(invitee_email)
    owner.get_by_label("Role", exact=True).select_option("member")
    owner.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_text("The invitation is on its way.")).to_be_visible()
    expect(owner.locator(f'li[data-email="{invitee_email}"]')).to_contain_text("pending")
    shoot(owner, "invitation-sent")

    invitee = new_page()
    invitee.goto(path_of(mail.last_link(invitee_email, "/invitations/open#token=")))
    expect(invitee.get_by_role("heading", name="Join Team Space")).to_be_visible()
    expect(invitee).to_have_url(re.compile(r"/invitations$"))
    shoot(invitee, "invitation-landing")
    invitee.get_by_role("link", name="Sign up to join").click()
    expect(invitee.get_by_label("Email")).to_have_value(invitee_email)
    invitee.get_by_label("Your name").fill("Ivy Invitee")
    invitee.get_by_label("Password").fill(PASSWORD)
    invitee.get_by_role("button", name="Sign up").click()
    open_members(invitee)
    expect(invitee.get_by_role("heading", name="Team Space")).to_be_visible()
    expect(invitee.get_by_text("You are member")).to_be_visible()

    owner.reload()
    row = owner.locator(f'tr[data-email="{invitee_email}"]')
    row.get_by_label("Role of Ivy Invitee").select_option("admin")
    row.get_by_role("button", name="Save role").click()
    expect(owner.get_by_text("The role is changed.")).to_be_visible()
    expect(owner.locator(f'tr[data-email="{invitee_email}"] select')).to_have_value("admin")
    shoot(owner, "role-changed")

    invitee.reload()
    expect(invitee.get_by_text("You are admin")).to_be_visible()


def test_an_existing_user_accepts_an_invitation_after_logging_in(new_page, mail):
    owner = new_page()
    sign_up(owner, "Oscar Owner", unique_email("owner2"), "Second Team")
    member_email = unique_email("existing")
    member = new_page()
    sign_up(member, "Erin Existing", member_email, "Erin's Own")

    owner.get_by_label("Email address").fill(member_email)
    owner.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_text("The invitation is on its way.")).to_be_visible()

    member.goto(path_of(mail.last_link(member_email, "/invitations/open#token=")))
    member.get_by_role("button", name="Accept invitation").click()
    expect(member.get_by_role("heading", name="Second Team")).to_be_visible()
    member.locator("#workspace-switcher summary").click()
    switcher = member.locator(".switcher")
    expect(switcher.get_by_role("link", name="Erin's Own")).to_be_visible()
    switcher.get_by_role("link", name="Erin's Own").click()
    # The switcher leads to the workspace's projects, its settings one link away.
    expect(member).to_have_url(re.compile(r"/workspaces/[0-9a-f-]+/dashboard$"))
    expect(member.get_by_role("main")).to_contain_text("Erin's Own")


@pytest.mark.parametrize("path", ["/signup", "/login", "/forgot-password"])
def test_pages_fit_a_phone_screen(new_page, shoot, path):
    page = new_page(width=375, height=740)
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shoot(page, "phone" + path.replace("/", "-"))


def test_workspace_settings_fit_a_phone_screen(new_page, shoot):
    page = new_page(width=375, height=740)
    sign_up(page, "Pat Phone", unique_email("phone"), "Pocket Team")
    expect(page.get_by_role("heading", name="Pocket Team")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shoot(page, "phone-workspace-settings")


def test_pages_load_no_inline_or_external_scripts(new_page):
    page = new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/signup")
    assert page.locator("script").count() == 0
    assert not violations
