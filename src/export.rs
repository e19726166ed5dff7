//! Excel exports: the users list as shown, and the rights catalog with both descriptions.
use crate::domain::query::Column;
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
            let text = c.text(u);
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

/// A fresh file name in the export dir: `users-YYYYmmdd-HHMMSS.xlsx`-like, never overwriting.
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
    let mut p = dir.join(format!("{stem}-{secs}.xlsx"));
    let mut n = 1;
    while p.exists() {
        p = dir.join(format!("{stem}-{secs}-{n}.xlsx"));
        n += 1;
    }
    p
}
