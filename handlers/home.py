"""Home: the help text plus this user's recent diagnoses (Slack App Home, web console, Teams welcome).

Rules of this file:
- Store trouble yields the static part only, with one line saying the history is unavailable.
- Recent diagnoses are read from ``read_list("recent", who.key)``, written at upload time.
"""

from __future__ import annotations

from bot.conversation import Identity, Reply, Section
from bot.state.protocol import StoreUnavailable
from handlers import texts
from handlers.deps import Deps
from handlers.help import help_sections

RECENT_SHOWN = 5


async def home_reply(deps: Deps, who: Identity) -> Reply:
    try:
        recent = await deps.store.read_list("recent", who.key, limit=RECENT_SHOWN)
    except StoreUnavailable:
        recent_text = texts.HOME_RECENT_UNAVAILABLE
    else:
        recent_text = "\n".join(_recent_line(r) for r in recent) or texts.HOME_NO_RECENT
    sections = (*help_sections(deps.catalog), Section(title=texts.HOME_RECENT, text=recent_text))
    return Reply(text=texts.HELP_TITLE, sections=sections, kind="home")


def _recent_line(item: dict[str, object]) -> str:
    ids = item.get("contact_ids")
    contacts = ", ".join(str(c) for c in ids) if isinstance(ids, list) and ids else "no contact id"
    when, name = item.get("created_at", "?"), item.get("filename", "log")
    return f"{when} — {name}: {item.get('summary', '')} ({contacts})"
