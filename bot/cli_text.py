"""Plain-text rendering of a ``Diagnosis`` for the terminal (``icebreaker diagnose`` without ``--json``).

Rules of this file:
- Pure functions from values to text; no I/O. Evidence lines read ``L123 2024-05-01T10:00:00.000Z text``.
- Steps are the top cause's, rendered with ``Step.render`` and the hosts and region read from the log.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.catalog import Catalog, Step
from bot.diagnosis.model import Cause, ContactDiagnosis, Diagnosis, Evidence

_MAX_TEXT = 200
_PERFORMERS = {"agent": "Agent", "it": "IT / network", "support": "Support"}


def render_diagnosis(result: Diagnosis, catalog: Catalog | None) -> str:
    lines = [f"Verdict: {result.verdict.value} - {result.reason}", _read_summary(result)]
    lines += [f"Note: {note}" for note in result.notes]
    if result.causes:
        lines += ["", "Causes, most likely first:"]
        for rank, cause in enumerate(result.causes, start=1):
            lines += _cause_lines(rank, cause)
    if result.contacts:
        lines += ["", "Contacts in this log:"]
        lines += [_contact_line(c) for c in result.contacts]
    if catalog is not None and result.top_cause is not None and result.top_cause.id in catalog.causes:
        lines += ["", f"What to do ({catalog.cause(result.top_cause.id).title}):"]
        lines += _step_lines(catalog.steps_for(result.top_cause.id), result)
    return "\n".join(lines) + "\n"


def evidence_line(evidence: Evidence) -> str:
    text = " ".join(evidence.text.split())
    if len(text) > _MAX_TEXT:
        text = text[: _MAX_TEXT - 3] + "..."
    return f"L{evidence.line} {evidence.time or '-'} {text}"


def _read_summary(result: Diagnosis) -> str:
    parts = [f"Read {result.entries} entries ({result.format.value}"]
    if result.container:
        parts.append(f", {result.container}")
    parts.append(")")
    if result.first_time and result.last_time:
        parts.append(f" from {result.first_time} to {result.last_time}")
    if result.truncated:
        parts.append("; the file was cut off")
    return "".join(parts) + "."


def _cause_lines(rank: int, cause: Cause) -> list[str]:
    lines = [f"  {rank}. {cause.title} [{cause.id.value}] confidence {cause.confidence:.2f}"]
    lines += [f"       {evidence_line(e)}" for e in cause.evidence]
    return lines


def _contact_line(contact: ContactDiagnosis) -> str:
    causes = ", ".join(f"{c.id.value} {c.confidence:.2f}" for c in contact.causes) or "no cause"
    who = contact.contact_id or "(no contact id)"
    return f"  {who}: {contact.verdict.value} - {contact.reason} ({causes})"


def _step_lines(steps: tuple[Step, ...], result: Diagnosis) -> list[str]:
    contact = _contact_of_top_cause(result)
    config = contact.call_config if contact else None
    turn_hosts = tuple(h for h in (_host(u) for u in (config.turn_urls if config else ())) if h)
    signalling = _host(config.signalling_url) if config and config.signalling_url else None
    lines: list[str] = []
    for number, step in enumerate(steps, start=1):
        text = step.render(
            region=result.region or (config.region if config else None),
            turn_hosts=turn_hosts,
            signalling_host=signalling,
            contact_ids=result.contact_ids,
        )
        who = _PERFORMERS.get(step.performer.value, step.performer.value)
        lines.append(f"  {number}. [{who}] {step.title}")
        lines += [f"     {line}" for line in text.splitlines()]
        lines += [f"     Source: {s.title} <{s.url}>" for s in step.sources]
    return lines


def _contact_of_top_cause(result: Diagnosis) -> ContactDiagnosis | None:
    if result.focus_contact:
        return result.contact(result.focus_contact)
    top = result.top_cause
    return next((c for c in result.contacts if top and any(k.id is top.id for k in c.causes)), None)


def _host(url: str) -> str | None:
    """``turn:host.:3478?transport=udp`` and ``wss://host/path`` → the host name."""
    if "://" not in url:
        url = url.split(":", 1)[-1]
        return url.split("?", 1)[0].rsplit(":", 1)[0].rstrip(".") or None
    return (urlsplit(url).hostname or "").rstrip(".") or None
