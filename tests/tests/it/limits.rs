//! The spec loader's size and depth limits: a huge file and a deeply nested one are refused
//! with an error that names the file. The client's and the receiver's limits are jing-api's
//! (`jing-api/tests/it/limits.rs`).

use jing_spec::{Source, Sources};

#[test]
fn the_spec_loader_refuses_huge_and_deeply_nested_files() {
    let api = std::fs::read_to_string(crate::fixtures("spec").join("api.yaml")).unwrap_or_default();
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
        match jing_spec::load(&sources) {
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
