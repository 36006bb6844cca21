//! `cargo xtask changes`: what a regeneration does to the generated public API, against the
//! spec at a git revision (`HEAD` by default): every changed spec item with its Rust
//! consequence and its class (breaking, additive, behaviour, docs) — modules, Cargo
//! features and client accessors too, and the docs' examples — and a last line with the
//! counts. `--changelog` writes the report under "Unreleased" in
//! `jing-api/CHANGELOG.md`.

mod compare;
mod groups;
mod members;
mod webhooks;

use std::path::Path;
use std::process::Command;

use anyhow::Context;

pub use compare::{ApiChange, Class, compare, summary};

/// Why git could not give the spec at a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// `git` could not be started.
    NotInstalled(String),
    /// The folder is not inside a git repository.
    NotARepository,
    /// The repository has no commit of that name.
    UnknownRevision(String),
    /// Another failure of a git command.
    Failed {
        /// The command, as `git ls-tree …`.
        command: String,
        /// What git said.
        message: String,
    },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotInstalled(error) => {
                write!(
                    f,
                    "git could not be run ({error}): is git installed and on PATH?"
                )
            }
            GitError::NotARepository => {
                f.write_str("not a git checkout: there is no revision to compare with")
            }
            GitError::UnknownRevision(revision) => write!(
                f,
                "git does not know the revision `{revision}` (a commit, branch or tag of this repository)"
            ),
            GitError::Failed { command, message } => write!(f, "`{command}` failed: {message}"),
        }
    }
}

impl std::error::Error for GitError {}

/// `git` in `root`, speaking English whatever the user's locale: its messages are matched
/// below (`not a git repository`), and a translated git (`LANGUAGE=zh_CN:zh`,
/// `LC_ALL=zh_CN.UTF-8`) would say them in Chinese.
fn git_command(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(root)
        .env("LC_ALL", "C")
        .env("LANGUAGE", "");
    command
}

/// Runs `git ARGS` in `root`: its standard output, or what went wrong.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = git_command(root)
        .args(args)
        .output()
        .map_err(|error| GitError::NotInstalled(error.to_string()))?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if message.contains("not a git repository") {
        return Err(GitError::NotARepository);
    }
    Err(GitError::Failed {
        command: format!("git {}", args.join(" ")),
        message,
    })
}

/// The spec of `spec_dir` (relative to the repository at `root`) as it was at `revision`,
/// read with `git show`; `None` outside a git checkout. A failure of git is a
/// [`GitError`] that says which (git missing, unknown revision, another).
pub fn spec_at(
    root: &Path,
    spec_dir: &str,
    revision: &str,
) -> anyhow::Result<Option<jing_spec::Spec>> {
    match git(root, &["rev-parse", "--is-inside-work-tree"]) {
        Err(GitError::NotARepository) => return Ok(None),
        Err(error) => return Err(error.into()),
        Ok(_) => {}
    }
    let commit = format!("{revision}^{{commit}}");
    match git(root, &["rev-parse", "--verify", "--quiet", &commit]) {
        Err(GitError::Failed { .. }) => {
            return Err(GitError::UnknownRevision(revision.to_owned()).into());
        }
        Err(error) => return Err(error.into()),
        Ok(_) => {}
    }
    let listing = git(
        root,
        &["ls-tree", "--name-only", revision, &format!("{spec_dir}/")],
    )?;
    let names = String::from_utf8_lossy(&listing).into_owned();
    let mut api = None;
    let mut groups = Vec::new();
    let mut webhooks = None;
    for path in names.lines().filter(|path| path.ends_with(".yaml")) {
        let shown = git(root, &["show", &format!("{revision}:{path}")])?;
        let text =
            String::from_utf8(shown).with_context(|| format!("{revision}:{path} is not UTF-8"))?;
        let file = path.rsplit('/').next().unwrap_or(path);
        let source = jing_spec::Source::new(format!("{revision}:{path}"), text);
        match file {
            jing_spec::API_FILE => api = Some(source),
            jing_spec::WEBHOOKS_FILE => webhooks = Some(source),
            _ => groups.push(source),
        }
    }
    let api =
        api.with_context(|| format!("{spec_dir}/{} is not in {revision}", jing_spec::API_FILE))?;
    let mut sources = jing_spec::Sources::new(api);
    for group in groups {
        sources = sources.group(group);
    }
    if let Some(webhooks) = webhooks {
        sources = sources.webhooks(webhooks);
    }
    let spec = jing_spec::load(&sources).map_err(|errors| not_loaded(revision, &errors))?;
    Ok(Some(spec.into_spec()))
}

/// Why the spec at `revision` is not compared, on one line: how many problems it has and
/// the first (a spec committed half-imported has hundreds, each a draft; listing them all
/// would bury the report they stand in).
fn not_loaded(revision: &str, errors: &jing_spec::SpecErrors) -> anyhow::Error {
    let first = errors
        .iter()
        .next()
        .map_or_else(String::new, |error| format!("; the first: {error}"));
    anyhow::anyhow!(
        "the spec at {revision} does not load: {} problem(s){first}",
        errors.len()
    )
}

/// The report: one line per change, then the counts.
pub fn report(changes: &[ApiChange]) -> String {
    let mut lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    lines.push(summary(changes));
    lines.join("\n")
}

/// `changelog` with `changes` written under its "Unreleased" heading, each class in a
/// section of its own; lines already there are not written twice.
pub fn changelog(changelog: &str, changes: &[ApiChange]) -> anyhow::Result<String> {
    const UNRELEASED: &str = "## [Unreleased]";
    let start = changelog
        .find(UNRELEASED)
        .context("the changelog has no `## [Unreleased]` heading")?
        + UNRELEASED.len();
    let end = changelog[start..]
        .find("\n## ")
        .map_or(changelog.len(), |at| start + at + 1);
    let mut section = changelog[start..end].to_owned();
    let headings = [
        (Class::Breaking, "### Breaking (generated API)"),
        (Class::Additive, "### Added (generated API)"),
        (Class::Behaviour, "### Changed behaviour (generated API)"),
        (Class::Docs, "### Documentation (generated API)"),
    ];
    for (class, heading) in headings {
        let lines: Vec<String> = changes
            .iter()
            .filter(|change| change.class == class)
            .map(|change| format!("- `{}`: {}", change.item, change.what))
            .filter(|line| !section.contains(line.as_str()))
            .collect();
        if lines.is_empty() {
            continue;
        }
        let block = lines.join("\n");
        match section.find(heading) {
            Some(at) => {
                let after = at + heading.len();
                section.insert_str(after, &format!("\n\n{block}"));
            }
            None => {
                let trimmed = section.trim_end().len();
                section.truncate(trimmed);
                section.push_str(&format!("\n\n{heading}\n\n{block}\n\n"));
            }
        }
    }
    Ok(format!(
        "{}{}{}",
        &changelog[..start],
        section,
        &changelog[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set (to the folder outside any repository) in the child run of
    /// `outside_git_is_told_apart_in_a_chinese_locale`.
    const CHILD: &str = "XTASK_CHANGES_LOCALE_CHILD";

    #[test]
    fn every_git_command_runs_in_the_c_locale() {
        let command = git_command(Path::new("."));
        let envs: Vec<_> = command.get_envs().collect();
        assert!(
            envs.contains(&("LC_ALL".as_ref(), Some("C".as_ref()))),
            "{envs:?}"
        );
        assert!(
            envs.contains(&("LANGUAGE".as_ref(), Some("".as_ref()))),
            "{envs:?}"
        );
    }

    /// A spec at HEAD with many problems is one line: their count and the first.
    #[test]
    fn a_spec_that_does_not_load_is_one_line() {
        let error = |line: usize| jing_spec::SpecError {
            file: "HEAD:jing-spec/api/22-x.yaml".to_owned(),
            line,
            column: 7,
            key: format!("endpoints[{line}].doc.draft"),
            message: "an open decision".to_owned(),
        };
        let errors = jing_spec::SpecErrors((1..=218).map(error).collect());
        let said = format!("{:#}", not_loaded("HEAD", &errors));
        assert_eq!(said.lines().count(), 1, "{said}");
        assert!(
            said.starts_with("the spec at HEAD does not load: 218 problem(s); the first: HEAD:jing-spec/api/22-x.yaml:1:7"),
            "{said}"
        );
        assert!(!said.contains("endpoints[2]"), "{said}");
    }

    /// This test run again as a child process, in a Chinese locale: once with a stand-in
    /// `git` first on `PATH` that answers in Chinese unless `LC_ALL=C`, once with the real
    /// one. Outside a repository, each time, there is nothing to compare with (no error).
    #[cfg(unix)]
    #[test]
    fn outside_git_is_told_apart_in_a_chinese_locale() {
        use std::os::unix::fs::PermissionsExt;
        if let Some(outside) = std::env::var_os(CHILD) {
            let found = spec_at(Path::new(&outside), ".", "HEAD");
            assert!(matches!(found, Ok(None)), "{found:?}");
            return;
        }
        let outside =
            std::env::temp_dir().join(format!("xtask-changes-locale-{}", std::process::id()));
        let fake = outside.join("bin");
        std::fs::create_dir_all(&fake).unwrap_or_else(|error| panic!("{error}"));
        let script = "#!/bin/sh\n\
            if [ \"$LC_ALL\" = C ]; then\n\
            echo 'fatal: not a git repository (or any of the parent directories): .git' >&2\n\
            else\n\
            echo 'fatal: 不是 git 仓库（或者直至挂载点 / 的任何父目录）' >&2\n\
            fi\n\
            exit 128\n";
        let git = fake.join("git");
        std::fs::write(&git, script).unwrap_or_else(|error| panic!("{error}"));
        std::fs::set_permissions(&git, std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|error| panic!("{error}"));
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut fake_first = std::ffi::OsString::from(fake.as_os_str());
        fake_first.push(":");
        fake_first.push(&path);
        let exe = std::env::current_exe().unwrap_or_else(|error| panic!("{error}"));
        for path in [fake_first, path] {
            let output = Command::new(&exe)
                .args([
                    "--exact",
                    "changes::tests::outside_git_is_told_apart_in_a_chinese_locale",
                    "--test-threads=1",
                ])
                .env(CHILD, &outside)
                .env("PATH", &path)
                .env("LANGUAGE", "zh_CN:zh")
                .env("LC_ALL", "zh_CN.UTF-8")
                .env("LANG", "zh_CN.UTF-8")
                .output()
                .unwrap_or_else(|error| panic!("{error}"));
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success() && stdout.contains("1 passed"),
                "PATH={path:?}\n{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let _ = std::fs::remove_dir_all(&outside);
    }
}
