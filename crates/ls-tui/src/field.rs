//! A one-line text field over tui-input: key → edit request, with the usual readline keys, and
//! the field's length limit (SPEC, field limits): a key past it types nothing and is noted, so a
//! paste longer than the field is cut at the limit and said once, instead of overflowing.
use ls_core::domain::limits;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::cell::Cell;
use tui_input::{Input, InputRequest};

/// The limit of a field whose caller names none: every search field, the trees' masks, the
/// command line and the sign-in fields hold a mask, a password or less.
pub const MAX: usize = limits::MASK;

thread_local! {
    /// The limit a key ran into since the app last asked (see [`take_cut`]). The fields are
    /// edited from many rooms that have no status line at hand; the app says it once per message.
    static CUT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// The limit of the card's field `key` (the draft's names, as `limits` bounds them).
pub fn limit_for(key: &str) -> usize {
    match key {
        "comments" => limits::COMMENTS,
        "email" => limits::EMAIL,
        "phone" | "mobile" => limits::PHONE,
        _ => limits::NAME,
    }
}

/// The limit a key ran into since the last call, if any (and forgets it).
pub fn take_cut() -> Option<usize> {
    CUT.with(|c| c.take())
}

/// Applies an editing key within [`MAX`]; returns whether the key was an edit key (handled).
pub fn edit(input: &mut Input, key: &KeyEvent) -> bool {
    edit_within(input, key, MAX)
}

/// Applies an editing key; a character past `max` characters is dropped and noted. Returns
/// whether the key was an edit key (handled, even when dropped: it must not reach the room's
/// own keys, or the rest of a long paste would run as commands).
pub fn edit_within(input: &mut Input, key: &KeyEvent, max: usize) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let req = match key.code {
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char(c) if !ctrl && !alt => {
            // Counting is O(length); a field holds at most a few thousand characters.
            if input.value().chars().count() >= max {
                CUT.with(|cut| cut.set(Some(max)));
                return true;
            }
            InputRequest::InsertChar(c)
        }
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return false,
    };
    input.handle(req);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_stops_at_its_limit_and_says_so() {
        let mut i = Input::default();
        let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let _ = take_cut();
        for _ in 0..5 {
            assert!(edit_within(&mut i, &k('x'), 3));
        }
        assert_eq!(i.value(), "xxx");
        assert_eq!(take_cut(), Some(3));
        assert_eq!(take_cut(), None, "said once");
        assert!(edit_within(
            &mut i,
            &KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
            3
        ));
        assert_eq!(i.value(), "xx");
    }
}
