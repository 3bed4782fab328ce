"""Settings: one sentence per wrong value, channel configs, masking, and the .env file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

SLACK = {
    "SLACK_BOT_TOKEN": "xoxb-1111-2222-secretpart",
    "SLACK_SIGNING_SECRET": "8f14e45fceea167a5a36dedd4bea2543",
}


@pytest.mark.parametrize(
    ("environ", "sentence"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set."),
        ({"SLACK_SIGNING_SECRET": "abc"}, "SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set."),
        (
            {**SLACK, "SLACK_BOT_TOKEN": "xoxp-user"},
            "SLACK_BOT_TOKEN must be a bot token starting with xoxb-.",
        ),
        (
            {**SLACK, "SLACK_APP_TOKEN": "nope"},
            "SLACK_APP_TOKEN must be an app-level token starting with xapp-.",
        ),
        ({"MICROSOFT_APP_ID": "app"}, "MICROSOFT_APP_PASSWORD is required when MICROSOFT_APP_ID is set."),
        (
            {"MICROSOFT_APP_TYPE": "SingleTenant"},
            "MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is SingleTenant.",
        ),
        (
            {"MICROSOFT_APP_TYPE": "Anything"},
            "MICROSOFT_APP_TYPE must be one of 'MultiTenant', 'SingleTenant' or 'UserAssignedMSI'"
            " (got 'Anything').",
        ),
        ({"PORT": "abc"}, "PORT must be a whole number (got 'abc')."),
        ({"PORT": "70000"}, "PORT must be at most 65535 (got '70000')."),
        ({"MAX_UPLOAD_MB": "0"}, "MAX_UPLOAD_MB must be at least 1 (got '0')."),
        ({"REDIS_TIMEOUT": "0"}, "REDIS_TIMEOUT must be greater than 0.0 (got '0')."),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL must start with redis://, rediss:// or unix://."),
        (
            {"LOG_LEVEL": "chatty"},
            "LOG_LEVEL must be one of 'DEBUG', 'INFO', 'WARNING' or 'ERROR' (got 'CHATTY').",
        ),
        ({"TEAMS_ENABLED": "perhaps"}, "TEAMS_ENABLED must be a true/false value (got 'perhaps')."),
        ({"PUBLIC_BASE_URL": "ftp://x"}, "PUBLIC_BASE_URL must be an http:// or https:// URL."),
    ],
)
def test_a_wrong_value_stops_startup_with_one_sentence(environ: dict[str, str], sentence: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ)
    assert str(caught.value) == sentence


def test_a_rejected_secret_is_never_echoed() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"SLACK_BOT_TOKEN": "xoxp-very-secret-user-token", "SLACK_SIGNING_SECRET": "s"})
    assert "very-secret" not in str(caught.value)


def test_defaults_run_the_console_alone() -> None:
    settings = load_settings({})
    assert settings.port == 3978
    assert settings.redis_url is None
    assert not settings.slack_enabled and not settings.teams_mounted
    assert settings.link_secret_generated and len(settings.link_secret_bytes) == 32
    assert load_settings({}).link_secret_bytes != settings.link_secret_bytes  # one per process/instance


def test_channel_configs_carry_the_environment() -> None:
    settings = load_settings(
        {
            **SLACK,
            "SLACK_FILE_HOSTS": "files.slack.com, 127.0.0.1:9000",
            "MAX_UPLOAD_MB": "5",
            "MICROSOFT_APP_ID": "app-id",
            "MICROSOFT_APP_PASSWORD": "pw",
            "PUBLIC_BASE_URL": "https://icebreaker.example.com/",
            "LINK_SECRET": "shared-between-replicas",
            "ICEBREAKER_LOOKUP_USERS": "slack:T1:U1,, teams:t:a ",
        }
    )
    slack = settings.to_slack_config()
    assert (slack.bot_token, slack.file_hosts, slack.max_upload_bytes) == (
        SLACK["SLACK_BOT_TOKEN"],
        ("files.slack.com", "127.0.0.1:9000"),
        5 * 1024 * 1024,
    )
    teams = settings.to_teams_config()
    assert teams.app_id == "app-id" and teams.app_password == "pw"
    assert teams.public_base_url == "https://icebreaker.example.com"
    assert teams.link_secret == b"shared-between-replicas"
    assert settings.icebreaker_lookup_users == ("slack:T1:U1", "teams:t:a")


def test_masked_configuration_hides_every_secret() -> None:
    secrets = {
        **SLACK,
        "SLACK_APP_TOKEN": "xapp-1-A0-secretapp",
        "MICROSOFT_APP_ID": "11111111-2222",
        "MICROSOFT_APP_PASSWORD": "teams~password~value",
        "LINK_SECRET": "link-secret-value",
        "REDIS_URL": "rediss://icebreaker:redis-pass-word@cache.internal:6380/2",
    }
    shown = load_settings(secrets).masked()
    text = "\n".join(f"{k}={v}" for k, v in shown.items())
    for value in (
        "secretpart",
        SLACK["SLACK_SIGNING_SECRET"],
        "secretapp",
        "teams~password",
        "link-secret-value",
    ):
        assert value not in text
    assert "redis-pass-word" not in text
    assert shown["REDIS_URL"] == "rediss://icebreaker:****@cache.internal:6380/2"
    assert shown["SLACK_BOT_TOKEN"].startswith("xoxb-")
    assert shown["MICROSOFT_APP_ID"] == "11111111-2222"  # not a secret
    assert set(shown) == {name.upper() for name in Settings.model_fields}


def test_dotenv_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=4000\nLOG_LEVEL=debug\nICEBREAKER_LOOKUP_CHANNELS=slack:C1,slack:C2\n")
    monkeypatch.setenv("PORT", "4100")
    settings = load_settings(env_file=env_file)
    assert settings.port == 4100
    assert settings.log_level == "DEBUG"
    assert settings.icebreaker_lookup_channels == ("slack:C1", "slack:C2")
