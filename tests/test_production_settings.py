"""Production refuses to start without its secrets and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "qa_portal.settings.production",
    "DJANGO_SECRET_KEY": "x7#kQ9!vLm2@pR5$wT8^zB1&nC4*hF6(jD3)gS0-aE_yU+iO=eW]qZ[rX{tY}cV|bN",
    "ALLOWED_HOSTS": "qa.example.gov.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    dev_only = {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in dev_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues():
    result = manage("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_the_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in the environment for production" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_refuses_to_start_without_redis():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_csp_has_no_unsafe_inline_script():
    code = (
        "from django.conf import settings; d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(d['script-src']); assert \"'unsafe-inline'\" not in d['script-src']"
    )
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def test_an_empty_database_url_is_refused_with_a_message_not_a_traceback():
    result = manage("check", env={"DJANGO_SETTINGS_MODULE": "qa_portal.settings.local", "DATABASE_URL": ""})
    assert result.returncode == 2
    assert result.stderr == (
        "Configuration error: DATABASE_URL is set but empty. Unset it to use the SQLite file db.sqlite3, or give "
        "a database URL such as postgres://user:password@127.0.0.1:5432/qa_portal.\n"
    )


def test_a_database_url_naming_no_database_is_refused_with_a_message():
    result = manage("check", env={"DJANGO_SETTINGS_MODULE": "qa_portal.settings.local", "DATABASE_URL": "nonsense"})
    assert result.returncode == 2
    assert "Configuration error: DATABASE_URL 'nonsense' names no database." in result.stderr
    assert "Traceback" not in result.stderr
