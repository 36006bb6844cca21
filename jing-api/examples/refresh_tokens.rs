//! Starts from app id, app secret and refresh token alone, and watches the client obtain
//! and renew its access token through Refresh Token (刷新 Token).
//!
//! ```text
//! cargo run -p jing-api --features axum --example refresh_tokens
//! ```
//!
//! Against the real API when `JING_EXAMPLES_LIVE=1`, `JING_APP_ID`, `JING_APP_SECRET` and
//! `JING_REFRESH_TOKEN` are set; otherwise against a local mock, which also expires the token once to show the
//! renewal.

mod common;

use jing_api::customer::CreateCustomer;

#[tokio::main]
async fn main() -> Result<(), jing_api::Error> {
    let needed = ["JING_APP_ID", "JING_APP_SECRET", "JING_REFRESH_TOKEN"];
    let (client, mock) = common::client(&needed, |builder, value| {
        builder
            .app_id(value("JING_APP_ID"))
            .app_secret(value("JING_APP_SECRET"))
            .refresh_token(value("JING_REFRESH_TOKEN"))
    })
    .await?;
    let request = CreateCustomer::new("Acme Ltd", "business-type-id");
    let first = client.customer().create(request.clone()).await?;
    println!(
        "first call: account {} (the client fetched a token first)",
        first.jing_uuid
    );
    if let Some(mock) = &mock {
        mock.expire_tokens();
        println!("the mock expired every access token");
        let again = client.customer().create(request).await?;
        println!(
            "second call: account {} (the client renewed its token)",
            again.jing_uuid
        );
        for received in mock.received() {
            println!(
                "  {} {} access_token={}",
                received.method,
                received.path,
                received.header("access_token").unwrap_or("(none)")
            );
        }
    }
    Ok(())
}
