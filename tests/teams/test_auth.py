"""With an app id configured, botbuilder validates the inbound JWT: no valid token → 401 and no work."""

from __future__ import annotations

import pytest

from tests.teams import activities as act
from tests.teams.conftest import Rig, RigFactory

APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c"
# structurally a JWT (header.payload.signature) but signed by nobody Microsoft trusts
FORGED = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2UifQ."
    "eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIiwiYXVkIjoiYzllOGMwNDctMmE3NC00MGEyLWIyOGEtYjE2MmQ1ZjUzMjdjIn0."
    "c2lnbmF0dXJl"
)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": f"Bearer {FORGED}"}]
)
async def test_request_without_a_valid_token_is_refused_and_does_nothing(
    make_rig: RigFactory, headers: dict[str, str]
) -> None:
    rig: Rig = await make_rig(app_id=APP_ID, app_password="secret")
    rig.connector.files["agent-log.txt"] = b"log"
    activity = act.personal_upload(rig.service_url, download_url=f"{rig.service_url}/files/agent-log.txt")
    assert await rig.post(activity, headers=headers) == 401
    await rig.settle()
    assert rig.connector.calls == [] and rig.connector.file_requests == []
    assert rig.engine.turns == []


async def test_local_mode_accepts_unsigned_requests(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    assert await rig.post(act.install_personal(rig.service_url)) == 201
    await rig.settle()
    assert len(rig.connector.of("POST")) == 1
    assert "Authorization" not in rig.connector.of("POST")[0].headers
