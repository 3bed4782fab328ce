"""Session state: the SessionStore protocol and its memory and Redis implementations."""

from bot.state.protocol import SessionStore, StoreUnavailable, Ttls

__all__ = ["SessionStore", "StoreUnavailable", "Ttls"]
