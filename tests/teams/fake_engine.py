"""A tiny stand-in for the conversation engine (handlers.api.Conversation), for adapter tests only.

It answers like the engine does in shape: an upload → a diagnosis reply with buttons; WALK → a step that
replaces the card; STEP_FIXED → "fixed"; ESCALATE → a reply carrying an Escalation of a stored diagnosis.
"""

from __future__ import annotations

from bot.conversation import (
    Action,
    ActionKind,
    Button,
    ButtonStyle,
    Escalation,
    EvidenceLine,
    Identity,
    Reply,
    Section,
    Turn,
)

DIAGNOSIS_ID = "d-7f3a"


def _buttons() -> tuple[Button, ...]:
    return (
        Button("Walk me through the fix", Action(ActionKind.WALK, DIAGNOSIS_ID), ButtonStyle.PRIMARY),
        Button("Escalate to support", Action(ActionKind.ESCALATE, DIAGNOSIS_ID)),
    )


class FakeConversation:
    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.homes: list[Identity] = []

    async def home(self, who: Identity) -> Reply:
        self.homes.append(who)
        return Reply(
            kind="home",
            text="Icebreaker explains why a softphone call had no audio.",
            sections=(Section(title="Get agent-log.txt", text="CCP → Settings → Download logs."),),
        )

    async def handle(self, turn: Turn) -> list[Reply]:
        self.turns.append(turn)
        if turn.action is None:
            return [self._diagnosis(turn)]
        kind = turn.action.kind
        if kind is ActionKind.WALK:
            return [
                Reply(
                    kind="step",
                    text="Step 1: allow UDP 3478 to the TURN servers",
                    replace_original=True,
                    extras={"progress": "1/2"},
                    buttons=(Button("Done — audio works now", Action(ActionKind.STEP_FIXED, "s1", 0)),),
                )
            ]
        if kind is ActionKind.STEP_FIXED:
            return [Reply(kind="fixed", text="Great — audio works again.", replace_original=True)]
        if kind is ActionKind.ESCALATE:
            package = Reply(kind="escalation", text="Escalation: ICE collection timed out for Ana Agent")
            return [
                Reply(
                    kind="escalated",
                    text="I've sent this to the support team.",
                    replace_original=True,
                    escalation=Escalation(reply=package, files=(), diagnosis_id=DIAGNOSIS_ID),
                )
            ]
        return [Reply(kind="error", text="unexpected")]

    def _diagnosis(self, turn: Turn) -> Reply:
        size = sum(len(a.data) for a in turn.attachments)
        evidence = (EvidenceLine(12, "10:00:08Z", "ICE collection timed out **[x](y)** <at>all</at>"),)
        return Reply(
            kind="diagnosis",
            text=f"Media UDP blocked ({size} bytes read)",
            sections=(Section(title="Evidence", text="", evidence=evidence),),
            buttons=_buttons(),
        )
