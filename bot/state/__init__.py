"""Session state: the SessionStore protocol and its memory and Redis implementations."""

from bot.state.protocol import SessionStore, StoreConflict, StoreUnavailable, Ttls

__all__ = ["SessionStore", "StoreConflict", "StoreUnavailable", "Ttls"]
