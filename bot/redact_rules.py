"""What counts as personal or secret in a softphone log: field names, value patterns, and what must survive.

Rules of this file:
- Data and compiled patterns only (plus tiny predicates); the passes that apply them live in ``bot.redact``.
- Field names are matched case-insensitively and by exact name (``name`` does not match ``hostname``).
- Patterns must leave the evidence alone: contact ids (UUIDs), ISO timestamps, ports, priorities, hostnames
  such as ``turnnlb-….elb.us-east-1.amazonaws.com``, state names and error strings. Bare digit runs are never
  treated as phone numbers (candidate priorities and epoch millis look like them).
"""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    """What a redacted value was; the replacement text says so, so the log stays readable."""

    NAME = "<name>"
    EMAIL = "<email>"
    PHONE = "<phone>"
    SECRET = "<redacted>"


# Field names whose value is replaced wherever the field appears:
# JSON (at any escaping level), key=value and key: value.
NAME_FIELDS = frozenset(
    {
        "name", "firstname", "lastname", "fullname", "username", "user_name", "agentname", "agentusername",
        "customername", "displayname", "preferredname", "callername", "participantname",
    }
)  # fmt: skip
EMAIL_FIELDS = frozenset({"email", "emailaddress", "agentemail", "customeremail"})
PHONE_FIELDS = frozenset(
    {"phonenumber", "phone", "mobile", "customerphonenumber", "customernumber", "callernumber", "callerid"}
)
# Secret field names: these, or any name ending in one of them (authToken, X-Amz-Security-Token, ...).
SECRET_SUFFIXES = ("token", "password", "passwd", "credential", "secret", "signature", "apikey", "api_key")
SECRET_FIELDS = frozenset({"authorization", "cookie", "set-cookie", "x-amz-credential"})

# Values of a generic name field that are not people: agent states (Streams' AgentAvailStates,
# AgentErrorStates and the usual routable/offline states) and session/signalling state names.
SAFE_NAME_VALUES = frozenset(
    {
        "Available", "Offline", "Init", "Busy", "AfterCallWork", "CallingCustomer", "Dialing", "Joining",
        "PendingAvailable", "PendingBusy", "Hold", "Error", "AgentHungUp", "BadAddressAgent",
        "BadAddressCustomer", "Default", "FailedConnectAgent", "FailedConnectCustomer", "LineEngagedAgent",
        "LineEngagedCustomer", "MissedCallAgent", "MissedCallCustomer", "MultipleCcpWindows",
        "RealtimeCommunicationError", "routable", "not_routable", "offline",
    }
)  # fmt: skip
_STATE_NAME = re.compile(r"[A-Z][A-Za-z]*State\Z")

_KNOWN = sorted(NAME_FIELDS | EMAIL_FIELDS | PHONE_FIELDS | SECRET_FIELDS, key=len, reverse=True)
_SUFFIXES = "|".join(re.escape(s) for s in SECRET_SUFFIXES)
_FIELD = rf"(?i:{'|'.join(re.escape(k) for k in _KNOWN)}|(?:[A-Za-z_][\w-]*?)?(?:{_SUFFIXES}))"
# "field": "  with the quotes escaped any number of times (\"field\": \"  inside an embedded JSON string).
QUOTED_FIELD = re.compile(rf"(?P<q>\\*[\"'])(?P<key>{_FIELD})(?P=q)[ \t]*:[ \t]*(?P=q)")
# field=value (query strings, key=value logs)
ASSIGNED_FIELD = re.compile(rf"(?<![\w-])(?P<key>{_FIELD})=(?P<value>[^\s&\"'<>,;\\]+)")
# field: value (headers, console lines); the value runs to the end of the line or a delimiter.
_STOP = r"\"'{}\[\],;\\"  # characters that end a field value outside quotes
COLON_FIELD = re.compile(
    rf"(?<![\w\"'\\-])(?P<key>{_FIELD})(?P<sep>[ \t]*:[ \t]*)(?P<value>[^\s{_STOP}][^\n{_STOP}]*)"
)

BEARER = re.compile(r"\b(?P<scheme>Bearer|Basic)(?P<sep>\s+)[A-Za-z0-9._~+/=-]{8,}")
JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
AWS_ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
SIP_URI = re.compile(r"\b(?P<scheme>sips?|tel):(?!//)[^\s\"'<>;,\\]+", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
PHONE = re.compile(
    r"(?<![\w+])\+\d(?:[ ().-]{0,2}\d){6,14}(?!\d)"  # E.164, with or without separators
    r"|(?<![\w(])\(\d{3}\)[ ]?\d{3}[-. ]\d{4}(?!\d)"  # (555) 123-4567
    r"|(?<![\w.-])\d{3}[-.]\d{3}[-.]\d{4}(?![\w-]|\.\d)"  # 555-123-4567
)
# A run of 4 or more dot-separated digit groups; it is an address when 4 consecutive groups are octets.
IPV4_RUN = re.compile(r"(?<!\d)\d+(?:\.\d+){3,}")
# A run of hex digits and colons with at least two colons (optionally an IPv4 tail), not inside a word.
IPV6_RUN = re.compile(r"(?<![\w:.-])(?=[0-9A-Fa-f]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]+(?:\.\d{1,3}){0,3}(?![\w:])")


def field_kind(key: str) -> Kind | None:
    """How a field's value is redacted, or None when the field is not personal or secret."""
    low = key.lower()
    if low in NAME_FIELDS:
        return Kind.NAME
    if low in EMAIL_FIELDS:
        return Kind.EMAIL
    if low in PHONE_FIELDS:
        return Kind.PHONE
    if low in SECRET_FIELDS or low.endswith(SECRET_SUFFIXES):
        return Kind.SECRET
    return None


def keeps_value(kind: Kind, value: str) -> bool:
    """True when a field's value is evidence, not personal data (state names in ``name``, empty values)."""
    stripped = value.strip()
    if not stripped or stripped == "null":
        return True
    return kind is Kind.NAME and (stripped in SAFE_NAME_VALUES or bool(_STATE_NAME.match(stripped)))


def holds_ipv4(run: str) -> bool:
    """True when four consecutive groups of a dotted digit run are octets (0-255, at most 3 digits)."""
    groups = run.split(".")
    octet = [len(g) <= 3 and int(g) <= 255 for g in groups]
    return any(all(octet[i : i + 4]) for i in range(len(groups) - 3))
