//! Receiving webhooks with axum (feature `axum`), for the events of any spec.
//!
//! 用 axum 接收 webhook：解析报文、尽快应答 200，并把事件交给你的代码。
//!
//! Three ways in:
//!
//! - [`WebhookReceiver::router`] builds a route that checks the sender (if you plug a check
//!   in), parses the body, queues the event on a channel and answers `200` at once;
//!   your code reads the channel at its own pace.
//! - [`WebhookReceiver::router_with_handler`] builds the same route, but answers only once
//!   your async handler has returned `Ok` for the event.
//! - Each spec's `Event` is an axum extractor, for a handler of your own (the generated
//!   code implements [`FromRequest`] for it through [`extract`]).
//!
//! [`WebhookReceiver<E>`] takes the spec's event type as `E` ([`WebhookEvent`]); each
//! generated `webhook::axum` module names it for its own `Event`, so that
//! `jing_api::webhook::axum::WebhookReceiver::new()` receives `jing_api::webhook::Event`s
//! with no type written.
//!
//! ```no_run
//! use axum::http::HeaderName;
//! use jing_api::webhook::axum::{SharedSecretHeader, WebhookReceiver};
//!
//! # async fn run() -> std::io::Result<()> {
//! let (router, mut events) = WebhookReceiver::new()
//!     .check(SharedSecretHeader::new(
//!         HeaderName::from_static("x-hook-secret"),
//!         "a secret you configured",
//!     ))
//!     .router("/jing/webhook");
//! tokio::spawn(async move {
//!     while let Some(event) = events.recv().await {
//!         println!("{} about {:?}", event.variant_name(), event.record());
//!     }
//! });
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, router).await
//! # }
//! ```
//!
//! # No sender verification is documented
//!
//! The vendor's docs describe no signature, token or nonce on webhook requests, and no
//! sender IP list. Anyone who knows the URL can post to it. A [`SenderCheck`] of your own
//! narrows that: a secret header added by a proxy or a secret in the URL, or an
//! [`IpAllowList`] of addresses you have observed. A request that fails the check gets
//! `403` and is not queued.
//!
//! # Answers
//!
//! | case | status | `reason` |
//! |---|---|---|
//! | queued (or handled) | `200` | |
//! | the check refused it | `403` | `forbidden` |
//! | not JSON | `400` | `not_json` |
//! | the body could not be read (the connection broke) | its status, e.g. `400` | `unreadable` |
//! | the body is over the cap ([`WebhookReceiver::max_body_bytes`], 1 MiB by default) | `413` | `too_large` |
//! | the body did not arrive within [`WebhookReceiver::read_timeout`] (10 s by default) | `408` | `read_timeout` |
//! | the queue is full, or the event receiver was dropped | `503` | `queue_full`, `receiver_closed` |
//! | (handler mode) too many at once, the handler failed, or was too slow | `503`, `500`, `504` | `busy`, `handler_failed`, `handler_timeout` |
//! | (handler mode) the handler could not store the event on Redis (an [`EventStream`](crate::store) append failed with a Redis [`Error::Store`](crate::Error), after one more try on a broken connection) | `503` | `store_unavailable` |
//!
//! Every answer but `200` carries a short JSON body,
//! `{"status": 400, "reason": "not_json", "message": "the body is not JSON"}`, and is logged
//! (target `jing_api.webhook`, with the body's length, never its content); a hook of yours
//! ([`WebhookReceiver::on_rejected`]) sees each one as a [`Rejected`].
//!
//! An event is acknowledged (`200`) only once it is queued: with a full queue the sender
//! gets `503` at once and nothing is dropped silently. What the platform does with a
//! non-200 answer (retry or not) is not documented.
//!
//! # Queue or handler: when is an event safe?
//!
//! The queue answers fast, but an event it acknowledged lives only in memory until your
//! code takes it: a crash or a restart then loses events the sender believes delivered.
//! With a handler ([`WebhookReceiver::router_with_handler`]) the sender gets `200` only
//! after your handler returned `Ok` (having stored or processed the event); an `Err` or a
//! panic answers `500`, a handler slower than [`WebhookReceiver::handler_timeout`] (30 s by
//! default) is stopped and answers `504`, and more than [`WebhookReceiver::capacity`]
//! events at once answer `503`, so a sender that retries sends the event again. Nothing
//! acknowledged is lost, but an event may arrive twice (a retry after an `Ok` whose answer
//! was lost, or after a timeout): make the handler idempotent, for instance by the event's
//! record and time. Choose the queue for speed when losing events in a crash is
//! acceptable, the handler when it is not.

use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::sync::{Semaphore, mpsc};

use super::WebhookEvent;

mod check;
mod extract;
mod rejected;
/// axum's extractor trait and request, which the generated `Event` implements and takes:
/// named here so that a generated crate needs no axum dependency of its own.
#[doc(no_inline)]
pub use axum::extract::{FromRequest, Request};
pub use check::{IpAllowList, SenderCheck, SharedSecretHeader};
pub use extract::{WebhookRejection, extract};
pub use rejected::{RejectReason, Rejected};

/// The hook of [`WebhookReceiver::on_rejected`].
type RejectedHook = Arc<dyn Fn(&Rejected) + Send + Sync>;

/// Builds the webhook route for the events `E` of one spec (`jing_api::webhook::Event`
/// through the generated `jing_api::webhook::axum::WebhookReceiver`).
///
/// 构建接收 webhook 的路由。
pub struct WebhookReceiver<E> {
    check: Option<Arc<dyn SenderCheck>>,
    on_rejected: Option<RejectedHook>,
    capacity: usize,
    max_body_bytes: usize,
    read_timeout: Duration,
    handler_timeout: Duration,
    /// The events it decodes; `fn() -> E` keeps the builder `Send` and `Sync` whatever `E`.
    events: PhantomData<fn() -> E>,
}

impl<E: WebhookEvent> Default for WebhookReceiver<E> {
    fn default() -> Self {
        WebhookReceiver::new()
    }
}

impl<E> std::fmt::Debug for WebhookReceiver<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookReceiver")
            .field("check", &self.check.is_some())
            .field("on_rejected", &self.on_rejected.is_some())
            .field("capacity", &self.capacity)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("read_timeout", &self.read_timeout)
            .field("handler_timeout", &self.handler_timeout)
            .finish()
    }
}

impl<E: WebhookEvent> WebhookReceiver<E> {
    /// No sender check, room for 1024 queued events, bodies up to 1 MiB read within 10 s.
    pub fn new() -> Self {
        WebhookReceiver {
            check: None,
            on_rejected: None,
            capacity: 1024,
            max_body_bytes: 1024 * 1024,
            read_timeout: Duration::from_secs(10),
            handler_timeout: Duration::from_secs(30),
            events: PhantomData,
        }
    }

    /// The largest body accepted; a larger one gets `413` and is not read whole.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// How long a sender may take to deliver the body; a slower one gets `408`.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Refuses (403) requests that `check` does not accept.
    pub fn check(mut self, check: impl SenderCheck) -> Self {
        self.check = Some(Arc::new(check));
        self
    }

    /// Calls `hook` for every request that is not acknowledged (after the `warn` or
    /// `error` event it also gets in the `jing_api.webhook` log): its status, reason and
    /// body length, never the body. Keep it quick; it runs before the answer is sent.
    pub fn on_rejected(mut self, hook: impl Fn(&Rejected) + Send + Sync + 'static) -> Self {
        self.on_rejected = Some(Arc::new(hook));
        self
    }

    /// How many events may wait for your code (at least 1): queued ones with
    /// [`WebhookReceiver::router`], handled at once with
    /// [`WebhookReceiver::router_with_handler`]; past that, senders get `503`.
    pub fn capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    /// How long the handler of [`WebhookReceiver::router_with_handler`] may take for one
    /// event (30 s by default); a slower one is stopped and the sender gets `504`.
    pub fn handler_timeout(mut self, timeout: Duration) -> Self {
        self.handler_timeout = timeout;
        self
    }

    /// A router with `POST path`, and the receiving end of its events, in arrival order.
    /// An event is acknowledged once queued (see the module docs for the trade-off).
    pub fn router(self, path: &str) -> (Router, mpsc::Receiver<E>) {
        let (sender, receiver) = mpsc::channel(self.capacity);
        (self.route(path, Delivery::Queue(sender)), receiver)
    }

    /// A router with `POST path` that calls `handler` for each event and answers `200`
    /// only when it returns `Ok`: `500` for an `Err` or a panic, `504` past
    /// [`WebhookReceiver::handler_timeout`], `503` past [`WebhookReceiver::capacity`]
    /// events at once. For senders that retry: nothing acknowledged is lost.
    ///
    /// ```no_run
    /// use jing_api::webhook::axum::WebhookReceiver;
    ///
    /// let router = WebhookReceiver::new().router_with_handler("/jing/webhook", |event| async move {
    ///     // Store the event durably before returning Ok.
    ///     println!("{}", event.variant_name());
    ///     Ok::<(), std::io::Error>(())
    /// });
    /// # let _: axum::Router = router;
    /// ```
    pub fn router_with_handler<H, F, Failed>(self, path: &str, handler: H) -> Router
    where
        H: Fn(E) -> F + Send + Sync + 'static,
        F: Future<Output = Result<(), Failed>> + Send + 'static,
        Failed: std::fmt::Display + Send + 'static,
    {
        let handler: Handler<E> = Arc::new(move |event| {
            let handled = handler(event);
            Box::pin(async move {
                handled.await.map_err(|error| {
                    let reason = if redis_failed(&error) {
                        RejectReason::StoreUnavailable
                    } else {
                        RejectReason::HandlerFailed
                    };
                    (reason, said(&error))
                })
            })
        });
        let delivery = Delivery::Handler {
            handler,
            permits: Arc::new(Semaphore::new(self.capacity)),
            timeout: self.handler_timeout,
        };
        self.route(path, delivery)
    }

    fn route(self, path: &str, delivery: Delivery<E>) -> Router {
        // axum wants a route that starts with `/`: `hook` is read as `/hook`, `` as `/`.
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        let state = Arc::new(Shared {
            check: self.check,
            on_rejected: self.on_rejected,
            delivery,
            read_timeout: self.read_timeout,
        });
        Router::new()
            .route(&path, post(receive::<E>))
            .layer(DefaultBodyLimit::max(self.max_body_bytes))
            .with_state(state)
    }
}

/// The application's handler, boxed: an event in, `Ok` or why and a message out.
type Handler<E> = Arc<
    dyn Fn(E) -> std::pin::Pin<Box<dyn Future<Output = Result<(), (RejectReason, String)>> + Send>>
        + Send
        + Sync,
>;

/// Whether a handler's error is the crate's own saying Redis could not be reached (an
/// [`EventStream`](crate::store) append), which the sender is told by name.
/// What a handler's error says: the whole chain when it is this crate's [`Error`](crate::Error)
/// (whose `Display` holds only its own words), else its `Display`.
fn said<E: std::fmt::Display + 'static>(error: &E) -> String {
    let any: &dyn std::any::Any = error;
    match any.downcast_ref::<crate::Error>() {
        Some(error) => error.report().to_string(),
        None => error.to_string(),
    }
}

fn redis_failed<E: 'static>(error: &E) -> bool {
    let error: &dyn std::any::Any = error;
    matches!(
        error.downcast_ref::<crate::Error>(),
        Some(crate::Error::Store { store, .. }) if store.starts_with("redis ")
    )
}

/// Where a received event goes.
enum Delivery<E> {
    /// Onto a channel; acknowledged once queued.
    Queue(mpsc::Sender<E>),
    /// To the application's handler; acknowledged once it returns `Ok`.
    Handler {
        handler: Handler<E>,
        permits: Arc<Semaphore>,
        timeout: Duration,
    },
}

struct Shared<E> {
    check: Option<Arc<dyn SenderCheck>>,
    on_rejected: Option<RejectedHook>,
    delivery: Delivery<E>,
    read_timeout: Duration,
}

/// What became of one request: acknowledged, or refused with a reason.
type Outcome = Result<(), (StatusCode, RejectReason)>;

async fn receive<E: WebhookEvent>(
    State(shared): State<Arc<Shared<E>>>,
    request: Request,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let mut length = None;
    let outcome = take(&shared, peer, request, &mut length).await;
    let Err((status, reason)) = outcome else {
        return StatusCode::OK.into_response();
    };
    let rejected = Rejected {
        status: status.as_u16(),
        reason,
        length,
        peer,
    };
    if status.is_server_error() {
        tracing::error!(target: "jing_api.webhook", status = rejected.status, reason = reason.as_str(), length, ?peer, "webhook event not acknowledged: {}", rejected.message());
    } else {
        tracing::warn!(target: "jing_api.webhook", status = rejected.status, reason = reason.as_str(), length, ?peer, "webhook request refused: {}", rejected.message());
    }
    if let Some(hook) = &shared.on_rejected {
        hook(&rejected);
    }
    let body = serde_json::json!({"status": rejected.status, "reason": reason.as_str(), "message": rejected.message()});
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Checks, reads and delivers one request; `length` is set once the body is read.
async fn take<E: WebhookEvent>(
    shared: &Shared<E>,
    peer: Option<SocketAddr>,
    request: Request,
    length: &mut Option<usize>,
) -> Outcome {
    if let Some(check) = &shared.check {
        if !check.accepts(request.headers(), peer) {
            return Err((StatusCode::FORBIDDEN, RejectReason::Forbidden));
        }
    }
    let read = tokio::time::timeout(shared.read_timeout, Bytes::from_request(request, &()));
    let body = match read.await {
        Ok(Ok(body)) => body,
        Ok(Err(rejection)) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, RejectReason::TooLarge));
        }
        Ok(Err(rejection)) => return Err((rejection.status(), RejectReason::Unreadable)),
        Err(_) => return Err((StatusCode::REQUEST_TIMEOUT, RejectReason::ReadTimeout)),
    };
    *length = Some(body.len());
    let event =
        E::from_slice(&body).map_err(|_| (StatusCode::BAD_REQUEST, RejectReason::NotJson))?;
    match &shared.delivery {
        Delivery::Queue(sender) => queue(sender, event),
        Delivery::Handler {
            handler,
            permits,
            timeout,
        } => handle(handler, permits, *timeout, event).await,
    }
}

fn queue<E>(sender: &mpsc::Sender<E>, event: E) -> Outcome {
    match sender.try_send(event) {
        Ok(()) => Ok(()),
        Err(mpsc::error::TrySendError::Full(_)) => {
            Err((StatusCode::SERVICE_UNAVAILABLE, RejectReason::QueueFull))
        }
        Err(mpsc::error::TrySendError::Closed(_)) => Err((
            StatusCode::SERVICE_UNAVAILABLE,
            RejectReason::ReceiverClosed,
        )),
    }
}

/// Runs the handler on a task of its own (so a panic is caught, not the server's), within
/// the timeout; the answer says whether the event is safe. The capacity permit travels
/// with the task, so a handler still running after its sender hung up still counts.
async fn handle<E: WebhookEvent>(
    handler: &Handler<E>,
    permits: &Arc<Semaphore>,
    timeout: Duration,
    event: E,
) -> Outcome {
    let Ok(permit) = Arc::clone(permits).try_acquire_owned() else {
        return Err((StatusCode::SERVICE_UNAVAILABLE, RejectReason::Busy));
    };
    let variant = event.variant_name();
    let handled = handler(event);
    let task = tokio::spawn(async move {
        let result = handled.await;
        drop(permit);
        result
    });
    let abort = task.abort_handle();
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err((reason, message)))) => {
            tracing::error!(target: "jing_api.webhook", variant, error = %message, reason = reason.as_str(), "webhook handler failed");
            let status = match reason {
                RejectReason::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            Err((status, reason))
        }
        Ok(Err(join)) => {
            tracing::error!(target: "jing_api.webhook", variant, panicked = join.is_panic(), "webhook handler did not finish");
            Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                RejectReason::HandlerFailed,
            ))
        }
        Err(_) => {
            abort.abort();
            Err((StatusCode::GATEWAY_TIMEOUT, RejectReason::HandlerTimeout))
        }
    }
}
