"""What the console itself says (everything else comes from the conversation engine's replies)."""

from __future__ import annotations

TITLE = "Icebreaker — why did this softphone call have no audio?"
INTRO = (
    "Drop the agent's agent-log.txt here (CCP → Settings → Download logs), or paste log lines below. "
    "Icebreaker reads it in this server, shows the verdict, the likely causes with the log lines that "
    "prove them, and walks you through the documented fix."
)
DROP_HINT = "Drop agent-log.txt here, or choose a file"
PASTE_LABEL = "…or paste log lines"
MESSAGE_LABEL = "…or ask: a contact id, or “help”"
SUBMIT = "Diagnose"
EMPTY_FORM = "Attach a log file, paste log lines, or type a message first."
BAD_ACTION = "That button is no longer valid. Please upload the log again."
STORE_DOWN = "The console's storage is not answering right now; please retry in a moment."


def too_large(max_bytes: int) -> str:
    return (
        f"That upload is over the {max_bytes // (1024 * 1024)} MB limit. Please attach only agent-log.txt "
        "(zip it if it is large), or paste the lines around the failed call."
    )
