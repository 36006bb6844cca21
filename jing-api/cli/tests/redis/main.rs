//! jing-cli's tests on real Redis deployments (feature `redis`), one test binary so that
//! they are linked once: `jing` given `--redis` sharing tokens (`tokens`), relays and
//! workers on Redis Streams (`relay`), the fleet's faults (`fleet_faults`) and the renewal
//! protocol under injected faults across worker processes (`renewal_faults`, its workers
//! in `fault_worker`). Each test starts its own `redis-server`.
//!
//! `cargo test -p jing-cli --features redis-tls --test redis` (`.ci/run` runs it); one
//! module: `--test redis relay::`.

mod fault_worker;
mod fleet_faults;
mod relay;
mod renewal_faults;
mod tokens;
