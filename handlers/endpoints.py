"""Hosts, ports and region from a diagnosed log, and filling them into knowledge text.

Rules of this file:
- Pure functions over ``LogFacts``; hostnames come from the log's own call config, never invented. Where the
  log has none, the documented wildcard for the region stands in (Amazon Connect "Set up your network").
- TURN URLs look like ``turn:turnnlb-<hex>.elb.<region>.amazonaws.com.:3478?transport=udp``; the trailing
  dot of a fully qualified name is dropped for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.catalog import Step, fill_placeholders
from bot.diagnosis.model import Diagnosis
from handlers.session import LogFacts

_TURN = re.compile(r"^turns?:(?P<host>[^:?/]+?)\.?(?::(?P<port>\d+))?(?:\?transport=(?P<proto>\w+))?$", re.I)
_URL_HOST = re.compile(r"^[a-z]+://(?P<host>[^/:?]+)(?::(?P<port>\d+))?", re.I)


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int
    protocol: str  # "UDP" | "TCP"
    purpose: str

    def describe(self) -> str:
        return f"{self.protocol} {self.port} → {self.host} ({self.purpose})"


def facts_from(diagnosis: Diagnosis) -> LogFacts:
    """Collect the call config of the focus contact, else of the first contact that has one."""
    configs = [c.call_config for c in diagnosis.contacts if c.call_config.turn_urls or c.call_config.region]
    if diagnosis.focus_contact:
        focus = diagnosis.contact(diagnosis.focus_contact)
        if focus is not None:
            configs.insert(0, focus.call_config)
    cfg = configs[0] if configs else None
    return LogFacts(
        region=diagnosis.region or (cfg.region if cfg else None),
        turn_urls=cfg.turn_urls if cfg else (),
        signalling_url=cfg.signalling_url if cfg else None,
        ccp_version=cfg.ccp_version if cfg else None,
        contact_ids=diagnosis.contact_ids,
    )


def turn_hosts(facts: LogFacts) -> tuple[str, ...]:
    hosts = [m.group("host") for u in facts.turn_urls if (m := _TURN.match(u.strip()))]
    return tuple(dict.fromkeys(h.lower() for h in hosts))


def signalling_host(facts: LogFacts) -> str | None:
    m = _URL_HOST.match(facts.signalling_url or "")
    return m.group("host").rstrip(".").lower() if m else None


def media_endpoints(facts: LogFacts) -> tuple[Endpoint, ...]:
    """TURN relays from the log (port/protocol as the log's URLs say), else the documented wildcard."""
    found: list[Endpoint] = []
    for url in facts.turn_urls:
        m = _TURN.match(url.strip())
        if m:
            found.append(
                Endpoint(
                    host=m.group("host").lower(),
                    port=int(m.group("port") or 3478),
                    protocol=(m.group("proto") or "udp").upper(),
                    purpose="TURN media relay",
                )
            )
    if not found:
        found.append(
            Endpoint(
                host=f"TurnNlb-*.elb.{facts.region or '<region>'}.amazonaws.com",
                port=3478,
                protocol="UDP",
                purpose="TURN media relay",
            )
        )
    return tuple(dict.fromkeys(found))


def signalling_endpoints(facts: LogFacts) -> tuple[Endpoint, ...]:
    """The log's signalling host when known, plus the documented hosts of both CCP generations."""
    region = facts.region or "<region>"
    documented = (
        Endpoint(
            host=f"rtc*.connect-telecom.{region}.amazonaws.com",
            port=443,
            protocol="TCP",
            purpose="softphone signalling, CCP v1",
        ),
        Endpoint(
            host=f"*.transport.connect.{region}.amazonaws.com",
            port=443,
            protocol="TCP",
            purpose="softphone signalling, CCP v2",
        ),
    )
    host = signalling_host(facts)
    if host is None:
        return documented
    seen = Endpoint(host=host, port=443, protocol="TCP", purpose="softphone signalling seen in this log")
    return (seen, *documented)


def fill(text: str, facts: LogFacts) -> str:
    """Fill knowledge placeholders ({region}, {turn_hosts}, ...) with this log's values."""
    return fill_placeholders(
        text,
        region=facts.region,
        turn_hosts=turn_hosts(facts),
        signalling_host=signalling_host(facts),
        contact_ids=facts.contact_ids,
    )


def render_step(step: Step, facts: LogFacts) -> str:
    return fill(step.text, facts)
