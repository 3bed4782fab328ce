"""The support package: everything AWS support asks for, built from the stored (redacted) diagnosis.

Rules of this file:
- Pure: stored diagnosis + walkthrough session (if any) + redacted log → ``Escalation``. No store access.
- Follows AWS's support checklist: instance ARN (unknown from a log: a placeholder to fill), contact ids,
  CCP logs (the redacted log, attached), time with time zone (all times UTC), agent network details
  (ISP, connection type, VPN, proxy — from the walkthrough's answers when given).
- Two files: the redacted log (gzip, as stored) and a JSON package with the same facts for tooling.
"""

from __future__ import annotations

import json
from typing import Any

from bot.catalog import Catalog
from bot.conversation import Escalation, FileOut, Identity, Reply, Section
from handlers import texts
from handlers.diagnosis_reply import evidence_lines, verdict_line
from handlers.records import StoredDiagnosis
from handlers.session import Attempt, ItemKind, Outcome, WalkthroughSession

PACKAGE_SCHEMA = 1
# which walkthrough questions answer which checklist line (matched on the question id)
_NETWORK_QUESTIONS = (("vpn", "VPN"), ("connection", "Connection type"), ("proxy", "Web proxy"))


def build_escalation(
    *,
    stored: StoredDiagnosis,
    session: WalkthroughSession | None,
    log_gz: bytes | None,
    catalog: Catalog,
    reporter: Identity,
    now: str,
) -> Escalation:
    package = package_dict(
        stored=stored,
        session=session,
        catalog=catalog,
        reporter=reporter,
        now=now,
        has_log=log_gz is not None,
    )
    files = [
        FileOut(
            filename=f"support-package-{stored.id}.json",
            mimetype="application/json",
            data=json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8"),
        )
    ]
    if log_gz is not None:
        files.insert(
            0,
            FileOut(
                filename=f"agent-log-{stored.id}.redacted.txt.gz", data=log_gz, mimetype="application/gzip"
            ),
        )
    reply = Reply(
        text=f"{texts.ESCALATION_HEADLINE} — {verdict_line(stored.diagnosis)}",
        sections=_sections(package, stored, log_gz is not None),
        kind="escalation",
        extras={"diagnosis_id": stored.id},
    )
    return Escalation(
        reply=reply, files=tuple(files), diagnosis_id=stored.id, session_id=session.id if session else None
    )


def package_dict(
    *,
    stored: StoredDiagnosis,
    session: WalkthroughSession | None,
    catalog: Catalog,
    reporter: Identity,
    now: str,
    has_log: bool,
) -> dict[str, Any]:
    d = stored.diagnosis
    history = session.history if session else ()
    return {
        "schema": PACKAGE_SCHEMA,
        "diagnosis_id": stored.id,
        "session_id": session.id if session else None,
        "escalated_at": now,
        "time_zone": "UTC",
        "summary": verdict_line(d),
        "verdict": d.verdict.value,
        "region": d.region,
        "instance_arn": None,
        "contact_ids": list(d.contact_ids),
        "log_window": {"first": d.first_time, "last": d.last_time},
        "reporter": {"key": reporter.key, "name": reporter.display_name},
        "uploaded": {
            "by": stored.reporter,
            "at": stored.created_at,
            "file": stored.filename,
            "size": stored.size,
        },
        "causes": [c.to_dict() for c in d.causes],
        "contacts": [_contact(c.to_dict()) for c in d.contacts],
        "steps_tried": [_attempt(a, catalog) for a in history],
        "fixed_by": session.fixed_by if session else None,
        "network": network_details(history, catalog),
        "ccp_log": "attached, redacted" if has_log else texts.LOG_MISSING,
        "notes": list(d.notes),
    }


def network_details(history: tuple[Attempt, ...], catalog: Catalog) -> dict[str, str]:
    details = {"ISP": texts.NOT_GIVEN}
    for needle, label in _NETWORK_QUESTIONS:
        details[label] = texts.NOT_GIVEN
        for a in history:
            if a.outcome is Outcome.ANSWERED and needle in a.item.ref:
                details[label] = _answer_label(a, catalog)
    return details


def _sections(package: dict[str, Any], stored: StoredDiagnosis, has_log: bool) -> tuple[Section, ...]:
    d = stored.diagnosis
    sections = [Section(title="AWS support checklist", text=_checklist(package, has_log))]
    sections.extend(
        Section(
            title=f"{c.title} — {texts.confidence_words(c.confidence)}",
            text="",
            evidence=evidence_lines(c.evidence, 5),
            truncated_evidence=max(0, len(c.evidence) - 5),
        )
        for c in d.causes[:3]
    )
    sections.extend(
        Section(
            title=f"Timeline of contact {c.contact_id} (UTC)",
            text=c.reason,
            evidence=evidence_lines(c.timeline, 15),
        )
        for c in d.contacts
        if c.contact_id
    )
    tried = package["steps_tried"]
    lines = [f"{t['at']} — {t['title']}: {t['result']} (by {t['by']})" for t in tried] or [
        "No steps tried yet."
    ]
    sections.append(Section(title="Steps tried", text="\n".join(lines)))
    return tuple(sections)


def _checklist(package: dict[str, Any], has_log: bool) -> str:
    network = "; ".join(f"{k}: {v}" for k, v in package["network"].items())
    reporter = package["reporter"]
    window = package["log_window"]
    return "\n".join(
        (
            f"Instance ARN: {texts.INSTANCE_ARN_PLACEHOLDER}",
            f"Region: {package['region'] or 'unknown'}",
            f"Contact ids: {', '.join(package['contact_ids']) or 'none in the log'}",
            f"Time (UTC): log covers {window['first'] or '?'} to {window['last'] or '?'};"
            f" escalated {package['escalated_at']}",
            f"CCP log: {'attached with personal data redacted' if has_log else texts.LOG_MISSING}",
            f"Agent network: {network}",
            f"Reported by: {reporter['name'] or reporter['key']}",
        )
    )


def _contact(c: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "contact_id",
        "verdict",
        "reason",
        "first_time",
        "last_time",
        "session_states",
        "signalling_states",
        "call_config",
        "report_failures",
        "media",
        "ended_by",
        "timeline",
        "causes",
    )
    return {k: c.get(k) for k in keep}


def _attempt(a: Attempt, catalog: Catalog) -> dict[str, Any]:
    if a.item.kind is ItemKind.STEP and a.item.ref in catalog.steps:
        title = catalog.steps[a.item.ref].title
    elif a.item.kind is ItemKind.QUESTION and a.item.ref in catalog.questions:
        title = catalog.questions[a.item.ref].text
    else:
        title = a.item.ref or a.item.kind.value
    result = _answer_label(a, catalog) if a.outcome is Outcome.ANSWERED else a.outcome.value.replace("_", " ")
    return {
        "cause": a.cause.value,
        "kind": a.item.kind.value,
        "id": a.item.ref,
        "title": title,
        "outcome": a.outcome.value,
        "answer": a.answer,
        "result": result,
        "by": a.by,
        "at": a.at,
    }


def _answer_label(a: Attempt, catalog: Catalog) -> str:
    question = catalog.questions.get(a.item.ref)
    answer = question.answer(a.answer) if question else None
    return answer.label if answer else a.answer
