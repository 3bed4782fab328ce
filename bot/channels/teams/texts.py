"""What the Teams adapter itself says (everything else comes from the conversation engine).

Rules of this file:
- Plain text only; ``bot.render.adaptive`` escapes and formats it. One place for every Teams-only sentence.
"""

from __future__ import annotations

from bot.channels.teams.download import RefusalReason
from bot.conversation import Reply, Section

READING_FILE = "Reading agent-log.txt…"
READING_TEXT = "Reading the pasted log…"

CHANNEL_FILE = Reply(
    kind="channel_file",
    text="I can't open files posted in a channel or group chat.",
    sections=(
        Section(
            title="Why",
            text="Teams only hands files to a bot in a 1:1 chat; reading channel files would need extra "
            "Microsoft Graph permissions that Icebreaker does not ask for.",
        ),
        Section(
            title="What to do",
            text="Send agent-log.txt to me in a 1:1 chat (open my profile and choose Chat), or paste the "
            "error lines here with an @mention. You can also mention me with a contact id.",
        ),
    ),
)

_REFUSALS = {
    RefusalReason.TOO_LARGE: "That file is larger than I can read ({limit} MB). Download the CCP log again "
    "right after the failed call (it holds the last 30–60 minutes) and send that smaller file.",
    RefusalReason.HOST_NOT_ALLOWED: "That file came from a location I don't download from. Upload "
    "agent-log.txt straight into this chat.",
    RefusalReason.HTTP_ERROR: "Teams didn't hand me the file (the download link may have expired). "
    "Please upload it again.",
    RefusalReason.NETWORK: "I couldn't reach Teams to fetch the file. Please upload it again in a minute.",
}


def download_refused(reason: RefusalReason, *, limit_bytes: int) -> Reply:
    text = _REFUSALS[reason].format(limit=limit_bytes // (1024 * 1024))
    return Reply(kind="error", text=text)


def unexpected(correlation_id: str) -> Reply:
    return Reply(
        kind="error",
        text=f"Something went wrong on my side (reference {correlation_id}). "
        "Please try again; if it keeps happening, share that reference with your admin.",
    )


ESCALATION_NOT_CONFIGURED = (
    "Note: no Teams escalation channel is configured, so nothing was posted to support. "
    "Ask your Icebreaker admin to set one."
)
ESCALATION_FAILED = "Note: I couldn't post to the support channel just now; please try Escalate again later."
OPEN_THREAD = "Open the support thread"
DOWNLOAD_LOG = "Download the redacted log (24 h link)"
CHAT_ONE_TO_ONE = "Chat with me 1:1"
