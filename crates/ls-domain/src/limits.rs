//! Field limits and text hygiene, in one table: the server refuses what breaks them, the console
//! shows the same message inline, the CLI and the OpenAPI schema carry the same bounds.

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
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that draw nothing: a name made only of these (and spaces) looks empty.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E007F}'
        )
        || is_bidi_control(c)
}

/// What is wrong with one character of a field, if anything. `multiline` lets line breaks and
/// tabs through (comments).
pub fn bad_char(c: char, multiline: bool) -> Option<&'static str> {
    if multiline && matches!(c, '\n' | '\r' | '\t') {
        return None;
    }
    if c.is_control() {
        Some("a control character")
    } else if is_bidi_control(c) {
        Some("a text-direction control")
    } else {
        None
    }
}

fn count_and_chars(label: &str, value: &str, max: usize, multiline: bool) -> Result<(), String> {
    let mut n = 0usize;
    for c in value.chars() {
        n += 1;
        if n > max {
            return Err(format!("{label} is longer than {max} characters"));
        }
        if let Some(what) = bad_char(c, multiline) {
            return Err(format!("{label} holds {what} (U+{:04X})", c as u32));
        }
    }
    Ok(())
}

/// A one-line text field: at most `max` characters, no control or text-direction characters,
/// and — when it holds anything — at least one visible character.
pub fn text(label: &str, value: &str, max: usize, required: bool) -> Result<(), String> {
    if value.trim().is_empty() {
        // Spaces alone are trimmed away when saved: empty.
        return if required {
            Err(format!("{label} is required"))
        } else {
            Ok(())
        };
    }
    count_and_chars(label, value, max, false)?;
    if value.chars().all(is_invisible) {
        return Err(format!("{label} shows nothing: it holds only invisible characters"));
    }
    Ok(())
}

/// Free text over several lines (comments).
pub fn multiline(label: &str, value: &str, max: usize) -> Result<(), String> {
    count_and_chars(label, value, max, true)
}

/// A wildcard mask sent to a list.
pub fn mask(value: &str) -> Result<(), String> {
    count_and_chars("the mask", value, MASK, false)
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
    }

    #[test]
    fn comments_masks_passwords() {
        assert!(multiline("comments", "line one\nline two\ttab", COMMENTS).is_ok());
        assert!(multiline("comments", "bell\u{7}", COMMENTS).is_err());
        assert!(mask(&"*".repeat(256)).is_ok());
        assert!(mask(&"*".repeat(257)).is_err());
        assert!(mask("a\u{0}b").is_err());
        assert!(password("correct horse").is_ok());
        assert!(password("      ").is_err());
        assert!(password("        ").unwrap_err().contains("only spaces"));
        assert!(password("short").is_err());
    }
}
