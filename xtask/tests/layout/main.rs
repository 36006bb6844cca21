//! The layout rules of STYLE.md, checked so they hold for good: arrows run one way (no
//! module imports one that imports it, in any crate the root `Cargo.toml` lists, new
//! crates included), read from the sources with `syn` (`graph.rs`) and searched for
//! circles (`circles.rs`); and the hand-written files of the tooling, the generator, the
//! SDK and the integration tests stay within 500 lines and their functions within 80
//! (`sizes.rs`).

mod circles;
mod graph;
mod sizes;

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Circles that exist today and are someone else's to remove, each named by its package
/// and the modules caught in it. The list can only shrink: an entry that no longer
/// matches a circle found fails the test until it is taken out.
const KNOWN: &[(&str, &[&str])] = &[];

/// The workspace's packages, as `cargo metadata` lists its members.
fn workspace_packages() -> Vec<serde_json::Value> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = xtask::workspace_root();
    let output = std::process::Command::new(cargo)
        .current_dir(&root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| {
            package["id"]
                .as_str()
                .is_some_and(|id| members.contains(&id))
        })
        .cloned()
        .collect()
}

/// Every crate target of the workspace (libraries and binaries) whose root is in its
/// package's `src/`: its package and target names and its root file.
fn crate_targets() -> Vec<(String, String, PathBuf)> {
    let mut targets = Vec::new();
    for package in workspace_packages() {
        let name = package["name"].as_str().unwrap_or_default().to_owned();
        let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap_or_default());
        let src = manifest
            .parent()
            .map(|dir| dir.join("src"))
            .unwrap_or_default();
        for (target, root) in graph::target_roots(&package) {
            if root.starts_with(&src) {
                targets.push((name.clone(), target, root));
            }
        }
    }
    targets
}

/// One tangle of modules found: its package, its modules, and how to read it.
struct Found {
    package: String,
    modules: BTreeSet<String>,
    text: String,
}

/// Every tangle of modules in the crate target whose root file is `root`.
fn tangles_of(package: &str, target: &str, root: &std::path::Path) -> Vec<Found> {
    let graph = graph::Graph::of_target(root);
    assert!(graph.problems.is_empty(), "{:#?}", graph.problems);
    let witnessed = graph.arrows();
    let arrows: circles::Arrows = witnessed
        .iter()
        .map(|(from, targets)| (from.clone(), targets.keys().cloned().collect()))
        .collect();
    circles::tangles(&arrows)
        .into_iter()
        .map(|modules| {
            let mut text = format!(
                "{package} ({target}): {}",
                modules.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            for circle in circles::circles_in(&arrows, &modules) {
                text.push_str(&format!("\n  circle: {}", circle.join(" -> ")));
                for step in circle.windows(2) {
                    let path = &witnessed[&step[0]][&step[1]];
                    text.push_str(&format!("\n    {} -> {} ({path})", step[0], step[1]));
                }
            }
            Found {
                package: package.to_owned(),
                modules,
                text,
            }
        })
        .collect()
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let targets = crate_targets();
    let names: Vec<&str> = targets
        .iter()
        .map(|(package, ..)| package.as_str())
        .collect();
    for expected in [
        "jing-spec",
        "jing-codegen",
        "jing-api",
        "jing-mock",
        "jing-cli",
        "xtask",
        "jing-vendor-docs",
    ] {
        assert!(names.contains(&expected), "{expected} is read: {names:?}");
    }
    let found: Vec<Found> = targets
        .iter()
        .flat_map(|(package, target, root)| tangles_of(package, target, root))
        .collect();
    let known = |found: &Found| {
        KNOWN.iter().any(|(package, modules)| {
            found.package == *package && found.modules.iter().eq(modules.iter())
        })
    };
    let new: Vec<&str> = found
        .iter()
        .filter(|found| !known(found))
        .map(|found| found.text.as_str())
        .collect();
    let gone: Vec<String> = KNOWN
        .iter()
        .filter(|(package, modules)| {
            !found
                .iter()
                .any(|found| found.package == *package && found.modules.iter().eq(modules.iter()))
        })
        .map(|(package, modules)| format!("{package}: {}", modules.join(", ")))
        .collect();
    assert!(
        new.is_empty(),
        "{} circle(s) of modules: move the shared state or type into a module of its own that both sides import\n{}",
        new.len(),
        new.join("\n")
    );
    assert!(
        gone.is_empty(),
        "no longer a circle: take these entries out of KNOWN\n{}",
        gone.join("\n")
    );
}

/// The crates the size rule covers, by folder: the tooling's, the generator, the SDK, the
/// mock (jing-api/mock), the `jing` program (jing-api/cli), the integration tests and the
/// soak. Generated folders are left out (`sizes::rust_files`), and so is what `UNSIZED`
/// names.
const SIZED: &[&str] = &[
    "jing-spec",
    "xtask",
    "xtask/vendor-docs",
    "jing-codegen",
    "jing-api",
    "jing-api/mock",
    "jing-api/cli",
    "tests",
    "tests/soak",
];

/// Parts of the sized crates still to meet the rule, each a path prefix from the
/// workspace root (none left since the mock, the CLI and the soak became crates of their
/// own, issue #29). The list can only shrink: a prefix that matches no file fails the test
/// until it is taken out.
const UNSIZED: &[&str] = &[];

#[test]
fn hand_written_files_stay_within_500_lines_and_functions_within_80() {
    let root = xtask::workspace_root();
    let mut long = Vec::new();
    let mut read = 0;
    let mut skipped = BTreeSet::new();
    for folder in SIZED {
        for part in ["src", "tests", "examples", "benches"] {
            for file in sizes::rust_files(&root.join(folder).join(part)) {
                let name = file
                    .strip_prefix(&root)
                    .unwrap_or(&file)
                    .to_string_lossy()
                    .replace('\\', "/");
                if let Some(prefix) = UNSIZED.iter().find(|prefix| name.starts_with(*prefix)) {
                    skipped.insert(*prefix);
                    continue;
                }
                let text = std::fs::read_to_string(&file).expect("a source file reads");
                let lines = text.lines().count();
                if lines > 500 {
                    long.push(sizes::Long {
                        place: name.clone(),
                        lines,
                    });
                }
                long.extend(sizes::long_functions(&name, &text, 80));
                read += 1;
            }
        }
    }
    assert!(read > 100, "{read} files read under {}", root.display());
    let stale: Vec<&&str> = UNSIZED
        .iter()
        .filter(|prefix| !skipped.contains(*prefix))
        .collect();
    assert!(
        stale.is_empty(),
        "no file left under these: take them out of UNSIZED\n{stale:?}"
    );
    let long: Vec<String> = long
        .iter()
        .map(|long| format!("{} lines: {}", long.lines, long.place))
        .collect();
    assert!(
        long.is_empty(),
        "files over 500 lines or functions over 80 (split them by sub-part):\n{}",
        long.join("\n")
    );
}
