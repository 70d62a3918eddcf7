"""Health check, production guard rails and configuration from the environment."""

import pytest

from portal.config import DEV_SECRET_KEY, check_production, load_config

STRONG_KEY = "tixznIi72crL3Vrnsyv-SJhiyLQKzU24ntRkzEQTpabpsvBmbgyCiVo4w8qY2uiZ"


def test_healthz_answers_ok_after_checking_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


def test_configuration_comes_from_portal_variables(monkeypatch):
    monkeypatch.setenv("PORTAL_DATABASE_URL", "postgresql+psycopg://u@db/portal")
    monkeypatch.setenv("PORTAL_BROKER_URL", "redis://cache:6379/0")
    monkeypatch.setenv("PORTAL_SMTP_HOST", "smtp.exemple.fr")
    config = load_config()
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/portal"
    assert config["BROKER_URL"] == "redis://cache:6379/0"
    assert config["SMTP_HOST"] == "smtp.exemple.fr"


def test_embedded_defaults_need_no_server(monkeypatch, tmp_path):
    for name in ("PORTAL_DATABASE_URL", "PORTAL_BROKER_URL", "PORTAL_MAILDIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path))
    config = load_config()
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'portal.db'}"
    assert config["BROKER_URL"] == f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    assert config["MAILDIR"] == str(tmp_path / "mailbox")


def test_production_refuses_the_development_secret_and_sqlite():
    config = load_config() | {"PORTAL_ENV": "production", "SECRET_KEY": DEV_SECRET_KEY}
    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        check_production(config)


def test_production_refuses_debug_mode():
    config = load_config() | {
        "PORTAL_ENV": "production", "SECRET_KEY": STRONG_KEY, "DEBUG": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@db/portal",
    }
    with pytest.raises(RuntimeError, match="debug"):
        check_production(config)


def test_production_refuses_rate_limits_kept_per_process():
    config = load_config() | {
        "PORTAL_ENV": "production", "SECRET_KEY": STRONG_KEY,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@db/portal",
    }
    with pytest.raises(RuntimeError, match="PORTAL_RATELIMIT_STORAGE_URL"):
        check_production(config)


def test_production_starts_with_proper_settings():
    config = load_config() | {
        "PORTAL_ENV": "production", "SECRET_KEY": STRONG_KEY,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@db/portal",
        "RATELIMIT_STORAGE_URI": "redis://cache:6379/2",
    }
    check_production(config)


def test_an_unexpected_error_shows_a_generic_french_page_and_is_logged(app, db, caplog):
    with app.test_request_context("/boom"), caplog.at_level("ERROR", logger="portal.errors"):
        response = app.make_response(app.handle_user_exception(RuntimeError("secret detail")))
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Une erreur inattendue s'est produite" in page
    assert "secret detail" not in page
    assert any("Unhandled error on GET /boom" in r.getMessage() for r in caplog.records)


def test_every_scheduled_job_is_a_task_the_worker_knows(app):
    import catalog.tasks  # noqa: F401
    import committees.tasks  # noqa: F401
    import directory.tasks  # noqa: F401
    import indicators.surveys.tasks  # noqa: F401
    import indicators.tasks  # noqa: F401
    import portal.tasks  # noqa: F401
    import tickets.tasks  # noqa: F401
    from worker.schedule import SCHEDULE

    known = app.extensions["celery"].tasks
    assert {entry["task"] for entry in SCHEDULE.values()} <= set(known)


def test_every_task_is_acknowledged_late_with_json_and_has_time_limits(app):
    import catalog.tasks  # noqa: F401
    import committees.tasks  # noqa: F401
    import directory.tasks  # noqa: F401
    import indicators.surveys.tasks  # noqa: F401
    import indicators.tasks  # noqa: F401
    import portal.tasks  # noqa: F401
    import tickets.tasks  # noqa: F401

    celery = app.extensions["celery"]
    assert celery.conf.task_acks_late
    assert celery.conf.task_reject_on_worker_lost
    assert celery.conf.accept_content == ["json"]
    assert celery.conf.task_serializer == "json"
    ours = {name: task for name, task in celery.tasks.items() if not name.startswith("celery.")}
    assert len(ours) >= 20
    unlimited = [name for name, task in ours.items()
                 if not task.time_limit or not task.soft_time_limit
                 or task.soft_time_limit >= task.time_limit]
    assert unlimited == []
