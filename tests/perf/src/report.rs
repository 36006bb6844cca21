//! The tables and the last line the bench prints from its measurements: the main table
//! (ours beside progenitor, per case), the phases, and the summary line CI and the README
//! read. Measuring lives in `main.rs`; this only formats.

use std::time::Duration;

use jing_codegen::Phases;

use crate::{Measured, ms};

/// Prints the main table, the phases table and the summary line.
pub(crate) fn report(results: &[Measured]) {
    main_table(results);
    println!();
    phases_table(results);
    summary_line(results);
}

/// One row per case: our times, sizes, progenitor's, and the builds of each.
fn main_table(results: &[Measured]) {
    println!(
        "| case | endpoints | ours load ms | ours generate ms | ours ms/endpoint | lines | types | progenitor ms | progenitor lines | codegen ratio | check ours s | check progenitor s | check ratio | check one group s | release ours s | release progenitor s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for result in results {
        let ours = ms(result.load + result.generate);
        let (theirs, their_lines, ratio) = match &result.progenitor {
            Ok((time, run)) => (
                format!("{:.1}", ms(*time)),
                run.lines.to_string(),
                format!("{:.2}", ours / ms(*time)),
            ),
            Err(error) => (
                format!("failed: {}", error.lines().next().unwrap_or_default()),
                "—".to_owned(),
                "—".to_owned(),
            ),
        };
        let (check_ours, check_theirs, check_ratio) = build_cells(&result.check);
        let (release_ours, release_theirs, _) = build_cells(&result.release);
        let one = result.one_group.map_or_else(
            || "—".to_owned(),
            |(time, endpoints)| format!("{:.2} ({endpoints} endpoints)", time.as_secs_f64()),
        );
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.2} | {} | {} | {theirs} | {their_lines} | {ratio} | {check_ours} | {check_theirs} | {check_ratio} | {one} | {release_ours} | {release_theirs} |",
            result.label,
            result.endpoints,
            ms(result.load),
            ms(result.generate),
            ours / result.endpoints.max(1) as f64,
            result.lines,
            result.types,
        );
    }
}

/// A build's cells: ours and theirs in seconds and their ratio, `—` where not measured.
fn build_cells(times: &Option<(Duration, Duration)>) -> (String, String, String) {
    match times {
        Some((ours, theirs)) if !theirs.is_zero() => (
            format!("{:.2}", ours.as_secs_f64()),
            format!("{:.2}", theirs.as_secs_f64()),
            format!("{:.2}", ours.as_secs_f64() / theirs.as_secs_f64()),
        ),
        Some((ours, _)) => (
            format!("{:.2}", ours.as_secs_f64()),
            "—".to_owned(),
            "—".to_owned(),
        ),
        None => ("—".to_owned(), "—".to_owned(), "—".to_owned()),
    }
}

/// One row per case: the phases of our generator and of progenitor's.
fn phases_table(results: &[Measured]) {
    println!(
        "| phases (ms of CPU; load is wall time) | ours load | ours tokens | ours parse | ours print | progenitor read | progenitor tokens | progenitor parse | progenitor print |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for result in results {
        let Phases {
            tokens,
            parse,
            print,
        } = result.phases;
        let theirs = match &result.progenitor {
            Ok((_, run)) => format!(
                "{:.1} | {:.1} | {:.1} | {:.1}",
                ms(run.read),
                ms(run.tokens),
                ms(run.parse),
                ms(run.print)
            ),
            Err(_) => "— | — | — | —".to_owned(),
        };
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {theirs} |",
            result.label,
            ms(result.load),
            ms(tokens),
            ms(parse),
            ms(print)
        );
    }
}

/// The last line, over the synthetic cases: the slowest ms per endpoint, the worst codegen
/// ratio, and the check ratio at the largest size measured.
fn summary_line(results: &[Measured]) {
    let synthetic: Vec<&Measured> = results
        .iter()
        .filter(|result| result.label.starts_with("synthetic"))
        .collect();
    let per_endpoint = synthetic
        .iter()
        .map(|result| ms(result.load + result.generate) / result.endpoints.max(1) as f64)
        .fold(0.0, f64::max);
    let codegen_ratio = synthetic
        .iter()
        .filter_map(|result| {
            let (theirs, _) = result.progenitor.as_ref().ok()?;
            Some(ms(result.load + result.generate) / ms(*theirs))
        })
        .fold(0.0, f64::max);
    let check_ratio = synthetic
        .iter()
        .rev()
        .find_map(|result| {
            let (ours, theirs) = result.check?;
            (!theirs.is_zero()).then(|| ours.as_secs_f64() / theirs.as_secs_f64())
        })
        .map_or_else(|| "not-measured".to_owned(), |ratio| format!("{ratio:.2}"));
    println!(
        "codegen_ms_per_endpoint={per_endpoint:.2} codegen_ratio_vs_progenitor={codegen_ratio:.2} check_ratio_vs_progenitor={check_ratio}"
    );
}
