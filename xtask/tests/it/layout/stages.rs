//! The importer's three stages point one way (issue #29): `import::read` knows neither
//! compare nor write, `import::compare` reads read's types but knows not write, and write
//! uses both. A folder-level rule on top of the module circles: two stage folders can
//! point at each other without any one module doing so.

use super::graph::Graph;

/// The stages in order; a module of one may name modules of those before it only.
const STAGES: [&str; 3] = ["import::read", "import::compare", "import::write"];

/// The stage a module belongs to, by its place in `STAGES`.
fn stage_of(module: &str) -> Option<usize> {
    STAGES
        .iter()
        .position(|stage| module == *stage || module.starts_with(&format!("{stage}::")))
}

#[test]
fn import_stages_point_one_way() {
    let root = xtask::workspace_root().join("xtask/vendor-docs/src/lib.rs");
    let graph = Graph::of_target(&root);
    assert!(graph.problems.is_empty(), "{:#?}", graph.problems);
    let arrows = graph.arrows();
    assert!(
        arrows.keys().any(|module| stage_of(module) == Some(2)),
        "the stages are found: {:?}",
        arrows.keys().collect::<Vec<_>>()
    );
    let backwards: Vec<String> = arrows
        .iter()
        .flat_map(|(from, targets)| {
            targets.iter().filter_map(move |(to, path)| {
                let (Some(from_stage), Some(to_stage)) = (stage_of(from), stage_of(to)) else {
                    return None;
                };
                (to_stage > from_stage).then(|| format!("{from} -> {to} ({path})"))
            })
        })
        .collect();
    assert!(
        backwards.is_empty(),
        "a stage of the import names a later one: move what both need into the earlier stage or the import root\n{}",
        backwards.join("\n")
    );
}
