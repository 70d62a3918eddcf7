"""Configuration read from the environment, with embedded defaults that need no server."""

import os
from datetime import timedelta
from pathlib import Path

from portal.secret_strength import GENERATE_HINT, secret_key_problem

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-secret-key-change-me"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _flag(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def _int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def load_config() -> dict:
    """Build the Flask configuration from PORTAL_* environment variables."""
    var_dir = Path(_env("PORTAL_VAR_DIR", str(ROOT / "var"))).resolve()
    env = _env("PORTAL_ENV", "development")
    return {
        "PORTAL_ENV": env,
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": _env("PORTAL_SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": _env(
            "PORTAL_DATABASE_URL", f"sqlite:///{var_dir / 'portal.db'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BROKER_URL": _env("PORTAL_BROKER_URL", f"sqla+sqlite:///{var_dir / 'broker.db'}"),
        "CELERY_ALWAYS_EAGER": _flag("PORTAL_CELERY_EAGER"),
        "CELERY_QUEUE": _env("PORTAL_CELERY_QUEUE", "celery"),
        "RATELIMIT_STORAGE_URI": _env("PORTAL_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_KEY_PREFIX": "portail",
        "BASE_URL": _env("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "MAILDIR": _env("PORTAL_MAILDIR", str(var_dir / "mailbox")),
        "MAIL_FROM": _env("PORTAL_MAIL_FROM", "Relations Clients DSI <relations.dsi@exemple.fr>"),
        "MAIL_MESSAGE_ID_DOMAIN": _env("PORTAL_MESSAGE_ID_DOMAIN", "portail.exemple.fr"),
        "MAIL_LOOP_TAG": _env("PORTAL_LOOP_TAG", "portail-dsi"),
        "MAILDIR_ROOTS": _env("PORTAL_MAILDIR_ROOTS", ""),
        # Authentication-Results stamped by our own MTA (comma lists; empty: check off).
        "MAIL_TRUSTED_AUTHSERV_IDS": _env("PORTAL_MAIL_TRUSTED_AUTHSERV_IDS", ""),
        "MAIL_OWN_DOMAINS": _env("PORTAL_MAIL_OWN_DOMAINS", ""),
        "IMAP_ALLOW_LOOPBACK": _flag("PORTAL_IMAP_ALLOW_LOOPBACK"),
        "MAIL_MAX_BYTES": _int("PORTAL_MAIL_MAX_MB", 100) * 1024 * 1024,
        "ATTACHMENT_MAX_BYTES": _int("PORTAL_ATTACHMENT_MAX_MB", 15) * 1024 * 1024,
        "ACK_LIMIT_PER_HOUR": _int("PORTAL_ACK_LIMIT_PER_HOUR", 5),
        "ACK_OUTSIDERS_PER_HOUR": _int("PORTAL_ACK_OUTSIDERS_PER_HOUR", 30),
        "SENDER_BURST_LIMIT": _int("PORTAL_SENDER_BURST_LIMIT", 3),
        "SENDER_BURST_MINUTES": _int("PORTAL_SENDER_BURST_MINUTES", 10),
        "RAW_MAIL_RETENTION_DAYS": _int("PORTAL_RAW_MAIL_RETENTION_DAYS", 365),
        "REOPEN_DAYS": _int("PORTAL_REOPEN_DAYS", 15),
        "SLA_WARNING_SHARE": _int("PORTAL_SLA_WARNING_PERCENT", 75) / 100,
        "AUTO_CLOSE_DAYS": _int("PORTAL_AUTO_CLOSE_DAYS", 7),
        "REMINDER_BUSINESS_HOURS": _int("PORTAL_REMINDER_BUSINESS_HOURS", 15),
        "REMINDERS_BEFORE_RESOLVING": _int("PORTAL_REMINDERS_BEFORE_RESOLVING", 2),
        "TICKET_PREFIX": _env("PORTAL_TICKET_PREFIX", "DSI"),
        "MAILBOX_POLL_SECONDS": _int("PORTAL_MAILBOX_POLL_SECONDS", 10),
        "OUTBOX_SEND_SECONDS": _int("PORTAL_OUTBOX_SECONDS", 30),
        "SLA_SWEEP_SECONDS": _int("PORTAL_SLA_SWEEP_SECONDS", 60),
        "INDICATORS_REFRESH_SECONDS": _int("PORTAL_INDICATORS_REFRESH_SECONDS", 300),
        "FLOW_ALERT_PERCENT": _int("PORTAL_FLOW_ALERT_PERCENT", 50),
        "FLOW_ALERT_MINIMUM": _int("PORTAL_FLOW_ALERT_MINIMUM", 10),
        "REPORT_RECIPIENTS": _env("PORTAL_REPORT_RECIPIENTS", ""),
        "BLOB_DIR": _env("PORTAL_BLOB_DIR", str(var_dir / "blobs")),
        "SMTP_HOST": _env("PORTAL_SMTP_HOST"),
        "SMTP_PORT": _int("PORTAL_SMTP_PORT", 587),
        "SMTP_USERNAME": _env("PORTAL_SMTP_USERNAME"),
        "SMTP_PASSWORD": _env("PORTAL_SMTP_PASSWORD"),
        "SMTP_SECURITY": _env("PORTAL_SMTP_SECURITY", "starttls"),
        "SMTP_TIMEOUT": _int("PORTAL_SMTP_TIMEOUT", 30),
        "OUTBOX_DIR": _env("PORTAL_OUTBOX_DIR", str(var_dir / "outbox")),
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": _env("PORTAL_TIMEZONE", "Europe/Paris"),
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": ("fr", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("PORTAL_SECURE_COOKIES", env == "production"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("PORTAL_SECURE_COOKIES", env == "production"),
        "PREFERRED_URL_SCHEME": "https" if env == "production" else "http",
        "PROXY_FIX": _int("PORTAL_PROXY_FIX", 0),
        "PASSWORD_TOKEN_MAX_AGE": _int("PORTAL_PASSWORD_TOKEN_HOURS", 48) * 3600,
        "LOG_LEVEL": _env("PORTAL_LOG_LEVEL", "INFO"),
        "LDAP_BIND_PASSWORD": _env("PORTAL_LDAP_BIND_PASSWORD"),
        "LDAP_ALLOW_LOOPBACK": _flag("PORTAL_LDAP_ALLOW_LOOPBACK"),
        "DIRECTORY_CHECK_SECONDS": _int("PORTAL_DIRECTORY_CHECK_SECONDS", 300),
        "CATALOG_REVIEW_MONTHS": _int("PORTAL_CATALOG_REVIEW_MONTHS", 6),
        **_body_limits(),
        **_session_config(),
        # Prefix of the worker queues (mail, periodic, exports), to share one broker.
        "CELERY_QUEUE_PREFIX": _env("PORTAL_CELERY_QUEUE_PREFIX", ""),
    }


def _body_limits() -> dict:
    """How much a request may send, and how much a person may attach in a day."""
    body = _int("PORTAL_MAX_BODY_MB", 40) * 1024 * 1024
    return {
        "MAX_CONTENT_LENGTH": body,  # any request; the routes with files get all of it
        "UPLOAD_MAX_BYTES": body,
        "FORM_MAX_BYTES": min(body, _int("PORTAL_FORM_MAX_KB", 1024) * 1024),
        "SMALL_FORM_MAX_BYTES": min(body, _int("PORTAL_SMALL_FORM_MAX_KB", 64) * 1024),
        "MAX_FORM_MEMORY_SIZE": 500_000,  # one text field of a form with files
        "MAX_FORM_PARTS": 500,
        # Files a person attaches on the portal over 24 hours; 0 means no quota.
        "ATTACHMENT_QUOTA_BYTES": _int("PORTAL_ATTACHMENT_QUOTA_MB", 100) * 1024 * 1024,
        "STAFF_ATTACHMENT_QUOTA_BYTES": _int("PORTAL_STAFF_ATTACHMENT_QUOTA_MB", 500) * 1024 * 1024,
    }


def _session_config() -> dict:
    """Lifetimes of sign-in sessions and remember-me cookies."""
    remember_days = _int("PORTAL_REMEMBER_DAYS", 30)
    return {
        "REMEMBER_DAYS": remember_days,
        "REMEMBER_COOKIE_DURATION": timedelta(days=remember_days),
        # A session not kept with "remember me" ends after this long without a request.
        "SESSION_IDLE_HOURS": _int("PORTAL_SESSION_IDLE_HOURS", 12),
        "SESSION_TOUCH_SECONDS": 60,  # last_seen_at is written at most once a minute
    }


def check_production(config: dict) -> None:
    """Refuse to start a production instance with development settings."""
    if config["PORTAL_ENV"] != "production":
        return
    problems = []
    weakness = secret_key_problem(config["SECRET_KEY"])
    if weakness is not None or config["SECRET_KEY"] == DEV_SECRET_KEY:
        problems.append(f"PORTAL_SECRET_KEY is too weak ({weakness or 'the development key'}); "
                        f"generate one with: {GENERATE_HINT}")
    if config.get("DEBUG") or _flag("FLASK_DEBUG"):
        problems.append("debug mode must be off")
    if config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        problems.append("PORTAL_RATELIMIT_STORAGE_URL must point to Redis, shared by all workers")
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        problems.append("PORTAL_DATABASE_URL must point to PostgreSQL")
    if problems:
        raise RuntimeError("Refusing to start in production: " + "; ".join(problems))
