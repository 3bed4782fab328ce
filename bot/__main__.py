"""``python -m bot``: the same as the ``icebreaker`` console script."""

from bot.cli import main

raise SystemExit(main())
