//! `cargo xtask group add`: a new group file, refused when its key or title is taken or
//! bad, written once; then `regenerate` makes its module, client accessor and Cargo
//! feature, and pages import into it. Run on a copy of the repository's spec and generated
//! folders, so the real ones are never touched.

use std::path::{Path, PathBuf};

use jing_vendor_docs::group::{Added, NewGroup, add};

/// A scratch root holding what `xtask::run` reads and writes: both specs, both generated
/// folders and both crates' `Cargo.toml`.
fn scratch_root(tag: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("jing-xtask-group-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let real = xtask::workspace_root();
    for folder in [
        "jing-spec/api",
        "jing-spec/openapi",
        "jing-api/src/generated",
        "tests/fixtures/spec",
        "tests/fixture-api/src/generated",
    ] {
        copy_files(&real.join(folder), &root.join(folder));
    }
    for file in ["jing-api/Cargo.toml", "tests/fixture-api/Cargo.toml"] {
        std::fs::copy(real.join(file), root.join(file))
            .unwrap_or_else(|error| panic!("{file}: {error}"));
    }
    root
}

fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|error| panic!("{error}"));
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))
                .unwrap_or_else(|error| panic!("{error}"));
        }
    }
}

/// The spec's group files in order (`NN-key.yaml`): derived, so adding a group to the real
/// spec (the maintainer's `cargo xtask group add`) breaks no count or number here.
fn group_files(spec: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(spec)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") && name.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    files.sort();
    files
}

/// The file the next group `key` gets: the number after the highest, as wide.
fn next_file(spec: &Path, key: &str) -> String {
    let highest = group_files(spec)
        .iter()
        .filter_map(|name| name.split('-').next()?.parse::<usize>().ok())
        .max()
        .unwrap_or_default();
    format!("{:02}-{key}.yaml", highest + 1)
}

/// The key of the spec's last group but `new` (the one before it in `all-groups`).
fn last_key(spec: &Path, new: &str) -> String {
    group_files(spec)
        .iter()
        .map(|name| {
            let stem = name.trim_end_matches(".yaml");
            stem.split_once('-').map_or(stem, |(_, key)| key).to_owned()
        })
        .rfind(|key| key != new)
        .unwrap_or_default()
}

fn group(key: &str, zh: &str, en: &str) -> NewGroup {
    NewGroup {
        key: key.to_owned(),
        title: (zh.to_owned(), en.to_owned()),
        doc: Some((
            "支付相关接口。".to_owned(),
            "Payments and refunds.".to_owned(),
        )),
    }
}

fn error_of(spec: &Path, group: &NewGroup) -> String {
    add(spec, group)
        .err()
        .map(|error| format!("{error:#}"))
        .unwrap_or_default()
}

/// Every open decision of the spec in `dir` made as a maintainer would: words in both
/// languages, the proposed method names kept, an address for each vendor page.
fn fill_the_sheet(dir: &Path) {
    use jing_vendor_docs::docs::{Row, apply, todo};
    let rows: Vec<(usize, Row)> = todo(dir, None)
        .unwrap_or_else(|error| panic!("{error:#}"))
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let (zh, en) = match row.kind.as_str() {
                "vendor page" => (row.zh.clone(), format!("https://docs.invalid/{index}")),
                "method name" | "type name" => (row.zh.clone(), row.en.clone()),
                _ => ("说明。".to_owned(), "What it carries.".to_owned()),
            };
            (index + 2, Row { zh, en, ..row })
        })
        .collect();
    assert!(!rows.is_empty());
    apply(dir, "sheet.tsv", &rows).unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(todo(dir, None).map(|rows| rows.len()).ok(), Some(0));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A group added without its doc leaves a draft the validator names as ours to write, not
/// as an item some page does not describe.
#[test]
fn a_new_groups_draft_doc_is_said_to_be_ours_to_write() {
    let root = scratch_root("draft-doc");
    let spec = root.join("tests/fixtures/spec");
    let drafted = NewGroup {
        doc: None,
        ..group("refund_desk", "退款管理", "Refund Desk")
    };
    assert!(matches!(add(&spec, &drafted), Ok(Added::Written(_))));
    let errors = jing_spec::load(&jing_spec::Sources::dir(&spec))
        .err()
        .map(|errors| errors.to_string())
        .unwrap_or_default();
    assert!(
        errors.contains("a new group's doc, left by `cargo xtask group add`, is no page's"),
        "{errors}"
    );
    assert!(
        !errors.contains("the page does not describe this item"),
        "{errors}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_new_group_is_written_once_and_regenerates_into_a_module_an_accessor_and_a_feature() {
    let root = scratch_root("add");
    let spec = root.join("jing-spec/api");
    let scratch = free_group(&spec);
    let file = add_scratch_group(&spec, &scratch);
    import_a_page_into(&root, &spec, &file, &scratch);
    fill_the_sheet(&spec);
    regenerate_the_groups_module(&root, &scratch);
    let _ = std::fs::remove_dir_all(&root);
}

/// The scratch group the test adds to a copy of the real spec: its key and titles.
struct Scratch {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
}

/// The first of a few scratch groups whose key and titles no group of the spec in `spec`
/// has: a maintainer's real group (`payment`, say, the README's own example) never
/// collides with the test's.
fn free_group(spec: &Path) -> Scratch {
    let loaded =
        jing_spec::load(&jing_spec::Sources::dir(spec)).unwrap_or_else(|errors| panic!("{errors}"));
    let taken = |text: &str| {
        loaded
            .groups
            .iter()
            .any(|group| group.key == text || group.title.zh == text || group.title.en == text)
    };
    [
        ("payment", "支付", "Payment"),
        ("billing", "账单", "Billing"),
        ("ledger", "账本", "Ledger"),
        ("voucher", "代金券", "Voucher"),
    ]
    .into_iter()
    .map(|(key, zh, en)| Scratch { key, zh, en })
    .find(|scratch| !taken(scratch.key) && !taken(scratch.zh) && !taken(scratch.en))
    .unwrap_or_else(|| panic!("every scratch group is taken: add another candidate"))
}

/// `group add KEY` of the scratch group into the spec folder `spec`: written once,
/// refused when taken or bad, nothing written then; the group file.
fn add_scratch_group(spec: &Path, scratch: &Scratch) -> PathBuf {
    let files_before = std::fs::read_dir(spec)
        .map(Iterator::count)
        .unwrap_or_default();
    let (key, zh, en) = (scratch.key, scratch.zh, scratch.en);
    let new = group(key, zh, en);
    // The key is the one `group add` proposes from the English title: the two agree.
    let proposed = jing_vendor_docs::group::key_for(None, zh, en);
    assert_eq!(proposed.ok().as_deref(), Some(key));
    let name = next_file(spec, key);
    let written = add(spec, &new).unwrap_or_else(|error| panic!("{error:#}"));
    // The next number after the highest, in the spec's style.
    let file = spec.join(&name);
    assert_eq!(written, Added::Written(file.clone()));
    let text = read(&file);
    let expected = format!(
        "title: {{zh: \"{zh}\", en: \"{en}\"}}\ndoc:\n  zh: \"支付相关接口。\"\n  en: \"Payments and refunds.\"\nendpoints: []\n"
    );
    assert!(text.contains(&expected), "{text}");
    // The same command again writes nothing and says the group exists.
    assert_eq!(add(spec, &new).ok(), Some(Added::Exists(file.clone())));
    assert_eq!(read(&file), text);
    // Refused: a taken key with other titles, a taken title, a bad key, a reserved one,
    // an empty language; nothing is written for any.
    for (bad, says) in [
        (group(key, "付款", en), format!("is taken by {name}")),
        (
            group("pay", zh, "Pay"),
            format!("{name} has the title «{zh}»"),
        ),
        (
            group("Pay-Ment", "付", "Pay"),
            "not a snake_case identifier".to_owned(),
        ),
        (
            group("mock", "模拟", "Mock"),
            "a module of the jing_api crate itself".to_owned(),
        ),
        // One title may be left to the sheet, never both.
        (group("refund", " ", ""), "--zh is empty".to_owned()),
        // Placeholder titles (what a proposal or a form writes) and a copy of the key.
        (
            group("refund", "标题", "Refunds"),
            "--zh `标题` is a placeholder, not a title".to_owned(),
        ),
        (
            group("refund", "退款", "Title"),
            "--en `Title` is a placeholder, not a title".to_owned(),
        ),
        (
            group("refund_desk", "退款", "refund_desk"),
            "--en `refund_desk` is the group key, not a title".to_owned(),
        ),
    ] {
        let error = error_of(spec, &bad);
        assert!(error.contains(&says), "{}: {error}", bad.key);
    }
    let files_after = std::fs::read_dir(spec)
        .map(Iterator::count)
        .unwrap_or_default();
    assert_eq!(files_after, files_before + 1);
    file
}

/// A page of the new group's folder imported into it (the group `file`).
fn import_a_page_into(root: &Path, spec: &Path, file: &Path, scratch: &Scratch) {
    let page = root.join("refund.openapi.yaml");
    std::fs::write(&page, page_of(scratch)).unwrap_or_else(|error| panic!("{error}"));
    let outcome = jing_vendor_docs::import::command::run(
        spec,
        &jing_vendor_docs::import::command::Options {
            action: jing_vendor_docs::import::command::Action::Write,
            group: Some(scratch.key.to_owned()),
            ..jing_vendor_docs::import::command::Options::new(vec![page])
        },
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(
        outcome.written,
        [file.display().to_string()],
        "{}",
        outcome.output
    );
    let entry = format!("  - name: refund_{}\n    call_draft: refund\n", scratch.key);
    assert!(read(file).contains(&entry), "{}", read(file));
}

/// Regenerating makes the module, the accessor and the Cargo feature.
fn regenerate_the_groups_module(root: &Path, scratch: &Scratch) {
    let key = scratch.key;
    let reports = xtask::run(root, xtask::Mode::Write).unwrap_or_else(|error| panic!("{error:#}"));
    let written: Vec<String> = reports
        .iter()
        .flat_map(|(dir, report)| {
            report
                .written
                .iter()
                .map(move |path| format!("{dir}/{path}"))
        })
        .collect();
    let generated = format!("jing-api/src/generated/{key}.rs");
    for path in [
        generated.as_str(),
        "jing-api/src/generated/mod.rs",
        "jing-api/Cargo.toml",
    ] {
        assert!(
            written.iter().any(|file| file == path),
            "{path}: {written:?}"
        );
    }
    let module = read(&root.join("jing-api/src/generated/mod.rs"));
    assert!(
        module.contains(&format!("#[cfg(feature = \"{key}\")]")),
        "{module}"
    );
    assert!(module.contains(&format!("pub mod {key};")), "{module}");
    let accessor = format!("pub fn {key}(&self) -> {key}::{}Api<'_>", scratch.en);
    assert!(module.contains(&accessor), "{accessor}: {module}");
    let manifest = read(&root.join("jing-api/Cargo.toml"));
    assert!(manifest.contains(&format!("\n{key} = []\n")), "{manifest}");
    // The new group's feature comes last in `all-groups`, after the spec's last group.
    let last = last_key(&root.join("jing-spec/api"), key);
    let all_groups = format!("\"{last}\", \"{key}\"]");
    assert!(manifest.contains(&all_groups), "{all_groups}: {manifest}");
    let module = read(&root.join(&generated));
    assert!(module.contains("pub fn refund("), "{module}");
}

/// A SYNTHETIC page of a folder the spec has no group for, titled `支付(Payment)`.
const PAGE: &str = "openapi: 3.0.1\n\
info: {title: SYNTHETIC, version: 1.0.0}\n\
paths:\n  /v1/payment/refund:\n    post:\n      summary: 退款(Refund a Payment)\n      tags: [支付(Payment)]\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, required: [id], properties: {id: {type: string, description: 支付ID}}}\n      responses:\n        '200': {content: {application/json: {schema: {type: object, properties: {code: {type: integer}, data: {type: object, properties: {ok: {type: boolean}}}}}}}}\n";

/// [`PAGE`] as a page of the scratch group's folder.
fn page_of(scratch: &Scratch) -> String {
    PAGE.replace("/v1/payment/", &format!("/v1/{}/", scratch.key))
        .replace("Refund a Payment", &format!("Refund a {}", scratch.en))
        .replace("支付(Payment)", &format!("{}({})", scratch.zh, scratch.en))
}

#[test]
fn a_page_whose_folder_names_no_group_says_how_to_add_one() {
    let root = scratch_root("hint");
    let spec = root.join("tests/fixtures/spec");
    let page = root.join("refund.openapi.yaml");
    std::fs::write(
        &page,
        PAGE.replace("支付(Payment)", "退款管理(Refund Desk)"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let options = jing_vendor_docs::import::command::Options::new(vec![page.clone()]);
    let outcome = jing_vendor_docs::import::command::run(&spec, &options)
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        outcome
            .output
            .contains("`cargo xtask group add refund_desk --zh '退款管理' --en 'Refund Desk'`"),
        "{}",
        outcome.output
    );
    let unknown = jing_vendor_docs::import::command::Options {
        group: Some("refunds".to_owned()),
        ..options.clone()
    };
    let outcome = jing_vendor_docs::import::command::run(&spec, &unknown)
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        outcome
            .output
            .contains("`refunds` is not a group of the spec; the groups are widgets, pallets; to add it: `cargo xtask group add refunds --zh '退款管理' --en 'Refund Desk'`"),
        "{}",
        outcome.output
    );
    let todo = jing_vendor_docs::docs::todo(&spec, Some("refunds"))
        .err()
        .map(|error| format!("{error:#}"))
        .unwrap_or_default();
    assert!(
        todo.contains("to add it: `cargo xtask group add refunds`"),
        "{todo}"
    );
    // A nested folder in one language: its last part is proposed as the title in that
    // language, the other left out (never a placeholder such as `标题` or `Title`).
    for (folder, proposed) in [
        (
            "Core/Voice Character/Manage",
            "`cargo xtask group add manage --en 'Manage'`",
        ),
        // No key from a Chinese title: the pages' shared path segment gives one.
        (
            "核心 API 模块/群管理接口",
            "`cargo xtask group add payment --zh '群管理接口'`",
        ),
    ] {
        std::fs::write(&page, PAGE.replace("支付(Payment)", &format!("'{folder}'")))
            .unwrap_or_else(|error| panic!("{error}"));
        let outcome = jing_vendor_docs::import::command::run(&spec, &options)
            .unwrap_or_else(|error| panic!("{error:#}"));
        assert!(outcome.output.contains(proposed), "{}", outcome.output);
        assert!(
            !outcome.output.contains("标题") && !outcome.output.contains("Title"),
            "{}",
            outcome.output
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// The commands `import` proposes for a folder named in one language are taken as pasted:
/// the group is written with that title, the other language left empty, a row of the
/// drafts sheet; filled there, the spec loads.
#[test]
fn a_proposed_group_with_one_title_is_added_and_its_other_title_is_a_sheet_row() {
    use jing_vendor_docs::group::{key_for, titles};
    let root = scratch_root("one-title");
    let spec = root.join("tests/fixtures/spec");
    for (key, zh, en) in [
        (Some("members"), Some("群管理接口"), None),
        (None, None, Some("Manage")),
    ] {
        let (zh, en) = titles(key, zh.map(str::to_owned), en.map(str::to_owned))
            .unwrap_or_else(|error| panic!("{error:#}"));
        let key = key_for(key, &zh, &en).unwrap_or_else(|error| panic!("{error:#}"));
        let added = add(
            &spec,
            &NewGroup {
                key: key.clone(),
                title: (zh.clone(), en.clone()),
                doc: None,
            },
        );
        assert!(matches!(added, Ok(Added::Written(_))), "{key}: {added:?}");
        let rows = jing_vendor_docs::docs::todo(&spec, Some(&key))
            .unwrap_or_else(|error| panic!("{error:#}"));
        let title = rows.iter().find(|row| row.key.contains("title"));
        assert!(
            title.is_some_and(|row| row.zh == zh && row.en == en),
            "{key}: {rows:#?}"
        );
    }
    // Two groups each without an English title do not share one.
    let other = add(
        &spec,
        &NewGroup {
            key: "notices".to_owned(),
            title: ("通知接口".to_owned(), String::new()),
            doc: None,
        },
    );
    assert!(matches!(other, Ok(Added::Written(_))), "{other:?}");
    fill_the_sheet(&spec);
    assert!(jing_spec::load(&jing_spec::Sources::dir(&spec)).is_ok());
    let _ = std::fs::remove_dir_all(&root);
}
