"""Knowledge data files (causes, steps, questions) read by ``bot.catalog_load``; no code lives here."""

from pathlib import Path

DIRECTORY = Path(__file__).parent
