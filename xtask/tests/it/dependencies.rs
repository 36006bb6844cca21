//! What `cargo xtask` compiles: no HTTP client and no async runtime (those are built only
//! for `cargo xtask fetch`, by the `jing-fetch` binary of jing-vendor-docs with its `fetch`
//! feature). Read from `cargo tree`, so a dependency added anywhere below xtask is caught.

/// The crates that make an HTTP client or an async runtime.
const HTTP: [&str; 4] = ["reqwest", "tokio", "hyper", "rustls"];

/// The names of every crate in `cargo tree`'s normal dependency tree of `package`.
fn normal_tree(package: &str, features: &[&str]) -> Vec<String> {
    let mut args = vec!["tree", "--locked", "--edges", "normal", "--prefix", "none"];
    args.extend(["--package", package]);
    args.extend(features);
    crate::cargo(&args)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn http_crates(tree: &[String]) -> Vec<&str> {
    tree.iter()
        .map(String::as_str)
        .filter(|name| HTTP.iter().any(|http| name.starts_with(http)))
        .collect()
}

#[test]
fn xtask_compiles_no_http_client_or_async_runtime() {
    let tree = normal_tree("xtask", &[]);
    assert!(
        tree.iter().any(|name| name == "jing-vendor-docs"),
        "{tree:?}"
    );
    assert_eq!(http_crates(&tree), Vec::<&str>::new());
    let library = normal_tree("jing-vendor-docs", &[]);
    assert_eq!(http_crates(&library), Vec::<&str>::new());
}

#[test]
fn the_fetch_feature_is_where_they_are() {
    // The same reading sees them where they are: the check above cannot pass by not looking.
    let tree = normal_tree("jing-vendor-docs", &["--features", "fetch"]);
    let found = http_crates(&tree);
    for http in ["reqwest", "tokio", "hyper", "rustls"] {
        assert!(
            found.iter().any(|name| name.starts_with(http)),
            "{http}: {found:?}"
        );
    }
}
