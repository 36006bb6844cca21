//! `cargo xtask import`: read the vendor's own page formats into facts, compare them with
//! the spec, and (with `--write`) merge them into the group files; `command.rs` runs the
//! three stages, each a folder with its own types: read (`read/`: pages into facts, errors
//! kept per page), compare (`compare/`: the facts against the spec, the diff and the
//! decisions, the spec's files as values with the pages merged into them, changed through
//! the one YAML editor, `crate::yaml`) and write (`write/`: the files' text written, and
//! `write/report.rs`, which prints a comparison). What every stage shares stays here: the
//! facts (`facts.rs`), the error (`error.rs`) and the choice of a page's format. A stage
//! uses only those before it: compare reads read's types, write compare's; read knows no
//! spec (the layout test `import_stages_point_one_way` keeps it so).
//!
//! Three formats, told apart by their content: an apifox Markdown page (`# title` and a
//! fenced `yaml` OpenAPI document, `read/apifox.rs`; what its Markdown says around the
//! block, `read/outside.rs`), an OpenAPI 3.0/3.1 document in JSON
//! or YAML (`read/openapi.rs`, its body and answer in `read/content.rs`, the words the spec
//! holds no doc for in `read/answer_words.rs`, which member says success in
//! `read/answer_code.rs`, what no fact holds — an operation id, bare error statuses,
//! extensions — in `read/page_words.rs`), and the text of a rendered page (`read/page.rs`);
//! and webhook event pages (`read/event.rs`); what they share is in leaf modules
//! (`error.rs`, `read/words.rs`), so none of them imports this one. Each gives [`Facts`];
//! `read/media.rs` tells as they are read what the spec has no type or value for (a
//! multipart body, a file, a placeholder), `compare/example_check.rs` what a page's
//! examples show that its members do not say (`compare/example_hold.rs`: an answer example
//! against its answer, held back when it would not decode); `compare/settle.rs` keeps the
//! spec's value where a page says less, `compare/hold.rs` makes what the spec cannot hold
//! what it can (a decision, or a note where nothing is lost; a full address's server too),
//! `read/known_words.rs` notes the page's words on what api.yaml says (an environment, the
//! envelope's members) where they differ, `compare/overrides.rs` keeps the facts a
//! maintainer marked ours, `compare/auth.rs` proposes `auth: none` for a page whose
//! credentials are its own (and keeps a maintainer's `auth`), `compare/account.rs` counts the page's facts against what the
//! spec will hold and makes each drop a decision, `compare/matcher.rs` finds the spec's
//! endpoint a page is about, `compare/diff.rs` compares the result with the spec
//! (`compare/event_diff.rs` an event page with its event), `compare/folder_key.rs` proposes
//! a key for a folder new to the spec from its pages' paths, `compare/group_file.rs` and
//! `compare/webhooks_file.rs` merge it into the files as values (`compare/entry.rs`, in the
//! order of `compare/key_order.rs`) and render them; `compare/propose.rs` names what is new
//! (the entry's name, its method name).
//! Bad input is an [`ImportError`] naming the file and the place, never a panic.

pub mod command;
mod compare;
mod error;
pub mod facts;
mod read;
#[cfg(test)]
mod testing;
mod write;

pub use compare::webhooks_file;
pub use compare::{diff, event_diff};
pub use read::event;
pub(crate) use read::placeholder;
use read::{apifox, openapi, page};

pub use error::ImportError;
pub use facts::Facts;

/// Files larger than this are refused before they are parsed.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The formats a file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An apifox page as Markdown, with its OpenAPI document in a fenced `yaml` block.
    ApifoxMarkdown,
    /// An OpenAPI 3.0 / 3.1 document, JSON or YAML.
    OpenApi,
    /// The text of a rendered page (as a browser's copy gives it).
    PageText,
    /// A webhook event page: a title and a JSON sample of the body.
    EventPage,
}

/// What a page states: endpoints, or one webhook event.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    /// The endpoints of an endpoint page or an export.
    Endpoints(Vec<Facts>),
    /// A webhook event page.
    Event(event::EventFacts),
}

impl Format {
    /// A short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::ApifoxMarkdown => "apifox Markdown",
            Format::OpenApi => "OpenAPI",
            Format::PageText => "page text",
            Format::EventPage => "event page",
        }
    }
}

/// Reads the facts of every endpoint in `text` (the contents of `file`), in the format its
/// content shows; an event page is refused here ([`read_capped`] reads it).
pub fn read(file: &str, text: &str) -> Result<(Format, Vec<Facts>), ImportError> {
    match read_capped(file, text, MAX_BYTES)? {
        (format, Page::Endpoints(facts)) => Ok((format, facts)),
        (_, Page::Event(_)) => Err(ImportError::new(
            file,
            "(file)",
            "a webhook event page, not an endpoint page",
        )),
    }
}

/// What `text` states, in the format its content shows, refusing texts over `max_bytes`.
pub fn read_capped(
    file: &str,
    text: &str,
    max_bytes: usize,
) -> Result<(Format, Page), ImportError> {
    refuse_oversized(file, text, max_bytes)?;
    let text = text.trim_start_matches('\u{feff}');
    // An apifox page is read as it is recognised: its Markdown is parsed once.
    if let Some(page) = apifox::read(file, text)? {
        let facts = apifox_operations(file, &page)?;
        return Ok((Format::ApifoxMarkdown, Page::Endpoints(facts)));
    }
    let format = detect(text).ok_or_else(|| {
        let what = "not an apifox Markdown page (`# title` and a ```yaml block), an OpenAPI document (JSON or YAML), the text of a rendered page (method, path and parameter tables) or a webhook event page (a title and a JSON sample with `event_type`)";
        let message = match rendered_text_found(text) {
            Some(found) => format!("{what}; {found}"),
            None => what.to_owned(),
        };
        ImportError::new(file, "(file)", message)
    })?;
    let page = match format {
        Format::EventPage => Page::Event(event::read(file, text)?),
        other => Page::Endpoints(read_format(other, file, text)?),
    };
    Ok((format, page))
}

/// What a text no reader takes shows of a rendered page (a method and path run into the
/// text, parameter headings, run-together rows) and what it lacks; `None` when it shows
/// nothing of one.
pub fn rendered_text_found(text: &str) -> Option<String> {
    read::page_found::found(text)
}

/// The format `text` is in, from its content; `None` when it is none the importer reads.
pub fn detect(text: &str) -> Option<Format> {
    let text = text.trim_start_matches('\u{feff}');
    if apifox::is_page(text) {
        Some(Format::ApifoxMarkdown)
    } else if looks_like_openapi(text) {
        Some(Format::OpenApi)
    } else if page::looks_like_page(text) {
        Some(Format::PageText)
    } else if event::looks_like_event_page(text) {
        Some(Format::EventPage)
    } else {
        None
    }
}

fn looks_like_openapi(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with('{') || trimmed.starts_with("openapi") || text.contains("\nopenapi:")
}

/// Reads `text` as `format`, whatever its content looks like.
pub fn read_as(format: Format, file: &str, text: &str) -> Result<Vec<Facts>, ImportError> {
    refuse_oversized(file, text, MAX_BYTES)?;
    read_format(format, file, text)
}

/// The endpoints of `text` read as `format`, placeholders taken out of their values.
fn read_format(format: Format, file: &str, text: &str) -> Result<Vec<Facts>, ImportError> {
    let mut pages = read_pages(format, file, text)?;
    pages.iter_mut().for_each(placeholder::take);
    pages.iter_mut().for_each(read::media::take_client_headers);
    Ok(pages)
}

fn read_pages(format: Format, file: &str, text: &str) -> Result<Vec<Facts>, ImportError> {
    match format {
        Format::ApifoxMarkdown => {
            let page = apifox::read(file, text)?.ok_or_else(|| {
                ImportError::new(file, "(file)", "no `# title` heading and ```yaml block")
            })?;
            apifox_operations(file, &page)
        }
        Format::OpenApi => openapi::operations(file, &parse_yaml(file, text, 1)?, None),
        Format::PageText => Ok(vec![page::read(file, text)?]),
        Format::EventPage => Err(ImportError::new(
            file,
            "(file)",
            "a webhook event page states no endpoint",
        )),
    }
}

fn apifox_operations(file: &str, page: &apifox::Page) -> Result<Vec<Facts>, ImportError> {
    let document = parse_yaml(file, &page.yaml, page.first_line)?;
    let mut pages = openapi::operations(file, &document, Some(&page.title))?;
    read::outside::into_facts(&page.outside, &mut pages);
    pages.iter_mut().for_each(placeholder::take);
    pages.iter_mut().for_each(read::media::take_client_headers);
    Ok(pages)
}

fn refuse_oversized(file: &str, text: &str, max_bytes: usize) -> Result<(), ImportError> {
    if text.len() > max_bytes {
        return Err(ImportError::new(
            file,
            "(file)",
            format!(
                "the file is {} bytes; pages and exports over {max_bytes} bytes are refused (--max-bytes)",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// YAML (or JSON) text as a value; `first_line` is where the text starts in the file.
///
/// JSON (what exports mostly are) is read by serde_json, several times faster than a YAML
/// parser on the same text; anything it refuses is read as YAML, whose errors are located.
fn parse_yaml(file: &str, text: &str, first_line: usize) -> Result<serde_yaml::Value, ImportError> {
    if text.trim_start().starts_with('{') {
        if let Ok(value) = serde_json::from_str(text) {
            return Ok(value);
        }
    }
    serde_yaml::from_str(text).map_err(|error| {
        let place = error.location().map_or_else(
            || "(file)".to_owned(),
            |location| {
                format!(
                    "line {}, column {}",
                    location.line() + first_line - 1,
                    location.column()
                )
            },
        );
        ImportError::new(file, &place, format!("not valid JSON or YAML: {error}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_and_unknown_files_are_refused() {
        let big = "x".repeat(MAX_BYTES + 1);
        assert!(read("big.txt", &big).is_err_and(|error| error.message.contains("refused")));
        let error = read("notes.txt", "just some words").err();
        assert!(error.is_some_and(|error| error.message.contains("not an apifox")));
    }
}
