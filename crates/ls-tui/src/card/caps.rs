//! What the viewer may change on a card: `domain::policy`'s answers.
use ls_core::domain::policy::{UserCaps, Verdict};
use ls_core::domain::Role;

/// What the viewer may change on this card: `domain::policy`'s answers, the same the server
/// gives (nothing before the viewer is known).
#[derive(Debug, Clone, Default)]
pub struct Caps(pub Option<UserCaps>);

fn said(v: Option<&Verdict>) -> Result<(), String> {
    match v {
        None => Err(ls_core::i18n::policy::not_yet()),
        Some(v) => v.clone().map_err(|d| ls_core::i18n::policy::denied(&d)),
    }
}

impl Caps {
    /// The characteristics.
    pub fn fields(&self) -> Result<(), String> {
        said(self.0.as_ref().map(|c| &c.fields))
    }
    /// Renewing the API token.
    pub fn renew(&self) -> Result<(), String> {
        said(self.0.as_ref().map(|c| &c.renew))
    }
    pub fn block(&self) -> Result<(), String> {
        said(self.0.as_ref().map(|c| &c.block))
    }
    pub fn role(&self, r: Role) -> Result<(), String> {
        said(self.0.as_ref().map(|c| c.role(r)).as_ref())
    }
    pub fn right(&self, code: &str) -> Result<(), String> {
        said(self.0.as_ref().map(|c| c.right(code)).as_ref())
    }
}
