//! The client's metrics in Prometheus's text format: installs `metrics-exporter-prometheus`
//! as the recorder, makes calls against the in-process mock (one retried after a 503, one
//! after the token expired, a burst that waits for the per-second limit) and prints the
//! scrape, as a `/metrics` endpoint would serve it.
//!
//! 以 Prometheus 文本格式输出客户端指标：安装导出器，对本地模拟服务器调用后打印抓取结果。
//!
//! ```text
//! cargo run -p jing-api --features metrics --example metrics_prometheus
//! ```
//!
//! In a service, serve `handle.render()` on your own `/metrics` route, or turn on the
//! exporter's `http-listener` feature and call `PrometheusBuilder::with_http_listener`.

use jing_api::customer::CreateCustomer;
use jing_mock::{Fault, MockServer};
use metrics_exporter_prometheus::PrometheusBuilder;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let handle = PrometheusBuilder::new().install_recorder()?;
    jing_api::telemetry::describe();

    let mock = MockServer::start().await?;
    let client = mock.client_builder().build()?;
    let request = CreateCustomer::new("Acme Ltd", "business-type-id");

    // One call, then one whose first attempt meets a 503 (a caller that knows a repeated
    // create is harmless lets the client retry it).
    client.customer().create(request.clone()).await?;
    mock.fail_next(1, Fault::Status(503));
    client
        .retrying_writes()
        .customer()
        .create(request.clone())
        .await?;

    // The mock expires every token: the next call is refused, renews and goes again.
    mock.expire_tokens();
    client.customer().create(request.clone()).await?;

    // A burst above Account Creation's documented 10 calls a second: some wait.
    let burst: Vec<_> = (0..15)
        .map(|_| {
            let (client, request) = (client.clone(), request.clone());
            tokio::spawn(async move { client.customer().create(request).await })
        })
        .collect();
    for call in burst {
        call.await??;
    }

    print!("{}", handle.render());
    Ok(())
}
