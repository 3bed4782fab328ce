"""Microsoft Teams surface (Bot Framework SDK). Every botbuilder/botframework import lives in this package."""

from bot.channels.teams.app import TEAMS_KEY, TeamsRuntime, setup_teams
from bot.channels.teams.config import TeamsConfig

__all__ = ["TEAMS_KEY", "TeamsConfig", "TeamsRuntime", "setup_teams"]
