"""Startup configuration: clear failures for bad settings, and a clean deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    # Only what a fresh shell would have: the test run's own settings must not leak in.
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_fails_with_a_clear_message():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="example.org")
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_boolean_fails_with_a_clear_message():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode == 2
    assert "DEBUG='maybe' is not a yes/no value" in result.stderr


def test_unsupported_database_fails_with_a_clear_message():
    result = _manage("check", DEBUG="true", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode == 2
    assert "only sqlite:/// and postgres:// are supported" in result.stderr


def test_empty_allowed_hosts_in_production_fails():
    result = _manage("check", DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="")
    assert result.returncode == 2
    assert "ALLOWED_HOSTS is empty" in result.stderr


@pytest.mark.parametrize("name", ["SESSION_IDLE_MINUTES", "EMAIL_PORT"])
def test_non_numeric_numbers_fail(name):
    result = _manage("check", DEBUG="true", **{name: "thirty"})
    assert result.returncode == 2
    assert f"{name}='thirty' is not a whole number" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="vs.example.gov.uk",
        SECURE_SSL_REDIRECT="true",
        SESSION_COOKIE_SECURE="true",
        CSRF_COOKIE_SECURE="true",
        STATIC_MANIFEST="true",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
