//! Errors name what they are about: every file error names the file, and `changes` names
//! a `--spec` folder outside the repository.

use std::path::Path;

use xtask::commands;

fn message<T>(result: anyhow::Result<T>) -> String {
    result
        .err()
        .map(|error| format!("{error:#}"))
        .unwrap_or_default()
}

fn scratch(tag: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("jing-xtask-messages-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    dir
}

#[test]
fn every_file_error_names_the_file() {
    let root = xtask::workspace_root();
    let dir = scratch("files");
    let spec = root.join("tests/fixtures/spec");
    let missing = dir.join("no-such-sheet.tsv");
    let cases = [
        (
            message(commands::docs_apply(&spec, &missing, None)),
            missing.display().to_string(),
        ),
        (
            message(commands::docs_todo(
                &spec,
                None,
                Some(commands::SheetOut {
                    file: &dir.join("no-such-folder/sheet.tsv"),
                    force: false,
                }),
                None,
                false,
            )),
            dir.join("no-such-folder/sheet.tsv").display().to_string(),
        ),
        (
            message(commands::coverage(&dir.join("no-such-spec"), false)),
            dir.join("no-such-spec").display().to_string(),
        ),
        (
            message(commands::load(&dir.join("no-such-spec"))),
            dir.join("no-such-spec").display().to_string(),
        ),
        (
            message(jing_vendor_docs::cli::run_import(
                &root,
                jing_vendor_docs::cli::ImportArgs {
                    files: vec![missing.clone()],
                    spec: Some("tests/fixtures/spec".into()),
                    flags: jing_vendor_docs::cli::ImportFlags {
                        group: None,
                        write: false,
                        check: false,
                        json: false,
                        max_bytes: 1024,
                    },
                },
            )),
            missing.display().to_string(),
        ),
    ];
    // `synth` into a path whose parent is a file cannot even create its folder.
    std::fs::write(&missing, "a file where a folder is wanted")
        .unwrap_or_else(|error| panic!("{error}"));
    let under_file = missing.join("spec");
    let synth = message(xtask::synth::write(3, &under_file));
    for (message, file) in cases
        .into_iter()
        .chain([(synth, under_file.display().to_string())])
    {
        assert!(message.contains(&file), "`{message}` does not name {file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_folder_is_relative_to_the_repository_root() {
    let root = Path::new("/repo");
    assert_eq!(
        commands::spec_dir(root, Some(Path::new("tests/fixtures/spec"))),
        Path::new("/repo/tests/fixtures/spec")
    );
    assert_eq!(
        commands::spec_dir(root, None),
        Path::new("/repo/jing-spec/api")
    );
    let outside = message(commands::changes(
        &xtask::workspace_root(),
        Some(Path::new("/elsewhere/spec")),
        "HEAD",
        false,
    ));
    assert!(outside.contains("--spec /elsewhere/spec"), "{outside}");
}

#[test]
fn fetch_runs_the_fetch_binary_with_the_same_arguments_and_exit_status() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("fake-cargo");
    let cargo = dir.join("cargo");
    let seen = dir.join("arguments");
    std::fs::write(
        &cargo,
        format!("#!/bin/sh\necho \"$@\" > '{}'\nexit 3\n", seen.display()),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|error| panic!("{error}"));
    let args: Vec<std::ffi::OsString> = ["--index", "http://127.0.0.1:9/llms.txt", "--import"]
        .into_iter()
        .map(Into::into)
        .collect();
    let root = xtask::workspace_root();
    // Built: quiet. Not built yet: cargo shows the build's progress.
    let built = dir.join("jing-fetch");
    std::fs::write(&built, "").unwrap_or_else(|error| panic!("{error}"));
    for (binary, quiet) in [(built, "--quiet "), (dir.join("not-built"), "")] {
        let code = commands::fetch_with(&cargo, &root, &binary, &args)
            .unwrap_or_else(|error| panic!("{error:#}"));
        assert_eq!(code, std::process::ExitCode::from(3));
        let arguments = std::fs::read_to_string(&seen).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            arguments.trim_end(),
            format!(
                "run {quiet}--package jing-vendor-docs --features fetch --bin jing-fetch -- --index http://127.0.0.1:9/llms.txt --import"
            )
        );
    }
    let binary = commands::fetch_binary(&root);
    assert!(binary.ends_with("debug/jing-fetch"), "{}", binary.display());
    assert!(commands::FIRST_FETCH_NOTICE.contains("first fetch only"));
    let missing = message(commands::fetch_with(
        &dir.join("no-cargo"),
        &dir,
        &dir.join("jing-fetch"),
        &args,
    ));
    assert!(missing.contains("no-cargo"), "{missing}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sheet_never_overwrites_a_spec_file_or_a_filled_sheet() {
    let root = xtask::workspace_root();
    let spec = root.join("tests/fixtures/spec");
    let into_spec = spec.join("01-widgets.yaml");
    let refused = message(commands::docs_todo(
        &spec,
        None,
        Some(commands::SheetOut {
            file: &into_spec,
            force: true,
        }),
        None,
        false,
    ));
    assert!(refused.contains("outside the spec folder"), "{refused}");
    let dir = scratch("sheet");
    let filled = dir.join("sheet.tsv");
    std::fs::write(
        &filled,
        "key\tkind\ttype\tvendor\tzh\ten\nfilled\t\t\t\tx\ty\n",
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let kept = message(commands::docs_todo(
        &spec,
        None,
        Some(commands::SheetOut {
            file: &filled,
            force: false,
        }),
        None,
        false,
    ));
    assert!(
        kept.contains("exists") && kept.contains("--force"),
        "{kept}"
    );
    let text = std::fs::read_to_string(&filled).unwrap_or_default();
    assert!(text.contains("filled"), "the filled sheet stays");
    let _ = std::fs::remove_dir_all(&dir);
}
