"""Settings: the one place Icebreaker reads its configuration from the environment (and ``.env``).

Rules of this file:
- Every environment variable the service understands is a field here, named exactly like the variable.
  Nothing else in the code base reads ``os.environ`` for configuration.
- A wrong or missing value stops startup with ``SettingsError`` whose message is ONE sentence naming the
  variable; a secret's value never appears in that sentence.
- Channel configs (``SlackConfig``, ``TeamsConfig``) are built here, so adapters never see the environment.
- ``masked()`` is what ``icebreaker config`` prints: secrets reduced to a hint that they are set.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, PrivateAttr, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.channels.slack.config import SlackConfig
from bot.channels.teams.config import TeamsConfig
from bot.diagnosis.limits import MB
from bot.state.protocol import DAY, Ttls

CommaList = Annotated[tuple[str, ...], NoDecode]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
AppType = Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"]


class SettingsError(Exception):
    """Configuration is wrong; ``str(error)`` is one sentence naming the variable."""


class Settings(BaseSettings):
    """Effective configuration. Field names are the environment variable names, lower-cased."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True, case_sensitive=False)

    # --- server -----------------------------------------------------------------------------------
    port: int = Field(3978, ge=1, le=65535)
    host: str = "0.0.0.0"
    public_base_url: str = "http://localhost:3978"
    log_level: LogLevel = "INFO"
    shutdown_grace_seconds: float = Field(20.0, gt=0, le=600)
    max_upload_mb: int = Field(50, ge=1, le=200)
    diagnosis_workers: int = Field(2, ge=1, le=64)
    diagnosis_queue_limit: int = Field(8, ge=0, le=10_000)
    link_secret: SecretStr | None = None
    # --- state ------------------------------------------------------------------------------------
    redis_url: SecretStr | None = None
    icebreaker_key_prefix: str = Field("icebreaker:", min_length=1, max_length=64)
    redis_timeout: float = Field(0.5, gt=0, le=30)
    session_ttl_days: int = Field(7, ge=1, le=365)
    diagnosis_ttl_days: int = Field(14, ge=1, le=365)
    dedupe_ttl_seconds: int = Field(3600, ge=60, le=7 * DAY)
    # --- access -----------------------------------------------------------------------------------
    icebreaker_lookup_users: CommaList = ()
    icebreaker_lookup_channels: CommaList = ()
    # --- Slack ------------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_base_url: str = "https://slack.com/api/"
    slack_file_hosts: CommaList = ("files.slack.com",)
    slack_escalation_channel: str | None = None
    slack_command: str = "/icebreaker"
    # --- Teams ------------------------------------------------------------------------------------
    microsoft_app_id: str | None = None
    microsoft_app_password: SecretStr | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: AppType = "MultiTenant"
    teams_enabled: bool = False  # mount /api/messages without an app id (local Emulator mode)
    teams_escalation_channel_id: str | None = None
    teams_escalation_service_url: str | None = None
    teams_escalation_tenant_id: str | None = None

    _generated_link_secret: bytes = PrivateAttr(default_factory=lambda: secrets.token_bytes(32))

    @field_validator(
        "icebreaker_lookup_users", "icebreaker_lookup_channels", "slack_file_hosts", mode="before"
    )
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "microsoft_app_password",
        "link_secret",
        "redis_url",
        "microsoft_app_id",
        "microsoft_app_tenant_id",
        "slack_escalation_channel",
        "teams_escalation_channel_id",
        "teams_escalation_service_url",
        "teams_escalation_tenant_id",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        for sentence in _combination_problems(self):
            raise ValueError(sentence)
        return self

    # --- derived values ---------------------------------------------------------------------------
    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def teams_mounted(self) -> bool:
        return self.microsoft_app_id is not None or self.teams_enabled

    @property
    def link_secret_generated(self) -> bool:
        return self.link_secret is None

    @property
    def link_secret_bytes(self) -> bytes:
        if self.link_secret is not None:
            return self.link_secret.get_secret_value().encode()
        return self._generated_link_secret

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * MB

    @property
    def redis_url_value(self) -> str | None:
        return self.redis_url.get_secret_value() if self.redis_url else None

    def ttls(self) -> Ttls:
        return Ttls(
            session_seconds=self.session_ttl_days * DAY,
            diagnosis_seconds=self.diagnosis_ttl_days * DAY,
            dedupe_seconds=self.dedupe_ttl_seconds,
        )

    def to_slack_config(self) -> SlackConfig:
        if self.slack_bot_token is None or self.slack_signing_secret is None:
            raise SettingsError("SLACK_BOT_TOKEN is not set, so Slack is not configured.")
        return SlackConfig(
            bot_token=self.slack_bot_token.get_secret_value(),
            signing_secret=self.slack_signing_secret.get_secret_value(),
            app_token=self.slack_app_token.get_secret_value() if self.slack_app_token else None,
            api_base_url=self.slack_api_base_url,
            file_hosts=self.slack_file_hosts,
            escalation_channel=self.slack_escalation_channel,
            command=self.slack_command,
            max_upload_bytes=self.max_upload_bytes,
        )

    def to_teams_config(self) -> TeamsConfig:
        return TeamsConfig(
            app_id=self.microsoft_app_id,
            app_password=self.microsoft_app_password.get_secret_value()
            if self.microsoft_app_password
            else None,
            tenant_id=self.microsoft_app_tenant_id,
            app_type=self.microsoft_app_type,
            escalation_channel_id=self.teams_escalation_channel_id,
            escalation_service_url=self.teams_escalation_service_url,
            escalation_tenant_id=self.teams_escalation_tenant_id,
            public_base_url=self.public_base_url.rstrip("/"),
            link_secret=self.link_secret_bytes,
            max_upload_bytes=self.max_upload_bytes,
        )

    def masked(self) -> dict[str, str]:
        """Every variable and its effective value, secrets masked; for ``icebreaker config``."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            shown[name.upper()] = _show(name, getattr(self, name))
        if self.link_secret is None:
            shown["LINK_SECRET"] = "(generated for this process: links will not survive restarts or replicas)"
        return shown


def _combination_problems(s: Settings) -> list[str]:
    problems: list[str] = []
    if s.slack_bot_token is not None and s.slack_signing_secret is None:
        problems.append("SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set.")
    if s.slack_bot_token is not None and not s.slack_bot_token.get_secret_value().startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN must be a bot token starting with xoxb-.")
    if s.slack_app_token is not None and not s.slack_app_token.get_secret_value().startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN must be an app-level token starting with xapp-.")
    if s.slack_bot_token is None and s.slack_signing_secret is not None:
        problems.append("SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set.")
    if (
        s.microsoft_app_id is not None
        and s.microsoft_app_password is None
        and (s.microsoft_app_type != "UserAssignedMSI")
    ):
        problems.append("MICROSOFT_APP_PASSWORD is required when MICROSOFT_APP_ID is set.")
    if s.microsoft_app_type == "SingleTenant" and s.microsoft_app_tenant_id is None:
        problems.append("MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is SingleTenant.")
    if s.redis_url is not None and urlsplit(s.redis_url.get_secret_value()).scheme not in _REDIS_SCHEMES:
        problems.append("REDIS_URL must start with redis://, rediss:// or unix://.")
    for name in ("public_base_url", "slack_api_base_url"):
        if urlsplit(getattr(s, name)).scheme not in ("http", "https"):
            problems.append(f"{name.upper()} must be an http:// or https:// URL.")
    return problems[:1]


_REDIS_SCHEMES = ("redis", "rediss", "unix")
_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "greater than",
    "less_than_equal": "at most",
    "less_than": "less than",
}
_SECRET_FIELDS = frozenset(
    {"slack_bot_token", "slack_signing_secret", "slack_app_token", "microsoft_app_password", "link_secret"}
)


def _show(name: str, value: Any) -> str:
    if value is None:
        return "(unset)"
    if name == "redis_url":
        return _mask_url_password(value.get_secret_value())
    if name in _SECRET_FIELDS:
        raw = value.get_secret_value()
        return f"{raw[:5]}… (set, {len(raw)} chars)" if raw.startswith(("xoxb-", "xapp-")) else "(set)"
    if isinstance(value, tuple):
        return ",".join(value) if value else "(empty)"
    return str(value)


def _mask_url_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    netloc = f"{user}:****@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def load_settings(
    environ: Mapping[str, str] | None = None, *, env_file: Path | None = Path(".env")
) -> Settings:
    """Read settings from ``environ`` (default: the process environment) and ``env_file``.

    Raises ``SettingsError`` with one sentence naming the first wrong variable.
    """
    try:
        if environ is None:
            env_path = env_file if env_file and env_file.is_file() else None
            return Settings(_env_file=env_path)  # type: ignore[call-arg]
        known = {key.lower(): value for key, value in environ.items() if key.lower() in Settings.model_fields}
        return Settings.model_validate(known)
    except ValidationError as error:
        raise SettingsError(one_sentence(error)) from None


def one_sentence(error: ValidationError) -> str:
    """Turn pydantic's first validation error into one sentence naming the variable."""
    first = error.errors(include_url=False)[0]
    kind, message = first["type"], str(first["msg"])
    if kind == "value_error" and not first["loc"]:
        return message.removeprefix("Value error, ")
    name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
    secret = name.lower() in _SECRET_FIELDS or name == "REDIS_URL"
    got = "" if secret else f" (got {first.get('input')!r})"
    if kind == "missing":
        return f"{name} is required."
    if kind in ("int_parsing", "int_from_float"):
        return f"{name} must be a whole number{got}."
    if kind in ("float_parsing", "bool_parsing"):
        return f"{name} must be a {'number' if kind == 'float_parsing' else 'true/false value'}{got}."
    bound = _BOUNDS.get(kind)
    if bound is not None:
        limit = next(iter((first.get("ctx") or {}).values()), "?")
        return f"{name} must be {bound} {limit}{got}."
    if kind == "literal_error":
        return f"{name} must be one of {message.removeprefix('Input should be ')}{got}."
    return f"{name} is invalid: {message[0].lower() + message[1:]}{got}."


def warn_about(settings: Settings, log: logging.Logger) -> None:
    """Log the configuration choices an operator should know about at startup."""
    if settings.link_secret_generated:
        log.warning(
            "LINK_SECRET is not set: a random one was generated for this process, so console cookies and "
            "download links will not survive a restart or work across replicas.",
            extra={"event": "config.link_secret_generated"},
        )
    if settings.redis_url is None:
        log.warning(
            "REDIS_URL is not set: sessions live in this process's memory and are lost on restart.",
            extra={"event": "config.memory_store"},
        )
