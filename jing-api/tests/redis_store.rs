//! The Redis store against a real `redis-server` (Debian's package; `.ci/run` installs it),
//! each scenario on every deployment it concerns (one server, a 3-master cluster, a master
//! found through a Sentinel, a TLS server), started on free ports in a temporary folder and
//! stopped at the end of each test:
//! `cargo test -p jing-api --features redis-tls --test redis_store`. Not part of the
//! default `cargo test --workspace` (the `redis` feature is off there).

use jing_test_redis as redis_server;
mod scenarios;

use std::process::{Child, Command};
use std::sync::Arc;
use std::time::Duration;

use jing_api::store::{Admission, DayWindow, LimitStore, RedisStore, TokenStore};
use jing_api::{Error, RateLimit, RetryPolicy};
use jing_mock::MockServer;
use redis_server::{Deployment, RedisServer};

async fn stores(deployment: &Deployment, count: usize) -> Vec<Arc<dyn TokenStore>> {
    let mut stores: Vec<Arc<dyn TokenStore>> = Vec::new();
    for _ in 0..count {
        stores.push(Arc::new(deployment.store().await));
    }
    stores
}

redis_server::on_deployments!(redis_store_steps, [single, cluster, sentinel, tls]);
async fn redis_store_steps(deployment: &Deployment) {
    let (first, second) = (deployment.store().await, deployment.store().await);
    scenarios::store_steps(&first, &second).await;
}

redis_server::on_deployments!(
    clients_sharing_redis_renew_once,
    [single, cluster, sentinel, tls]
);
async fn clients_sharing_redis_renew_once(deployment: &Deployment) {
    scenarios::renew_once_per_expiry(stores(deployment, 4).await).await;
}

redis_server::on_deployments!(
    a_rejection_expires_only_the_rejected_token_in_redis,
    [single, cluster, sentinel]
);
async fn a_rejection_expires_only_the_rejected_token_in_redis(deployment: &Deployment) {
    let mut handles = stores(deployment, 3).await.into_iter();
    let mut next = || handles.next().unwrap_or_else(|| panic!("three stores"));
    scenarios::rejection_expires_only_the_rejected_token(next(), next(), next()).await;
}

redis_server::on_deployments!(
    a_pair_in_redis_wins_over_the_configured_refresh_token,
    [single, cluster, sentinel]
);
async fn a_pair_in_redis_wins_over_the_configured_refresh_token(deployment: &Deployment) {
    scenarios::a_stored_pair_wins(Arc::new(deployment.store().await)).await;
}

/// Redis restarted without persistence, twice: running clients refill it (the first call
/// after each restart goes through: one more try on the broken connection), clients with
/// no memory are locked out with one refused token call between them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restarted_without_persistence_is_refilled_and_a_lockout_is_bounded() {
    let mut server = RedisServer::start();
    let mut stores: Vec<Arc<dyn TokenStore>> = Vec::new();
    for _ in 0..4 {
        stores.push(Arc::new(server.store().await));
    }
    let stores: [Arc<dyn TokenStore>; 4] = [0, 1, 2, 3].map(|index| Arc::clone(&stores[index]));
    scenarios::a_lost_store_is_refilled_and_a_lockout_is_bounded(stores, || server.restart()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_with_one_app_id_keep_apart_on_redis() {
    let server = RedisServer::start();
    scenarios::two_servers_with_one_app_id_keep_apart(Arc::new(server.store().await)).await;
}

#[tokio::test]
async fn budgets_are_kept_per_server() {
    let server = RedisServer::start();
    let store = server.store().await;
    let limit = RateLimit {
        per_second: None,
        per_day: Some(1),
    };
    let today = DayWindow::new(20_000, Duration::from_secs(600));
    for scope in ["app@staging.example", "app@production.example"] {
        let admitted = store.admit(scope, "create_customer", limit, today).await;
        assert!(
            matches!(admitted, Ok(Admission::Granted)),
            "{scope}: {admitted:?}"
        );
    }
    let again = store
        .admit("app@staging.example", "create_customer", limit, today)
        .await;
    assert!(matches!(again, Ok(Admission::DaySpent(_))), "{again:?}");
}

redis_server::on_deployments!(
    the_day_budget_is_shared_and_renews_with_the_day,
    [single, cluster, sentinel]
);
async fn the_day_budget_is_shared_and_renews_with_the_day(deployment: &Deployment) {
    let (a, b) = (deployment.store().await, deployment.store().await);
    let limit = RateLimit {
        per_second: None,
        per_day: Some(3),
    };
    let today = DayWindow::new(20_000, Duration::from_secs(600));
    let admit = |store: &RedisStore, day| {
        let store = store.clone();
        async move {
            store
                .admit("app", "create_customer", limit, day)
                .await
                .unwrap_or_else(|error| panic!("{error}"))
        }
    };
    assert_eq!(admit(&a, today).await, Admission::Granted);
    assert_eq!(admit(&b, today).await, Admission::Granted);
    assert_eq!(admit(&a, today).await, Admission::Granted);
    assert_eq!(
        admit(&b, today).await,
        Admission::DaySpent(Duration::from_secs(600))
    );
    let other_endpoint = a.admit("app", "list_customers", limit, today).await;
    assert!(matches!(other_endpoint, Ok(Admission::Granted)));
    let tomorrow = DayWindow::new(20_001, Duration::from_secs(86_400));
    assert_eq!(admit(&b, tomorrow).await, Admission::Granted);
}

redis_server::on_deployments!(
    the_second_budget_is_shared_and_says_how_long_to_wait,
    [single, cluster, sentinel]
);
async fn the_second_budget_is_shared_and_says_how_long_to_wait(deployment: &Deployment) {
    let (a, b) = (deployment.store().await, deployment.store().await);
    let limit = RateLimit {
        per_second: Some(2),
        per_day: Some(100),
    };
    let day = DayWindow::new(20_000, Duration::from_secs(600));
    let admit = |store: &RedisStore| {
        let store = store.clone();
        async move {
            store
                .admit("app", "create_customer", limit, day)
                .await
                .unwrap_or_else(|error| panic!("{error}"))
        }
    };
    assert_eq!(admit(&a).await, Admission::Granted);
    assert_eq!(admit(&b).await, Admission::Granted);
    match admit(&a).await {
        Admission::Wait(wait) => assert!(
            wait > Duration::ZERO && wait <= redis_server::SECOND_WINDOW + Duration::from_millis(1),
            "{wait:?}"
        ),
        other => panic!("a third call in the window must wait, got {other:?}"),
    }
}

redis_server::on_deployments!(
    clients_sharing_redis_stay_within_the_documented_limit,
    [single, cluster, sentinel, tls]
);
/// Three clients on one Redis send 30 calls at once to an endpoint documented at 10/s:
/// with retries off, any refusal by the mock (which counts its own seconds) would fail one.
async fn clients_sharing_redis_stay_within_the_documented_limit(deployment: &Deployment) {
    let mock = MockServer::builder()
        .rate_limits(true)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let mut clients = Vec::new();
    for _ in 0..3 {
        let client = mock
            .client_builder()
            .redis(deployment.store().await)
            .retry_policy(RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            })
            .build()
            .unwrap_or_else(|error| panic!("{error}"));
        clients.push(client);
    }
    scenarios::all_call(&clients, 10).await;
    let answered = mock
        .received()
        .iter()
        .filter(|request| request.endpoint == Some("create_customer"))
        .count();
    assert_eq!(answered, 30);
}

redis_server::on_deployments!(
    without_redis_calls_fail_with_a_store_error,
    [single, cluster, sentinel, tls]
);
async fn without_redis_calls_fail_with_a_store_error(deployment: &Deployment) {
    let mock = scenarios::mock().await;
    let client = mock
        .client_builder()
        .redis(deployment.store().await)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    scenarios::all_call(std::slice::from_ref(&client), 1).await;
    deployment.stop();
    let outcome = client
        .customer()
        .create(jing_api::customer::CreateCustomer::new("Acme", "bt"))
        .await;
    let Err(error) = outcome else {
        panic!("the call went through without Redis")
    };
    assert!(
        matches!(&error, Error::Store { store, .. } if store.starts_with("redis ")),
        "{error:?}"
    );
    let shown = scenarios::everything_shown(&error);
    assert!(!shown.contains("secret"), "{shown}");
    // The redis crate's error is kept, and its words follow the message.
    let redis = scenarios::cause::<jing_api::redis::RedisError>(&error);
    let words = redis.map(ToString::to_string).unwrap_or_default();
    assert!(
        !words.is_empty() && error.to_string().contains(&words),
        "{error:?}"
    );
    let unreachable = RedisStore::connect_with(deployment.url(), redis_server::options()).await;
    assert!(
        matches!(unreachable, Err(Error::Store { .. } | Error::Config { .. })),
        "{unreachable:?}"
    );
}

/// Restarted while the client was idle (its connection broken, Redis up again): the first
/// call after it goes through, limits and tokens on Redis.
#[tokio::test]
async fn the_first_call_after_a_redis_restart_goes_through() {
    let mut server = RedisServer::start_persistent();
    let mock = scenarios::mock().await;
    let client = mock
        .client_builder()
        .redis(server.store().await)
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    scenarios::all_call(std::slice::from_ref(&client), 1).await;
    server.restart();
    let _ready = server.store().await;
    scenarios::all_call(std::slice::from_ref(&client), 1).await;
}

redis_server::on_deployments!(
    a_shared_limit_wait_past_the_cap_is_a_typed_error,
    [single, cluster]
);
/// The cap on limit waits holds for the shared limit too: a call that another client's
/// call would keep waiting past it is refused, named, and not sent.
async fn a_shared_limit_wait_past_the_cap_is_a_typed_error(deployment: &Deployment) {
    let mock = scenarios::mock().await;
    let client = |max_wait: Duration| {
        let store = deployment.store();
        let builder = mock.client_builder().max_limit_wait(max_wait);
        async move {
            builder
                .limit_store(Arc::new(store.await))
                .build()
                .unwrap_or_else(|error| panic!("{error}"))
        }
    };
    let (other, impatient) = (
        client(Duration::from_secs(10)).await,
        client(Duration::from_millis(50)).await,
    );
    let once_a_second = RateLimit {
        per_second: Some(1),
        per_day: None,
    };
    async fn call(client: &jing_api::Client, limit: RateLimit) -> Result<serde_json::Value, Error> {
        client
            .raw(jing_api::Method::Post, "/v1/customer/create")
            .rate_limit(limit)
            .json(serde_json::json!({"name": "Acme", "business_type": "bt"}))
            .send()
            .await
    }
    assert!(call(&other, once_a_second).await.is_ok());
    let sent_before = mock.received().len();
    match call(&impatient, once_a_second).await {
        Err(Error::LimitWaitTooLong {
            endpoint, max_wait, ..
        }) => {
            assert_eq!(endpoint, "create_customer");
            assert_eq!(max_wait, Duration::from_millis(50));
        }
        other => panic!("expected a limit-wait error, got {other:?}"),
    }
    assert_eq!(
        mock.received().len(),
        sent_before,
        "the refused call was not sent"
    );
}

/// Two processes (this test binary again, as workers) of 4 tasks each share one Redis store
/// against a mock whose tokens last one second and which enforces the documented 10/s:
/// every call succeeds with retries off (so the mock refused none, token or limit) and each
/// renewal is one token call (the store's generation counts the renewals that were saved).
/// On one server, a cluster and a Sentinel's master in turn (the workers connect by URL).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_sharing_redis_renew_once_per_expiry() {
    if let Ok(setting) = std::env::var("JING_FLEET_WORKER") {
        worker(&setting).await;
        return;
    }
    let deployments: [fn() -> Deployment; 3] = [
        Deployment::single,
        Deployment::cluster,
        Deployment::sentinel,
    ];
    for deployment in deployments {
        processes_renew_once(&deployment()).await;
    }
}

async fn processes_renew_once(deployment: &Deployment) {
    let store = deployment.store().await;
    let mock = MockServer::builder()
        .rate_limits(true)
        .expires_in(1)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let credentials = mock.credentials();
    let setting = [
        mock.base_url(),
        deployment.url().to_owned(),
        credentials.app_id.clone(),
        credentials.app_secret.clone(),
        credentials.refresh_token.clone(),
    ]
    .join(" ");
    let exe = std::env::current_exe().unwrap_or_else(|error| panic!("{error}"));
    let workers: Vec<Child> = (0..2)
        .map(|_| {
            Command::new(&exe)
                .args(["processes_sharing_redis_renew_once_per_expiry", "--exact"])
                .args(["--nocapture", "--test-threads", "1"])
                .env("JING_FLEET_WORKER", &setting)
                .spawn()
                .unwrap_or_else(|error| panic!("{error}"))
        })
        .collect();
    for worker in workers {
        let finished = tokio::task::spawn_blocking(move || worker.wait_with_output())
            .await
            .unwrap_or_else(|error| panic!("{error}"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(
            finished.status.success(),
            "a worker failed ({})",
            deployment.name()
        );
    }
    let scope = jing_api::store::scope(&mock.base_url(), &mock.credentials().app_id)
        .unwrap_or_else(|error| panic!("{error}"));
    let record = scenarios::load(&store, &scope).await;
    let calls = scenarios::token_calls(&mock);
    let name = deployment.name();
    assert!(
        calls >= 3,
        "tokens of 1 s over 3 s of calls: {calls} token calls ({name})"
    );
    assert_eq!(
        record.generation,
        u64::try_from(calls).unwrap_or(0),
        "one token call per stored renewal ({name})"
    );
}

/// One worker process: 4 tasks, 10 calls each, 300 ms apart (so at least 3 s).
async fn worker(setting: &str) {
    let [base_url, redis_url, app_id, app_secret, refresh_token] =
        setting.split(' ').collect::<Vec<_>>()[..]
    else {
        panic!("five settings expected: {setting}")
    };
    let store = RedisStore::connect_with(redis_url, redis_server::options())
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = jing_api::Client::builder()
        .base_url(base_url)
        .app_id(app_id)
        .app_secret(app_secret)
        .refresh_token(refresh_token)
        .token_rejected_codes([jing_mock::codes::TOKEN_INVALID])
        .refresh_margin(Duration::ZERO)
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .redis(store)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..10 {
                let created = client
                    .customer()
                    .create(jing_api::customer::CreateCustomer::new("Acme", "bt"))
                    .await;
                if let Err(error) = created {
                    panic!("a worker's call failed: {error}");
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap_or_else(|error| panic!("{error}"));
    }
}
