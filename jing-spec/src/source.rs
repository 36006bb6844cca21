//! The text of one spec file, as the loader reads it and the located errors name it.

/// The text of one spec file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name used in errors (a path relative to the workspace reads best).
    pub path: String,
    /// The YAML text.
    pub text: String,
}

impl Source {
    /// A source from a name and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }
}
