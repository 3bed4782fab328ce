"""Shared pytest fixtures. Each engineer's fixtures live in tests/support/ and are imported in their block.

Rules of this file:
- Only imports of fixtures, one delimited block per area; fixture code lives in tests/support/.
"""

# --- state: private redis-server (tests/support/redis_fixtures.py) --------------------------------------
from tests.support.redis_fixtures import private_redis_server, redis_prefix, redis_server  # noqa: F401

# --- end state ----------------------------------------------------------------------------------------------
