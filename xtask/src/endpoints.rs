//! `cargo xtask check --endpoints`: the per-endpoint checks alone, without the rest of the
//! test suite, and every failing endpoint listed at once with the vendor page it came from.
//!
//! The checks are tests (they need the compiled SDK, its mock and the `jing` program, which
//! xtask does not build: its own build holds no HTTP crate), so this runs `cargo test` on
//! the targets that hold them, filtered to them ([`RUNS`]). Each loop over the endpoints
//! records its failures in the file `JING_ENDPOINT_REPORT` names (`jing_mock::failures`,
//! one tab-separated line each: endpoint, check, what, page); a doctest that fails is read
//! from the test run's own lines (`test <file> - <path>::<method> (line N) ... FAILED`) and
//! placed by its module and method. A run that fails before its checks could say why (it
//! does not compile, say) shows the end of its output.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Context;

/// The variable the test loops append their failures to (`jing_mock::failures`).
pub const REPORT_VARIABLE: &str = "JING_ENDPOINT_REPORT";

/// One `cargo test` run of some of the checks.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// What it checks, for the line printed as it starts.
    pub checks: &'static str,
    /// The arguments after `cargo`.
    pub args: &'static [&'static str],
}

/// The runs, in order: the loops of `tests/tests/it/endpoints.rs` (and, by the same filter,
/// of `fixture_endpoints.rs` on the fixture spec), the `jing` call of each endpoint, and the
/// doc example of each endpoint's method.
pub const RUNS: &[Run] = &[
    Run {
        checks: "docs examples decode, typed calls round trip through the mock, fixture samples, every method documents an example; the same on the fixture spec",
        args: &[
            "test",
            "-p",
            "jing-tests",
            "--test",
            "it",
            "--",
            "endpoints::",
        ],
    },
    Run {
        checks: "`jing <group> <call>` = the typed call",
        args: &[
            "test",
            "-p",
            "jing-cli",
            "--test",
            "jing_cli",
            "--",
            "every_typed_call",
        ],
    },
    Run {
        checks: "each method's doc example runs against the mock (doctests)",
        args: &["test", "-p", "jing-api", "--doc", "--", "generated::"],
    },
];

/// One failed check of one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    /// The spec's name of the endpoint (or the test's, when no endpoint is known).
    pub endpoint: String,
    /// The check.
    pub check: String,
    /// What failed.
    pub what: String,
    /// The vendor page.
    pub page: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {} (page: {})",
            self.endpoint, self.check, self.what, self.page
        )
    }
}

/// The failures of a report file's text, one tab-separated line each.
pub fn read_report(text: &str) -> Vec<Failure> {
    text.lines()
        .filter_map(|line| {
            let mut cells = line.splitn(4, '\t');
            let endpoint = cells.next().filter(|cell| !cell.is_empty())?;
            Some(Failure {
                endpoint: endpoint.to_owned(),
                check: cells.next()?.to_owned(),
                what: cells.next()?.to_owned(),
                page: cells.next()?.to_owned(),
            })
        })
        .collect()
}

/// The doctests a test run's output says failed, placed by their module and method: the
/// endpoint whose group's module and `call` they are, with its page.
pub fn failed_doctests(output: &str, spec: &jing_spec::Spec) -> Vec<Failure> {
    output
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
        .filter(|name| name.contains(" - "))
        .map(|name| {
            let (file, item) = name.split_once(" - ").unwrap_or((name, ""));
            let module = file
                .rsplit('/')
                .next()
                .and_then(|file| file.strip_suffix(".rs"))
                .unwrap_or_default();
            let path = item.split(" (line").next().unwrap_or(item);
            let method = path.rsplit("::").next().unwrap_or(path);
            let endpoint = spec.endpoints().find(|(group, endpoint)| {
                jing_spec::names::field_name(&group.key) == module
                    && endpoint
                        .call
                        .as_deref()
                        .is_some_and(|call| jing_spec::names::field_name(call) == method)
            });
            Failure {
                endpoint: endpoint
                    .map_or_else(|| name.to_owned(), |(_, endpoint)| endpoint.name.clone()),
                check: "the method's doc example runs against the mock".to_owned(),
                what: format!("the doctest `{name}` failed"),
                page: endpoint
                    .and_then(|(_, endpoint)| endpoint.link())
                    .unwrap_or("(no page)")
                    .to_owned(),
            }
        })
        .collect()
}

/// Runs every check with `cargo` in the repository `root`; prints each run as it starts,
/// then every failure, one line each, and a count. Whether all passed.
pub fn run(cargo: &Path, root: &Path) -> anyhow::Result<bool> {
    crate::check(root)
        .context("the generated code must be current before its endpoints are checked")?;
    let spec = jing_spec::load(&jing_spec::Sources::dir(
        &root.join(crate::JOBS[0].spec_dir),
    ))
    .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let report =
        std::env::temp_dir().join(format!("jing-endpoint-report-{}.tsv", std::process::id()));
    let _ = std::fs::remove_file(&report);
    let mut failures = Vec::new();
    let mut broken_runs = 0;
    for run in RUNS {
        crate::out(&format!(
            "checking: {} (cargo {})",
            run.checks,
            run.args.join(" ")
        ));
        let before = read_report(&std::fs::read_to_string(&report).unwrap_or_default()).len();
        // Compiling shows on standard error as it goes; the tests' lines are read.
        let output = Command::new(cargo)
            .current_dir(root)
            .args(run.args)
            .env(REPORT_VARIABLE, &report)
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("cannot run {}", cargo.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let doctests = failed_doctests(&stdout, &spec);
        let reported =
            read_report(&std::fs::read_to_string(&report).unwrap_or_default()).len() - before;
        if !output.status.success() && doctests.is_empty() && reported == 0 {
            // It failed before its checks could say which endpoint: show why.
            broken_runs += 1;
            let lines: Vec<&str> = stdout.lines().collect();
            let tail = &lines[lines.len().saturating_sub(40)..];
            crate::out(&format!(
                "`cargo {}` failed, naming no endpoint:\n{}",
                run.args.join(" "),
                tail.join("\n")
            ));
        }
        failures.extend(doctests);
    }
    failures.extend(read_report(
        &std::fs::read_to_string(&report).unwrap_or_default(),
    ));
    let _ = std::fs::remove_file(&report);
    failures.sort();
    failures.dedup();
    for failure in &failures {
        crate::out(&failure.to_string());
    }
    let endpoints: std::collections::BTreeSet<&str> = failures
        .iter()
        .map(|failure| failure.endpoint.as_str())
        .collect();
    let passed = failures.is_empty() && broken_runs == 0;
    let typed = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .count();
    crate::out(&if passed {
        format!("endpoint checks: every check passed for the {typed} typed endpoint(s)")
    } else {
        format!(
            "endpoint checks: {} failure(s) of {} endpoint(s); {broken_runs} of {} run(s) failed naming no endpoint",
            failures.len(),
            endpoints.len(),
            RUNS.len()
        )
    });
    Ok(passed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lines_and_failed_doctests_are_read_back() {
        let text = "create_widget\tdocs example decodes\tinvalid type\thttps://d.invalid/a\n\nbroken line\n";
        assert_eq!(
            read_report(text),
            [Failure {
                endpoint: "create_widget".to_owned(),
                check: "docs example decodes".to_owned(),
                what: "invalid type".to_owned(),
                page: "https://d.invalid/a".to_owned(),
            }]
        );
        let spec = jing_spec::load(&jing_spec::Sources::dir(
            &crate::workspace_root().join("jing-spec/api"),
        ))
        .unwrap_or_else(|errors| panic!("{errors}"));
        let output = "running 3 tests\n\
            test jing-api/src/generated/customer.rs - generated::customer::CustomerApi<'a>::create (line 294) ... FAILED\n\
            test jing-api/src/generated/user.rs - generated::user::UserApi<'a>::create (line 415) ... ok\n\
            test jing-api/src/generated/gone.rs - generated::gone::GoneApi<'a>::make (line 1) ... FAILED\n";
        let failed = failed_doctests(output, &spec);
        let names: Vec<&str> = failed
            .iter()
            .map(|failure| failure.endpoint.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "create_customer",
                "jing-api/src/generated/gone.rs - generated::gone::GoneApi<'a>::make (line 1)"
            ]
        );
        assert!(failed[0].page.starts_with("https://"), "{failed:?}");
        assert_eq!(failed[1].page, "(no page)");
    }
}
