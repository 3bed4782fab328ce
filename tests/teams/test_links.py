"""Signed log links: forged or expired → 403, valid → the redacted log; every request audited."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.channels.teams import TEAMS_KEY
from bot.channels.teams.links import LinkSigner
from tests.teams.conftest import REDACTED, SECRET, Rig, RigFactory
from tests.teams.fake_engine import DIAGNOSIS_ID


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_valid_link_serves_the_decompressed_redacted_log(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    url = rig.client.app[TEAMS_KEY].signer.url_for(DIAGNOSIS_ID)
    assert url is not None and url.startswith("http://icebreaker.test/teams/logs/d-7f3a?exp=")
    response = await rig.client.get(_path(url))
    assert response.status == 200 and await response.read() == REDACTED


async def test_forged_signature_and_tampered_id_are_refused(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    url = rig.client.app[TEAMS_KEY].signer.url_for(DIAGNOSIS_ID)
    assert url is not None
    query = parse_qs(urlsplit(url).query)
    exp, sig = query["exp"][0], query["sig"][0]
    forged = LinkSigner(secret=b"someone-elses-key", base_url="http://x").url_for(DIAGNOSIS_ID)
    assert forged is not None
    for path in (
        _path(forged),
        f"/teams/logs/{DIAGNOSIS_ID}?exp={exp}&sig={'0' * 64}",
        f"/teams/logs/other-id?exp={exp}&sig={sig}",
        f"/teams/logs/{DIAGNOSIS_ID}?exp={int(exp) + 3600}&sig={sig}",  # extended expiry
        f"/teams/logs/{DIAGNOSIS_ID}",
    ):
        response = await rig.client.get(path)
        assert response.status == 403, path
    audit = await rig.store.read_list("audit", "teams-log-downloads", limit=10)
    assert [e["outcome"] for e in audit] == ["refused"] * 5


async def test_expired_link_is_refused() -> None:
    clock = [1_000_000.0]
    signer = LinkSigner(secret=SECRET, base_url="http://x", ttl_seconds=60, now=lambda: clock[0])
    url = signer.url_for(DIAGNOSIS_ID)
    assert url is not None
    query = parse_qs(urlsplit(url).query)
    assert signer.verify(DIAGNOSIS_ID, query["exp"][0], query["sig"][0])
    clock[0] += 61
    assert not signer.verify(DIAGNOSIS_ID, query["exp"][0], query["sig"][0])


async def test_expired_link_gets_403_from_the_endpoint(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig(link_ttl_seconds=-1)
    url = rig.client.app[TEAMS_KEY].signer.url_for(DIAGNOSIS_ID)
    assert url is not None
    assert (await rig.client.get(_path(url))).status == 403


async def test_without_a_secret_no_link_is_issued_and_nothing_is_served(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig(link_secret=b"")
    assert rig.client.app[TEAMS_KEY].signer.url_for(DIAGNOSIS_ID) is None
    unsigned = LinkSigner(secret=b"", base_url="http://x")
    assert not unsigned.verify(DIAGNOSIS_ID, "9999999999", "")


async def test_valid_link_to_an_expired_log_is_404(make_rig: RigFactory) -> None:
    rig: Rig = await make_rig()
    url = rig.client.app[TEAMS_KEY].signer.url_for("gone-1")
    assert url is not None
    assert (await rig.client.get(_path(url))).status == 404
