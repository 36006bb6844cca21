//! The receiving end of `jing webhook listen`, with or without `--redis`: the path and
//! address it listens on, and each event printed as one JSON line. Generic over the spec's
//! events (`jing_api::webhook_runtime::WebhookEvent`), as the receiver is.

use std::net::SocketAddr;

use clap::ArgMatches;
use jing_api::webhook_runtime::WebhookEvent;
use serde_json::{Value, json};

use super::call::write_out;
use crate::failure::Failure;

/// `--path`, `/` by default; a path without its leading `/` gets one.
pub(crate) fn listen_path(args: &ArgMatches) -> String {
    let path = args.get_one::<String>("path").map_or("", String::as_str);
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

/// Serves `router` on `--addr` and prints each event `events` yields as one JSON line
/// (a relay only with `--print`), up to `--count`, until told to `stop`.
pub(crate) async fn serve_and_print<E: WebhookEvent>(
    args: &ArgMatches,
    router: axum::Router,
    mut events: tokio::sync::mpsc::Receiver<E>,
    stop: super::stop::Stop,
) -> Result<(), Failure> {
    let relay = args.get_one::<String>("stream").is_some();
    let print = !relay || args.get_flag("print");
    let out = |event: &E| {
        if print {
            write_out(&format!("{}\n", event_line(event)))
        } else {
            Ok(())
        }
    };
    let addr: SocketAddr = args
        .get_one::<String>("addr")
        .map(|addr| addr.parse())
        .transpose()
        .map_err(|error| Failure::usage(format!("--addr: {error}")))?
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let path = listen_path(args);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| Failure::other(format!("cannot listen on {addr}: {error}")))?;
    let bound = listener
        .local_addr()
        .map_err(|error| Failure::other(error.to_string()))?;
    eprintln!("listening on http://{bound}{path}");
    let (shut, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let shutdown = async {
            let _ = stopped.await;
        };
        if let Err(error) = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await
        {
            eprintln!("error: the receiver stopped: {error}");
        }
    });
    let limit = args.get_one::<u64>("count").copied();
    let mut seen = 0;
    while limit.is_none_or(|limit| seen < limit) {
        let event = tokio::select! {
            event = events.recv() => event,
            () = stop.wait() => None,
        };
        let Some(event) = event else {
            break;
        };
        out(&event)?;
        seen += 1;
    }
    // No event is taken after this (later senders get 503 and send again), and any that
    // was acknowledged before the queue closed is still printed: none is lost.
    events.close();
    while let Ok(event) = events.try_recv() {
        out(&event)?;
    }
    // A graceful stop: the answer to the last event is sent before the program exits.
    let _ = shut.send(());
    let _ = server.await;
    Ok(())
}

/// One event as the line `listen` prints.
pub(crate) fn event_line<E: WebhookEvent>(event: &E) -> Value {
    let changes: Vec<Value> = event
        .changes()
        .into_iter()
        .map(
            |change| json!({"field": change.field, "before": change.before, "after": change.after}),
        )
        .collect();
    json!({
        "variant": event.variant_name(),
        "record": event.record(),
        "changes": changes,
        "raw": event.raw(),
    })
}
