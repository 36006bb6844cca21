//! The upkeep of an event stream (feature `redis`): its key, with the hash tag that keeps
//! its keys in one cluster slot; the append script, which also trims
//! the stream without dropping an entry a consumer group has not acknowledged; the claim
//! keep-alive of a delivery still being handled; and the consumer group, created again
//! when Redis lost it (flushed, or restarted without persistence).
//!
//! 事件流的维护：追加时裁剪（不丢弃未确认的条目）、长时间处理时保持认领、消费组丢失后重建。

use std::sync::LazyLock;

use redis::Script;

use super::connection::Link;

/// The length a stream is trimmed to by default: 100 000 entries (see
/// [`EventStream::max_len`](super::EventStream::max_len)).
pub const DEFAULT_STREAM_MAX_LEN: u64 = 100_000;

/// Adds the body unless the same body was added within the window, then trims the stream
/// to `ARGV[3]` entries (0: never), dropping only entries every consumer group has
/// acknowledged: the cut is never past a group's oldest pending entry nor past the last
/// entry it was handed (what comes after is unread). A stream no group reads yet is not
/// trimmed. At most 1000 entries go per append, so one append stays short.
pub(super) static APPEND: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local seen = KEYS[2] .. redis.sha1hex(ARGV[1])
if not redis.call('SET', seen, '1', 'NX', 'PX', ARGV[2]) then
  return false
end
local id = redis.call('XADD', KEYS[1], '*', 'body', ARGV[1])
local max = tonumber(ARGV[3])
if max == 0 then
  return id
end
local length = redis.call('XLEN', KEYS[1])
if length <= max then
  return id
end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
if #groups == 0 then
  return id
end
local function older(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', math.min(length - max, 1000) + 1)
local cut = first[#first][1]
for _, group in ipairs(groups) do
  local fields = {}
  for i = 1, #group, 2 do
    fields[group[i]] = group[i + 1]
  end
  local keep = fields['last-delivered-id']
  local pending = redis.call('XPENDING', KEYS[1], fields['name'])
  if pending[1] > 0 then
    keep = pending[2]
  end
  if older(keep, cut) then
    cut = keep
  end
end
redis.call('XTRIM', KEYS[1], 'MINID', cut)
return id",
    )
});

/// Keeps a delivery claimed by the consumer that holds it: resets its idle time
/// (`XCLAIM … JUSTID`, which does not count a delivery), only if that consumer still holds
/// it. 1 when kept, 0 when another consumer took it over (or it was acknowledged).
pub(super) static KEEP: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local entry = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if #entry == 0 or entry[1][2] ~= ARGV[2] then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1",
    )
});

/// Creates consumer group `group` of `stream` reading from its start (and the stream, if
/// missing); `Ok(true)` when created, `Ok(false)` when it existed.
pub(super) async fn create_group(
    connection: &mut Link,
    stream: &str,
    group: &str,
) -> redis::RedisResult<bool> {
    let created: redis::RedisResult<()> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(stream)
        .arg(group)
        .arg("0")
        .arg("MKSTREAM")
        .query_async(connection)
        .await;
    match created {
        Ok(()) => Ok(true),
        Err(error) if error.code() == Some("BUSYGROUP") => Ok(false),
        Err(error) => Err(error),
    }
}

/// Whether `error` says the consumer group (or the stream) is gone.
pub(super) fn group_lost(error: &redis::RedisError) -> bool {
    error.code() == Some("NOGROUP")
}

/// What a consumer did on its own that its user may want to log (see
/// [`EventConsumer::take_notes`](super::EventConsumer::take_notes)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsumerNote {
    /// The group was gone (Redis flushed, or restarted without persistence) and was
    /// created again, reading from the stream's start.
    GroupCreatedAgain,
    /// An event was moved to the dead-letter stream: handed out more than
    /// `max_deliveries` times, or not a JSON body.
    DeadLettered {
        /// Its stream id.
        id: String,
        /// How many times it was handed out.
        deliveries: u64,
    },
}

/// The key of the stream named `name`: the name, in braces unless it holds a hash tag
/// already (a `{` followed, later, by a `}` with something between them, as Redis reads it).
pub(super) fn stream_key(name: &str) -> String {
    let tagged = name
        .find('{')
        .and_then(|open| name[open + 1..].find('}'))
        .is_some_and(|length| length > 0);
    if tagged {
        name.to_owned()
    } else {
        format!("{{{name}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::stream_key;

    #[test]
    fn a_stream_key_has_one_hash_tag_and_keeps_one_given() {
        let cases = [
            ("jing:events", "{jing:events}"),
            ("orders:{events}", "orders:{events}"),
            // An empty tag is no tag to Redis (the whole key is hashed): wrapped.
            ("a{}b", "{a{}b}"),
            ("a}b{", "{a}b{}"),
        ];
        for (name, key) in cases {
            assert_eq!(stream_key(name), key, "{name}");
        }
    }
}
