"""Stored diagnoses: the redacted record written after each upload, and reading it back.

Rules of this file:
- Only redacted data is stored: the diagnosis dict passes through ``bot.redact.redact_json_value`` and the
  log through ``redact_upload`` (gzip-compressed) before ``put_diagnosis``. One ``Pseudonyms`` per upload.
- A record is JSON with ``SCHEMA``; a record of another schema reads as None (treated as expired).
- Diagnosis and redaction of a large upload are CPU work: ``diagnose_and_redact`` runs in a worker process
  (or thread, in tests), never on the event loop.
"""

from __future__ import annotations

import gzip
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.diagnosis import diagnose
from bot.diagnosis.errors import UnreadableLog
from bot.diagnosis.limits import Limits
from bot.diagnosis.model import CauseId, Diagnosis
from bot.redact import Pseudonyms, redact_json_value, redact_upload
from handlers.api import Diagnosed

SCHEMA = 1


@dataclass(frozen=True, slots=True)
class StoredDiagnosis:
    id: str
    diagnosis: Diagnosis  # redacted
    reporter: str  # Identity.key of who uploaded
    reporter_name: str | None
    place: str  # Place.key where it was uploaded
    filename: str
    size: int
    created_at: str  # ISO-8601 UTC

    def to_record(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "diagnosis": self.diagnosis.to_dict(),
            "reporter": self.reporter,
            "reporter_name": self.reporter_name,
            "place": self.place,
            "filename": self.filename,
            "size": self.size,
            "created_at": self.created_at,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> StoredDiagnosis | None:
        if not record or record.get("schema") != SCHEMA:
            return None
        try:
            return cls(
                id=str(record["id"]),
                diagnosis=Diagnosis.from_dict(record["diagnosis"]),
                reporter=str(record["reporter"]),
                reporter_name=record.get("reporter_name"),
                place=str(record["place"]),
                filename=str(record["filename"]),
                size=int(record["size"]),
                created_at=str(record["created_at"]),
            )
        except (KeyError, ValueError, TypeError):
            return None

    @property
    def reporter_label(self) -> str:
        return self.reporter_name or self.reporter.rsplit(":", 1)[-1]


def new_diagnosis_id() -> str:
    return secrets.token_hex(8)


def redact_upload_and_diagnosis(
    diagnosis: Diagnosis, data: bytes, *, limits: Limits
) -> tuple[Diagnosis, bytes | None]:
    """The diagnosis with personal data (IPs, names, phone numbers, tokens) replaced, and the upload as
    redacted UTF-8 text, gzip-compressed (None when it cannot be decoded). One ``Pseudonyms`` for both, so
    ``ip-1`` in the evidence is ``ip-1`` in the escalated log."""
    pseudonyms = Pseudonyms()
    redacted = Diagnosis.from_dict(redact_json_value(diagnosis.to_dict(), pseudonyms=pseudonyms))
    try:
        log = gzip.compress(redact_upload(data, limits=limits, pseudonyms=pseudonyms), compresslevel=6)
    except UnreadableLog:
        log = None
    return redacted, log


def diagnose_and_redact(
    data: bytes, *, contact_id: str | None, limits: Limits, titles: Mapping[CauseId, str] | None
) -> Diagnosed:
    """Diagnose an upload and redact both the diagnosis and the log: the whole CPU-bound part of an upload.
    Raises only ``UnreadableLog``."""
    diagnosis = diagnose(data, contact_id=contact_id, limits=limits, titles=titles)
    redacted, log = redact_upload_and_diagnosis(diagnosis, data, limits=limits)
    return Diagnosed(diagnosis=redacted, redacted_log_gz=log)


def unpack_log(blob: bytes | None) -> bytes | None:
    if blob is None:
        return None
    try:
        return gzip.decompress(blob)
    except (OSError, EOFError):
        return None
