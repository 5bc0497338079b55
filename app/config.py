"""Configuration read from the environment when the app is created.

One function per environment builds a plain mapping for `app.config`. Production refuses
to start while a required variable is missing or unsafe, and names every problem at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev"})
PROJECT_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_DIR / "instance"


class ConfigError(RuntimeError):
    """The environment cannot run the app safely; the message says what to set."""


def env_bool(name: str, default: bool) -> bool:
    value = os.getenv(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.getenv(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {value!r}.") from None


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, "").split(",") if item.strip()]


def sqlalchemy_url(url: str) -> str:
    """Make a PostgreSQL URL use psycopg 3, whatever scheme the platform gave us."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redis_url_for(url: str, client: str) -> str:
    """Spell a unix-socket Redis URL (`unix:///path`) the way each client library wants it."""
    if not url.startswith("unix://"):
        return url
    path = url[len("unix://") :]
    return {"limits": "redis+unix://", "kombu": "redis+socket://"}.get(client, "unix://") + path


def base() -> dict[str, object]:
    secret = os.getenv("SECRET_KEY", "dev-only-secret-key-not-for-production")
    redis_url = os.getenv("REDIS_URL", "")
    return {
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(os.getenv("DATABASE_URL", "")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "MAX_CONTENT_LENGTH": env_int("MAX_CONTENT_LENGTH", 1024 * 1024),
        "JSON_LOGS": env_bool("JSON_LOGS", False),
        "LOG_LEVEL": os.getenv("LOG_LEVEL", "INFO").upper(),
        "JWT_SECRET_KEY": os.getenv("JWT_SECRET_KEY") or secret,
        "JWT_TOKEN_LOCATION": ["cookies"],
        "JWT_COOKIE_SECURE": env_bool("JWT_COOKIE_SECURE", True),
        "JWT_COOKIE_SAMESITE": "Lax",
        "JWT_COOKIE_CSRF_PROTECT": True,
        "JWT_CSRF_CHECK_FORM": True,
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=env_int("JWT_REFRESH_DAYS", 30)),
        "CELERY_TASK_ALWAYS_EAGER": env_bool("CELERY_TASK_ALWAYS_EAGER", False),
        "CELERY_SOFT_TIME_LIMIT": env_int("CELERY_SOFT_TIME_LIMIT", 120),
        "CELERY_TIME_LIMIT": env_int("CELERY_TIME_LIMIT", 150),
        "CELERY_VISIBILITY_TIMEOUT": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "GENERATION_QUEUE": os.getenv("GENERATION_QUEUE", "celery"),
        "GENERATION_SWEEP_SECONDS": env_int("GENERATION_SWEEP_SECONDS", 60),
        "GENERATION_REQUEUE_SECONDS": env_int("GENERATION_REQUEUE_SECONDS", 600),
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_DEFAULT_TIMEOUT": 300,
        "RATELIMIT_STORAGE_URI": os.getenv("RATELIMIT_STORAGE_URI")
        or redis_url_for(redis_url, "limits")
        or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Exact windows: no double burst at a window's edge, and tests do not flake on one.
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_ENABLED": env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_AUTH_PER_IP": os.getenv("RATELIMIT_AUTH_PER_IP", "30 per minute;300 per hour"),
        "RATELIMIT_AUTH_PER_ACCOUNT": os.getenv(
            "RATELIMIT_AUTH_PER_ACCOUNT", "5 per minute;30 per hour"
        ),
        "PASSWORD_HASH_ROUNDS": env_int("PASSWORD_HASH_ROUNDS", 12),
        "PASSWORD_RESET_HOURS": env_int("PASSWORD_RESET_HOURS", 1),
        "INVITATION_DAYS": env_int("INVITATION_DAYS", 7),
        "CORS_ORIGINS": env_list("CORS_ORIGINS"),
        "PUBLIC_URL": os.getenv("PUBLIC_URL", "http://127.0.0.1:5000"),
        "EMAIL_PROVIDER": os.getenv("EMAIL_PROVIDER", "console"),
        "EMAIL_RETRY_SECONDS": env_int("EMAIL_RETRY_SECONDS", 5),
        "EMAIL_FROM": os.getenv("EMAIL_FROM", "Helix <no-reply@helix.localhost>"),
        "SMTP_HOST": os.getenv("SMTP_HOST", "127.0.0.1"),
        "SMTP_PORT": env_int("SMTP_PORT", 25),
        "SMTP_USERNAME": os.getenv("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.getenv("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env_bool("SMTP_STARTTLS", False),
        "SENDGRID_API_KEY": os.getenv("SENDGRID_API_KEY", ""),
        "SENDGRID_API_BASE": os.getenv("SENDGRID_API_BASE", "https://api.sendgrid.com"),
        "POSTMARK_SERVER_TOKEN": os.getenv("POSTMARK_SERVER_TOKEN", ""),
        "POSTMARK_API_BASE": os.getenv("POSTMARK_API_BASE", "https://api.postmarkapp.com"),
        "STRIPE_SECRET_KEY": os.getenv("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": os.getenv("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_PRICE_PRO": os.getenv("STRIPE_PRICE_PRO", ""),
        "STRIPE_API_BASE": os.getenv("STRIPE_API_BASE", ""),
        "BILLING_GRACE_DAYS": env_int("BILLING_GRACE_DAYS", 7),
        "ARTIFACT_STORAGE": os.getenv("ARTIFACT_STORAGE", "local"),
        "ARTIFACT_DIR": os.getenv("ARTIFACT_DIR", str(INSTANCE_DIR / "artifacts")),
        "S3_BUCKET": os.getenv("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.getenv("S3_ENDPOINT_URL", ""),
    }


def development() -> dict[str, object]:
    """Defaults point at the embedded servers `make dev` starts under instance/."""
    settings = base()
    if not settings["SQLALCHEMY_DATABASE_URI"]:
        settings["SQLALCHEMY_DATABASE_URI"] = (
            f"postgresql+psycopg://postgres@/helix?host={INSTANCE_DIR / 'pgdata'}"
        )
    if not settings["REDIS_URL"]:
        redis_url = f"unix://{INSTANCE_DIR / 'redis.sock'}?db=0"
        settings.update(
            REDIS_URL=redis_url,
            CACHE_REDIS_URL=redis_url,
            RATELIMIT_STORAGE_URI=redis_url_for(redis_url, "limits"),
        )
    settings["JWT_COOKIE_SECURE"] = env_bool("JWT_COOKIE_SECURE", False)
    return settings


def test() -> dict[str, object]:
    settings = base()
    redis_url = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.update(
        TESTING=True,
        SQLALCHEMY_DATABASE_URI=sqlalchemy_url(os.getenv("TEST_DATABASE_URL", "")),
        REDIS_URL=redis_url,
        CACHE_REDIS_URL=redis_url,
        RATELIMIT_STORAGE_URI=redis_url,
        JWT_COOKIE_SECURE=False,
        CELERY_TASK_ALWAYS_EAGER=env_bool("CELERY_TASK_ALWAYS_EAGER", True),
        RATELIMIT_KEY_PREFIX=os.getenv("RATELIMIT_KEY_PREFIX", "helix-test"),
        PASSWORD_HASH_ROUNDS=env_int("PASSWORD_HASH_ROUNDS", 4),
    )
    return settings


def production() -> dict[str, object]:
    settings = base()
    settings["JSON_LOGS"] = env_bool("JSON_LOGS", True)
    return settings


ENVIRONMENTS: dict[str, Callable[[], dict[str, object]]] = {
    "development": development,
    "test": test,
    "production": production,
}


def problems(name: str, settings: dict[str, object]) -> list[str]:
    """Every reason these settings cannot start the app, one line each."""
    found = []
    if not settings["SQLALCHEMY_DATABASE_URI"]:
        found.append(
            "DATABASE_URL is not set" if name != "test" else "TEST_DATABASE_URL is not set"
        )
    if not settings["REDIS_URL"]:
        found.append("REDIS_URL is not set")
    if name == "production":
        secret = os.getenv("SECRET_KEY", "")
        if secret.lower() in PLACEHOLDER_SECRETS:
            found.append("SECRET_KEY is not set (use at least 32 random characters)")
        elif len(secret) < 32:
            found.append("SECRET_KEY is too short (use at least 32 random characters)")
        if not settings["JWT_COOKIE_SECURE"]:
            found.append("JWT_COOKIE_SECURE must stay true in production")
    return found


def load(name: str | None = None) -> dict[str, object]:
    """Build and check the settings of environment `name` (default: HELIX_ENV or development)."""
    chosen = name or os.getenv("HELIX_ENV", "development")
    if chosen not in ENVIRONMENTS:
        raise ConfigError(f"Unknown environment {chosen!r}; use one of: {', '.join(ENVIRONMENTS)}.")
    settings = ENVIRONMENTS[chosen]()
    settings["ENV_NAME"] = chosen
    found = problems(chosen, settings)
    if found:
        raise ConfigError(f"Cannot start Helix ({chosen}): " + "; ".join(found) + ".")
    return settings
