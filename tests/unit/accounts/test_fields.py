"""Text people type: normalized, and refused when it cannot be stored or shown safely."""

import pytest
from marshmallow import ValidationError

from app.schemas.accounts import InvitationSchema, SignupSchema
from app.schemas.fields import EmailAddress, Password, Text, unstorable

STRONG = "a long enough password"


def signup(**overrides):
    payload = {"email": "a@example.com", "password": STRONG, "name": "A", "workspace_name": "W"}
    payload.update(overrides)
    return SignupSchema().load(payload)


def test_text_is_nfc_normalized_and_stripped():
    assert Text().deserialize("  Zoe\u0301  ") == "Zo\u00e9"


@pytest.mark.parametrize("value", ["", "   ", "\u3000\u00a0"])
def test_blank_text_is_refused(value):
    with pytest.raises(ValidationError, match="blank"):
        Text().deserialize(value)


@pytest.mark.parametrize("value", ["a\x00b", "bell\x07", "\ud800", "\ue000", "line\nbreak"])
def test_control_surrogate_and_private_characters_are_refused(value):
    with pytest.raises(ValidationError):
        Text().deserialize(value)


def test_emoji_scripts_and_direction_marks_are_kept():
    value = "\U0001f9ec \u6f22\u5b57 \u05e9\u05dc\u05d5\u05dd \u202eRTL\u202c"
    assert Text().deserialize(value) == value
    assert not unstorable(value)


def test_text_longer_than_its_limit_is_refused():
    assert Text(max_length=3).deserialize("abc") == "abc"
    with pytest.raises(ValidationError, match="at most 3"):
        Text(max_length=3).deserialize("abcd")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Ada@Example.COM", "ada@example.com"),
        (" x.y+tag@sub.example.org ", "x.y+tag@sub.example.org"),
    ],
)
def test_email_addresses_are_lower_cased(given, stored):
    assert EmailAddress().deserialize(given) == stored


@pytest.mark.parametrize(
    "bad", ["plain", "a@b", "a@@b.com", "a b@c.com", "@example.com", "a@.com", "a@example..com"]
)
def test_malformed_email_addresses_are_refused(bad):
    with pytest.raises(ValidationError, match="email address"):
        EmailAddress().deserialize(bad)


def test_passwords_are_kept_exactly_as_typed():
    assert Password().deserialize("  spaced out  ") == "  spaced out  "


@pytest.mark.parametrize("bad", ["nul\x00", "\udfff lone", "x" * 1025])
def test_unencodable_or_huge_passwords_are_refused(bad):
    with pytest.raises(ValidationError):
        Password().deserialize(bad)


def test_signup_reports_a_weak_password_together_with_other_field_errors():
    with pytest.raises(ValidationError) as raised:
        signup(email="nope", password="short")
    assert set(raised.value.messages) == {"email", "password"}


def test_signup_refuses_unknown_fields_and_wrong_types():
    with pytest.raises(ValidationError) as raised:
        signup(name=5, is_admin=True)
    assert set(raised.value.messages) == {"name", "is_admin"}


def test_invitations_default_to_the_member_role_and_refuse_unknown_roles():
    assert InvitationSchema().load({"email": "a@example.com"})["role"] == "member"
    with pytest.raises(ValidationError):
        InvitationSchema().load({"email": "a@example.com", "role": "root"})
