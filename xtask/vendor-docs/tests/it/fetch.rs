//! `cargo xtask fetch` against a SYNTHETIC doc site served on 127.0.0.1 by the test: an
//! index, pages in all three formats, a page readable only through its `.md` twin, an
//! HTML-only page, a 404, a 429 then 200, a page slower than the timeout, one over the size
//! cap, a redirect, and a second run answered 304. Then the fetched folder is imported,
//! each page's address becoming its entry's `doc_url`: the address asked for, exactly, or
//! the one the page states of itself, kept when the page is imported from elsewhere.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use jing_vendor_docs::fetch::{Outcome, Pages, Settings, fetch};
use jing_vendor_docs::import::command::{Options, run};

const ETAG: &str = "\"v1\"";

#[derive(Default)]
struct Site {
    /// Requests per path.
    hits: Mutex<BTreeMap<String, usize>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(crate::fixtures("import").join(name))
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn text(content_type: &str, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, content_type), (header::ETAG, ETAG)],
        body,
    )
        .into_response()
}

async fn serve(State(site): State<Arc<Site>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_owned();
    let hits = {
        let mut hits = site
            .hits
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let count = hits.entry(path.clone()).or_default();
        *count += 1;
        *count
    };
    let now = site.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    site.most_in_flight.fetch_max(now, Ordering::SeqCst);
    // Every page is a little slow, so that requests overlap when they can.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let conditional = headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag == ETAG);
    let response = match path.as_str() {
        _ if conditional => StatusCode::NOT_MODIFIED.into_response(),
        "/llms.txt" => text(
            "text/markdown",
            "# Synthetic Widgets API\n\n- [查询部件](/api-1.md): Markdown\n- [删除部件](/api-2): OpenAPI\n- [页面](/page-3): page text\n- [twin](/twin-only)\n- [html](/html-only)\n- [gone](/missing)\n- [busy](/busy)\n- [slow](/slow)\n- [huge](/huge)\n- [moved](/moved)\n- [elsewhere](https://elsewhere.invalid/page)\n".to_owned(),
        ),
        "/api-1.md" | "/twin-only.md" | "/dup" | "/dup.md" => {
            text("text/markdown", fixture("get-widget.apifox.md"))
        }
        // A JSON error object with a 200: it starts with `{`, but it is no document.
        "/error-json" => text(
            "application/json",
            r#"{"code": 40001, "msg": "no such page"}"#.to_owned(),
        ),
        "/two-pages.md" => text("text/markdown", fixture("shapes/two-pages.apifox.md")),
        "/api-2" => text("application/json", fixture("delete-widget.openapi.json")),
        "/page-3" => text("text/plain", fixture("get-widget.page.txt")),
        "/twin-only" | "/html-only" => text(
            "text/html",
            "<html><body>rendered by script</body></html>".to_owned(),
        ),
        "/busy" if hits == 1 => {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "0")]).into_response()
        }
        "/busy" | "/moved-here.md" => text("text/markdown", fixture("get-widget.apifox.md")),
        // A page that names its own address (served here from a mirror of the vendor's site).
        "/stated.md" => text(
            "text/markdown",
            format!(
                "{}\nSource: https://vendor.invalid/docs/paint-widget\n",
                fixture("paint-widget.apifox.md")
            ),
        ),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            text("text/markdown", fixture("get-widget.apifox.md"))
        }
        "/huge" => text("text/markdown", format!("# 大(Huge)\n\n{}", "x".repeat(200_000))),
        "/moved" => (StatusCode::FOUND, [(header::LOCATION, "/moved-here.md")]).into_response(),
        _ => (StatusCode::NOT_FOUND, Body::from("not here")).into_response(),
    };
    site.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

async fn start_site() -> (String, Arc<Site>) {
    let site = Arc::new(Site::default());
    let app = axum::Router::new()
        .fallback(serve)
        .with_state(Arc::clone(&site));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("{error}"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}"), site)
}

fn settings(out: PathBuf) -> Settings {
    Settings {
        out,
        rate: 50.0,
        timeout: Duration::from_millis(500),
        tries: 2,
        backoff: Duration::from_millis(20),
        max_bytes: 64 * 1024,
        progress: false,
        ..Settings::default()
    }
}

fn outcome_of<'a>(report: &'a jing_vendor_docs::fetch::Report, url: &str) -> &'a Outcome {
    report
        .pages
        .iter()
        .find(|page| page.url == url)
        .map(|page| &page.outcome)
        .unwrap_or_else(|| panic!("{url} was not fetched"))
}

/// What the first fetch of the synthetic site got of each page, and that each line says
/// what to do when a page cannot be fetched.
fn first_run_outcomes(first: &jing_vendor_docs::fetch::Report, base: &str) {
    let lines: Vec<String> = first.pages.iter().map(|page| page.line()).collect();
    let all = lines.join("\n");
    assert_eq!(
        first.summary(),
        "fetched 6, unchanged 0, not a page 1, failed 3 (1 links to other sites left out)",
        "{all}"
    );
    assert_eq!(first.pages.len(), 10, "{all}");
    assert!(
        matches!(outcome_of(first, &format!("{base}/api-1.md")), Outcome::Fetched { format, .. } if format.as_str() == "apifox Markdown")
    );
    assert!(
        matches!(outcome_of(first, &format!("{base}/api-2")), Outcome::Fetched { format, .. } if format.as_str() == "OpenAPI")
    );
    assert!(
        matches!(outcome_of(first, &format!("{base}/page-3")), Outcome::Fetched { format, .. } if format.as_str() == "page text")
    );
    assert!(
        matches!(outcome_of(first, &format!("{base}/twin-only")), Outcome::Fetched { source, .. } if source.ends_with("/twin-only.md"))
    );
    assert!(
        matches!(outcome_of(first, &format!("{base}/html-only")), Outcome::NotAPage { seen } if seen.contains("text/html") && seen.contains("404"))
    );
    assert!(
        matches!(outcome_of(first, &format!("{base}/missing")), Outcome::Failed { reason } if reason.contains("404"))
    );
    assert!(matches!(
        outcome_of(first, &format!("{base}/busy")),
        Outcome::Fetched { .. }
    ));
    assert!(
        matches!(outcome_of(first, &format!("{base}/slow")), Outcome::Failed { reason } if reason.contains("no answer within") && reason.contains("2 tries"))
    );
    assert!(
        matches!(outcome_of(first, &format!("{base}/huge")), Outcome::Failed { reason } if reason.contains("size cap"))
    );
    assert!(matches!(
        outcome_of(first, &format!("{base}/moved")),
        Outcome::Fetched { .. }
    ));
    // Each line says what to do when a page cannot be fetched.
    assert!(
        lines
            .iter()
            .filter(|line| line.starts_with("failed") || line.starts_with("not a page"))
            .all(|line| line.contains("save it from") || line.contains("Save it from")),
        "{all}"
    );
}

/// The site was asked politely: at most 4 requests in flight (and some at once), 429 and
/// timeouts tried again, 404 not.
fn polite(site: &Site) {
    assert!(site.most_in_flight.load(Ordering::SeqCst) <= 4);
    assert!(
        site.most_in_flight.load(Ordering::SeqCst) >= 2,
        "requests overlap"
    );
    let hits = site
        .hits
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .clone();
    assert_eq!(hits.get("/busy"), Some(&2), "429 is tried again");
    assert_eq!(hits.get("/missing"), Some(&1), "404 is not tried again");
    assert_eq!(hits.get("/slow"), Some(&2), "a timeout is tried again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synthetic_doc_site_is_fetched_politely_and_imported() {
    let (base, site) = start_site().await;
    let out = std::env::temp_dir().join(format!("jing-fetch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let index = Pages::Index(format!("{base}/llms.txt"));

    let first = fetch(&index, &settings(out.clone()))
        .await
        .unwrap_or_else(|error| panic!("{error:#}"));
    first_run_outcomes(&first, &base);
    polite(&site);
    assert_eq!(first.readable().len(), 6);

    // The second run asks with the validators kept and reports the pages unchanged.
    let second = fetch(&index, &settings(out.clone()))
        .await
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(
        second.summary(),
        "fetched 0, unchanged 6, not a page 1, failed 3 (1 links to other sites left out)",
        "{}",
        second
            .pages
            .iter()
            .map(|page| page.line())
            .collect::<Vec<_>>()
            .join("\n")
    );

    // The folder imports; a fetched page's address becomes its entry's `doc_url`.
    let outcome = run(&crate::fixtures("spec"), &Options::new(vec![out.clone()]))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(
        outcome
            .output
            .contains(&format!("doc_url: {base}/twin-only\n")),
        "{}",
        outcome.output
    );
    assert!(outcome.output.contains("6 endpoints"), "{}", outcome.output);
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test]
async fn an_index_that_cannot_be_read_is_an_error() {
    let (base, _) = start_site().await;
    let out = std::env::temp_dir().join(format!("jing-fetch-bad-{}", std::process::id()));
    let error = fetch(
        &Pages::Index(format!("{base}/no-index.txt")),
        &settings(out.clone()),
    )
    .await
    .err()
    .map(|error| format!("{error:#}"));
    assert!(
        error.as_deref().is_some_and(|error| error.contains("404")),
        "{error:?}"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_and_its_twin_get_a_file_each_and_an_error_body_is_no_page() {
    let (base, _) = start_site().await;
    let out = std::env::temp_dir().join(format!("jing-fetch-twins-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let pages = Pages::Urls(vec![
        format!("{base}/dup"),
        format!("{base}/dup.md"),
        format!("{base}/error-json"),
    ]);
    for run_number in 1..=2 {
        let report = fetch(&pages, &settings(out.clone()))
            .await
            .unwrap_or_else(|error| panic!("{error:#}"));
        let all: Vec<String> = report.pages.iter().map(|page| page.line()).collect();
        let files = report.readable();
        assert_eq!(files.len(), 2, "run {run_number}: {all:?}");
        assert_ne!(files[0], files[1], "run {run_number}: {all:?}");
        assert!(files.iter().all(|file| file.is_file()), "{files:?}");
        assert!(
            matches!(outcome_of(&report, &format!("{base}/error-json")), Outcome::NotAPage { seen } if seen.contains("import cannot read")),
            "run {run_number}: {all:?}"
        );
    }
    let saved: Vec<_> = std::fs::read_dir(&out)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.file_name())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(saved.len(), 3, "two pages and the manifest: {saved:?}");
    // The folder imports: the error body was not kept to break it.
    let outcome = run(&crate::fixtures("spec"), &Options::new(vec![out.clone()]))
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert!(outcome.output.contains("2 endpoints"), "{}", outcome.output);
    let _ = std::fs::remove_dir_all(&out);
}

/// `cargo xtask fetch` as the `jing-fetch` binary runs it: the flags parsed as the command
/// line gives them, the pages fetched and imported, and whether every page was fetched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fetch_command_imports_what_it_fetched_and_fails_on_a_failed_page() {
    use clap::Parser;
    #[derive(Parser)]
    struct Line {
        #[command(flatten)]
        args: jing_vendor_docs::cli::FetchArgs,
    }
    let (base, _) = start_site().await;
    let out = std::env::temp_dir().join(format!("jing-fetch-command-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let out_text = out.display().to_string();
    let run_line = move |pages: Vec<String>| {
        let mut line = vec![
            "jing-fetch",
            "--out",
            &out_text,
            "--rate",
            "50",
            "--tries",
            "1",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
        line.extend(["--spec", "tests/fixtures/spec", "--import"].map(str::to_owned));
        line.extend(pages);
        let args = Line::try_parse_from(line)
            .unwrap_or_else(|error| panic!("{error}"))
            .args;
        let root = jing_vendor_docs::workspace_root();
        tokio::task::spawn_blocking(move || jing_vendor_docs::cli::run_fetch(&root, args))
    };
    let fetched = run_line(vec![format!("{base}/dup"), format!("{base}/error-json")])
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(matches!(fetched, Ok(true)), "{fetched:?}");
    let failed = run_line(vec![format!("{base}/missing")])
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(matches!(failed, Ok(false)), "{failed:?}");
    // A file of two pages is neither kept as one nor dropped as none: the run fails.
    let two = run_line(vec![format!("{base}/two-pages.md")])
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(matches!(two, Ok(false)), "{two:?}");
    let _ = std::fs::remove_dir_all(&out);
}

/// A file holding two pages' OpenAPI blocks is counted failed, with the one advice that
/// applies (split it at each page's title), never "not a page" nor "save it from a browser".
#[tokio::test]
async fn a_file_of_several_pages_is_counted_failed_with_the_advice_to_split_it() {
    let (base, _) = start_site().await;
    let out = std::env::temp_dir().join(format!("jing-fetch-several-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let report = fetch(
        &Pages::Urls(vec![format!("{base}/two-pages.md")]),
        &settings(out.clone()),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(
        report.summary(),
        "fetched 0, unchanged 0, not a page 0, failed 1"
    );
    let line = report.pages[0].line();
    assert!(line.contains("2 OpenAPI `yaml` blocks"), "{line}");
    assert!(line.contains("split it at each page's `# title`"), "{line}");
    assert!(
        !line.contains("browser") && !line.contains("no format"),
        "{line}"
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// `doc_url` is the page's own address: a `.md` address asked for stays one, a page that
/// states its address (here, a mirror's copy naming the vendor's page) gives that one, and
/// a page imported again from another folder, where nothing names its address, keeps the
/// entry's `doc_url`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_keeps_its_own_address_wherever_it_is_imported_from() {
    let (base, _) = start_site().await;
    let out = std::env::temp_dir().join(format!("jing-fetch-address-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let pages = Pages::Urls(vec![
        format!("{base}/api-1.md"),
        format!("{base}/stated.md"),
    ]);
    let report = fetch(&pages, &settings(out.clone()))
        .await
        .unwrap_or_else(|error| panic!("{error:#}"));
    assert_eq!(report.readable().len(), 2, "{}", report.summary());
    let spec = crate::fixture_spec_copy("fetch-address");
    let write = |files: Vec<PathBuf>| {
        let options = Options {
            action: jing_vendor_docs::import::command::Action::Write,
            ..Options::new(files)
        };
        run(&spec, &options).unwrap_or_else(|error| panic!("{error:#}"))
    };
    write(vec![out.clone()]);
    let group = std::fs::read_to_string(spec.join("01-widgets.yaml"))
        .unwrap_or_else(|error| panic!("{error}"));
    let doc_url = |name: &str, text: &str| -> String {
        let entry = &text[text
            .find(&format!("  - name: {name}\n"))
            .unwrap_or_else(|| panic!("{name}"))..];
        let line = entry
            .lines()
            .find(|line| line.trim_start().starts_with("doc_url:"));
        line.unwrap_or_default().trim().to_owned()
    };
    assert_eq!(
        doc_url("get_widget", &group),
        format!("doc_url: {base}/api-1.md")
    );
    assert_eq!(
        doc_url("paint_widget", &group),
        "doc_url: https://vendor.invalid/docs/paint-widget"
    );
    // The page moved to a folder without the fetch's manifest: nothing names its address,
    // and the entry keeps the one it has.
    let moved = out.with_extension("moved");
    let _ = std::fs::remove_dir_all(&moved);
    std::fs::create_dir_all(&moved).unwrap_or_else(|error| panic!("{error}"));
    for file in report.readable() {
        let name = file.file_name().unwrap_or_default();
        std::fs::copy(&file, moved.join(name)).unwrap_or_else(|error| panic!("{error}"));
    }
    let again = write(vec![moved.clone()]);
    assert!(again.written.is_empty(), "{}", again.output);
    let after = std::fs::read_to_string(spec.join("01-widgets.yaml"))
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(after, group);
    for dir in [out, moved, spec] {
        let _ = std::fs::remove_dir_all(dir);
    }
}
