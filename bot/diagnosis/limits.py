"""Configurable safety limits for reading untrusted uploads."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_decompressed_bytes: int = 200 * MB  # after gzip/zip expansion and before decoding
    max_zip_members: int = 20
    max_compression_ratio: float = 250.0  # expanded / compressed, per member and overall (real logs: ~10-50x)
    max_json_depth: int = 64
