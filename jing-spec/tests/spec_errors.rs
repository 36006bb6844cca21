//! Every rule of the loader and validator, one bad fixture each, snapshotted as the
//! `Display` text users see. A bad fixture is a group file loaded beside the fixture's
//! `api.yaml`; one named `api_*.yaml` stands in for `api.yaml` itself, and one named
//! `webhooks_*.yaml` is loaded as `webhooks.yaml`. Beside them, the loader's size and
//! depth limits: a huge file and a deeply nested one are refused naming the file.

use std::path::PathBuf;

use jing_spec::{Source, Sources, load};

/// A folder under the repository's `tests/fixtures/` (this crate's folder is the
/// repository's `jing-spec/`, as cargo names it at run time).
fn fixtures(folder: &str) -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest.join("../tests/fixtures").join(folder)
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn bad_fixtures_give_located_errors() {
    let api = Source::new("spec/api.yaml", read(&fixtures("spec").join("api.yaml")));
    insta::glob!("../../tests/fixtures", "bad/*.yaml", |path| {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = Source::new(format!("bad/{name}"), read(path));
        let sources = if name.starts_with("api_") {
            Sources::new(source)
        } else if name.starts_with("webhooks_") {
            Sources::new(api.clone()).webhooks(source)
        } else {
            Sources::new(api.clone()).group(source)
        };
        let result = load(&sources);
        let errors = match result {
            Ok(_) => panic!("{name} must be rejected"),
            Err(errors) => errors,
        };
        // Every error points into the bad file, at a real line.
        for error in errors.iter() {
            assert_eq!(error.file, format!("bad/{name}"), "{error}");
            assert!(error.line >= 1 && error.column >= 1, "{error}");
        }
        insta::assert_snapshot!(errors.to_string());
    });
}

#[test]
fn a_missing_folder_or_api_file_is_an_error_not_a_panic() {
    let missing = load(&Sources::dir(&fixtures("no-such-folder"))).map(|_| ());
    assert!(
        matches!(&missing, Err(errors) if errors.to_string().contains("cannot read the spec folder")),
        "{missing:?}"
    );
    let without_api = load(&Sources::dir(&fixtures("bad"))).map(|_| ());
    assert!(
        matches!(&without_api, Err(errors) if errors.to_string().contains("no api.yaml")),
        "{without_api:?}"
    );
}

#[test]
fn the_spec_loader_refuses_huge_and_deeply_nested_files() {
    let api = read(&fixtures("spec").join("api.yaml"));
    let huge = format!(
        "# {}\ntitle: {{zh: 甲, en: A}}\n",
        "x".repeat(jing_spec::MAX_FILE_BYTES)
    );
    let deep = format!("title: {}1{}\n", "[".repeat(200), "]".repeat(200));
    for (name, text, expected) in [
        ("01-huge.yaml", huge, "bytes; spec files over"),
        ("02-deep.yaml", deep, "nests deeper than"),
    ] {
        let sources =
            Sources::new(Source::new("api.yaml", api.clone())).group(Source::new(name, text));
        match load(&sources) {
            Ok(_) => panic!("{name} must be refused"),
            Err(errors) => {
                let error = errors
                    .iter()
                    .next()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                assert!(
                    error.starts_with(name) && error.contains(expected),
                    "{error}"
                );
            }
        }
    }
}
