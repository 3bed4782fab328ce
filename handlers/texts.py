"""Every sentence the conversation engine says, in one place.

Rules of this file:
- All user-facing wording lives here: constants for fixed text, small functions where a value is filled in.
- Plain text only (no Slack/Teams markup); renderers escape and format per surface.
- Facts stated here (where the CCP log download is, the 30–60 minute window, ports) come from the public
  Amazon Connect docs summarised in the shared reference; knowledge files carry the cause-specific wording.
"""

from __future__ import annotations

# --- button labels ------------------------------------------------------------------------------------
WALK = "Walk me through the fix"
SHOW_EVIDENCE = "Show all evidence"
ESCALATE = "Escalate to support"
STEP_FIXED = "Done — audio works now"
STEP_STILL = "Done — still no audio"
STEP_SKIP = "Skip"
STEP_NEEDS_IT = "This needs IT"
STEP_ESCALATE = "Escalate"
ASK_AGENT = "Ask the agent for the log"
HELP = "Help"


def next_cause_label(title: str) -> str:
    return f"Try next: {title}"[:75]


# --- how to get the log ------------------------------------------------------------------------------
DOWNLOAD_LOG = (
    "How the agent downloads the log: in the Contact Control Panel (CCP) open Settings (the gear icon) and "
    "choose Download logs. It saves agent-log.txt. The CCP keeps only the last 30–60 minutes, so download it "
    "within 30–60 minutes of the call, then attach the file here."
)
ATTACH_INSTEAD = "Please attach agent-log.txt from the CCP (Settings → Download logs) instead."

# --- help --------------------------------------------------------------------------------------------
HELP_TITLE = "Icebreaker explains why an Amazon Connect softphone call had no audio."
HELP_WHAT = (
    "Send me the agent's agent-log.txt (attach it, or paste the log lines) and I will tell you what went "
    "wrong, show the log lines that prove it, and walk you through the documented fix one step at a time. "
    "Send a contact id to see what is known about that call. From any diagnosis you can escalate to support "
    "with a package that already has everything AWS support asks for."
)
HELP_CAN_DIAGNOSE = "What I can diagnose:"
HELP_HINT = (
    "I can help when a softphone call had no audio: attach the agent's agent-log.txt, paste the log lines, "
    'or send the call\'s contact id. Say "help" for more.'
)
HOME_RECENT = "Your recent diagnoses"
HOME_NO_RECENT = "No diagnoses yet: attach an agent-log.txt to start."
HOME_RECENT_UNAVAILABLE = "Your recent diagnoses are unavailable right now (history store unreachable)."

# --- diagnosis reply ---------------------------------------------------------------------------------
NO_FAULT = "No fault found: the calls in this log connected or ended normally."
INCONCLUSIVE = "I could not tell what went wrong from this log."
CAUSES_TITLE = "Most likely causes"
CONTACTS_TITLE = "Affected calls"
NOTES_TITLE = "Notes"
NO_CONTACTS = "No contact id appears in this log."
HISTORY_DOWN_NOTE = (
    "History is unavailable right now, so the buttons are disabled for this diagnosis; "
    "send the log again in a moment to use them."
)


def confidence_words(confidence: float) -> str:
    pct = round(confidence * 100)
    if confidence >= 0.8:
        word = "very likely"
    elif confidence >= 0.6:
        word = "likely"
    elif confidence >= 0.35:
        word = "possible"
    else:
        word = "less likely"
    return f"{word} ({pct}%)"


def contact_line(*, contact_id: str, verdict: str, first: str | None, last: str | None) -> str:
    span = f"{first or '?'} to {last or '?'} (UTC)" if first or last else "time unknown"
    return f"{contact_id} — {verdict.replace('_', ' ')}, {span}"


def evidence_title(cause_title: str) -> str:
    return f"Evidence: {cause_title}"


EVIDENCE_HEADLINE = "All evidence from the log"
TIMELINE_TITLE = "Timeline of contact"


# --- walkthrough -------------------------------------------------------------------------------------
def step_headline(*, number: int, total: int, title: str) -> str:
    return f"Step {number} of {total}: {title}"


def question_headline(text: str) -> str:
    return f"Question: {text}"


def switched_cause(*, old: str, new: str) -> str:
    return f"That changes the picture: “{new}” is now more likely than “{old}”, so let's work on it instead."


def still_top(title: str) -> str:
    return f"Thanks. Still working on: {title}."


def cause_end(title: str) -> str:
    return f"That was the last step for “{title}”."


def offer_next(title: str, confidence: str) -> str:
    return f"Next most likely cause: {title} — {confidence}. Try it, or escalate to support."


NOTHING_LEFT = "No other cause fits this log. Escalate to support with the package I prepare."


def fixed(step_title: str) -> str:
    return (
        f"Great — audio works again. Fixed by: {step_title}. I have recorded it and closed this walkthrough."
    )


PERFORMER_NOTE = {
    "agent": "Who does this: the agent.",
    "it": "Who does this: IT / network team. Use “This needs IT” to get a message you can forward.",
    "support": "Who does this: contact-centre support.",
}
NEEDS_IT_FOLLOWUP = (
    "I wrote a message for IT above. When IT has made the change, tell me how it went with the buttons here."
)
ALREADY_DONE = "That was already done — the latest step is further down."
NOT_YOUR_THREAD = (
    "This walkthrough belongs to another conversation; start one from the diagnosis in your thread."
)
SESSION_CLOSED = "This walkthrough is closed already."
SESSION_GONE = "I no longer have this walkthrough (it expired). Send the log again to start over."
DIAGNOSIS_GONE = "I no longer have this diagnosis (it expired after 14 days). Send the log again."
NO_CAUSE_TO_WALK = "There is no fault to fix in this log, so there is nothing to walk through."


# --- IT handoff --------------------------------------------------------------------------------------
def it_headline(*, cause_title: str, region: str | None) -> str:
    return f"For IT / network team: {cause_title} (Amazon Connect region {region or 'unknown'})"


IT_ALLOW_TITLE = "Allow outbound from the agents' machines"
IT_WHAT_TITLE = "What is wrong"
IT_WHERE_TITLE = "Affected calls"
IT_EVIDENCE_TITLE = "Evidence from the agent's log"
IT_STEP_TITLE = "Requested change"
IT_REGION_UNKNOWN = "The log did not say which region; replace <region> with your instance's region."


# --- lookup ------------------------------------------------------------------------------------------
def lookup_found(contact_id: str, count: int) -> str:
    logs = "log" if count == 1 else "logs"
    return f"Contact {contact_id} was found in {count} uploaded {logs}; the latest diagnosis follows."


def lookup_unknown(contact_id: str) -> str:
    return f"I don't know contact {contact_id}: no uploaded log contains it."


def uploaded_by(*, reporter: str, created_at: str, filename: str) -> str:
    return f"From {filename}, uploaded by {reporter} at {created_at}."


LOOKUP_DENIED = (
    "Contact-id lookups are limited to the support team's channels and members. Ask them, or attach the "
    "agent's log yourself."
)


def ask_agent(contact_id: str) -> str:
    return (
        f"Hi! To find out why call {contact_id} had no audio, please download your softphone log: in the CCP "
        "open Settings (gear icon) → Download logs, and attach the agent-log.txt file here. It must be done "
        "within 30–60 minutes of the call, before the log rolls over."
    )


# --- escalation --------------------------------------------------------------------------------------
ESCALATE_DENIED = "Escalation is limited to the support team's channels and members. Ask them to escalate."


def escalated(destination_known: bool) -> str:
    if destination_known:
        return "Escalated to support: I posted the package (summary, evidence, steps tried, redacted log)."
    return (
        "No escalation destination is configured, so here is the support package to send yourself: "
        "a summary, the evidence, the steps tried and the log with personal data redacted."
    )


ALREADY_ESCALATED = "This was escalated already; see the support thread."
ESCALATION_HEADLINE = "Support escalation: softphone call with no audio"
INSTANCE_ARN_PLACEHOLDER = "unknown from the log — add it (arn:aws:connect:<region>:<account>:instance/<id>)"
NOT_GIVEN = "not given in the walkthrough — ask the agent"
LOG_MISSING = "The redacted log is no longer stored; attach agent-log.txt again."

# --- errors ------------------------------------------------------------------------------------------
HISTORY_UNAVAILABLE = "History is unavailable right now, please retry in a moment."
BUSY = "I'm diagnosing many logs right now — please send it again in a minute."


def unexpected(correlation_id: str) -> str:
    return (
        "Something went wrong on my side. Please retry; if it keeps happening, "
        f"quote reference {correlation_id}."
    )


def unreadable(message: str) -> str:
    return message if "agent-log.txt" in message else f"{message} {ATTACH_INSTEAD}"
