"""Lua scripts the Redis store runs server-side, and the key layout they operate on.

Rules of this file:
- Scripts touch only the keys passed in KEYS, run atomically, and never read a clock.
- Every key lives under the store's prefix, one kind tag per key family, so the layout is unambiguous
  (namespaces contain no ':'; the last segment may contain anything).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.state.codec import check_namespace

# KEYS[1] document key. ARGV: expected version ('' = no document may exist), new envelope, ttl seconds,
# schema version. A document with an unknown schema or unreadable JSON counts as absent, exactly as
# get_doc reports it, so compare-and-set and get_doc agree (one corner: cjson cannot tell an empty JSON
# array from an empty object, so a corrupt ``"doc": []`` counts as an empty document here).
COMPARE_AND_SET = """
local function is_object(value)
  if type(value) ~= 'table' then return false end
  for k in pairs(value) do
    if type(k) ~= 'string' then return false end
  end
  return true
end
local raw = redis.call('GET', KEYS[1])
local current = nil
if raw then
  local ok, envelope = pcall(cjson.decode, raw)
  if ok and is_object(envelope) and envelope.v == tonumber(ARGV[4]) and is_object(envelope.doc) then
    current = envelope.doc
  end
end
if ARGV[1] == '' then
  if current ~= nil then return 0 end
elseif current == nil or current.version ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
"""

# KEYS[1] contact index (sorted set). ARGV: diagnosis id, ttl seconds, max entries. The score is one more
# than the newest entry's, so order is insertion order without any clock; re-indexing an id keeps its
# place. The index keeps the longer of its current TTL and the new one.
INDEX_CONTACT = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  local score = 1
  if newest[2] then score = tonumber(newest[2]) + 1 end
  redis.call('ZADD', KEYS[1], score, ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
end
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 1
"""


@dataclass(frozen=True, slots=True)
class RedisKeys:
    """The key of every family, under one deployment prefix."""

    prefix: str

    def doc(self, namespace: str, key: str) -> str:
        return f"{self.prefix}doc:{check_namespace(namespace)}:{key}"

    def diagnosis(self, diagnosis_id: str) -> str:
        return f"{self.prefix}diagnosis:{diagnosis_id}"

    def log(self, diagnosis_id: str) -> str:
        return f"{self.prefix}log:{diagnosis_id}"

    def contact(self, contact_id: str) -> str:
        return f"{self.prefix}contact:{contact_id.lower()}"

    def seen(self, namespace: str, event_id: str) -> str:
        return f"{self.prefix}seen:{check_namespace(namespace)}:{event_id}"

    def list(self, namespace: str, key: str) -> str:
        return f"{self.prefix}list:{check_namespace(namespace)}:{key}"
