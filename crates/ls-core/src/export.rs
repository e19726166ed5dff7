//! Excel exports: the users list as shown, and the rights catalog with both descriptions.
//! Every cell is written with `write_string`: a spreadsheet shows it as text and never runs it
//! as a formula (`=HYPERLINK(…)` stays words); control, bidi and invisible characters are shown
//! as escapes, as on the screen.
use crate::domain::query::Column;
use crate::domain::text::visible;
use crate::domain::{Right, User};
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// Writes `users` in the given order: a header row with the list's columns and a Blocked column.
pub fn users_xlsx(path: &Path, users: &[&User]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Users")?;
    let bold = Format::new().set_bold();
    let blocked = Format::new().set_background_color(Color::RGB(0xFFC285));
    for (i, c) in Column::ALL.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, c.title(), &bold)?;
    }
    let bcol = Column::ALL.len() as u16;
    ws.write_string_with_format(0, bcol, "Blocked", &bold)?;
    for (r, u) in users.iter().enumerate() {
        let row = r as u32 + 1;
        for (i, c) in Column::ALL.iter().enumerate() {
            let text = visible(&c.text(u)).into_owned();
            if u.login_allowed {
                ws.write_string(row, i as u16, &text)?;
            } else {
                ws.write_string_with_format(row, i as u16, &text, &blocked)?;
            }
        }
        ws.write_string(row, bcol, if u.login_allowed { "" } else { "yes" })?;
    }
    ws.set_column_width(0, 8)?;
    for c in 1..=bcol {
        ws.set_column_width(c, 22)?;
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save(path)
}

/// Writes the rights catalog: code, group, names and comments in English and Russian.
pub fn rights_xlsx(path: &Path, rights: &[Right]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rights")?;
    let bold = Format::new().set_bold();
    let head = [
        "Code",
        "Group",
        "Name (EN)",
        "Name (RU)",
        "Description (EN)",
        "Description (RU)",
    ];
    for (i, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (r, right) in rights.iter().enumerate() {
        let row = r as u32 + 1;
        for (i, v) in [
            &right.code,
            &right.group,
            &right.name.en,
            &right.name.ru,
            &right.comment.en,
            &right.comment.ru,
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(row, i as u16, v.as_str())?;
        }
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(2, 34)?;
    ws.set_column_width(3, 34)?;
    ws.set_column_width(4, 60)?;
    ws.set_column_width(5, 60)?;
    wb.save(path)
}

/// `2026-11-23_221530Z`: a moment in UTC as a file name sorts and reads it.
fn stamp(secs: u64) -> String {
    let (y, m, d) = crate::domain::wildcard::civil_date((secs / 86_400) as i64);
    let rest = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}_{:02}{:02}{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// A fresh file name in the export dir: `users-2026-11-23_221530Z.xlsx`, never overwriting.
pub fn export_path(dir: Option<&Path>, stem: &str) -> PathBuf {
    let dir = dir
        .map(Path::to_path_buf)
        .or_else(|| directories::UserDirs::new().and_then(|u| u.download_dir().map(Path::to_path_buf)))
        .filter(|d| d.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let when = stamp(secs);
    let mut p = dir.join(format!("{stem}-{when}.xlsx"));
    let mut n = 1;
    while p.exists() {
        p = dir.join(format!("{stem}-{when}-{n}.xlsx"));
        n += 1;
    }
    p
}

#[cfg(test)]
mod stamp_tests {
    #[test]
    fn file_names_carry_a_readable_utc_moment() {
        assert_eq!(super::stamp(0), "1970-01-01_000000Z");
        assert_eq!(super::stamp(951_782_400), "2000-02-29_000000Z");
        assert_eq!(super::stamp(1_795_473_330), "2026-11-23_223530Z");
        let p = super::export_path(Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))), "users");
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        assert!(name.starts_with("users-20") && name.ends_with("Z.xlsx"), "{name}");
    }
}

#[cfg(test)]
mod text_tests {
    use calamine::{open_workbook, Data, Reader, Xlsx};

    /// A name that is a formula stays words; an escape sequence is shown, not written.
    #[test]
    fn hostile_cells_are_text_not_formulas() {
        let u: crate::domain::User = serde_json::from_value(serde_json::json!({
            "login": "0042", "username": "=HYPERLINK(\"http://evil.example\",\"x\")", "first_name": "A",
            "last_name": "B", "email": "+cmd@example.com", "phone": "\u{1b}]52;c;eA==\u{7}", "dealer_id": 1,
            "roles": ["CLIENT"], "login_allowed": true, "version": 1
        }))
        .expect("a user");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("users.xlsx");
        super::users_xlsx(&path, &[&u]).expect("written");
        let mut wb: Xlsx<_> = open_workbook(&path).expect("read back");
        let formulas = wb.worksheet_formula("Users").expect("formulas");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula cell");
        let range = wb.worksheet_range("Users").expect("cells");
        let row: Vec<&Data> = range.rows().nth(1).expect("the user's row").iter().collect();
        assert!(
            row.iter().all(|c| matches!(c, Data::String(_) | Data::Empty)),
            "{row:?}"
        );
        let text: Vec<String> = row.iter().map(|c| c.to_string()).collect();
        assert!(text.iter().any(|c| c.starts_with("=HYPERLINK")), "{text:?}");
        assert!(
            text.iter().all(|c| !c.contains('\u{1b}') && !c.contains('\u{7}')),
            "{text:?}"
        );
    }
}
