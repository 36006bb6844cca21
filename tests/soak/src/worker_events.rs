//! An event worker process (parts 2 to 4): one consumer of the group, which says what it
//! begins, handles and acknowledges, one line each, on standard output.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use jing_api::store::ConsumerOptions;
use jing_api::webhook::EventStream;

use crate::shared::{CLAIM_IDLE, GROUP, Outcome, STREAM};

/// One event worker (`JING_SOAK_EVENTS`: `URL NAME HANDLE_MILLIS STOP_FILE`): prints
/// `begin`, handles (sleeps), prints `done`, acknowledges (`ackfail` when that fails);
/// exits once the stop file exists and nothing came, or after 120 s.
pub(crate) async fn event_worker(setting: &str) -> Outcome {
    let parts: Vec<&str> = setting.splitn(4, ' ').collect();
    let [url, name, handle_millis, stop] = parts[..] else {
        return Err(format!("four settings expected: {setting}").into());
    };
    let handle = Duration::from_millis(handle_millis.parse()?);
    let until = Instant::now() + Duration::from_secs(120);
    let mut options = ConsumerOptions::default();
    options.block = Duration::from_millis(300);
    options.claim_idle = CLAIM_IDLE;
    let mut consumer = None;
    while consumer.is_none() && Instant::now() < until {
        match EventStream::connect(url, STREAM).await {
            Ok(stream) => match stream.consumer(GROUP, name, options.clone()).await {
                Ok(made) => consumer = Some(made),
                Err(error) => eprintln!("{name}: {}", error.report()),
            },
            Err(error) => eprintln!("{name}: {}", error.report()),
        }
        if consumer.is_none() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let mut consumer = consumer.ok_or("no consumer")?;
    let say = |kind: &str, seq: u64, id: &str, deliveries: u64| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{kind} {seq} {id} {deliveries}");
        let _ = out.flush();
    };
    while Instant::now() < until {
        match consumer.next().await {
            Ok(Some(delivery)) => {
                let seq = delivery
                    .event
                    .raw()
                    .get("soak_seq")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(u64::MAX);
                let (id, deliveries) = (delivery.id.clone(), delivery.deliveries);
                say("begin", seq, &id, deliveries);
                tokio::time::sleep(handle).await;
                say("done", seq, &id, deliveries);
                if let Err(error) = delivery.ack().await {
                    // Redis is restarting: the acknowledgement is tried again, bounded,
                    // before another worker would reclaim the delivery.
                    eprintln!("{name}: {}", error.report());
                    let kind = if ack_again(&delivery).await {
                        "ackretry"
                    } else {
                        "ackfail"
                    };
                    say(kind, seq, &id, deliveries);
                }
            }
            Ok(None) => {
                if Path::new(stop).exists() {
                    break;
                }
            }
            Err(error) => {
                eprintln!("{name}: {}", error.report());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    Ok(true)
}

/// `delivery` acknowledged again every 100 ms for up to 1.5 s (less than the claim time);
/// whether it succeeded.
async fn ack_again(delivery: &jing_api::webhook::Delivery) -> bool {
    for _ in 0..15 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if delivery.ack().await.is_ok() {
            return true;
        }
    }
    false
}
