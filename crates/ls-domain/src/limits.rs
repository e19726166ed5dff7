//! Field limits and text hygiene, in one table: the server refuses what breaks them, the console
//! shows the same message inline, the CLI and the OpenAPI schema carry the same bounds. Which
//! characters are hazardous is `text`'s to say.
use crate::text::{self, Hazard};

/// Longest email address (RFC 5321's path limit).
pub const EMAIL: usize = 254;
/// Phone and mobile numbers.
pub const PHONE: usize = 30;
/// Names, positions, cities, countries, usernames.
pub const NAME: usize = 200;
pub const COMMENTS: usize = 2_000;
/// A wildcard mask: every list filter, the objects tree, `mask=` parameters.
pub const MASK: usize = 256;
/// Object and dealer names.
pub const OBJECT_NAME: usize = 200;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 256;

/// Characters that reorder text around them: a name holding one can display as another.
pub fn is_bidi_control(c: char) -> bool {
    text::is_bidi_control(c)
}

/// Characters that draw nothing: a name made only of these (and spaces) looks empty.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || text::is_default_ignorable(c) || text::is_blank(c) || text::is_format(c)
}

/// What a field is, for which characters it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One line shown in lists and logs: names, positions, emails.
    Line,
    /// Free text over several lines (comments).
    Free,
    /// A wildcard mask: it finds stored text as it is, so only what a terminal would obey is
    /// refused (a mask may look for an invisible character that old data holds).
    Mask,
}

/// Emoji sequences and some scripts need these in free text (ZWNJ, ZWJ, variation selectors);
/// they are still shown escaped.
fn joins(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

fn what_is_wrong(c: char, kind: Kind) -> Option<&'static str> {
    if kind == Kind::Free && matches!(c, '\n' | '\r' | '\t') {
        return None;
    }
    match text::hazard(c)? {
        Hazard::Invisible | Hazard::Format if kind == Kind::Mask => None,
        Hazard::Invisible if kind == Kind::Free && joins(c) => None,
        h => Some(h.describe()),
    }
}

/// What is wrong with one character of a field, if anything: control, text-direction, format
/// and default-ignorable characters. `multiline` lets line breaks and tabs through, and the
/// joiners and variation selectors of emoji (comments).
pub fn bad_char(c: char, multiline: bool) -> Option<&'static str> {
    what_is_wrong(c, if multiline { Kind::Free } else { Kind::Line })
}

fn count_and_chars(label: &str, value: &str, max: usize, kind: Kind) -> Result<(), String> {
    let mut n = 0usize;
    for c in value.chars() {
        n += 1;
        if n > max {
            return Err(format!("{label} is longer than {max} characters"));
        }
        if let Some(what) = what_is_wrong(c, kind) {
            return Err(format!("{label} holds {what} (U+{:04X})", c as u32));
        }
    }
    Ok(())
}

/// A one-line text field: at most `max` characters, no control, text-direction, format or
/// default-ignorable characters, and — when it holds anything — at least one visible character.
pub fn text(label: &str, value: &str, max: usize, required: bool) -> Result<(), String> {
    if value.trim().is_empty() {
        // Spaces alone are trimmed away when saved: empty.
        return if required {
            Err(format!("{label} is required"))
        } else {
            Ok(())
        };
    }
    // Said first: "shows nothing" tells more than the first invisible character's code.
    if value.chars().all(is_invisible) {
        return Err(format!("{label} shows nothing: it holds only invisible characters"));
    }
    count_and_chars(label, value, max, Kind::Line)
}

/// Free text over several lines (comments).
pub fn multiline(label: &str, value: &str, max: usize) -> Result<(), String> {
    count_and_chars(label, value, max, Kind::Free)
}

/// A wildcard mask sent to a list.
pub fn mask(value: &str) -> Result<(), String> {
    count_and_chars("the mask", value, MASK, Kind::Mask)
}

/// A new password: 8 characters or more, not only spaces. (Existing passwords keep working:
/// this is asked only where one is set.)
pub fn password(value: &str) -> Result<(), String> {
    let n = value.chars().count();
    if n < PASSWORD_MIN {
        return Err(format!("password must have at least {PASSWORD_MIN} characters"));
    }
    if n > PASSWORD_MAX {
        return Err(format!("password is longer than {PASSWORD_MAX} characters"));
    }
    if value.chars().all(char::is_whitespace) {
        return Err("password must not be only spaces".into());
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!("password holds a control character (U+{:04X})", c as u32));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(text("username", "Test4", NAME, true).is_ok());
        assert!(text("username", "Иван Петров", NAME, true).is_ok());
        assert_eq!(text("username", "", NAME, true).unwrap_err(), "username is required");
        assert_eq!(text("username", "   ", NAME, true).unwrap_err(), "username is required");
        assert!(text("city", "", NAME, false).is_ok());
        assert!(text("username", "\u{200B}", NAME, true)
            .unwrap_err()
            .contains("shows nothing"));
        assert!(text("username", "\u{200B}\u{FEFF} \u{2060}", NAME, true)
            .unwrap_err()
            .contains("shows nothing"));
        assert!(text("username", "admin\u{202E}nimda", NAME, true)
            .unwrap_err()
            .contains("text-direction"));
        assert!(text("username", "a\u{1b}[31m", NAME, true)
            .unwrap_err()
            .contains("control"));
        assert!(text("username", &"x".repeat(201), NAME, true)
            .unwrap_err()
            .contains("longer than 200"));
        assert!(
            text("username", &"я".repeat(200), NAME, true).is_ok(),
            "characters, not bytes"
        );
        // Look-alikes of `demo.manager`: each named by its character.
        for (name, code) in [
            ("demo.manager\u{200B}", "U+200B"),
            ("demo.manager\u{2060}", "U+2060"),
            ("demo.manager\u{FEFF}", "U+FEFF"),
            ("demo.manager\u{E0041}", "U+E0041"),
            ("demo.man\u{AD}ager", "U+00AD"),
            ("demo.manager\u{2028}", "U+2028"),
        ] {
            let e = text("username", name, NAME, true).unwrap_err();
            assert!(e.starts_with("username holds ") && e.contains(code), "{e}");
        }
        assert!(text("username", "x\u{9b}31m", NAME, true)
            .unwrap_err()
            .contains("control"));
    }

    #[test]
    fn comments_masks_passwords() {
        assert!(multiline("comments", "line one\nline two\ttab", COMMENTS).is_ok());
        assert!(multiline("comments", "bell\u{7}", COMMENTS).is_err());
        assert!(multiline(
            "comments",
            "a \u{2764}\u{FE0F} and \u{1F469}\u{200D}\u{1F4BB}",
            COMMENTS
        )
        .is_ok());
        assert!(multiline("comments", "hidden\u{E0041}", COMMENTS).is_err());
        assert!(multiline("comments", "turned\u{202E}", COMMENTS).is_err());
        assert!(mask("\u{200B}").is_ok(), "a mask may look for what old data holds");
        assert!(mask("a\u{202E}").is_err());
        assert!(mask(&"*".repeat(256)).is_ok());
        assert!(mask(&"*".repeat(257)).is_err());
        assert!(mask("a\u{0}b").is_err());
        assert!(password("correct horse").is_ok());
        assert!(password("      ").is_err());
        assert!(password("        ").unwrap_err().contains("only spaces"));
        assert!(password("short").is_err());
    }
}
