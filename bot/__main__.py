"""``python -m bot``: the same as the ``icebreaker`` console script.

Rules of this file: keep the ``__main__`` guard — diagnosis workers (forkserver) import the main module
by name, and must not start a second server when they do.
"""

from bot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
