"""Typed, strict access to one TOML table of a knowledge file, for ``bot.catalog_load``.

Rules of this file:
- A ``Table`` checks its keys when built (unknown or missing keys are errors) and every accessor checks the
  value's type; every failure is a ``CatalogError`` prefixed with where the table is ("<file>: step 'x'").
- Text must be non-empty after stripping and may use only ``bot.catalog.PLACEHOLDERS``; surrounding
  whitespace is stripped, inner line breaks are kept.
- No knowledge of what the tables mean: that lives in ``bot.catalog_load``.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from bot.catalog import PLACEHOLDERS, CatalogError

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_FORMATTER = string.Formatter()


def read_toml(path: Path, *, shown: str) -> dict[str, Any]:
    """Parse one TOML file; a missing or malformed file is a ``CatalogError`` naming it."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"{shown}: the file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{shown}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{shown}: cannot be read: {exc}") from None


def unknown_ids(values: Iterable[str], enum: type[Enum]) -> list[str]:
    known = {member.value for member in enum}
    return [value for value in values if value not in known]


class Table:
    """One TOML table, with the context that prefixes every error about it."""

    def __init__(
        self, data: object, *, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> None:
        self.where = where
        if not isinstance(data, Mapping):
            raise self.error("must be a table")
        self._data: Mapping[str, Any] = data
        for key in data:
            if key not in required and key not in optional:
                raise self.error(f"unknown key '{key}'")
        for key in required:
            if key not in data:
                raise self.error(f"missing key '{key}'")

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self._data)

    def error(self, problem: str) -> CatalogError:
        return CatalogError(f"{self.where}: {problem}")

    def child(
        self, data: object, label: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Table:
        return Table(data, where=f"{self.where}: {label}", required=required, optional=optional)

    def string(self, key: str) -> str:
        value = self._data[key]
        if not isinstance(value, str):
            raise self.error(f"'{key}' must be a string, not {_toml_type(value)}")
        return value

    def text(self, key: str) -> str:
        """A non-empty human text; placeholders limited to the known ones."""
        value = self.string(key).strip()
        if not value:
            raise self.error(f"'{key}' is empty")
        for placeholder in _placeholders(value, on_error=lambda why: self.error(f"'{key}': {why}")):
            if placeholder not in PLACEHOLDERS:
                known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                raise self.error(f"'{key}' uses unknown placeholder '{{{placeholder}}}' (known: {known})")
        return value

    def boolean(self, key: str) -> bool:
        value = self._data[key]
        if not isinstance(value, bool):
            raise self.error(f"'{key}' must be true or false, not {_toml_type(value)}")
        return value

    def id_list(self, key: str) -> tuple[str, ...]:
        """A non-empty list of distinct ids."""
        value = self._data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"'{key}' must be a list of strings")
        if not value:
            raise self.error(f"'{key}' is empty")
        seen: set[str] = set()
        for item in value:
            if item in seen:
                raise self.error(f"'{key}' lists '{item}' twice")
            seen.add(item)
        return tuple(value)

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        """A non-empty array of tables (``[[key]]`` in TOML)."""
        value = self._data[key]
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.error(f"'{key}' must be an array of tables ([[{key}]])")
        if not value:
            raise self.error(f"'{key}' is empty")
        return value

    def numbers(self, key: str) -> dict[str, float]:
        """A table of name = number (booleans are not numbers here)."""
        value = self._data[key]
        if not isinstance(value, Mapping):
            raise self.error(f"'{key}' must be a table of name = number")
        for name, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise self.error(f"'{key}' value for '{name}' must be a number, not {_toml_type(number)}")
        return {name: float(number) for name, number in value.items()}


def parse_id(table: Table) -> str:
    """The table's ``id``: lower-case letters, digits and underscores, starting with a letter."""
    value = table.string("id")
    if not _ID.match(value):
        raise table.error(f"id '{value}' must be lower-case letters, digits and _ (starting with a letter)")
    return value


def _placeholders(text: str, *, on_error: Callable[[str], CatalogError]) -> list[str]:
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in _FORMATTER.parse(text) if name is not None]
    except ValueError as exc:
        raise on_error(f"{exc} (write {{{{ or }}}} for a literal brace)") from None
    for name, spec, conv in fields:
        if spec or conv:
            raise on_error(f"placeholder '{{{name}}}' must not carry a format spec or conversion")
    return [name for name, _, _ in fields]


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", str: "a string", int: "an integer", float: "a float", list: "an array"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a table" if isinstance(value, Mapping) else type(value).__name__
