//! The failures of the per-endpoint checks, gathered over every endpoint and reported at
//! once, for tests that follow the spec (`tests/tests/it/endpoints.rs`, the `jing` call of
//! each endpoint). Not public API: hidden from the docs, and may change with any release.
//!
//! 按接口逐项检查的失败汇总：一次列出全部，而非第一个。
//!
//! Each failure names the endpoint, the check, what failed and the vendor page the
//! endpoint was transcribed from, so a maintainer who imported fifty pages sees every page
//! to look at again in one run. [`Failures::assert_none`] panics with the whole list; when
//! the variable [`REPORT_VARIABLE`] names a file, it also appends one tab-separated line per
//! failure there, which `cargo xtask check --endpoints` gathers over its test runs.

use std::fmt;

/// The variable naming the file the failures are appended to (`cargo xtask check
/// --endpoints` sets it).
pub const REPORT_VARIABLE: &str = "JING_ENDPOINT_REPORT";

/// One check that failed for one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The spec's name of the endpoint.
    pub endpoint: String,
    /// The check, in a few words (`docs example decodes`).
    pub check: String,
    /// What failed, on one line.
    pub what: String,
    /// The vendor page the endpoint came from (its `doc_url`), or `(no page)`.
    pub page: String,
}

impl Failure {
    /// The tab-separated line of the report file: endpoint, check, what, page.
    pub fn report_line(&self) -> String {
        let cell = |text: &str| text.replace(['\t', '\n', '\r'], " ");
        format!(
            "{}\t{}\t{}\t{}",
            cell(&self.endpoint),
            cell(&self.check),
            cell(&self.what),
            cell(&self.page)
        )
    }

    /// A failure read back from a report line, when it is one.
    pub fn from_report_line(line: &str) -> Option<Failure> {
        let mut cells = line.splitn(4, '\t').map(str::to_owned);
        Some(Failure {
            endpoint: cells.next().filter(|cell| !cell.is_empty())?,
            check: cells.next()?,
            what: cells.next()?,
            page: cells.next()?,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} (page: {})",
            self.endpoint, self.check, self.what, self.page
        )
    }
}

/// The failures of one test's loop over the endpoints.
#[derive(Debug, Default)]
pub struct Failures(Vec<Failure>);

impl Failures {
    /// Records that `check` failed for `endpoint` (from the page `page`): `what` failed.
    pub fn push(
        &mut self,
        endpoint: &str,
        check: &str,
        what: impl fmt::Display,
        page: Option<&str>,
    ) {
        let what = what
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.0.push(Failure {
            endpoint: endpoint.to_owned(),
            check: check.to_owned(),
            what,
            page: page.unwrap_or("(no page)").to_owned(),
        });
    }

    /// The failures so far.
    pub fn list(&self) -> &[Failure] {
        &self.0
    }

    /// Panics listing every failure (one line each) when there is any, after appending
    /// them to the report file [`REPORT_VARIABLE`] names; `checked` endpoints were looked
    /// at.
    #[track_caller]
    pub fn assert_none(self, checked: usize) {
        if self.0.is_empty() {
            return;
        }
        if let Some(file) = std::env::var_os(REPORT_VARIABLE) {
            use std::io::Write;
            let lines: String = self
                .0
                .iter()
                .map(|failure| format!("{}\n", failure.report_line()))
                .collect();
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&file)
                .and_then(|mut out| out.write_all(lines.as_bytes()));
            if let Err(error) = written {
                eprintln!(
                    "{REPORT_VARIABLE}: cannot append to {}: {error}",
                    file.to_string_lossy()
                );
            }
        }
        panic!("{}", self.message(checked));
    }

    /// What [`Failures::assert_none`] fails with: the count, then one line per failure.
    pub fn message(&self, checked: usize) -> String {
        let list: Vec<String> = self
            .0
            .iter()
            .map(|failure| format!("  {failure}"))
            .collect();
        format!(
            "{} failure(s) over {checked} endpoint(s):\n{}",
            self.0.len(),
            list.join("\n")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_reads_back_from_its_report_line() {
        let mut failures = Failures::default();
        failures.push(
            "create_widget",
            "docs example decodes",
            "invalid type:\n\tstring",
            Some("https://docs.invalid/a"),
        );
        failures.push("get_widget", "typed call", "refused", None);
        let lines: Vec<String> = failures.list().iter().map(Failure::report_line).collect();
        assert_eq!(
            lines[0],
            "create_widget\tdocs example decodes\tinvalid type: string\thttps://docs.invalid/a"
        );
        let back: Vec<Option<Failure>> = lines
            .iter()
            .map(|line| Failure::from_report_line(line))
            .collect();
        assert_eq!(
            back[1].as_ref().map(|failure| failure.page.as_str()),
            Some("(no page)")
        );
        assert_eq!(back[0].as_ref(), failures.list().first());
        assert_eq!(
            failures.list()[0].to_string(),
            "create_widget: docs example decodes: invalid type: string (page: https://docs.invalid/a)"
        );
        assert_eq!(Failure::from_report_line("no tabs"), None);
    }
}
