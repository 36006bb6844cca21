//! Creates one account (客户创建, Account Creation).
//!
//! ```text
//! cargo run -p jing-api --features axum --example create_account
//! ```
//!
//! Against the real API when `JING_EXAMPLES_LIVE=1`, `JING_APP_ID` and `JING_ACCESS_TOKEN`
//! are set (and `JING_BASE_URL`, to use another environment); otherwise against a local mock.

mod common;

use jing_api::customer::CreateCustomer;

#[tokio::main]
async fn main() -> Result<(), jing_api::Error> {
    let (client, _mock) =
        common::client(&["JING_APP_ID", "JING_ACCESS_TOKEN"], |builder, value| {
            builder
                .app_id(value("JING_APP_ID"))
                .access_token(value("JING_ACCESS_TOKEN"))
        })
        .await?;
    let request = CreateCustomer::new(
        "Acme Ltd",
        common::env("JING_BUSINESS_TYPE").unwrap_or_else(|| "business-type-id".to_owned()),
    )
    .mobile("13800000000")
    .custom_field("my_attribute_code", 42);
    let created = client.customer().create(request).await?;
    println!("created account {}", created.jing_uuid);
    Ok(())
}
