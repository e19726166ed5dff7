//! The console's panes.
pub mod card;
pub mod object;
pub mod tree;
pub mod users;
