"""Help: what the bot does, how to download the log from the CCP, and what it can diagnose.

Rules of this file:
- Pure: the catalog → Reply. Cause titles come from the knowledge files, wording from ``texts``.
"""

from __future__ import annotations

from bot.catalog import Catalog
from bot.conversation import Reply, Section
from handlers import texts


def help_reply(catalog: Catalog) -> Reply:
    return Reply(text=texts.HELP_TITLE, sections=help_sections(catalog), kind="help")


def help_sections(catalog: Catalog) -> tuple[Section, ...]:
    causes = "\n".join(f"• {info.title}" for info in catalog.causes.values())
    return (
        Section(title=None, text=texts.HELP_WHAT),
        Section(title="Getting agent-log.txt", text=texts.DOWNLOAD_LOG),
        Section(title=texts.HELP_CAN_DIAGNOSE, text=causes),
    )


def hint_reply() -> Reply:
    """For chat text that is neither a log, a contact id nor a question we understand."""
    return Reply(text=texts.HELP_HINT, kind="hint")
