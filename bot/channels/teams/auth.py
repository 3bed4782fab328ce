"""The botbuilder adapter: inbound JWT validation and outbound connector clients.

Rules of this file:
- ``CloudAdapter`` + ``ConfigurationBotFrameworkAuthentication`` do the JWT checks (issuer, audience = app id,
  channel endorsements, ``serviceurl`` claim). With an app id configured, a request without a valid token is
  refused (401) before any bot code runs — a token that cannot be verified at all (malformed, unknown
  signing key, metadata unreachable) is refused too: we fail closed. With no app id, botbuilder runs in
  local (Emulator) mode: we log that loudly at startup, as anyone who can reach the endpoint may then talk.
- Connector clients are tuned here, once: msrest's own urllib3 retries are switched off so that
  ``retry.with_retry`` is the single retry policy (no retry storms), and each call gets a timeout.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient
from urllib3.util.retry import Retry

from bot.channels.teams.config import TeamsConfig

CONNECTOR_TIMEOUT_SECONDS = 20
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _BotSettings:
    """The attribute names ``ConfigurationBotFrameworkAuthentication`` reads."""

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None


class _TunedConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        client = await self._inner.create(service_url, audience)  # type: ignore[arg-type]
        client.config.retry_policy.policy = Retry(
            total=0,
            connect=0,
            read=0,
            status=0,
            redirect=0,
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        client.config.connection.timeout = CONNECTOR_TIMEOUT_SECONDS
        return client


class _TunedAuthentication(BotFrameworkAuthentication):
    """Delegates everything to botbuilder's authentication; only wraps the connector factories it makes."""

    def __init__(self, inner: BotFrameworkAuthentication) -> None:
        self._inner = inner

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        try:
            result = await self._inner.authenticate_request(activity, auth_header)
        except PermissionError:
            raise
        except Exception as exc:  # malformed token, unknown key, metadata unreachable: fail closed (401)
            log.warning("teams request refused: token not verifiable (%s)", type(exc).__name__)
            raise PermissionError("token not verifiable") from exc
        if result.connector_factory is not None:
            result.connector_factory = _TunedConnectorFactory(result.connector_factory)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _TunedConnectorFactory(self._inner.create_connector_factory(claims_identity))

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self._inner.create_user_token_client(claims_identity)

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


def build_adapter(config: TeamsConfig) -> CloudAdapter:
    if not config.app_id:
        log.warning(
            "!!! TEAMS RUNS IN LOCAL (EMULATOR) MODE: MICROSOFT_APP_ID is not set, so inbound requests to %s "
            "are NOT authenticated. Never expose this endpoint publicly in this mode. !!!",
            config.messages_path,
        )
    settings = _BotSettings(
        APP_ID=config.app_id or None,
        APP_PASSWORD=config.app_password or None,
        APP_TYPE=config.app_type,
        APP_TENANTID=config.tenant_id or None,
    )
    auth = ConfigurationBotFrameworkAuthentication(settings)
    return CloudAdapter(_TunedAuthentication(auth))
