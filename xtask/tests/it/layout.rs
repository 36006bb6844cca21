//! The layout rules of STYLE.md, checked so they hold for good: arrows run one way (no
//! module imports one that imports it, in any crate the root `Cargo.toml` lists, new
//! crates included), read from the sources with `syn` (`graph.rs`) and searched for
//! circles (`circles.rs`); and the hand-written files of the tooling, the generator, the
//! SDK and the integration tests stay within 500 lines and their functions within 80
//! (`sizes.rs`); and the root README stays within 15 KB with a layout that names every
//! folder holding Rust source (`readme.rs`); and no hand-written module of a crate with
//! generated code names that code, the crate root's re-exports aside, nor does the
//! hand-written code of jing-mock and jing-cli name jing-api's (`oneway.rs`); and the
//! importer's stages point one way, read ← compare ← write (`stages.rs`).

mod circles;
mod graph;
mod oneway;
mod readme;
mod sizes;
mod stages;

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Circles that exist today and are someone else's to remove, each named by its package
/// and the modules caught in it (`""` is the crate root). The list can only shrink: an
/// entry that no longer matches a circle found fails the test until it is taken out.
/// These came to light when a parent's use of its own child began to count as an import
/// (issue #29): each is a child that reaches back to its parent (or an ancestor) for an
/// item the parent holds while the parent uses the child.
const KNOWN: &[(&str, &[&str])] = &[];

/// The workspace's packages, as `cargo metadata` lists its members.
fn workspace_packages() -> Vec<serde_json::Value> {
    let output = crate::cargo(&[
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
        "--offline",
    ]);
    let metadata: serde_json::Value =
        serde_json::from_str(&output).expect("cargo metadata prints JSON");
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

#[test]
fn the_readme_stays_short_and_its_layout_names_every_source_folder() {
    let root = xtask::workspace_root();
    let text = std::fs::read_to_string(root.join("README.md")).expect("README.md reads");
    assert!(
        text.len() <= readme::MAX_BYTES,
        "README.md is {} bytes, over {}: move detail into the crate READMEs or the modules' docs",
        text.len(),
        readme::MAX_BYTES
    );
    let named =
        readme::named_folders(&text).expect("README.md has a ```text block under ## Layout");
    let found = readme::source_folders(&root);
    let missing: Vec<&String> = found.difference(&named).collect();
    let gone: Vec<&String> = named
        .iter()
        .filter(|folder| !root.join(folder.as_str()).is_dir())
        .collect();
    assert!(
        missing.is_empty(),
        "folders with Rust source that README.md's layout does not name:\n{missing:?}"
    );
    assert!(
        gone.is_empty(),
        "README.md's layout names folders that are gone:\n{gone:?}"
    );
}

/// A path built in at compile time names the copy of the repository the binary was built
/// in: a test binary reused from another copy (same sources, same build folder) would read
/// that copy's files, or none once it is gone. So a crate folder is taken as cargo names it
/// when it runs the program, the compile-time name only as the fallback just below it.
#[test]
fn crate_folders_are_read_at_run_time() {
    let root = xtask::workspace_root();
    let compile_time = concat!("env!(\"CARGO", "_MANIFEST_DIR\")");
    let run_time = concat!("var_os(\"CARGO", "_MANIFEST_DIR\")");
    let mut found = Vec::new();
    for file in sizes::rust_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let guarded = lines[index.saturating_sub(2)..index]
                .iter()
                .any(|before| before.contains(run_time));
            if line.contains(compile_time) && !line.contains(run_time) && !guarded {
                found.push(format!("{}:{}", file.display(), index + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "read the crate folder from the run-time variable first:\n{}",
        found
            .iter()
            .map(|found| found.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The crates with generated code, each with the hand-written modules that may name it
/// beside the crate root (none: jing-api's `webhook` module is generated, and re-exports
/// the hand-written `webhook_runtime`, which is generic over a spec's events).
const ONE_WAY: &[(&str, &[&str])] = &[("jing-api", &[]), ("jing-mock", &[]), ("jing-cli", &[])];

/// The crates around jing-api, each with the workspace crates whose generated code its
/// hand-written code may not name either (by the crate's name and package): the mock and
/// the program are handed jing-api's `ApiSpec` (and the program its mock) by their own
/// generated code (issue #29).
const AROUND: &[(&str, &str, &str)] = &[
    ("jing-mock", "jing_api", "jing-api"),
    ("jing-cli", "jing_api", "jing-api"),
    ("jing-cli", "jing_mock", "jing-mock"),
];

/// Hand-written code that still names generated code and is someone else's to change,
/// each as the start of the line the rule prints. The list can only shrink: an entry that
/// matches nothing fails the test until it is taken out.
const NAMES_GENERATED: &[&str] = &[];

/// Generated code names the runtime, and never the other way: the generated side hands its
/// tables in (`SPEC` to `ClientBuilder::for_spec`, issue #29).
#[test]
fn hand_written_modules_name_no_generated_code() {
    let targets = crate_targets();
    let mut found = Vec::new();
    for (package, allowed) in ONE_WAY {
        let roots: Vec<&(String, String, PathBuf)> = targets
            .iter()
            .filter(|(name, ..)| name == package)
            .collect();
        assert!(!roots.is_empty(), "{package} is read");
        for (_, target, root) in roots {
            let graph = graph::Graph::of_target(root);
            assert!(graph.problems.is_empty(), "{:#?}", graph.problems);
            let text = std::fs::read_to_string(root).expect("a crate root reads");
            let mut in_root =
                oneway::root_code_naming_generated(&text).expect("a crate root parses");
            in_root.extend(graph.root_code_into_generated());
            in_root.sort();
            in_root.dedup();
            found.extend(
                oneway::into_generated(&graph.arrows_into_generated(), allowed)
                    .into_iter()
                    .chain(
                        in_root
                            .into_iter()
                            .map(|path| format!("(the crate root's code) {path}")),
                    )
                    .map(|arrow| format!("{package} ({target}): {arrow}")),
            );
        }
    }
    found.extend(into_other_crates(&targets));
    let known = |found: &String| NAMES_GENERATED.iter().any(|known| found.starts_with(known));
    let gone: Vec<&&str> = NAMES_GENERATED
        .iter()
        .filter(|known| !found.iter().any(|found| found.starts_with(**known)))
        .collect();
    let found: Vec<&String> = found.iter().filter(|found| !known(found)).collect();
    assert!(
        gone.is_empty(),
        "no longer found: take these entries out of NAMES_GENERATED\n{gone:?}"
    );
    assert!(
        found.is_empty(),
        "hand-written modules that name generated code: let the generated side hand its tables in (a `SPEC`, an argument)\n{}",
        found
            .iter()
            .map(|found| found.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Each path of the crates of `AROUND` into the generated code of the crate each names, as
/// the rule prints it.
fn into_other_crates(targets: &[(String, String, PathBuf)]) -> Vec<String> {
    let mut found = Vec::new();
    for (package, krate, of) in AROUND {
        let (_, _, other_root) = targets
            .iter()
            .find(|(name, target, _)| name == of && target == krate)
            .unwrap_or_else(|| panic!("{of} has the library {krate}"));
        let other = graph::Graph::of_target(other_root);
        let roots = targets.iter().filter(|(name, ..)| name == package);
        for (_, target, root) in roots {
            let graph = graph::Graph::of_target(root);
            found.extend(
                oneway::into_generated_of(&graph, krate, &other)
                    .into_iter()
                    .map(|arrow| format!("{package} ({target}): {arrow}")),
            );
        }
    }
    found
}
