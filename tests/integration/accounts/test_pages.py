"""The server-rendered account and workspace pages, through plain form posts."""

import re
import uuid

import markupsafe
import pytest
from sqlalchemy import select

from app.models import Membership, Role, User

pytestmark = pytest.mark.integration


def form_token(api, path):
    page = api.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def post_form(api, path, data, token_from=None):
    token = form_token(api, token_from or path)
    return api.flask.post(path, data={**data, "csrf_token": token})


def log_in_by_form(api, user):
    return post_form(
        api, "/login", {"email": user.email, "password": "correct horse battery staple"}
    )


def test_every_input_on_the_signup_page_has_a_label(new_client):
    page = new_client().get("/signup").get_data(as_text=True)
    inputs = re.findall(r'<input id="([^"]+)"', page)
    assert set(inputs) == {"name", "email", "password", "workspace_name"}
    for input_id in inputs:
        assert f'<label for="{input_id}">' in page
    assert "<script" not in page
    assert 'name="viewport"' in page


def test_signing_up_by_form_logs_in_and_opens_the_guided_start(new_client, db_session):
    api = new_client()
    email = f"page-{uuid.uuid4().hex[:8]}@example.com"
    response = post_form(
        api,
        "/signup",
        {
            "name": "Page Person",
            "email": email,
            "password": "a long enough password",
            "workspace_name": "Page Co",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/dashboard?start=1")
    assert api.cookie("access_token_cookie")
    settings = api.get(response.headers["Location"]).get_data(as_text=True)
    assert "Page Co" in settings
    assert "Welcome to Helix" in settings
    assert db_session.scalar(select(User).where(User.email == email)) is not None


def test_signup_errors_are_shown_next_to_their_fields(new_client, db_session):
    api = new_client()
    response = post_form(
        api, "/signup", {"name": "", "email": "nope", "password": "short", "workspace_name": "W"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-email"' in page
    assert 'id="error-name"' in page
    assert 'aria-invalid="true"' in page
    assert db_session.scalar(select(User).where(User.email == "nope")) is None


def test_a_form_post_without_its_csrf_token_answers_403(new_client, make_user):
    user = make_user()
    api = new_client()
    response = api.flask.post(
        "/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 403
    assert api.cookie("access_token_cookie") is None


def test_a_logged_in_form_post_without_the_csrf_field_answers_403_and_changes_nothing(
    new_client, make_user, db_session
):
    user = make_user()
    api = new_client()
    log_in_by_form(api, user)
    response = api.flask.post(
        f"/workspaces/{user.own_workspace.id}/settings/name", data={"name": "Hijacked"}
    )
    assert response.status_code == 403
    assert "CSRF check failed" in response.get_data(as_text=True)
    db_session.refresh(user.own_workspace)
    assert user.own_workspace.name != "Hijacked"


def test_logging_in_by_form_goes_to_the_next_page_but_never_off_site(new_client, make_user):
    user = make_user()
    api = new_client()
    token = form_token(api, "/login")
    response = api.flask.post(
        "/login",
        data={
            "email": user.email,
            "password": "correct horse battery staple",
            "next": "https://evil.example.net/",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"


def test_wrong_credentials_show_the_message_on_the_login_page(new_client, make_user):
    user = make_user()
    response = post_form(new_client(), "/login", {"email": user.email, "password": "wrong one!"})
    assert response.status_code == 401
    assert "The email or password is not right." in response.get_data(as_text=True)


def test_pages_for_logged_in_people_send_others_to_log_in(new_client, make_user):
    user = make_user()
    response = new_client().get(f"/workspaces/{user.own_workspace.id}/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_the_settings_page_lists_members_and_the_switcher_lists_workspaces(
    new_client, make_user, add_member
):
    owner = make_user("Olive Owner")
    member = make_user("Mia Member")
    add_member(owner.own_workspace, member)
    api = new_client()
    log_in_by_form(api, owner)
    page = api.get(f"/workspaces/{owner.own_workspace.id}/settings").get_data(as_text=True)
    assert "Mia Member" in page
    assert "Invite someone" in page
    assert "Transfer ownership" in page
    assert str(markupsafe.escape(owner.own_workspace.name)) in page
    assert 'class="switcher"' in page


def test_changing_a_role_by_form(new_client, make_user, add_member, db_session):
    owner = make_user()
    member = make_user()
    add_member(owner.own_workspace, member)
    api = new_client()
    log_in_by_form(api, owner)
    settings = f"/workspaces/{owner.own_workspace.id}/settings"
    response = post_form(
        api,
        f"/workspaces/{owner.own_workspace.id}/members/{member.id}/role",
        {"role": "admin"},
        token_from=settings,
    )
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(Membership, (owner.own_workspace.id, member.id)).role == Role.ADMIN


def test_the_last_owner_sees_why_they_cannot_leave(new_client, make_user):
    owner = make_user()
    api = new_client()
    log_in_by_form(api, owner)
    settings = f"/workspaces/{owner.own_workspace.id}/settings"
    response = post_form(
        api, f"/workspaces/{owner.own_workspace.id}/leave", {}, token_from=settings
    )
    assert response.status_code == 303
    assert "last owner" in api.get(settings).get_data(as_text=True)


def test_an_expired_access_token_is_renewed_on_a_page_visit(new_client, make_user, app):
    user = make_user()
    api = new_client()
    log_in_by_form(api, user)
    old_refresh = api.cookie("refresh_token_cookie")
    # An access token past its lifetime, as after 15 idle minutes.
    from datetime import timedelta

    from flask_jwt_extended import create_access_token, decode_token

    with app.app_context():
        claims = decode_token(api.cookie("access_token_cookie"))
        expired = create_access_token(
            identity=str(user.id),
            additional_claims={"sid": claims["sid"]},
            expires_delta=timedelta(seconds=-60),
        )
    api.flask.set_cookie("access_token_cookie", expired)
    response = api.get("/account")
    assert response.status_code == 200
    assert api.cookie("refresh_token_cookie") != old_refresh
    assert api.get("/api/v1/me").status_code == 200


def link_token(link: str, path: str) -> str:
    """Emailed links carry the token after `#`: browsers never send it to the server."""
    before, fragment = link.split("#", 1)
    assert before.endswith(path)
    assert fragment.startswith("token=")
    return fragment.removeprefix("token=")


def test_the_reset_page_sets_a_new_password(new_client, make_user, mailbox):
    user = make_user()
    api = new_client()
    sent = post_form(api, "/forgot-password", {"email": user.email})
    assert sent.status_code == 202
    assert "reset link is on its way" in sent.get_data(as_text=True)
    token = link_token(mailbox.last_link(user.email, "/reset-password#"), "/reset-password")
    page = api.get("/reset-password").get_data(as_text=True)
    assert "data-link-token" in page
    assert "link_token.js" in page
    # What the page's script does: the token from the fragment goes into the form body.
    weak = post_form(api, "/reset-password", {"password": "short", "token": token})
    assert weak.status_code == 422
    assert f'name="token" value="{token}"' in weak.get_data(as_text=True)
    done = post_form(api, "/reset-password", {"password": "my new page password", "token": token})
    assert done.status_code == 303
    assert new_client().login(user.email, "my new page password").status_code == 200


def open_invitation(api, link: str):
    """What the landing page's script does: post the fragment's token, follow the redirect."""
    token = link_token(link, "/invitations/open")
    landing = api.get("/invitations/open").get_data(as_text=True)
    form = landing.split("data-auto-submit", 1)[1]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    opened = api.flask.post("/invitations/open", data={"token": token, "csrf_token": csrf})
    assert opened.status_code == 303
    assert opened.headers["Location"].endswith("/invitations")
    assert api.cookie("helix_invitation") == token
    return api.get("/invitations")


def test_the_invitation_page_offers_signup_and_login_to_strangers(
    new_client, make_user, login, mailbox
):
    owner = make_user()
    login(owner).post(
        f"/api/v1/workspaces/{owner.own_workspace.id}/invitations",
        json={"email": "stranger@example.com", "role": "member"},
    )
    link = mailbox.last_link("stranger@example.com", "/invitations/open#")
    api = new_client()
    landing = api.get("/invitations/open").get_data(as_text=True)
    assert "data-auto-submit" in landing
    assert "link_token.js" in landing
    page = open_invitation(api, link).get_data(as_text=True)
    assert "Sign up to join" in page
    assert "Log in to accept" in page
    assert str(markupsafe.escape(owner.own_workspace.name)) in page
    assert link_token(link, "/invitations/open") not in page


def test_an_existing_user_accepts_on_the_page_and_the_cookie_is_dropped(
    new_client, make_user, login, mailbox, db_session
):
    owner = make_user()
    invitee = make_user(email="page-accept@example.com")
    login(owner).post(
        f"/api/v1/workspaces/{owner.own_workspace.id}/invitations",
        json={"email": invitee.email, "role": "member"},
    )
    api = new_client()
    log_in_by_form(api, invitee)
    page = open_invitation(api, mailbox.last_link(invitee.email, "/invitations/open#"))
    assert "Accept invitation" in page.get_data(as_text=True)
    accepted = post_form(api, "/invitations", {})
    assert accepted.status_code == 303
    assert db_session.get(Membership, (owner.own_workspace.id, invitee.id)) is not None
    assert api.cookie("helix_invitation") is None


def test_the_invitation_page_without_an_open_invitation_answers_404(new_client):
    assert new_client().get("/invitations").status_code == 404


def test_a_dropped_access_cookie_is_renewed_from_the_refresh_cookie(new_client, make_user):
    user = make_user()
    api = new_client()
    log_in_by_form(api, user)
    api.flask.delete_cookie("access_token_cookie")
    response = api.get("/account")
    assert response.status_code == 200
    assert api.cookie("access_token_cookie")


def test_two_page_loads_renewing_from_one_refresh_cookie_both_stay_logged_in(new_client, make_user):
    user = make_user()
    first = new_client()
    log_in_by_form(first, user)
    second = new_client()
    second.flask.set_cookie("refresh_token_cookie", first.cookie("refresh_token_cookie"))
    first.flask.delete_cookie("access_token_cookie")
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 200
    assert first.get("/api/v1/me").status_code == 200
    assert second.get("/api/v1/me").status_code == 200


def test_a_page_without_any_session_cookie_renews_nothing(new_client):
    api = new_client()
    assert api.get("/account").status_code == 302
    assert api.cookie("access_token_cookie") is None
