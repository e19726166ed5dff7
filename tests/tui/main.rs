//! The console: the real `App` driven with key events against the real service, asserting on
//! the rendered buffer; faults between them; every screen at every size; the screenshot tour.
#[path = "../common/mod.rs"]
mod common;

mod api_tab;
mod audit;
mod bulk;
mod card;
mod command;
mod copies;
mod daily;
mod ergonomics;
mod escapes;
mod faults;
mod fit;
mod input;
mod layout;
mod quota;
mod read_only;
mod russian;
mod screenshots;
mod sizes;
mod tree;
mod users;
mod words;
