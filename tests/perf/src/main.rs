//! Our generator and its output beside progenitor's, on the same API.
//!
//! For the real spec and SYNTHETIC specs of N endpoints (`cargo xtask synth`, shaped like the
//! real pages), in one run on this machine:
//!
//! 1. our whole in-process pipeline, best of `ROUNDS`: load (parse + validate) and generate
//!    (build tokens + format), with the lines and types it writes, and the phases of the
//!    fastest round (tokens, `syn` parse, prettyplease print; CPU time over every core);
//! 2. progenitor generating from our `openapi` export of the same spec, in process, best of
//!    `ROUNDS`: read the document, generate tokens, parse, format with prettyplease (as ours
//!    does), with the same phases;
//! 3. with `--check`: a scratch crate of each output, `cargo check` after touching it (the
//!    dependencies built once before), best of 3; with `--release` also `cargo build
//!    --release` after a touch.
//!
//! 4. the importer at scale (`import_scale.rs`): a synthetic export of 100 and 1,000
//!    operations imported against its spec (`--import-sizes` to change them).
//!
//! It prints one table, a table of phases, the import table, and a last line
//! `codegen_ms_per_endpoint=… codegen_ratio_vs_progenitor=… check_ratio_vs_progenitor=…`
//! (ratios: ours ÷ theirs, lower is better; the check ratio is at the largest N measured).
//!
//! ```text
//! cargo run --release --manifest-path tests/perf/Cargo.toml -- [--sizes 50,200,400] [--import-sizes 100,1000] [--check] [--release]
//! ```

mod import_scale;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use jing_codegen::{GeneratedFile, Host, Phases, Target};
use jing_spec::{Sources, Spec, Valid};

const ROUNDS: usize = 5;

struct Case {
    label: String,
    spec_dir: PathBuf,
}

struct Measured {
    label: String,
    endpoints: usize,
    load: Duration,
    generate: Duration,
    /// Our generate phases, summed over cores.
    phases: Phases,
    lines: usize,
    types: usize,
    progenitor: Result<(Duration, TheirRun), String>,
    check: Option<(Duration, Duration)>,
    release: Option<(Duration, Duration)>,
    /// `cargo check` with the first group's feature alone, and that group's endpoints.
    one_group: Option<(Duration, usize)>,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|arg| arg == name);
    let sizes = sizes_flag(&args, "--sizes", &[50, 200, 400])?;
    // As cargo names the folder when it runs the bench, so a build from another copy of
    // the repository measures this one.
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .join("../..")
        .canonicalize()?;
    let scratch = std::env::temp_dir().join("jing-perf");
    std::fs::create_dir_all(&scratch)?;
    let mut cases = vec![Case {
        label: "real spec".to_owned(),
        spec_dir: root.join("jing-spec/api"),
    }];
    for size in &sizes {
        let dir = scratch.join(format!("synth-{size}"));
        xtask::synth::write(*size, &dir)?;
        cases.push(Case {
            label: format!("synthetic {size}"),
            spec_dir: dir,
        });
    }
    let mut results = Vec::new();
    for case in &cases {
        eprintln!("measuring {}", case.label);
        results.push(measure(
            case,
            &root,
            &scratch,
            flag("--check"),
            flag("--release"),
        )?);
    }
    let import_sizes = sizes_flag(&args, "--import-sizes", &[100, 1000])?;
    let scales = import_scale::measure(&import_sizes, &scratch, ROUNDS)?;
    report::report(&results);
    import_scale::report(&scales);
    Ok(())
}

/// The comma-separated sizes after `flag`, or `default`.
fn sizes_flag(args: &[String], flag: &str, default: &[usize]) -> anyhow::Result<Vec<usize>> {
    match args.iter().position(|arg| arg == flag) {
        Some(at) => args
            .get(at + 1)
            .with_context(|| format!("{flag} needs a list"))?
            .split(',')
            .map(|size| size.trim().parse().context("a size"))
            .collect(),
        None => Ok(default.to_vec()),
    }
}

/// The fastest of `ROUNDS` runs, with what that run gave.
fn best<T>(mut run: impl FnMut() -> anyhow::Result<T>) -> anyhow::Result<(Duration, T)> {
    let mut fastest: Option<(Duration, T)> = None;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let value = run()?;
        let elapsed = started.elapsed();
        if fastest.as_ref().is_none_or(|(time, _)| elapsed < *time) {
            fastest = Some((elapsed, value));
        }
    }
    fastest.context("at least one round")
}

fn load(dir: &Path) -> anyhow::Result<Valid> {
    jing_spec::load(&Sources::dir(dir)).map_err(|errors| anyhow::anyhow!("{errors}"))
}

/// One case measured: our pipeline, progenitor's, and (with `check`) the builds of each.
fn measure(
    case: &Case,
    root: &Path,
    scratch: &Path,
    check: bool,
    release: bool,
) -> anyhow::Result<Measured> {
    let (load_time, spec) = best(|| load(&case.spec_dir))?;
    let target = Target {
        host: Host::External,
        spec_dir: "spec".to_owned(),
    };
    let (generate_time, (files, phases)) =
        best(|| Ok(jing_codegen::generate_measured(&spec, &target)))?;
    let files: Vec<GeneratedFile> = files
        .into_iter()
        .filter(|file| file.path != "mock.rs")
        .collect();
    let (lines, types) = output_size(&files);
    let endpoints = spec
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .count();
    let document = xtask::openapi::document(&spec);
    let text = serde_json::to_string(&without_default_answers(document))?;
    let progenitor = best(|| progenitor_generate(&text)).map_err(|error| format!("{error:#}"));
    let builds = if check {
        let outputs = Outputs {
            spec: &spec,
            files: &files,
            progenitor_text: progenitor.is_ok().then_some(text.as_str()),
        };
        measure_builds(case, root, scratch, &outputs, release)?
    } else {
        Builds::default()
    };
    Ok(Measured {
        label: case.label.clone(),
        endpoints,
        load: load_time,
        generate: generate_time,
        phases,
        lines,
        types,
        progenitor,
        check: builds.check,
        release: builds.release,
        one_group: builds.one_group,
    })
}

/// The lines and the public types (structs and enums) our files hold.
fn output_size(files: &[GeneratedFile]) -> (usize, usize) {
    let lines = files.iter().map(|file| file.contents.lines().count()).sum();
    let types = files
        .iter()
        .map(|file| {
            file.contents.matches("\npub struct ").count()
                + file.contents.matches("\npub enum ").count()
        })
        .sum();
    (lines, types)
}

/// What the scratch crates are built from: our spec and files, and progenitor's input
/// when progenitor generated from it.
struct Outputs<'a> {
    spec: &'a Spec,
    files: &'a [GeneratedFile],
    progenitor_text: Option<&'a str>,
}

/// The build times of one case (ours, theirs); `None` where not measured.
#[derive(Default)]
struct Builds {
    check: Option<(Duration, Duration)>,
    release: Option<(Duration, Duration)>,
    one_group: Option<(Duration, usize)>,
}

/// `cargo check` (and with `release`, `cargo build --release`) of a scratch crate of each
/// output, and `cargo check` of ours with the first group's feature alone.
fn measure_builds(
    case: &Case,
    root: &Path,
    scratch: &Path,
    outputs: &Outputs<'_>,
    release: bool,
) -> anyhow::Result<Builds> {
    let spec = outputs.spec;
    let slug: String = case.label.replace(' ', "-");
    let ours = write_ours(
        &scratch.join(format!("ours-{slug}")),
        root,
        spec,
        outputs.files,
    )?;
    let theirs = match outputs.progenitor_text {
        Some(text) => Some(write_progenitor(
            &scratch.join(format!("progenitor-{slug}")),
            text,
        )?),
        None => None,
    };
    let ours_target = scratch.join("target-ours");
    let theirs_target = scratch.join("target-progenitor");
    let check = timed_pair(
        &ours,
        theirs.as_deref(),
        &["check"],
        &ours_target,
        &theirs_target,
    )?;
    let first_group = spec
        .groups
        .first()
        .map(|group| group.key.clone())
        .unwrap_or_default();
    let one = timed_cargo(
        &ours,
        &["check", "--no-default-features", "--features", &first_group],
        &ours_target,
    )?;
    let one_group = Some((
        one,
        spec.groups.first().map_or(0, |group| group.endpoints.len()),
    ));
    let release = if release {
        let args = ["build", "--release"];
        Some(timed_pair(
            &ours,
            theirs.as_deref(),
            &args,
            &ours_target,
            &theirs_target,
        )?)
    } else {
        None
    };
    Ok(Builds {
        check: Some(check),
        release,
        one_group,
    })
}

/// `cargo <args>` timed in our crate and in progenitor's (zero where it has none).
fn timed_pair(
    ours: &Path,
    theirs: Option<&Path>,
    args: &[&str],
    ours_target: &Path,
    theirs_target: &Path,
) -> anyhow::Result<(Duration, Duration)> {
    let ours_time = timed_cargo(ours, args, ours_target)?;
    let theirs_time = match theirs {
        Some(dir) => timed_cargo(dir, args, theirs_target)?,
        None => Duration::ZERO,
    };
    Ok((ours_time, theirs_time))
}

/// A copy of our export for progenitor: every operation's `default` error answer taken out
/// where it stands beside another answer (progenitor asserts one response type per
/// operation, `response_types.len() <= 1`, and the export's `default` is the Jing error
/// envelope beside the `200`). The bench's concern, not the export's.
fn without_default_answers(mut document: serde_json::Value) -> serde_json::Value {
    let paths = document
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut);
    for operation in paths
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(serde_json::Value::as_object_mut)
        .flat_map(|item| item.values_mut())
    {
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(serde_json::Value::as_object_mut)
            && responses.len() > 1
        {
            responses.remove("default");
        }
    }
    document
}

/// One progenitor run: its phases and the lines it printed.
struct TheirRun {
    read: Duration,
    tokens: Duration,
    parse: Duration,
    print: Duration,
    lines: usize,
}

/// Progenitor on our export: read the document, generate tokens, parse, format.
fn progenitor_generate(text: &str) -> anyhow::Result<TheirRun> {
    let started = Instant::now();
    let spec: openapiv3::OpenAPI = serde_json::from_str(text)?;
    let read = Instant::now();
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let built = Instant::now();
    let file: syn::File = syn::parse2(tokens)?;
    let parsed = Instant::now();
    let lines = prettyplease::unparse(&file).lines().count();
    let printed = Instant::now();
    Ok(TheirRun {
        read: read - started,
        tokens: built - read,
        parse: parsed - built,
        print: printed - parsed,
        lines,
    })
}

fn write_ours(
    dir: &Path,
    root: &Path,
    spec: &Spec,
    files: &[GeneratedFile],
) -> anyhow::Result<PathBuf> {
    let generated = dir.join("src/generated");
    std::fs::create_dir_all(&generated)?;
    let manifest = format!(
        "[package]\nname = \"ours\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\njing-api = {{ path = \"{}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n[features]\n{}\n[workspace]\n",
        root.join("jing-api").display(),
        xtask::features::block(spec)
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![allow(missing_docs)]\nmod generated;\npub use generated::*;\n",
    )?;
    for file in files {
        std::fs::write(generated.join(&file.path), &file.contents)?;
    }
    Ok(dir.to_path_buf())
}

fn write_progenitor(dir: &Path, text: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir.join("src"))?;
    let spec: openapiv3::OpenAPI = serde_json::from_str(text)?;
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let source = prettyplease::unparse(&syn::parse2(tokens)?);
    let dependencies = "progenitor-client = \"0.15\"\nreqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\"] }\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nbytes = \"1\"\nfutures-core = \"0.3\"\nregress = \"0.10\"\n";
    let manifest = format!(
        "[package]\nname = \"theirs\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{dependencies}\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(
        dir.join("src/lib.rs"),
        format!("#![allow(warnings)]\n{source}"),
    )?;
    Ok(dir.to_path_buf())
}

/// `cargo ARGS` in `dir` once to build the dependencies, then best of 3 after a touch.
fn timed_cargo(dir: &Path, args: &[&str], target: &Path) -> anyhow::Result<Duration> {
    let run = || -> anyhow::Result<Duration> {
        let started = Instant::now();
        let status = Command::new("cargo")
            .args(args)
            .arg("--quiet")
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .status()?;
        if !status.success() {
            bail!("cargo {args:?} failed in {}", dir.display());
        }
        Ok(started.elapsed())
    };
    run()?;
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let lib = dir.join("src/lib.rs");
        let text = std::fs::read_to_string(&lib)?;
        std::fs::write(&lib, text)?;
        fastest = fastest.min(run()?);
    }
    Ok(fastest)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
