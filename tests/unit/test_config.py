"""Configuration fails early and clearly."""

import pytest

from app import config


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "JWT_COOKIE_SECURE", "HELIX_ENV"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_names_every_missing_variable_at_once(clean_env):
    del clean_env
    with pytest.raises(config.ConfigError) as raised:
        config.load("production")
    message = str(raised.value)
    assert "DATABASE_URL is not set" in message
    assert "REDIS_URL is not set" in message
    assert "SECRET_KEY is not set" in message


def test_production_refuses_a_short_secret_and_insecure_cookies(clean_env):
    clean_env.setenv("DATABASE_URL", "postgresql://db/helix")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "short")
    clean_env.setenv("JWT_COOKIE_SECURE", "false")
    with pytest.raises(config.ConfigError) as raised:
        config.load("production")
    assert "SECRET_KEY is too short" in str(raised.value)
    assert "JWT_COOKIE_SECURE must stay true" in str(raised.value)


def test_production_starts_with_a_complete_environment(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://db/helix")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    settings = config.load("production")
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/helix"
    assert settings["JWT_COOKIE_SECURE"] is True
    assert settings["JSON_LOGS"] is True


def test_an_unknown_environment_is_named(clean_env):
    del clean_env
    with pytest.raises(config.ConfigError, match="Unknown environment 'staging'"):
        config.load("staging")


def test_a_malformed_number_is_named(clean_env):
    clean_env.setenv("MAX_CONTENT_LENGTH", "lots")
    with pytest.raises(config.ConfigError, match="MAX_CONTENT_LENGTH must be an integer"):
        config.load("development")
