//! `import` on pages of a docs folder the spec has no group for, named in Chinese only (no
//! key can be made from `货架管理`): the `group add` it proposes takes its key from the
//! path segment the folder's pages share, and is taken as pasted; where none can be made,
//! the proposal says which part to type. Synthetic pages, not the Jing API.

use jing_vendor_docs::group::{Added, NewGroup, add};

/// A SYNTHETIC page of a folder the spec has no group for.
const PAGE: &str = "openapi: 3.0.1\n\
info: {title: SYNTHETIC, version: 1.0.0}\n\
paths:\n  /v1/payment/refund:\n    post:\n      summary: 退款(Refund a Payment)\n      tags: [支付(Payment)]\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, required: [id], properties: {id: {type: string, description: 支付ID}}}\n      responses:\n        '200': {content: {application/json: {schema: {type: object, properties: {code: {type: integer}, data: {type: object, properties: {ok: {type: boolean}}}}}}}}\n";

/// The words of a command line as a shell reads them: split at spaces, `'…'` quoted (and
/// `'\\''` a quote inside), as `group::add_command` writes them.
fn shell_words(line: &str) -> Vec<String> {
    let line = line.replace("'\\''", "\u{1}");
    let mut words = Vec::new();
    for (at, part) in line.split('\'').enumerate() {
        let part = part.replace('\u{1}', "'");
        if at % 2 == 1 {
            words.push(part);
        } else {
            words.extend(part.split_whitespace().map(str::to_owned));
        }
    }
    words
}

/// The `group add` command `output` proposes, as the maintainer pastes it: the group it
/// would add.
fn pasted(output: &str) -> Result<NewGroup, String> {
    use jing_vendor_docs::group::{key_for, titles};
    let start = output
        .find("`cargo xtask group add ")
        .ok_or("no proposal")?
        + 1;
    let line = &output[start..];
    let words = shell_words(&line[..line.find('`').unwrap_or(line.len())]);
    let flag = |name: &str| {
        let at = words.iter().position(|word| word == name)?;
        words.get(at + 1).cloned()
    };
    let key = words.get(4).filter(|word| !word.starts_with("--")).cloned();
    let (zh, en) =
        titles(key.as_deref(), flag("--zh"), flag("--en")).map_err(|error| format!("{error:#}"))?;
    let key = key_for(key.as_deref(), &zh, &en).map_err(|error| format!("{error:#}"))?;
    Ok(NewGroup {
        key,
        title: (zh, en),
        doc: None,
    })
}

/// A folder named in Chinese only: the key proposed comes from the segment its pages'
/// paths share, checked as a new group's; the command, pasted as it is, adds the group
/// the next import places the pages in. Where the paths give none, the proposal says
/// which part to type, and pasting `KEY` as it stands is refused naming it.
#[test]
fn a_chinese_folders_proposal_is_pasted_as_it_is() {
    let spec = crate::fixture_spec_copy("chinese-folder");
    let root = spec.with_extension("pages");
    std::fs::create_dir_all(&root).unwrap_or_else(|error| panic!("{error}"));
    let first = root.join("rack-list.openapi.yaml");
    let second = root.join("rack-count.openapi.yaml");
    let folder = "'仓储 API/货架管理'";
    for (file, path) in [
        (&first, "/hub/v2/rack/list"),
        (&second, "/hub/v2/rack/count"),
    ] {
        let page = PAGE
            .replace("支付(Payment)", folder)
            .replace("/v1/payment/refund", path)
            .replace("退款(Refund a Payment)", &format!("货架{}", path.len()));
        std::fs::write(file, page).unwrap_or_else(|error| panic!("{error}"));
    }
    let options =
        jing_vendor_docs::import::command::Options::new(vec![first.clone(), second.clone()]);
    let outcome = jing_vendor_docs::import::command::run(&spec, &options)
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        outcome
            .output
            .contains("`cargo xtask group add rack --zh '货架管理'`"),
        "{}",
        outcome.output
    );
    let group = pasted(&outcome.output).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        matches!(add(&spec, &group), Ok(Added::Written(_))),
        "{group:?}"
    );
    let placed = jing_vendor_docs::import::command::run(&spec, &options)
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(placed.unplaced, 0, "{}", placed.output);
    assert!(
        placed.output.contains("in group `rack`"),
        "{}",
        placed.output
    );

    // Paths that share nothing a key can be made of: the proposal names the part to type.
    let page = PAGE
        .replace("支付(Payment)", "'杂项'")
        .replace("/v1/payment/refund", "/v1/refund");
    std::fs::write(&first, page).unwrap_or_else(|error| panic!("{error}"));
    let outcome = jing_vendor_docs::import::command::run(
        &spec,
        &jing_vendor_docs::import::command::Options::new(vec![first]),
    )
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        outcome.output.contains("`cargo xtask group add KEY --zh '杂项'` (no key can be made from the folder's title or its pages' paths: type the group's own snake_case key"),
        "{}",
        outcome.output
    );
    let refused = pasted(&outcome.output).err().unwrap_or_default();
    assert!(refused.contains("`KEY` is a placeholder"), "{refused}");
    let _ = std::fs::remove_dir_all(&spec);
    let _ = std::fs::remove_dir_all(&root);
}
