"""Every setting the bot reads, in one object, from the environment and an optional `.env` file.

One place means one list to document (`.env.example`, README) and one place where secrets are typed as
SecretStr, so a token or a Redis password never shows up in a repr, a log line or an error message.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_state_db() -> Path:
    """$XDG_STATE_HOME/officebot/state.sqlite3: state outlives restarts but stays out of the working tree."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "officebot" / "state.sqlite3"


class Settings(BaseSettings):
    """Names match the environment variables, case-insensitively (telegram_bot_token <- TELEGRAM_BOT_TOKEN)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str | None = None
    officebot_cache_dir: str | None = None

    # Webhook mode (polling when webhook_url is empty)
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None

    # Where chat state and the question log live: Redis when redis_url is set, else the SQLite file
    state_db: Path = Field(default_factory=default_state_db)
    redis_url: SecretStr | None = None
    redis_prefix: str = "officebot:"
    officebot_max_chats: int = Field(10_000, ge=1)  # with STATE_DB=memory: chats kept, the quietest forgotten
    state_ttl_days: float = Field(30.0, gt=0)
    records_max: int = Field(100_000, ge=100)
    user_hash_salt: SecretStr | None = None

    # Operations
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    user_rate_limit: int = Field(30, ge=0)  # messages per user per window; 0 turns the limit off
    user_rate_window: float = Field(10.0, gt=0)  # seconds
    # Outgoing pace, Telegram's flood limits (bot/telegram/ratelimit.py); 0 turns one off
    send_limit_per_second: float = Field(30.0, ge=0)  # every message the bot sends, all chats together
    send_limit_chat_per_second: float = Field(1.0, ge=0)  # to one chat (a few at once are allowed)
    send_limit_group_per_minute: float = Field(20.0, ge=0)  # to one group, on top of the chat pace
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """ADMIN_IDS=123,456 (commas or spaces), the way people write it in a .env file."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        return value

    @field_validator(
        "telegram_base_url",
        "webhook_url",
        "officebot_cache_dir",
        "redis_url",
        "webhook_secret",
        "user_hash_salt",
        "telegram_bot_token",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """An empty line in .env (`WEBHOOK_URL=`) means "not set", as it does in the shell."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("officebot_max_chats", mode="before")
    @classmethod
    def _default_max_chats(cls, value: object) -> object:
        return 10_000 if isinstance(value, str) and not value.strip() else value

    @field_validator("state_db", mode="before")
    @classmethod
    def _default_db(cls, value: object) -> object:
        return default_state_db() if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def in_memory(self) -> bool:
        """STATE_DB=memory: state in the process only, bounded by OFFICEBOT_MAX_CHATS, and nothing recorded."""
        return str(self.state_db) == "memory"

    @property
    def token(self) -> str:
        return self.telegram_bot_token.get_secret_value().strip() if self.telegram_bot_token else ""

    @property
    def salt(self) -> bytes:
        """The key for hashing user ids: USER_HASH_SALT, else the bot token (secret, stable per bot)."""
        secret = self.user_hash_salt.get_secret_value() if self.user_hash_salt else self.token
        return secret.encode()

    def export_cache_dir(self) -> None:
        """The matcher cache reads OFFICEBOT_CACHE_DIR from the environment; pass on a value from .env."""
        if self.officebot_cache_dir and "OFFICEBOT_CACHE_DIR" not in os.environ:
            os.environ["OFFICEBOT_CACHE_DIR"] = self.officebot_cache_dir
