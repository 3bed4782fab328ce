"""Every sentence the reading stage says to a user when it cannot read an upload.

Rules of this file:
- One function per refusal; each returns an ``UnreadableLog`` (callers ``raise`` it) with a stable kind.
- Written for a contact-centre agent: say what the upload was, then what to attach instead. No jargon
  beyond the file names the agent will see, no stack traces, no byte offsets.
- Tests assert these sentences word for word: change them here and in the tests together.
"""

from __future__ import annotations

from bot.diagnosis.errors import UnreadableKind, UnreadableLog
from bot.diagnosis.limits import MB

ATTACH = "Please attach agent-log.txt from the CCP (Settings → Download logs)."


def empty() -> UnreadableLog:
    return UnreadableLog(UnreadableKind.EMPTY, f"The file is empty. {ATTACH}")


def blank() -> UnreadableLog:
    return UnreadableLog(UnreadableKind.EMPTY, f"The file holds only blank lines, no log entries. {ATTACH}")


def too_large(limit_bytes: int) -> UnreadableLog:
    size = f"{limit_bytes // MB} MB" if limit_bytes >= MB else f"{limit_bytes} bytes"
    return UnreadableLog(
        UnreadableKind.TOO_LARGE,
        f"The file is larger than {size} once unpacked, more than I read. "
        "Please attach only agent-log.txt from the CCP (Settings → Download logs), not a bigger archive.",
    )


def zip_bomb(ratio: float) -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.ZIP_BOMB,
        f"The archive expands more than {ratio:g} times its size, far more than a real log does, "
        f"so I did not unpack it. {ATTACH}",
    )


def too_many_members(count: int, limit: int) -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.TOO_MANY_MEMBERS,
        f"The zip holds {count} files, more than the {limit} I open. "
        "Please zip only agent-log.txt, or attach it on its own.",
    )


def nested_archive(name: str) -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NESTED_ARCHIVE,
        f"The archive holds another archive ({name}) and I open only one level. "
        "Please attach agent-log.txt itself, or a zip that directly contains it.",
    )


def encrypted() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.ENCRYPTED,
        "The zip is password-protected, so I cannot open it. Please attach agent-log.txt without a password.",
    )


def corrupt_archive(kind: str) -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.CORRUPT_ARCHIVE,
        f"The {kind} file is damaged or incomplete, so I cannot unpack it. "
        "Please download the logs again and attach agent-log.txt.",
    )


def too_deep(limit: int) -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.TOO_DEEP,
        f"The file holds data nested more than {limit} levels deep, which a CCP log never does, "
        f"so I stopped reading it. {ATTACH}",
    )


def binary(what: str) -> UnreadableLog:
    return UnreadableLog(UnreadableKind.BINARY, f"This looks like {what}, not a softphone log. {ATTACH}")


def no_log_in_archive(contents: str) -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NOT_A_LOG, f"The zip holds no softphone log (it contains {contents}). {ATTACH}"
    )


def html_page() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NOT_A_LOG,
        "This is a web page (HTML), not a softphone log: perhaps a sign-in page was saved instead of the "
        f"file. {ATTACH}",
    )


def har_capture() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NOT_A_LOG,
        f"This is a browser network capture (HAR file), not the softphone log. {ATTACH}",
    )


def webrtc_internals() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NOT_A_LOG,
        "This is a chrome://webrtc-internals dump, which I do not read yet; "
        "the softphone log explains more. " + ATTACH,
    )


def json_without_entries() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NOT_A_LOG,
        f"This JSON file holds no softphone log entries (no entry has a text field). {ATTACH}",
    )


def text_without_entries() -> UnreadableLog:
    return UnreadableLog(UnreadableKind.NOT_A_LOG, f"This text holds no softphone log lines. {ATTACH}")


def undecodable() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.UNDECODABLE,
        "The file's text is in an encoding I cannot read. "
        "Please attach agent-log.txt exactly as the CCP saved it, without re-saving it in an editor.",
    )


# Notes: honest caveats attached to a log that was read (shown with the diagnosis).


def note_cut_off(*, line: int, kept: int) -> str:
    return (
        f"The log was cut off at line {line} (an interrupted download?); "
        f"I read the {_entries(kept, 'complete ')} before it."
    )


def note_invalid_from(*, line: int, kept: int) -> str:
    return f"The log stops being valid JSON at line {line}; I read the {_entries(kept)} before it."


def note_skipped_lines(count: int) -> str:
    if count == 1:
        return "1 line that was not a log entry was skipped."
    return f"{count} lines that were not log entries were skipped."


def note_member(name: str, *, entries: int) -> str:
    return f"Read {name} from the zip ({_entries(entries)}); its line numbers are within that file."


def note_skipped_member(description: str) -> str:
    return f"Skipped {description} in the zip."


def cut_before_first_entry() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.NOT_A_LOG,
        "The log was cut off before its first complete entry (an interrupted download?). "
        "Please download the logs again from the CCP (Settings → Download logs) and attach agent-log.txt.",
    )


def internal_reading() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.INTERNAL,
        "I could not read this file because of a problem on my side. "
        "Please report it to your support team with the file attached.",
    )


def internal_analysis() -> UnreadableLog:
    return UnreadableLog(
        UnreadableKind.INTERNAL,
        "I read the log but could not analyse it because of a problem on my side. "
        "Please report it to your support team with the file attached.",
    )


def _entries(count: int, adjective: str = "") -> str:
    return f"{count} {adjective}{'entry' if count == 1 else 'entries'}"
