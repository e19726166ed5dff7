//! The console's panes.
pub mod api_tab;
pub mod card;
pub mod levels;
pub mod object;
pub mod rows;
pub mod tree;
pub mod users;
