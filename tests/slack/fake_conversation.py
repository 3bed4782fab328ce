"""A tiny stand-in for the conversation engine, at the ``handlers.api.Conversation`` boundary.

It answers like the engine does in shape (diagnosis with buttons, steps replacing the clicked message, fixed,
escalation with a package, help, contact lookup) so the adapter can be tested before and apart from the
engine. The real engine runs the same scenarios in ``test_real_engine.py``.
"""

from __future__ import annotations

from bot.conversation import (
    Action,
    ActionKind,
    Button,
    Escalation,
    EvidenceLine,
    FileOut,
    Identity,
    Reply,
    Section,
    Turn,
)


class FakeConversation:
    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self._seen: set[str] = set()

    async def handle(self, turn: Turn) -> list[Reply]:
        if turn.event_id:
            if turn.event_id in self._seen:
                return []
            self._seen.add(turn.event_id)
        self.turns.append(turn)
        session = "s1"
        if turn.attachments:
            first_line = turn.attachments[0].data.decode("utf-8", "replace").splitlines()[0]
            evidence = (EvidenceLine(line=1, time=None, text=first_line),)
            return [
                Reply(
                    text="No audio: UDP to the TURN relay is blocked",
                    sections=(Section(title="Evidence", text="From your log:", evidence=evidence),),
                    buttons=(
                        Button("Walk me through the fix", Action(ActionKind.WALK, session, 0)),
                        Button("Escalate to support", Action(ActionKind.ESCALATE, session)),
                    ),
                    kind="diagnosis",
                )
            ]
        if turn.action is not None:
            return [self._on_action(turn.action)]
        if turn.text.strip().lower() == "help":
            return [Reply(text="Send me agent-log.txt", kind="help")]
        return [Reply(text=f"Contact {turn.text} lookup", kind="lookup")]

    def _on_action(self, action: Action) -> Reply:
        if action.kind is ActionKind.WALK:
            return Reply(
                text="Step 1: allow UDP 3478",
                buttons=(
                    Button("Done — audio works now", Action(ActionKind.STEP_FIXED, action.session_id, 1)),
                ),
                replace_original=True,
                kind="step",
            )
        if action.kind is ActionKind.STEP_FIXED:
            return Reply(text="Great, audio works again", replace_original=True, kind="fixed")
        package = Reply(text="Escalation: no audio for agent U1", kind="escalation")
        log = FileOut(filename="agent-log.redacted.txt", data=b"redacted log")
        return Reply(
            text="Escalated to support", kind="escalated", escalation=Escalation(reply=package, files=(log,))
        )

    async def home(self, who: Identity) -> Reply:
        return Reply(text=f"Icebreaker for {who.user_id}", kind="home")
