"""Configuration: one typed, frozen `Settings` read from the environment when the app is created.

Each field names its environment variable and its default (per environment where they
differ). `Settings.problems()` lists every reason the values cannot run the app safely;
`load()` refuses to start while there is any, naming them all at once.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
ENVIRONMENTS = ("development", "test", "production")
PROJECT_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_DIR / "instance"
# Seconds the cache and the rate limiter wait on Redis before treating it as down.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
# Published in this repository, so never a secret: production refuses it by name.
DEVELOPMENT_SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105
KNOWN_SECRETS = frozenset(
    {"", "change-me", "changeme", "secret", "dev", "password", DEVELOPMENT_SECRET_KEY}
)
MIN_SECRET_LENGTH = 32
MIN_PRODUCTION_HASH_ROUNDS = 10
ARTIFACT_STORES = ("local", "s3")
EMAIL_PROVIDERS = ("console", "smtp", "sendgrid", "postmark")
DRAFTERS = ("rules", "model")


class ConfigError(RuntimeError):
    """The environment cannot run the app safely; the message says what to set."""


def parse_bool(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, got {value!r}.")


def parse_int(name: str, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {value!r}.") from None


def parse_list(_name: str, value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def parse_str(_name: str, value: str) -> str:
    return value.strip()


PARSERS: dict[type, Callable[[str, str], Any]] = {
    bool: parse_bool,
    int: parse_int,
    tuple: parse_list,
    str: parse_str,
}


def setting(env: str, default: object, *, secret: bool = False, **per_environment: object) -> Any:
    """A field read from the variable `env`; `default` unless the environment has its own.

    A `secret` field is left out of the settings' repr, so a logged Settings shows no key.
    """
    metadata = {"env": env, "per_environment": per_environment}
    return dataclasses.field(default=default, metadata=metadata, repr=not secret)  # pylint: disable=invalid-field-call


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


EMBEDDED_DATABASE = f"postgresql://postgres@/helix?host={INSTANCE_DIR / 'pgdata'}"
EMBEDDED_REDIS = f"unix://{INSTANCE_DIR / 'redis.sock'}?db=0"


@dataclasses.dataclass(frozen=True)
class Settings:  # pylint: disable=too-many-instance-attributes
    """Every setting of Helix, typed; README's configuration table lists the same variables."""

    env_name: str = "development"
    database_url: str = setting("DATABASE_URL", "", development=EMBEDDED_DATABASE)
    test_database_url: str = setting("TEST_DATABASE_URL", "")
    redis_url: str = setting(
        "REDIS_URL", "", development=EMBEDDED_REDIS, test="redis://127.0.0.1:6379/15"
    )
    secret_key: str = setting("SECRET_KEY", DEVELOPMENT_SECRET_KEY, production="")
    jwt_secret_key: str = setting("JWT_SECRET_KEY", "")
    jwt_cookie_secure: bool = setting("JWT_COOKIE_SECURE", True, development=False, test=False)
    jwt_access_minutes: int = setting("JWT_ACCESS_MINUTES", 15)
    jwt_refresh_days: int = setting("JWT_REFRESH_DAYS", 30)
    refresh_grace_seconds: int = setting("REFRESH_GRACE_SECONDS", 30)
    trusted_proxies: int = setting("TRUSTED_PROXIES", 0)
    json_logs: bool = setting("JSON_LOGS", False, production=True)
    log_level: str = setting("LOG_LEVEL", "INFO")
    max_content_length: int = setting("MAX_CONTENT_LENGTH", 1024 * 1024)
    cors_origins: tuple[str, ...] = setting("CORS_ORIGINS", ())
    public_url: str = setting("PUBLIC_URL", "http://127.0.0.1:5000")
    celery_task_always_eager: bool = setting("CELERY_TASK_ALWAYS_EAGER", False, test=True)
    celery_soft_time_limit: int = setting("CELERY_SOFT_TIME_LIMIT", 120)
    celery_time_limit: int = setting("CELERY_TIME_LIMIT", 150)
    celery_visibility_timeout: int = setting("CELERY_VISIBILITY_TIMEOUT", 3600)
    generation_queue: str = setting("GENERATION_QUEUE", "celery")
    generation_sweep_seconds: int = setting("GENERATION_SWEEP_SECONDS", 60)
    generation_requeue_seconds: int = setting("GENERATION_REQUEUE_SECONDS", 600)
    ratelimit_enabled: bool = setting("RATELIMIT_ENABLED", True)
    ratelimit_storage_uri: str = setting("RATELIMIT_STORAGE_URI", "")
    ratelimit_key_prefix: str = setting("RATELIMIT_KEY_PREFIX", "helix", test="helix-test")
    ratelimit_auth_per_ip: str = setting("RATELIMIT_AUTH_PER_IP", "30 per minute;300 per hour")
    ratelimit_auth_per_account: str = setting(
        "RATELIMIT_AUTH_PER_ACCOUNT", "5 per minute;30 per hour"
    )
    ratelimit_login_failures: str = setting(
        "RATELIMIT_LOGIN_FAILURES", "5 per minute;10 per 15 minutes;20 per hour;40 per day"
    )
    password_hash_rounds: int = setting("PASSWORD_HASH_ROUNDS", 12, test=4)
    password_reset_hours: int = setting("PASSWORD_RESET_HOURS", 1)
    invitation_days: int = setting("INVITATION_DAYS", 7)
    email_provider: str = setting("EMAIL_PROVIDER", "console")
    email_retry_seconds: int = setting("EMAIL_RETRY_SECONDS", 5)
    email_from: str = setting("EMAIL_FROM", "Helix <no-reply@helix.localhost>")
    smtp_host: str = setting("SMTP_HOST", "127.0.0.1")
    smtp_port: int = setting("SMTP_PORT", 25)
    smtp_username: str = setting("SMTP_USERNAME", "")
    smtp_password: str = setting("SMTP_PASSWORD", "")
    smtp_starttls: bool = setting("SMTP_STARTTLS", False)
    sendgrid_api_key: str = setting("SENDGRID_API_KEY", "")
    sendgrid_api_base: str = setting("SENDGRID_API_BASE", "https://api.sendgrid.com")
    postmark_server_token: str = setting("POSTMARK_SERVER_TOKEN", "")
    postmark_api_base: str = setting("POSTMARK_API_BASE", "https://api.postmarkapp.com")
    stripe_secret_key: str = setting("STRIPE_SECRET_KEY", "")
    stripe_webhook_secret: str = setting("STRIPE_WEBHOOK_SECRET", "")
    stripe_price_pro: str = setting("STRIPE_PRICE_PRO", "")
    stripe_api_base: str = setting("STRIPE_API_BASE", "")
    billing_grace_days: int = setting("BILLING_GRACE_DAYS", 7)
    artifact_storage: str = setting("ARTIFACT_STORAGE", "local")
    artifact_dir: str = setting("ARTIFACT_DIR", str(INSTANCE_DIR / "artifacts"))
    s3_bucket: str = setting("S3_BUCKET", "")
    s3_endpoint_url: str = setting("S3_ENDPOINT_URL", "")
    drafter: str = setting("DRAFTER", "rules")
    draft_model_api_base: str = setting("DRAFT_MODEL_API_BASE", "")
    draft_model_api_key: str = setting("DRAFT_MODEL_API_KEY", "", secret=True)
    draft_model_name: str = setting("DRAFT_MODEL_NAME", "")
    draft_model_timeout_seconds: int = setting("DRAFT_MODEL_TIMEOUT_SECONDS", 30)

    @classmethod
    def from_env(cls, env_name: str, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every field from `environ` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {"env_name": env_name}
        for field in dataclasses.fields(cls):
            if "env" not in field.metadata:
                continue
            name = field.metadata["env"]
            raw = environ.get(name, "")
            if raw.strip():
                kind = tuple if str(field.type).startswith("tuple") else _scalar_type(field)
                values[field.name] = PARSERS[kind](name, raw)
            else:
                values[field.name] = field.metadata["per_environment"].get(env_name, field.default)
        return cls(**values)

    @property
    def production(self) -> bool:
        return self.env_name == "production"

    @property
    def billing_enabled(self) -> bool:
        return bool(self.stripe_secret_key)

    @property
    def effective_database_url(self) -> str:
        return self.test_database_url if self.env_name == "test" else self.database_url

    def problems(self) -> list[str]:
        """Every reason these settings cannot run the app safely, one line each."""
        found = []
        if not self.effective_database_url:
            found.append(f"{'TEST_' if self.env_name == 'test' else ''}DATABASE_URL is not set")
        if not self.redis_url:
            found.append("REDIS_URL is not set")
        found += self._choice_problems()
        if self.production:
            found += self._production_problems()
        return found

    def _choice_problems(self) -> list[str]:
        found = []
        if self.artifact_storage not in ARTIFACT_STORES:
            found.append(f"ARTIFACT_STORAGE must be one of {', '.join(ARTIFACT_STORES)}")
        elif self.artifact_storage == "s3" and not self.s3_bucket:
            found.append("S3_BUCKET is not set (ARTIFACT_STORAGE is s3)")
        if self.email_provider.lower() not in EMAIL_PROVIDERS:
            found.append(f"EMAIL_PROVIDER must be one of {', '.join(EMAIL_PROVIDERS)}")
        if self.email_provider.lower() == "sendgrid" and not self.sendgrid_api_key:
            found.append("SENDGRID_API_KEY is not set (EMAIL_PROVIDER is sendgrid)")
        if self.email_provider.lower() == "postmark" and not self.postmark_server_token:
            found.append("POSTMARK_SERVER_TOKEN is not set (EMAIL_PROVIDER is postmark)")
        found += self.drafter_problems()
        if self.trusted_proxies < 0:
            found.append("TRUSTED_PROXIES cannot be negative")
        if self.max_content_length <= 0:
            found.append("MAX_CONTENT_LENGTH must be positive")
        if "*" in self.cors_origins:
            found.append("CORS_ORIGINS cannot be * (credentials are allowed); list the origins")
        return found

    def drafter_problems(self) -> list[str]:
        """Why DRAFTER and DRAFT_MODEL_* cannot draft (the draft command checks only these)."""
        if self.drafter not in DRAFTERS:
            return [f"DRAFTER must be one of {', '.join(DRAFTERS)}"]
        if self.drafter != "model":
            return []
        found = [
            f"{name} is not set (DRAFTER is model)"
            for name, value in (
                ("DRAFT_MODEL_API_BASE", self.draft_model_api_base),
                ("DRAFT_MODEL_NAME", self.draft_model_name),
            )
            if not value
        ]
        if self.draft_model_api_base and not self.draft_model_api_base.startswith(
            ("https://", "http://")
        ):
            found.append("DRAFT_MODEL_API_BASE must be an http(s):// address")
        if self.draft_model_timeout_seconds <= 0:
            found.append("DRAFT_MODEL_TIMEOUT_SECONDS must be positive")
        return found

    def _production_problems(self) -> list[str]:
        found = secret_problems("SECRET_KEY", self.secret_key, required=True)
        if self.jwt_secret_key:
            found += secret_problems("JWT_SECRET_KEY", self.jwt_secret_key, required=False)
        if not self.jwt_cookie_secure:
            found.append("JWT_COOKIE_SECURE must stay true in production")
        if not self.public_url.startswith("https://"):
            found.append("PUBLIC_URL must be an https:// address in production (links in emails)")
        if self.billing_enabled:
            if not self.stripe_webhook_secret:
                found.append("STRIPE_WEBHOOK_SECRET is not set (billing is on: STRIPE_SECRET_KEY)")
            if not self.stripe_price_pro:
                found.append("STRIPE_PRICE_PRO is not set (billing is on: STRIPE_SECRET_KEY)")
        found += self._production_delivery_problems()
        if self.ratelimit_enabled and self.ratelimit_storage_uri.startswith("memory://"):
            found.append("RATELIMIT_STORAGE_URI cannot be memory:// in production (per process)")
        if self.password_hash_rounds < MIN_PRODUCTION_HASH_ROUNDS:
            found.append(
                f"PASSWORD_HASH_ROUNDS must be at least {MIN_PRODUCTION_HASH_ROUNDS} in production"
            )
        return found

    def _production_delivery_problems(self) -> list[str]:
        """Emails and jobs that production would lose or run in the wrong place."""
        found = []
        if self.email_provider.lower() == "console":
            found.append(
                "EMAIL_PROVIDER cannot be console in production (emails would only be logged): "
                "use smtp, sendgrid or postmark"
            )
        if self.email_provider.lower() == "smtp" and self.smtp_username and not self.smtp_starttls:
            found.append(
                "SMTP_STARTTLS must be true in production when SMTP_USERNAME is set "
                "(the password would cross the network in clear)"
            )
        if self.celery_task_always_eager:
            found.append(
                "CELERY_TASK_ALWAYS_EAGER must be false in production "
                "(generations and emails would run inside web requests)"
            )
        return found

    def flask_config(self) -> dict[str, object]:
        """The mapping for `app.config`: each field under its variable's name, plus what the
        extensions (SQLAlchemy, JWT, caching, limiter) expect."""
        config: dict[str, object] = {
            field.metadata.get("env", field.name.upper()): getattr(self, field.name)
            for field in dataclasses.fields(self)
        }
        redis_url = self.redis_url
        config.update(
            ENV_NAME=self.env_name,
            SETTINGS=self,
            TESTING=self.env_name == "test",
            CORS_ORIGINS=list(self.cors_origins),
            LOG_LEVEL=self.log_level.upper(),
            SQLALCHEMY_DATABASE_URI=sqlalchemy_url(self.effective_database_url),
            SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
            JWT_SECRET_KEY=self.jwt_secret_key or self.secret_key,
            JWT_TOKEN_LOCATION=["cookies"],
            JWT_COOKIE_SAMESITE="Lax",
            JWT_COOKIE_CSRF_PROTECT=True,
            JWT_CSRF_CHECK_FORM=True,
            JWT_ACCESS_TOKEN_EXPIRES=timedelta(minutes=self.jwt_access_minutes),
            JWT_REFRESH_TOKEN_EXPIRES=timedelta(days=self.jwt_refresh_days),
            # A Redis outage makes cache reads misses (app/cache_backend.py), never errors.
            CACHE_TYPE="app.cache_backend.ResilientRedisCache",
            CACHE_REDIS_URL=redis_url,
            CACHE_DEFAULT_TIMEOUT=300,
            CACHE_OPTIONS=dict(REDIS_TIMEOUTS),
            RATELIMIT_STORAGE_URI=self.ratelimit_storage_uri
            or redis_url_for(redis_url, "limits")
            or "memory://",
            RATELIMIT_STORAGE_OPTIONS=dict(REDIS_TIMEOUTS),
            # Redis down: the same limits are counted in each process's memory until it is back.
            RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
            RATELIMIT_SWALLOW_ERRORS=True,
            RATELIMIT_HEADERS_ENABLED=True,
            # Exact windows: no double burst at a window's edge, and tests do not flake on one.
            RATELIMIT_STRATEGY="moving-window",
        )
        return config


def _scalar_type(field: dataclasses.Field) -> type:
    return {"bool": bool, "int": int, "str": str}[str(field.type)]


def secret_problems(name: str, value: str, required: bool) -> list[str]:
    """Why `value` cannot be the production secret `name`: missing, published, or short."""
    if value == DEVELOPMENT_SECRET_KEY:
        return [
            f"{name} is the development key published in the repository (set your own random value)"
        ]
    if value.strip().lower() in KNOWN_SECRETS:
        if not value.strip() and not required:
            return []
        return [f"{name} is not set (use at least {MIN_SECRET_LENGTH} random characters)"]
    if len(value) < MIN_SECRET_LENGTH:
        return [
            f"{name} is too short ({len(value)} characters; "
            f"use at least {MIN_SECRET_LENGTH} random characters)"
        ]
    return []


def field_variables() -> dict[str, str]:
    """Each `Settings` field read from the environment, with its variable's name."""
    return {
        field.name: field.metadata["env"]
        for field in dataclasses.fields(Settings)
        if "env" in field.metadata
    }


def environment_variables() -> list[str]:
    """Every variable `Settings` reads, plus HELIX_ENV."""
    return ["HELIX_ENV", *field_variables().values()]


def load(name: str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check the settings of environment `name` (default: HELIX_ENV or development)."""
    environ = os.environ if environ is None else environ
    chosen = name or environ.get("HELIX_ENV", "") or "development"
    if chosen not in ENVIRONMENTS:
        raise ConfigError(f"Unknown environment {chosen!r}; use one of: {', '.join(ENVIRONMENTS)}.")
    settings = Settings.from_env(chosen, environ)
    found = settings.problems()
    if found:
        raise ConfigError(f"Cannot start Helix ({chosen}): " + "; ".join(found) + ".")
    return settings
