//! The console's panes.
pub mod card;
pub mod users;
