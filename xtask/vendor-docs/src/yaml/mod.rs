//! The one YAML editor of the maintainer tools: `import --write` (new and changed
//! endpoint entries and event pages) and `docs apply` (the sheet's decisions) change the
//! spec's files through it, and nothing else writes them. Every change is a replacement of
//! a byte span of the file's text, made together in one pass, so every byte an edit does
//! not name stays as it was: comments, blank lines, quoting, flow (`{zh: "…",
//! en: "…"}`) or block style. A second run of a writer whose values already hold makes no
//! edit at all.
//!
//! - `text`: where things are: lines and offsets, the key a key path names, a value's span,
//!   the items of a block list.
//! - `path`: key paths (`endpoints[3].title`), split, joined and followed in a value.
//! - `style`: what is written new, in the spec's own style.
//! - `span`: where the keys and items of a block node are in its lines.
//! - `merge`: a block node rewritten from the value it holds to the value wanted, keeping
//!   the lines of every key and item that stays.
//! - `edits`: the edits themselves (a value replaced, a member renamed, removed or added,
//!   a list item rewritten or appended) and the one function that makes them.

mod edits;
mod merge;
mod path;
mod span;
mod style;
mod text;

pub(crate) use edits::{
    Edit, append_items, apply, insert_after, insert_member, remove_item, remove_member,
    replace_member, replace_value, rewrite_item,
};
pub(crate) use path::{join, mapping_at_mut, node_at, node_at_mut, segments, split_member};
pub(crate) use style::mapping as mapping_text;
pub(crate) use text::Text;
