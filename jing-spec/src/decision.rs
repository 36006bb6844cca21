//! What an open decision is: [`Open`] (the file, the key of the member to write, the line)
//! and [`Need`] (what it needs: our words, a method name, a type name, an address, how an
//! answer outside the Jing envelope reads). The validator records them, the loader tells
//! them apart from other errors, and `open.rs` lists them; they live here, on their own,
//! so that those three import this module and none of them imports another back.

use crate::error::SpecError;

/// One decision the spec waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// The file, as given to the loader.
    pub file: String,
    /// The key path, by position, of the member to write: `doc`, `title`,
    /// `endpoints[3].doc`, `endpoints[3].title`, `endpoints[3].call`, `endpoints[3].name`,
    /// `endpoints[3].doc_url`, `endpoints[3].answer`, `endpoints[3].decisions[0].doc`.
    pub key: String,
    /// The line the validator located it at (the member, or the item that lacks it).
    pub line: usize,
    /// What is needed.
    pub need: Need,
    /// The key of the error the validator reports for it (`endpoints[3].title.zh`), which
    /// tells the open decisions among its errors apart ([`crate::load_pending`]).
    pub(crate) error_key: String,
}

impl Open {
    /// Whether `error` is the validator's report of this decision.
    pub(crate) fn reported_by(&self, error: &SpecError) -> bool {
        self.file == error.file && self.line == error.line && self.error_key == error.key
    }
}

/// What an open decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// A doc or title in both languages, in our words: the text as far as written, and the
    /// vendor's own text kept with an imported draft.
    Words {
        /// Our Chinese text so far.
        zh: String,
        /// Our English text so far.
        en: String,
        /// The vendor's text, if the importer kept one.
        vendor: Option<String>,
    },
    /// The method name (`call`) of a typed endpoint: the importer's proposal
    /// (`call_draft`), or the name written that the validator refuses, if any.
    Name {
        /// The name to accept or replace.
        proposed: Option<String>,
    },
    /// The address of the vendor's page of a typed endpoint (`doc_url`).
    Address,
    /// How an answer that is not the Jing envelope says success and where its data is
    /// (`answer`): the importer's reading (`answer_draft`), to confirm or correct.
    Answer {
        /// The importer's reading, on one line (`{code: ret, success: 0, data: result}`).
        proposed: String,
    },
    /// How the call authenticates (`auth`): the importer's proposal (`auth_draft`, `none`
    /// for a page whose credential is its own), to confirm or answer `headers`.
    Auth {
        /// The importer's proposal (`none`).
        proposed: String,
    },
    /// The name of an endpoint whose request type the importer proposed and found poor
    /// (`name_draft: true`; the rules are `crate::quality`'s): accepted as it is, or
    /// replaced.
    TypeName {
        /// The request type the proposed name gives (`CreateAPayment`).
        proposed: String,
        /// Why it reads poorly.
        problem: String,
    },
}
