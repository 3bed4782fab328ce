"""Every sentence the Slack adapter itself says (the engine writes everything else).

Rules of this file:
- Plain text, no Slack markup: messages go through the Block Kit renderer, which escapes them.
- One place, so wording reviews and translations touch one file.
"""

from __future__ import annotations

from bot.channels.slack.download import RefusalKind
from bot.conversation import Reply, Section


def progress(filename: str, size: str) -> Reply:
    return Reply(text=f"Reading {filename} ({size})…", kind="progress")


def looking_up(contact_id: str) -> Reply:
    return Reply(text=f"Looking up contact {contact_id}…", kind="progress")


_REFUSALS: dict[RefusalKind, tuple[str, str]] = {
    RefusalKind.TOO_LARGE: (
        "That file is too large for me to read ({limit}).",
        "Download a fresh agent-log.txt right after the failed call (CCP settings → Download logs): "
        "it covers only the last 30–60 minutes and is usually a few MB. Zipping it also helps.",
    ),
    RefusalKind.LOGIN_PAGE: (
        "Slack sent me a sign-in page instead of your file.",
        "This app is missing the files:read permission (or its token is wrong). Ask a Slack admin to add the "
        "files:read bot scope to Icebreaker and reinstall it, then share the file again.",
    ),
    RefusalKind.HOST_NOT_ALLOWED: (
        "I can only read files stored by Slack itself.",
        "Upload agent-log.txt directly into this conversation instead of sharing a link to it.",
    ),
    RefusalKind.NO_URL: (
        "I could not find a download link for that file.",
        "Upload agent-log.txt directly into this conversation (not as an external or canvas file).",
    ),
    RefusalKind.REDIRECT: (
        "Slack redirected the download of that file, and I do not follow redirects with my token.",
        "Upload the file again directly into this conversation.",
    ),
    RefusalKind.HTTP_ERROR: (
        "Slack would not give me that file.",
        "Try sharing it again in a moment; if it keeps failing, ask a Slack admin to check the app.",
    ),
    RefusalKind.NETWORK: (
        "I could not download that file from Slack.",
        "Please try again in a minute.",
    ),
}


def refused(kind: RefusalKind, *, filename: str, limit: str) -> Reply:
    headline, advice = _REFUSALS[kind]
    return Reply(
        text=headline.format(limit=limit),
        sections=(Section(title=None, text=f"File: {filename}\n{advice}"),),
        kind="error",
    )


def unexpected(correlation_id: str) -> Reply:
    return Reply(
        text="Something went wrong on my side while answering that.",
        sections=(
            Section(title=None, text=f"Please try again. If it keeps failing, quote {correlation_id}."),
        ),
        kind="error",
    )


def no_escalation_channel() -> Reply:
    return Reply(
        text="No escalation channel is configured, so here is the support package in this thread.",
        sections=(
            Section(
                title=None,
                text="Forward the attached files to your contact-centre support team (an admin can set "
                "the escalation channel so this happens automatically).",
            ),
        ),
        kind="escalated",
    )


def escalation_link_label() -> str:
    return "Open the escalation thread"


def not_in_channel() -> str:
    return "Invite me to this channel (/invite @Icebreaker) or send me the file in a direct message."


COMMAND_USAGE = "Usage: /icebreaker <contact-id>, or /icebreaker help"


def escalation_failed() -> Reply:
    return Reply(
        text="I could not post to the escalation channel, so here is the support package in this thread.",
        sections=(Section(title=None, text="Invite me to the escalation channel, or forward these files."),),
        kind="escalated",
    )
