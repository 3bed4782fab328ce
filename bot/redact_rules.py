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

# Anchors: each pattern starts with a literal so the regex engine can skip through tens of MB quickly; the
# code in ``bot.redact_scan`` extends each hit to the whole field, address or number and checks its borders.
# Every field name contains one of these fragments (case as written in real logs).
FIELD_ANCHOR = re.compile(
    r"ame|AME|oken|OKEN|ssword|SSWORD|asswd|redential|REDENTIAL|ecret|ECRET|ignature|IGNATURE|pi_?[kK]ey"
    r"|mail|MAIL|hone|HONE|obile|aller[IiNn]|ustomer[Nn]umber|uthorization|UTHORIZATION|ookie|OOKIE"
)
WORD = re.compile(r"[\w-]+")
FIELD_SEPARATOR = re.compile(r"[ \t]*:[ \t]*")
ASSIGNED_VALUE = re.compile(r"[^\s&\"'<>,;\\]+")  # after field=, up to the next & or delimiter
_STOP = r"\"'{}\[\],;\\"  # characters that end a field value outside quotes
COLON_VALUE = re.compile(rf"[ \t]*:[ \t]*(?P<value>[^\s{_STOP}][^\n{_STOP}]*)")  # field: value (to line end)

BEARER = re.compile(r"(?P<scheme>Bearer|Basic)(?P<sep>\s+)[A-Za-z0-9._~+/=-]{8,}")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
AWS_ACCESS_KEY = re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])")
SIP_URI = re.compile(r"(?P<scheme>sips?|tel|SIPS?|TEL):(?!//)[^\s\"'<>;,\\]+")
EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
PHONE_E164 = re.compile(r"\+\d(?:[ ().-]{0,2}\d){6,14}(?!\d)")  # with or without separators
PHONE_PARENS = re.compile(r"\(\d{3}\)[ ]?\d{3}[-. ]\d{4}(?!\d)")  # (555) 123-4567
PHONE_DASHED_TAIL = re.compile(r"[-.]\d{3}[-.]\d{4}(?![\w-]|\.\d)")  # the -123-4567 of 555-123-4567
# IPv4: the middle of a run of 4 or more dot-separated digit groups; the run is an address when 4
# consecutive groups are octets.
IPV4_ANCHOR = re.compile(r"\.\d+\.\d+\.")
DOTTED_RUN = re.compile(r"[\d.]+")
# IPv6: two colons around at most 4 hex digits; the run around it is checked with ``ipaddress``.
IPV6_ANCHOR = re.compile(r":[0-9A-Fa-f]{0,4}:")
IPV6_RUN = re.compile(r"[0-9A-Fa-f:]*(?:\.\d{1,3}){0,3}")
HEX_OR_COLON = frozenset("0123456789abcdefABCDEF:")


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
    octet = [g.isdecimal() and len(g) <= 3 and int(g) <= 255 for g in groups]
    return any(all(octet[i : i + 4]) for i in range(len(groups) - 3))
