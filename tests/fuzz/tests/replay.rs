//! Replays every saved input of every target: the corpus the fuzzers grew and every crash
//! or hang they found (kept in `crashes/<target>/` once fixed). A panic fails the test.

use std::path::PathBuf;

#[test]
fn every_saved_input_runs_without_panicking() {
    // As cargo names the folder when it runs the test, so a binary built in another copy of
    // the repository reads this one.
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let root = root.as_path();
    let mut replayed = 0;
    for (name, target) in jing_fuzz::TARGETS {
        for folder in ["corpus", "crashes"] {
            let dir = root.join(folder).join(name);
            let mut inputs: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.file_name().is_some_and(|file| file != ".gitkeep"))
                .collect();
            inputs.sort();
            for input in inputs {
                let data = std::fs::read(&input).unwrap_or_else(|error| panic!("{error}"));
                let outcome = std::panic::catch_unwind(|| target(&data));
                assert!(outcome.is_ok(), "{name}: {} panics", input.display());
                replayed += 1;
            }
        }
    }
    assert!(replayed >= 15, "only {replayed} inputs");
}
