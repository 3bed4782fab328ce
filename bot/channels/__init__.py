"""Chat surfaces: translate platform payloads to and from the neutral Turn/Reply.

Only the wiring imports them.
"""
