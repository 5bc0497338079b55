"""Configuration is one typed object that fails early and clearly, naming every problem."""

import dataclasses

import pytest

from app import config

STRONG = "k" * 40
COMPLETE_PRODUCTION = {
    "DATABASE_URL": "postgres://db/helix",
    "REDIS_URL": "redis://cache:6379/0",
    "SECRET_KEY": STRONG,
    "PUBLIC_URL": "https://helix.example.com",
    "EMAIL_PROVIDER": "smtp",
}


def production_problems(**changes: str) -> str:
    environ = dict(COMPLETE_PRODUCTION, **changes)
    with pytest.raises(config.ConfigError) as raised:
        config.load("production", {k: v for k, v in environ.items() if v is not None})
    return str(raised.value)


def test_production_names_every_missing_variable_at_once():
    with pytest.raises(config.ConfigError) as raised:
        config.load("production", {})
    message = str(raised.value)
    assert "DATABASE_URL is not set" in message
    assert "REDIS_URL is not set" in message
    assert "SECRET_KEY is not set" in message
    assert "PUBLIC_URL must be an https:// address" in message


def test_production_refuses_a_short_secret_and_insecure_cookies():
    message = production_problems(SECRET_KEY="short", JWT_COOKIE_SECURE="false")
    assert "SECRET_KEY is too short (5 characters" in message
    assert "JWT_COOKIE_SECURE must stay true" in message


def test_production_refuses_the_published_development_key_and_a_short_jwt_key():
    message = production_problems(SECRET_KEY=config.DEVELOPMENT_SECRET_KEY, JWT_SECRET_KEY="x")
    assert "SECRET_KEY is the development key published in the repository" in message
    assert "JWT_SECRET_KEY is too short (1 characters" in message
    assert "JWT_SECRET_KEY is the development key" in production_problems(
        JWT_SECRET_KEY=config.DEVELOPMENT_SECRET_KEY
    )
    assert "JWT_SECRET_KEY is not set" in production_problems(JWT_SECRET_KEY="changeme")


def test_production_refuses_half_configured_billing_and_storage_in_one_message():
    message = production_problems(
        STRIPE_SECRET_KEY="sk_live_x", ARTIFACT_STORAGE="s3", RATELIMIT_STORAGE_URI="memory://"
    )
    assert "STRIPE_WEBHOOK_SECRET is not set (billing is on" in message
    assert "STRIPE_PRICE_PRO is not set" in message
    assert "S3_BUCKET is not set (ARTIFACT_STORAGE is s3)" in message
    assert "RATELIMIT_STORAGE_URI cannot be memory://" in message
    assert "PASSWORD_HASH_ROUNDS must be at least 10" in production_problems(
        PASSWORD_HASH_ROUNDS="4"
    )


def test_every_environment_refuses_unknown_choices_and_wildcard_cors():
    with pytest.raises(config.ConfigError) as raised:
        config.load(
            "development",
            {"ARTIFACT_STORAGE": "ftp", "EMAIL_PROVIDER": "pigeon", "CORS_ORIGINS": "*"},
        )
    message = str(raised.value)
    assert "ARTIFACT_STORAGE must be one of local, s3" in message
    assert "EMAIL_PROVIDER must be one of" in message
    assert "CORS_ORIGINS cannot be *" in message


def test_production_starts_with_a_complete_environment():
    settings = config.load("production", COMPLETE_PRODUCTION)
    flask = settings.flask_config()
    assert flask["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/helix"
    assert flask["JWT_COOKIE_SECURE"] is True
    assert flask["JSON_LOGS"] is True
    assert flask["JWT_SECRET_KEY"] == STRONG
    assert flask["RATELIMIT_KEY_PREFIX"] == "helix"
    prefixed = config.load("production", dict(COMPLETE_PRODUCTION, RATELIMIT_KEY_PREFIX="blue"))
    assert prefixed.flask_config()["RATELIMIT_KEY_PREFIX"] == "blue"


def test_settings_are_typed_and_frozen():
    settings = config.load("development", {"TRUSTED_PROXIES": "2", "CORS_ORIGINS": "a, b"})
    assert settings.trusted_proxies == 2
    assert settings.cors_origins == ("a", "b")
    assert settings.jwt_cookie_secure is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.trusted_proxies = 3  # type: ignore[misc]


def test_an_unknown_environment_is_named():
    with pytest.raises(config.ConfigError, match="Unknown environment 'staging'"):
        config.load("staging", {})


def test_a_malformed_number_or_flag_is_named():
    with pytest.raises(config.ConfigError, match="MAX_CONTENT_LENGTH must be an integer"):
        config.load("development", {"MAX_CONTENT_LENGTH": "lots"})
    with pytest.raises(config.ConfigError, match="JSON_LOGS must be true or false"):
        config.load("development", {"JSON_LOGS": "maybe"})


def test_the_rules_drafter_is_the_default_and_needs_no_key():
    settings = config.load("development", {})
    assert settings.drafter == "rules"
    assert settings.draft_model_api_key == ""


def test_the_model_drafter_names_what_it_is_missing():
    with pytest.raises(config.ConfigError) as raised:
        config.load("development", {"DRAFTER": "model", "DRAFT_MODEL_TIMEOUT_SECONDS": "0"})
    message = str(raised.value)
    assert "DRAFT_MODEL_API_BASE is not set (DRAFTER is model)" in message
    assert "DRAFT_MODEL_NAME is not set (DRAFTER is model)" in message
    assert "DRAFT_MODEL_TIMEOUT_SECONDS must be positive" in message
    with pytest.raises(config.ConfigError, match="DRAFTER must be one of rules, model"):
        config.load("development", {"DRAFTER": "gpt"})
    with pytest.raises(config.ConfigError, match="must be an http"):
        config.load(
            "development",
            {"DRAFTER": "model", "DRAFT_MODEL_API_BASE": "ftp://x", "DRAFT_MODEL_NAME": "m"},
        )


def test_the_model_key_comes_from_the_environment_and_stays_out_of_the_settings_repr():
    key = "sk-from-the-environment-0123456789"
    settings = config.load(
        "development",
        {
            "DRAFTER": "model",
            "DRAFT_MODEL_API_BASE": "https://llm.example/v1",
            "DRAFT_MODEL_NAME": "some-model",
            "DRAFT_MODEL_API_KEY": key,
        },
    )
    assert settings.draft_model_api_key == key
    assert settings.flask_config()["DRAFT_MODEL_API_KEY"] == key
    assert key not in repr(settings)
    assert "some-model" in repr(settings)


# Each unsafe production value on its own, added to an environment that starts: the app
# refuses to start and names it.
UNSAFE_PRODUCTION = [
    ({"SECRET_KEY": "short"}, "SECRET_KEY is too short"),
    ({"SECRET_KEY": "ChangeMe"}, "SECRET_KEY is not set"),
    ({"SECRET_KEY": config.DEVELOPMENT_SECRET_KEY}, "SECRET_KEY is the development key"),
    ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
    ({"JWT_SECRET_KEY": "x" * 31}, "JWT_SECRET_KEY is too short (31 characters"),
    ({"JWT_SECRET_KEY": "secret"}, "JWT_SECRET_KEY is not set"),
    ({"JWT_COOKIE_SECURE": "false"}, "JWT_COOKIE_SECURE must stay true"),
    ({"PUBLIC_URL": "http://helix.example.com"}, "PUBLIC_URL must be an https:// address"),
    (
        {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_PRICE_PRO": "price_1"},
        "STRIPE_WEBHOOK_SECRET is not set (billing is on",
    ),
    (
        {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_1"},
        "STRIPE_PRICE_PRO is not set (billing is on",
    ),
    ({"ARTIFACT_STORAGE": "s3"}, "S3_BUCKET is not set (ARTIFACT_STORAGE is s3)"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI cannot be memory://"),
    ({"PASSWORD_HASH_ROUNDS": "9"}, "PASSWORD_HASH_ROUNDS must be at least 10"),
    ({"EMAIL_PROVIDER": "console"}, "EMAIL_PROVIDER cannot be console in production"),
    ({"EMAIL_PROVIDER": "Console"}, "EMAIL_PROVIDER cannot be console in production"),
    ({"EMAIL_PROVIDER": "sendgrid"}, "SENDGRID_API_KEY is not set"),
    ({"EMAIL_PROVIDER": "postmark"}, "POSTMARK_SERVER_TOKEN is not set"),
    ({"SMTP_USERNAME": "helix"}, "SMTP_STARTTLS must be true in production"),
    ({"CELERY_TASK_ALWAYS_EAGER": "true"}, "CELERY_TASK_ALWAYS_EAGER must be false"),
]


@pytest.mark.parametrize(("changes", "named"), UNSAFE_PRODUCTION)
def test_production_refuses_each_unsafe_value_alone(changes, named):
    assert named in production_problems(**changes)
    found = config.Settings.from_env("production", dict(COMPLETE_PRODUCTION, **changes)).problems()
    assert len(found) == 1, found  # that value, and nothing else, is the problem


def test_the_same_values_are_accepted_outside_production():
    """Development and tests may log emails, run tasks eagerly and use short keys."""
    for changes, _named in UNSAFE_PRODUCTION:
        if "STRIPE_SECRET_KEY" in changes or "ARTIFACT_STORAGE" in changes:
            continue  # half-configured billing and storage are refused everywhere or by design
        if changes.get("EMAIL_PROVIDER") in ("sendgrid", "postmark"):
            continue  # a provider without its key is refused everywhere
        config.load("development", dict(COMPLETE_PRODUCTION, **changes))


def test_production_accepts_safe_email_and_task_settings():
    for changes in (
        {"EMAIL_PROVIDER": "smtp", "SMTP_USERNAME": "helix", "SMTP_STARTTLS": "true"},
        {"EMAIL_PROVIDER": "sendgrid", "SENDGRID_API_KEY": "SG.x"},
        {"EMAIL_PROVIDER": "postmark", "POSTMARK_SERVER_TOKEN": "pm-x"},
        {"CELERY_TASK_ALWAYS_EAGER": "false"},
    ):
        settings = config.load("production", dict(COMPLETE_PRODUCTION, **changes))
        assert settings.production
