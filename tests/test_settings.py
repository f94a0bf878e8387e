"""One settings object from the environment and .env: the forms people write, secrets that stay secret."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings

VARIABLES = ("TELEGRAM_BOT_TOKEN", "ADMIN_IDS", "WEBHOOK_URL", "WEBHOOK_SECRET", "REDIS_URL", "LOG_FORMAT",
             "USER_RATE_LIMIT", "STATE_DB", "USER_HASH_SALT")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's


def test_defaults_serve_by_polling_with_sqlite_and_no_admins() -> None:
    settings = Settings()
    assert settings.webhook_url is None and settings.redis_url is None
    assert settings.webhook_listen == "0.0.0.0" and settings.webhook_port == 8443
    assert settings.state_db.name == "state.sqlite3"
    assert settings.admin_ids == frozenset()
    assert (settings.user_rate_limit, settings.user_rate_window) == (30, 10.0)


def test_admin_ids_are_read_from_commas_or_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "123, 456 789")
    assert Settings().admin_ids == {123, 456, 789}


def test_an_empty_line_in_env_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "")
    monkeypatch.setenv("REDIS_URL", " ")
    settings = Settings()
    assert settings.webhook_url is None and settings.redis_url is None


def test_a_dotenv_file_is_read_and_the_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=1:FROMFILE\nLOG_FORMAT=json\nUSER_RATE_LIMIT=5\n")
    monkeypatch.setenv("USER_RATE_LIMIT", "7")
    settings = Settings()
    assert settings.token == "1:FROMFILE" and settings.log_format == "json" and settings.user_rate_limit == 7


def test_secrets_never_show_in_the_settings_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:SECRETTOKEN")
    monkeypatch.setenv("WEBHOOK_SECRET", "hooksecret")
    monkeypatch.setenv("REDIS_URL", "redis://:password@localhost/0")
    shown = repr(Settings()) + str(Settings())
    assert not any(secret in shown for secret in ("SECRETTOKEN", "hooksecret", "password"))


def test_the_user_hash_salt_defaults_to_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    assert Settings().salt == b"1:abc"
    monkeypatch.setenv("USER_HASH_SALT", "pepper")
    assert Settings().salt == b"pepper"


def test_a_bad_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ValidationError):
        Settings()


def test_every_setting_is_in_env_example_and_the_readme(project_root: Path) -> None:
    example = (project_root / ".env.example").read_text()
    readme = (project_root / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"\n{name.upper()}=" in example, name
        assert f"`{name.upper()}`" in readme, name


def test_the_example_file_as_it_is_gives_the_defaults(project_root: Path) -> None:
    assert Settings(_env_file=project_root / ".env.example") == Settings(_env_file=None)
