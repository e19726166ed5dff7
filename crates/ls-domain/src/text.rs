//! Untrusted text on its way out, and the look-alike key of usernames.
//!
//! Everything the program shows came from someone: a file being imported, a comment another
//! dealer wrote, an audit row. A terminal obeys the control sequences inside such text (clear
//! the screen, write the clipboard with OSC 52, set the window title, hide what follows), bidi
//! controls reorder what the reader sees, invisible characters make two names look the same,
//! and a spreadsheet runs a cell that starts with `=`. So:
//! - [`visible`] (one line) and [`visible_lines`] (keeps line breaks and tabs) are the way text
//!   reaches a terminal: every control, bidi, format and default-ignorable character is shown as
//!   an escape: `\n`, `\t`, `\r`, or `⟨U+200B⟩` (the form the field errors name characters in);
//! - [`csv_cell`] is the way it reaches a spreadsheet: made visible, a formula neutralized with
//!   a leading `'`, quoted where CSV needs it;
//! - [`json`] keeps a JSON document lossless while none of those characters reaches a terminal;
//! - [`skeleton`] and [`LookAlike`] tell the usernames that would pass for each other (TS #39).
//!
//! Variation selectors (U+FE00–FE0F, U+E0100–E01EF) are default-ignorable and so escaped too:
//! an emoji then shows as `❤⟨U+FE0F⟩`, a price paid for never hiding data in a name.
use std::borrow::Cow;
use std::fmt::Write as _;

/// Why a character may not reach a terminal raw, nor be stored in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hazard {
    /// C0, DEL, C1: a terminal obeys them (ESC starts every escape sequence).
    Control,
    /// Reorders the text around it.
    Bidi,
    /// Default-ignorable: draws nothing, so two names can look the same.
    Invisible,
    /// Another format character, or a line or paragraph separator.
    Format,
}

impl Hazard {
    /// `a control character`: the words a field error uses.
    pub fn describe(self) -> &'static str {
        match self {
            Hazard::Control => "a control character",
            Hazard::Bidi => "a text-direction control",
            Hazard::Invisible => "an invisible character",
            Hazard::Format => "a formatting character",
        }
    }
}

/// Default_Ignorable_Code_Point (Unicode 16, DerivedCoreProperties.txt), sorted.
const DEFAULT_IGNORABLE: &[(char, char)] = &[
    ('\u{AD}', '\u{AD}'),
    ('\u{34F}', '\u{34F}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

/// Format characters (Cf) that are not default-ignorable, and the line and paragraph
/// separators (some terminals and editors break lines at them), sorted.
const FORMAT: &[(char, char)] = &[
    ('\u{600}', '\u{605}'),
    ('\u{6DD}', '\u{6DD}'),
    ('\u{70F}', '\u{70F}'),
    ('\u{890}', '\u{891}'),
    ('\u{8E2}', '\u{8E2}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
];

/// Characters that draw nothing yet are neither whitespace nor default-ignorable: the Braille
/// blank, a musical null notehead, the Khitan filler. A name of them looks empty, or like another.
const BLANK: &[(char, char)] = &[
    ('\u{2800}', '\u{2800}'),
    ('\u{16FE4}', '\u{16FE4}'),
    ('\u{1D159}', '\u{1D159}'),
];

fn in_table(c: char, table: &[(char, char)]) -> bool {
    table.iter().take_while(|(lo, _)| *lo <= c).any(|(_, hi)| c <= *hi)
}

/// Characters that reorder the text around them: a name holding one can display as another.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Default-ignorable characters: zero-width spaces and joiners, the soft hyphen, the BOM, tag
/// characters, variation selectors, Hangul fillers and the like.
pub fn is_default_ignorable(c: char) -> bool {
    in_table(c, DEFAULT_IGNORABLE)
}

/// Characters that draw nothing but are neither whitespace nor default-ignorable (the Braille
/// blank and the like): shown as escapes and refused in names like the invisible ones.
pub fn is_blank(c: char) -> bool {
    in_table(c, BLANK)
}

/// Format characters other than the default-ignorable ones, and U+2028/U+2029.
pub fn is_format(c: char) -> bool {
    in_table(c, FORMAT)
}

/// What is hazardous about `c`, if anything.
pub fn hazard(c: char) -> Option<Hazard> {
    // Printable ASCII is nearly all text: answered first.
    if (' '..='~').contains(&c) {
        None
    } else if c.is_control() {
        Some(Hazard::Control)
    } else if is_bidi_control(c) {
        Some(Hazard::Bidi)
    } else if is_default_ignorable(c) || is_blank(c) {
        Some(Hazard::Invisible)
    } else if is_format(c) {
        Some(Hazard::Format)
    } else {
        None
    }
}

/// `s` as one line a terminal may be given: controls (line breaks and tabs too), bidi, format
/// and default-ignorable characters shown as `\n`, `\t`, `\r` or `⟨U+200B⟩`. Borrowed when
/// nothing needed escaping (nearly always).
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// [`visible`], but line breaks and tabs kept: free text shown over several lines. A lone CR
/// is escaped (it would let a line overwrite itself); a CR before LF is dropped.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, lines: bool) -> Cow<'_, str> {
    let kept = |c: char| lines && matches!(c, '\n' | '\t');
    let start = s
        .char_indices()
        .find(|&(_, c)| hazard(c).is_some() && !kept(c))
        .map(|(i, _)| i);
    let Some(start) = start else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..start]);
    let mut rest = s[start..].chars().peekable();
    while let Some(c) = rest.next() {
        match c {
            _ if kept(c) => out.push(c),
            '\r' if lines && rest.peek() == Some(&'\n') => {}
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            _ if hazard(c).is_some() => {
                let _ = write!(out, "⟨U+{:04X}⟩", c as u32);
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a spreadsheet would take a cell starting with `c` for a formula (OWASP's list, and
/// the full-width forms some locales convert).
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
}

/// `s` with a leading `'` when a spreadsheet would run it as a formula (`=HYPERLINK(…)`,
/// `+cmd|…`, `@SUM(…)`): the cell then shows the text as it is.
pub fn neutralize_formula(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some(c) if starts_formula(c) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// One CSV cell: made visible (line breaks and tabs kept), a formula neutralized, quoted when
/// it holds a comma, a quote or a line break.
pub fn csv_cell(s: &str) -> String {
    let shown = visible_lines(s);
    let safe = neutralize_formula(&shown);
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe.into_owned()
    }
}

/// A serialized JSON document with every hazardous character left raw by the serializer (DEL,
/// C1, bidi, format, default-ignorable) written as a `\uXXXX` escape: the document parses to
/// the same values, and a terminal showing it obeys none of them. Such characters can only be
/// inside strings (JSON's own syntax is ASCII), where an escape means the same character.
pub fn json(doc: &str) -> Cow<'_, str> {
    let Some(start) = doc.char_indices().find(|&(_, c)| hazard(c).is_some()).map(|(i, _)| i) else {
        return Cow::Borrowed(doc);
    };
    let mut out = String::with_capacity(doc.len() + 16);
    out.push_str(&doc[..start]);
    for c in doc[start..].chars() {
        // Raw line breaks and tabs are JSON's whitespace between tokens: kept.
        if hazard(c).is_none() || matches!(c, '\n' | '\t' | '\r') {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            let _ = write!(out, "\\u{:04x}", u);
        }
    }
    Cow::Owned(out)
}

/// The confusable skeleton of Unicode TS #39: NFD, default-ignorables dropped, each character
/// mapped to its prototype, NFD again. Two strings with one skeleton can pass for each other.
pub fn skeleton(s: &str) -> String {
    unicode_security::skeleton(s).collect()
}

/// What a username is compared by: its skeleton, and its skeleton with case folded before and
/// after the mapping. The TS #39 skeleton keeps case (`I` and `l` meet, `D` and `d` do not);
/// names that differ in case alone are one name to a reader (and to the import), so
/// `Demo.Manager`, `demo.manager` and `DEM0.manager` (`0` → `O` → `o`) meet too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookAlike {
    plain: String,
    folded: String,
}

impl LookAlike {
    pub fn of(name: &str) -> LookAlike {
        let name = name.trim();
        LookAlike {
            plain: skeleton(name),
            folded: skeleton(&skeleton(&name.to_lowercase()).to_lowercase()),
        }
    }

    /// Whether the two names could pass for each other.
    pub fn matches(&self, other: &LookAlike) -> bool {
        self.plain == other.plain || self.folded == other.folded
    }

    /// The two keys, to index many names by (two names match when either key is equal).
    pub fn keys(&self) -> [&str; 2] {
        [&self.plain, &self.folded]
    }
}

/// The first of `others` (key, name) whose name could pass for `name`.
pub fn look_alike<'a, K>(name: &str, others: impl IntoIterator<Item = (K, &'a str)>) -> Option<(K, &'a str)> {
    let key = LookAlike::of(name);
    others.into_iter().find(|(_, other)| key.matches(&LookAlike::of(other)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn terminal_sequences_are_shown_not_obeyed() {
        assert_eq!(visible("Test4"), Cow::Borrowed("Test4"));
        assert_eq!(visible("Иванов И."), "Иванов И.");
        assert_eq!(
            visible("a\u{1b}]52;c;ZXZpbA==\u{7}b"),
            "a⟨U+001B⟩]52;c;ZXZpbA==⟨U+0007⟩b"
        );
        assert_eq!(visible("x\u{1b}[2J"), "x⟨U+001B⟩[2J");
        assert_eq!(visible("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r");
        assert_eq!(visible("\u{9b}31m"), "⟨U+009B⟩31m");
        assert_eq!(visible("admin\u{202E}nimda"), "admin⟨U+202E⟩nimda");
        assert_eq!(visible("demo.manager\u{E0041}"), "demo.manager⟨U+E0041⟩");
        assert_eq!(visible("demo.man\u{AD}ager"), "demo.man⟨U+00AD⟩ager");
        assert_eq!(visible_lines("one\r\ntwo\tx\ry"), "one\ntwo\tx\\ry");
        assert_eq!(visible_lines("a\u{1b}[8mhidden"), "a⟨U+001B⟩[8mhidden");
    }

    #[test]
    fn formulas_are_neutralized_and_cells_quoted() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_cell("+cmd@x"), "'+cmd@x");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\t=1"), "'\t=1");
        // A lone CR is shown escaped: the cell then starts with a backslash, no formula.
        assert_eq!(csv_cell("\r=1"), "\\r=1");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("Test4"), "Test4");
        assert_eq!(csv_cell("x\u{1b}[2J"), "x⟨U+001B⟩[2J");
    }

    #[test]
    fn json_stays_lossless() {
        let doc =
            serde_json::to_string(&serde_json::json!({"n": "a\u{202E}b\u{9b}c\u{E0041}\u{1b}"})).unwrap_or_default();
        let safe = json(&doc);
        assert!(safe.chars().all(|c| hazard(c).is_none()), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["n"], "a\u{202E}b\u{9b}c\u{E0041}\u{1b}");
    }

    #[test]
    fn look_alikes_meet() {
        let m = LookAlike::of("demo.manager");
        for twin in [
            "demo.rnanager",
            "dem0.manager",
            "DEM0.manager",
            "Demo.Manager",
            "demo.manager\u{200B}",
            "demo.man\u{AD}ager",
        ] {
            assert!(m.matches(&LookAlike::of(twin)), "{twin}");
        }
        assert!(LookAlike::of("Ian").matches(&LookAlike::of("lan")));
        assert!(!m.matches(&LookAlike::of("demo.managers")));
        assert_eq!(look_alike("test4", [(4, "Test4"), (5, "other")]), Some((4, "Test4")));
        assert_eq!(look_alike("new.one", [(4, "Test4")]), None);
    }

    /// Text with the characters that matter here mixed into any other.
    fn hostile() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            '\u{1b}',
            '\u{7}',
            '\n',
            '\r',
            '\t',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{202E}',
            '\u{2066}',
            '\u{200B}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{AD}',
            '\u{E0041}',
            '\u{FE0F}',
            '\u{2028}',
            '\u{600}',
            '=',
            '+',
            '-',
            '@',
            '"',
            ',',
            '\'',
            '⟨',
            'я',
        ]);
        prop::collection::vec(prop_oneof![any::<char>(), special], 0..40)
            .prop_map(|v| v.into_iter().collect::<String>())
    }

    /// A CSV cell read back the way a spreadsheet reads it.
    fn unquote(cell: &str) -> String {
        match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => cell.to_string(),
        }
    }

    proptest! {
        #[test]
        fn escaped_text_holds_no_hazard(s in hostile()) {
            let one = visible(&s);
            prop_assert!(one.chars().all(|c| hazard(c).is_none()), "{:?}", one);
            let many = visible_lines(&s);
            prop_assert!(many.chars().all(|c| hazard(c).is_none() || c == '\n' || c == '\t'), "{:?}", many);
            prop_assert_eq!(many.matches('\n').count(), s.matches('\n').count());
        }

        #[test]
        fn plain_text_is_unchanged(s in "\\PC{0,60}".prop_filter("no hazard", |s| s.chars().all(|c| hazard(c).is_none()))) {
            prop_assert_eq!(visible(&s), Cow::Borrowed(s.as_str()));
            prop_assert_eq!(visible_lines(&s), Cow::Borrowed(s.as_str()));
        }

        #[test]
        fn csv_cells_never_start_a_formula(s in hostile()) {
            let cell = csv_cell(&s);
            let value = unquote(&cell);
            prop_assert!(!value.chars().next().is_some_and(starts_formula), "{:?}", cell);
            prop_assert!(value.chars().all(|c| hazard(c).is_none() || c == '\n' || c == '\t'), "{:?}", cell);
            let plain = s.chars().all(|c| hazard(c).is_none())
                && !s.chars().next().is_some_and(starts_formula)
                && !s.contains([',', '"']);
            if plain {
                prop_assert_eq!(cell, s);
            }
        }

        #[test]
        fn json_round_trips_without_hazard(s in hostile()) {
            let doc = serde_json::to_string_pretty(&serde_json::json!({ "s": &s })).unwrap_or_default();
            let safe = json(&doc);
            prop_assert!(safe.chars().all(|c| hazard(c).is_none() || c == '\n'), "{:?}", safe);
            let back: serde_json::Value = serde_json::from_str(&safe).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back["s"].as_str(), Some(s.as_str()));
        }
    }
}
