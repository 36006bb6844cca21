//! The settings of the Redis-backed state (feature `redis`): [`RedisOptions`] (key prefix,
//! time limits, the per-second window) and [`ConsumerOptions`] (how an event consumer
//! reads), each with a builder. What they are checked against lives here too, so that every
//! way of connecting refuses the same bad settings.
//!
//! Redis 共享状态的设置：`RedisOptions`（键前缀、超时、每秒窗口）与 `ConsumerOptions`（消费者如何读取），均提供构建器。

use std::time::Duration;

use crate::Error;

/// How jing-api uses Redis: the first part of every key, the time limits of connecting and
/// of one command, and the window of the per-second budgets. `Default` is right for most;
/// [`RedisOptions::builder`] changes what differs.
///
/// ```
/// use std::time::Duration;
/// use jing_api::store::RedisOptions;
///
/// let options = RedisOptions::builder()
///     .prefix("shop")
///     .response_timeout(Duration::from_millis(500))
///     .build();
/// assert_eq!(options.prefix, "shop");
/// assert_eq!(options.connection_timeout, RedisOptions::default().connection_timeout);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RedisOptions {
    /// The first part of every key (`jing` by default). It may not hold `{` or `}`: the
    /// store puts each app id's keys in one hash slot with braces of its own.
    pub prefix: String,
    /// The time limit of connecting (2 s by default).
    pub connection_timeout: Duration,
    /// The time limit of one command (2 s by default).
    pub response_timeout: Duration,
    /// The window the per-second budget is counted in: one second plus a margin (100 ms by
    /// default), so that calls admitted a second apart but delayed unequally on their way
    /// cannot land in one of the server's seconds together. At least one second.
    pub second_window: Duration,
}

impl Default for RedisOptions {
    fn default() -> Self {
        RedisOptions {
            prefix: "jing".to_owned(),
            connection_timeout: Duration::from_secs(2),
            response_timeout: Duration::from_secs(2),
            second_window: Duration::from_millis(1100),
        }
    }
}

impl RedisOptions {
    /// A builder starting from the defaults.
    pub fn builder() -> RedisOptionsBuilder {
        RedisOptionsBuilder {
            options: RedisOptions::default(),
        }
    }

    /// Refuses settings that would break a guarantee: a prefix with braces (it would move
    /// an app's keys out of their shared hash slot), a window shorter than a second, a zero
    /// time limit (every command would fail).
    pub(crate) fn check(&self) -> Result<(), Error> {
        let refused = |why: &str| Err(Error::config(format!("RedisOptions: {why}")));
        if self.prefix.contains(['{', '}']) {
            return refused(
                "the key prefix may not contain `{` or `}` (the store adds its own hash tags)",
            );
        }
        if self.second_window < Duration::from_secs(1) {
            return refused("second_window must be at least one second");
        }
        if self.connection_timeout.is_zero() || self.response_timeout.is_zero() {
            return refused("the time limits must be longer than zero");
        }
        Ok(())
    }
}

/// Builds [`RedisOptions`]; every setting not given keeps its default.
#[derive(Debug, Clone)]
#[must_use]
pub struct RedisOptionsBuilder {
    options: RedisOptions,
}

impl RedisOptionsBuilder {
    /// The first part of every key (`jing`), e.g. one per environment sharing a server.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.options.prefix = prefix.into();
        self
    }

    /// The time limit of connecting (2 s).
    pub fn connection_timeout(mut self, timeout: Duration) -> Self {
        self.options.connection_timeout = timeout;
        self
    }

    /// The time limit of one command (2 s).
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.options.response_timeout = timeout;
        self
    }

    /// The window of the per-second budgets (1.1 s; at least one second).
    pub fn second_window(mut self, window: Duration) -> Self {
        self.options.second_window = window;
        self
    }

    /// The options. They are checked when a connection is made with them.
    pub fn build(self) -> RedisOptions {
        self.options
    }
}

/// How an [`EventConsumer`](crate::store::EventConsumer) reads. `Default` suits a worker
/// that handles events in seconds; [`ConsumerOptions::builder`] changes what differs.
///
/// ```no_run
/// # async fn example() -> Result<(), jing_api::Error> {
/// use std::time::Duration;
/// use jing_api::store::ConsumerOptions;
/// use jing_api::webhook::EventStream;
///
/// // A worker whose events take minutes: others take its deliveries over only after 10
/// // idle minutes, and an event that failed three times goes to the dead letters.
/// let options = ConsumerOptions::builder()
///     .claim_idle(Duration::from_secs(600))
///     .max_deliveries(3)
///     .build();
/// let stream = EventStream::connect("redis://127.0.0.1:6379/", "jing:events").await?;
/// let mut worker = stream.consumer("handlers", "worker-1", options).await?;
/// while let Some(delivery) = worker.next().await? {
///     println!("{}", delivery.event.variant_name());
///     delivery.ack().await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConsumerOptions {
    /// How long [`EventConsumer::next`](crate::store::EventConsumer::next) waits for a new
    /// event before answering `None` (5 s; more than zero).
    pub block: Duration,
    /// A delivery unacknowledged this long is taken over by another consumer (60 s; more
    /// than zero, and longer than handling one event takes).
    pub claim_idle: Duration,
    /// A delivery handed out more often than this goes to the dead-letter stream (5; at
    /// least 1).
    pub max_deliveries: u64,
}

impl Default for ConsumerOptions {
    fn default() -> Self {
        ConsumerOptions {
            block: Duration::from_secs(5),
            claim_idle: Duration::from_secs(60),
            max_deliveries: 5,
        }
    }
}

impl ConsumerOptions {
    /// A builder starting from the defaults.
    pub fn builder() -> ConsumerOptionsBuilder {
        ConsumerOptionsBuilder {
            options: ConsumerOptions::default(),
        }
    }

    /// Refuses what Redis would read otherwise: a block of zero waits forever, a claim
    /// time of zero takes over deliveries being handled, no delivery at all buries all.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let refused = |why: &str| Err(Error::config(format!("ConsumerOptions: {why}")));
        if self.block < Duration::from_millis(1) {
            return refused("block must be at least a millisecond (Redis reads zero as forever)");
        }
        if self.claim_idle < Duration::from_millis(1) {
            return refused("claim_idle must be at least a millisecond");
        }
        if self.max_deliveries == 0 {
            return refused("max_deliveries must be at least 1");
        }
        Ok(())
    }
}

/// Builds [`ConsumerOptions`]; every setting not given keeps its default.
#[derive(Debug, Clone)]
#[must_use]
pub struct ConsumerOptionsBuilder {
    options: ConsumerOptions,
}

impl ConsumerOptionsBuilder {
    /// How long one read waits for a new event (5 s).
    pub fn block(mut self, block: Duration) -> Self {
        self.options.block = block;
        self
    }

    /// How long a delivery may stay unacknowledged before another consumer takes it (60 s).
    pub fn claim_idle(mut self, idle: Duration) -> Self {
        self.options.claim_idle = idle;
        self
    }

    /// How often one event may be handed out before it goes to the dead letters (5).
    pub fn max_deliveries(mut self, deliveries: u64) -> Self {
        self.options.max_deliveries = deliveries;
        self
    }

    /// The options. They are checked when a consumer is made with them.
    pub fn build(self) -> ConsumerOptions {
        self.options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_that_break_a_guarantee_are_refused() {
        assert!(RedisOptions::default().check().is_ok());
        let bad = [
            RedisOptions::builder().prefix("a{b}").build(),
            RedisOptions::builder().prefix("a}").build(),
            RedisOptions::builder()
                .second_window(Duration::from_millis(999))
                .build(),
            RedisOptions::builder()
                .response_timeout(Duration::ZERO)
                .build(),
        ];
        for options in bad {
            assert!(
                matches!(options.check(), Err(Error::Config { .. })),
                "{options:?}"
            );
        }
        assert!(ConsumerOptions::default().check().is_ok());
        let bad = [
            ConsumerOptions::builder().block(Duration::ZERO).build(),
            ConsumerOptions::builder()
                .claim_idle(Duration::ZERO)
                .build(),
            ConsumerOptions::builder().max_deliveries(0).build(),
        ];
        for options in bad {
            assert!(
                matches!(options.check(), Err(Error::Config { .. })),
                "{options:?}"
            );
        }
    }
}
