//! `on_deployments!`: one test per deployment named, so a scenario is written once and
//! run on each. Exported at the root of this crate; the `redis-tls` of its `tls` case is the
//! calling crate's feature.

/// One test per deployment named, each running `async fn $scenario(&Deployment)`:
/// `on_deployments!(scenario, [single, cluster, sentinel, tls]);`.
#[macro_export]
macro_rules! on_deployments {
    ($scenario:ident, [$($kind:ident),+ $(,)?]) => {
        mod $scenario {
            $( $crate::on_deployments!(@one $scenario, $kind); )+
        }
    };
    (@one $scenario:ident, tls) => {
        #[cfg(feature = "redis-tls")]
        $crate::on_deployments!(@test $scenario, tls);
    };
    (@one $scenario:ident, $kind:ident) => {
        $crate::on_deployments!(@test $scenario, $kind);
    };
    (@test $scenario:ident, $kind:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $kind() {
            let deployment = $crate::Deployment::$kind();
            super::$scenario(&deployment).await;
        }
    };
}
