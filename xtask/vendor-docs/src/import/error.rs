//! The error every reader of a page returns: the file, the place in it and what is wrong.
//! A leaf module, so the format readers and the module that chooses among them share it
//! without importing each other.

use std::fmt;

/// A file that cannot be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file as named on the command line.
    pub file: String,
    /// Where in it: a line, a key path, or `(file)`.
    pub place: String,
    /// What is wrong.
    pub message: String,
}

/// The words that name the error of a file holding several pages' blocks.
pub(super) const SEVERAL_PAGES: &str = "OpenAPI `yaml` blocks";

/// The words that name the error of a document with no operation (a schema page): not an
/// endpoint page, skipped where a folder holds it.
pub(super) const NOT_AN_ENDPOINT_PAGE: &str = "not an endpoint page";

impl ImportError {
    pub(crate) fn new(file: &str, place: &str, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_owned(),
            place: place.to_owned(),
            message: message.into(),
        }
    }

    /// Whether the file holds several pages' OpenAPI blocks (each readable in a file of its
    /// own): `fetch` counts such a file failed, with the advice to split it.
    pub fn is_several_pages(&self) -> bool {
        self.message.contains(SEVERAL_PAGES)
    }

    /// Whether the file is a document with no operation (an apifox schema page, `paths:
    /// {}`): no endpoint to import, so a folder's import skips it.
    pub fn is_not_endpoint_page(&self) -> bool {
        self.message.contains(NOT_AN_ENDPOINT_PAGE)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.place, self.message)
    }
}

impl std::error::Error for ImportError {}
