//! 每个类型化接口的描述，由规格生成一次：方法、路径、参数（位置、类型、枚举值、凭据）、
//! 请求体、限流、鉴权与应答形状。客户端、`jing` 命令行与模拟服务器都读取它。
//!
//! The description of every typed endpoint, generated once from the spec: method, path,
//! parameters (place, kind, documented values, credentials), body, limits, auth and the
//! answer's shape. The client (each [`Endpoint`](crate::Endpoint)'s constants come from
//! its [`Endpoint::SCHEMA`](crate::Endpoint::SCHEMA)), the `jing` program (jing-cli) and
//! the mock server (jing-mock) all read it, so no fact of an endpoint is written twice.
//!
//! Only what the spec says is here: a figure or flag the docs do not give stays `None`.
//! The spec's [`ApiSpec`](crate::ApiSpec) (`jing_api::SPEC`) lists the schema of every
//! typed endpoint, whatever groups are compiled in; the [catalogue](crate::catalogue) holds
//! each as a constant and its entries read them.
//!
//! ```
//! use jing_api::schema::Place;
//!
//! // The schemas are there whatever groups are compiled in.
//! let create = jing_api::SPEC.find("create_customer").expect("a typed endpoint");
//! assert_eq!(create.path, "/v1/customer/create");
//! assert_eq!(Some(&create), jing_api::SPEC.schemas.iter().find(|s| s.group == "customer"));
//! assert!(create.params.iter().any(|param| param.place == Place::Body));
//! ```
//!
//! The values are built with `const fn` constructors and `with_*` methods, so generated code
//! can build them while the types stay `#[non_exhaustive]`. Those constructors are public
//! only with the `test-util` feature (not covered by semver), for the tables generated into
//! other crates (jing-mock's, a fixture's); a user reads schemas, never builds one.

mod endpoint;
mod members;
mod path;

pub use endpoint::{Auth, Body, EndpointSchema, Method, RateLimit, TokenRole};
pub use members::{Credential, Kind, Param, Place, Response};
pub use path::path_values;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every typed endpoint is listed once; each `{name}` of its path is one of its path
    /// parameters and each path parameter is in the path; body members only where there
    /// is a body.
    #[test]
    fn every_schema_is_listed_once_and_agrees_with_its_path() {
        let schemas = crate::SPEC.schemas;
        let mut names: Vec<&str> = schemas.iter().map(|schema| schema.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), schemas.len());
        for schema in schemas {
            assert_eq!(crate::SPEC.find(schema.name), Some(*schema));
            let in_path: Vec<&str> = schema
                .path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            let params: Vec<&str> = schema.params_in(Place::Path).map(|p| p.name).collect();
            assert_eq!(in_path, params, "{}", schema.name);
            let body_members = schema.params_in(Place::Body).count();
            assert!(
                schema.body != Body::None || body_members == 0,
                "{}",
                schema.name
            );
        }
    }

    /// The constants of a generated request are its schema's.
    #[cfg(feature = "customer")]
    #[test]
    fn the_endpoint_constants_are_read_from_the_schema() {
        use crate::Endpoint;
        use crate::customer::CreateCustomer;
        let schema = CreateCustomer::SCHEMA;
        assert_eq!(CreateCustomer::NAME, schema.name);
        assert_eq!(CreateCustomer::PATH, schema.path);
        assert_eq!(CreateCustomer::METHOD, schema.method);
        assert_eq!(CreateCustomer::RATE_LIMIT, schema.rate_limit);
        assert_eq!(CreateCustomer::HAS_BODY, schema.body != Body::None);
        assert_eq!(schema.group, "customer");
        let name = schema.params.iter().find(|param| param.name == "name");
        assert_eq!(name.map(Param::is_required), Some(true));
    }
}
