"""Stored records: the diagnosis and the escalated log are redacted with one set of pseudonyms."""

from __future__ import annotations

import gzip
import re

from bot.diagnosis.limits import Limits
from bot.diagnosis.model import Cause, CauseId, Diagnosis, Evidence, InputFormat, Verdict
from handlers.records import redact_upload_and_diagnosis

LOG = (
    b"2024-05-01T10:00:00.000Z softphone INFO  onicecandidate "
    b"candidate:1 1 udp 2122260223 198.51.100.9 5000 typ host\n"
    b"2024-05-01T10:00:08.000Z softphone WARN ICE collection timed out; relay via 203.0.113.7\n"
)


def _diagnosis() -> Diagnosis:
    cause = Cause(
        id=CauseId.MEDIA_UDP_BLOCKED,
        title="UDP blocked",
        confidence=0.8,
        evidence=(Evidence(line=2, time="2024-05-01T10:00:08.000Z", text="relay via 203.0.113.7"),),
    )
    return Diagnosis(
        verdict=Verdict.FAULT,
        reason="ICE collection timed out.",
        causes=(cause,),
        contacts=(),
        format=InputFormat.PARSER_TEXT,
        entries=2,
    )


def test_an_address_gets_the_same_pseudonym_in_the_evidence_and_in_the_log() -> None:
    redacted, log_gz = redact_upload_and_diagnosis(_diagnosis(), LOG, limits=Limits())
    assert log_gz is not None
    log = gzip.decompress(log_gz).decode()
    evidence_token = re.search(r"relay via (\S+)", redacted.causes[0].evidence[0].text)
    log_token = re.search(r"relay via (\S+)", log)
    assert evidence_token and log_token
    assert evidence_token.group(1) == log_token.group(1) != "203.0.113.7"
    assert "198.51.100.9" not in log and "203.0.113.7" not in log


def test_an_undecodable_upload_still_yields_the_redacted_diagnosis_and_no_log() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    redacted, log_gz = redact_upload_and_diagnosis(_diagnosis(), png, limits=Limits())
    assert log_gz is None
    assert "203.0.113.7" not in redacted.causes[0].evidence[0].text
