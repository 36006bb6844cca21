//! The importer at scale: a SYNTHETIC export of N operations (`cargo xtask synth N`, then
//! its OpenAPI document) imported against the spec it came from, best of `ROUNDS`, with
//! nothing written (`import` as the maintainer first runs it) and once with `--write` into
//! a copy of the spec. Linear means the time per operation stays flat as N grows.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use jing_vendor_docs::import::command::{Action, Options, run};

/// One size measured.
pub struct Scale {
    pub operations: usize,
    pub bytes: usize,
    pub show: Duration,
    pub write: Duration,
}

impl Scale {
    pub fn ms_per_operation(&self) -> f64 {
        self.show.as_secs_f64() * 1000.0 / self.operations as f64
    }
}

/// Measures each size; `rounds` runs of the show action, the fastest kept.
pub fn measure(sizes: &[usize], scratch: &Path, rounds: usize) -> anyhow::Result<Vec<Scale>> {
    let mut measured = Vec::new();
    for &size in sizes {
        eprintln!("measuring import of {size} operations");
        let spec_dir = scratch.join(format!("import-spec-{size}"));
        xtask::synth::write(size, &spec_dir)?;
        let spec = jing_spec::load(&jing_spec::Sources::dir(&spec_dir))
            .map_err(|errors| anyhow::anyhow!("{errors}"))?;
        let export = scratch.join(format!("import-export-{size}.json"));
        let text = xtask::openapi::render(&spec);
        std::fs::write(&export, &text)?;
        let options = Options {
            max_bytes: text.len() + 1,
            ..Options::new(vec![export.clone()])
        };
        let mut show = Duration::MAX;
        for _ in 0..rounds {
            let started = Instant::now();
            let outcome = run(&spec_dir, &options)?;
            show = show.min(started.elapsed());
            anyhow::ensure!(
                outcome.differences == 0,
                "the export reads back to the spec"
            );
        }
        let copy = scratch.join(format!("import-copy-{size}"));
        let _ = std::fs::remove_dir_all(&copy);
        std::fs::create_dir_all(&copy)?;
        for entry in std::fs::read_dir(&spec_dir)?.filter_map(Result::ok) {
            std::fs::copy(entry.path(), copy.join(entry.file_name()))?;
        }
        let writing = Options {
            action: Action::Write,
            ..options.clone()
        };
        let started = Instant::now();
        run(&copy, &writing).context("import --write")?;
        let write = started.elapsed();
        measured.push(Scale {
            operations: size,
            bytes: text.len(),
            show,
            write,
        });
    }
    Ok(measured)
}

/// The table, and a last line with the figures the README quotes.
pub fn report(scales: &[Scale]) {
    println!();
    println!("import of a synthetic export (best of rounds; --write once, into a copy):");
    println!(
        "{:>10} {:>10} {:>10} {:>10} {:>12}",
        "operations", "MB", "import ms", "ms/op", "--write ms"
    );
    for scale in scales {
        println!(
            "{:>10} {:>10.1} {:>10.0} {:>10.3} {:>12.0}",
            scale.operations,
            scale.bytes as f64 / 1e6,
            scale.show.as_secs_f64() * 1000.0,
            scale.ms_per_operation(),
            scale.write.as_secs_f64() * 1000.0
        );
    }
    if let (Some(first), Some(last)) = (scales.first(), scales.last()) {
        println!(
            "import_ms_at_{}={:.0} import_per_op_ratio_{}_vs_{}={:.2}",
            last.operations,
            last.show.as_secs_f64() * 1000.0,
            last.operations,
            first.operations,
            last.ms_per_operation() / first.ms_per_operation()
        );
    }
}
