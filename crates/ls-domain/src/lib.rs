//! The pure domain: types and rules shared by the server, the client, the CLI and the console.
//! No I/O here.
pub mod access;
pub mod dealer;
pub mod graph;
pub mod limits;
pub mod login;
pub mod policy;
pub mod query;
pub mod rights;
pub mod role;
pub mod text;
pub mod user;
pub mod usr;
pub mod wildcard;

pub use access::{effective_level, effective_unit_level, levels_lost, AccessLevel, LevelSource, ObjectKind, Placed};
pub use dealer::{Dealer, DealerTree};
pub use login::{Login, LoginError, MAX_LOGIN};
pub use query::{Column, Order, UserIndex};
pub use rights::{Language, Localized, Right};
pub use role::Role;
pub use user::{FieldError, Source, User, UserDraft};
pub use wildcard::Mask;
