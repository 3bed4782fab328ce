"""Teams adapter settings (built by the server from the environment; tests build them directly)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TeamsConfig:
    app_id: str | None = None  # None/empty: local (Emulator) mode, no inbound auth (logged loudly)
    app_password: str | None = None
    tenant_id: str | None = None  # for SingleTenant apps
    app_type: str = "MultiTenant"  # "MultiTenant" | "SingleTenant" | "UserAssignedMSI"
    escalation_channel_id: str | None = None  # Teams channel conversation id (19:...@thread.tacv2)
    escalation_service_url: str | None = None
    escalation_tenant_id: str | None = None
    public_base_url: str = "http://localhost:3978"  # where signed log download links point
    link_secret: bytes = b""  # HMAC key for signed download links; must be set by the server
    link_ttl_seconds: int = 24 * 3600
    file_hosts: tuple[str, ...] = (
        "sharepoint.com",
        "sharepoint-df.com",
        "1drv.ms",
        "onedrive.live.com",
        "teams.microsoft.com",
    )  # suffix match on downloadUrl hosts; test seam for a local fake
    max_upload_bytes: int = 50 * 1024 * 1024
    messages_path: str = "/api/messages"
    escalation_group_id: str | None = None  # the escalation team's AAD group id, for deep links to the thread
    retry_attempts: int = 4  # connector calls answered 429/412/502/504: tries in all
    retry_base_seconds: float = 0.5  # exponential backoff base (full jitter), capped by retry_max_seconds
    retry_max_seconds: float = 8.0
    download_timeout_seconds: float = 30.0  # whole file download, Teams' downloadUrl expires in minutes
