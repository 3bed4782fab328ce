"""Who may look up contact ids and escalate, and whose stored diagnoses they may see.

Rules of this file:
- Identity comes only from ``Turn.who`` / ``Turn.where`` (built by the adapter from the verified request),
  never from message text or button values.
- Configured groups: user keys (``Identity.key``: ``platform:tenant:user``) and conversations written as
  ``platform:conversation_id``. With nothing configured, anyone may look up and escalate.
- Stored diagnoses never cross a tenant: a record is visible only within its reporter's platform and tenant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.conversation import Identity, Place


@dataclass(frozen=True, slots=True)
class AccessPolicy:
    users: frozenset[str] = frozenset()  # Identity.key values
    conversations: frozenset[str] = frozenset()  # "platform:conversation_id"

    @classmethod
    def from_lists(cls, *, users: Iterable[str] = (), conversations: Iterable[str] = ()) -> AccessPolicy:
        """Build from configuration lists (blank entries ignored, whitespace stripped)."""
        return cls(
            users=frozenset(u.strip() for u in users if u.strip()),
            conversations=frozenset(c.strip() for c in conversations if c.strip()),
        )

    @property
    def is_open(self) -> bool:
        return not self.users and not self.conversations

    def _in_group(self, who: Identity, where: Place) -> bool:
        if self.is_open:
            return True
        return who.key in self.users or f"{where.platform}:{where.conversation_id}" in self.conversations

    def may_lookup(self, who: Identity, where: Place) -> bool:
        return self._in_group(who, where)

    def may_escalate(self, who: Identity, where: Place) -> bool:
        return self._in_group(who, where)

    def may_view(self, who: Identity, reporter_key: str) -> bool:
        """A stored diagnosis is visible to people of the reporter's own platform and tenant."""
        platform, _, rest = reporter_key.partition(":")
        tenant = rest.partition(":")[0]
        return platform == who.platform and tenant == who.tenant
