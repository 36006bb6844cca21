//! A spec's `Event` as an axum extractor: [`extract`] reads and decodes the body, and the
//! generated code implements axum's `FromRequest` for its `Event` by calling it (the runtime
//! cannot: the trait and the type are both another crate's in a generated crate).
//! [`WebhookRejection`] is why it failed, answered as a status and a message.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::{NotJson, WebhookEvent};

/// Why a spec's `Event` could not be extracted from a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The body could not be read.
    #[error("the webhook body could not be read")]
    Body(#[from] axum::extract::rejection::BytesRejection),
    /// The body is not JSON; the error keeps the bytes.
    #[error(transparent)]
    NotJson(#[from] NotJson),
}

impl WebhookRejection {
    fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::Body(rejection) => rejection.status(),
            WebhookRejection::NotJson(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        let said = crate::ErrorReport::new(&self).to_string();
        (self.status(), said).into_response()
    }
}

/// The event `E` of a request's body: what the generated `FromRequest` of each spec's
/// `Event` answers. A body that cannot be read, or is not JSON, is a [`WebhookRejection`]
/// (logged, with its length, never its content).
///
/// 从请求体解析事件；生成的 `Event` 经由它实现 axum 的提取器。
pub async fn extract<E: WebhookEvent, S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<E, WebhookRejection> {
    let body = Bytes::from_request(request, state).await?;
    E::from_slice(&body).map_err(|error| {
        tracing::warn!(target: "jing_api.webhook", bytes = body.len(), "webhook body is not JSON");
        WebhookRejection::NotJson(error)
    })
}
