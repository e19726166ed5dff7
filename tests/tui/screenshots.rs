//! The README's screenshots come from a scripted session of the real console; this runs the
//! same tour into a temp dir and checks each image shows its pane.
#[tokio::test]
async fn the_screenshot_tour_shows_every_pane() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("shots");
    let files = crate::common::snapshot::tour(work.path(), &out).await.expect("tour");
    let read = |name: &str| std::fs::read_to_string(out.join(format!("{name}.svg"))).unwrap();
    assert_eq!(files.len(), 10);
    let text = |svg: &str| {
        svg.split("xml:space=\"preserve\"")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .map(|(_, r)| r.split("</text>").next().unwrap_or("").to_string())
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let users = text(&read("users-search"));
    assert!(users.contains("*dealer1*") && users.contains("ова"), "{users}");
    assert!(text(&read("user-card")).contains("Test4"));
    assert!(text(&read("rights-hint")).contains("Roles"));
    let tree = text(&read("objects-tree"));
    assert!(
        tree.contains("Fuel Station") && tree.contains("[x]") && tree.contains("pending"),
        "{tree}"
    );
    assert!(text(&read("object-card")).contains("Access for users"));
    let cmp = text(&read("compare"));
    assert!(
        cmp.contains("Compare") && cmp.contains("alpha.client") && cmp.contains("≠"),
        "{cmp}"
    );
    let plan = text(&read("plan"));
    assert!(plan.contains("Plan: copy") && plan.contains("Enter applies"), "{plan}");
    let ru = text(&read("users-search-ru"));
    assert!(ru.contains("Пользователи") && ru.contains("ова"), "{ru}");
    let ru = text(&read("rights-hint-ru"));
    assert!(ru.contains("Роли") && ru.contains("Пользователи — просмотр"), "{ru}");
    let api = text(&read("api-access"));
    assert!(
        api.contains("API token") && api.contains("Aggregator license") && !api.contains("demo-aggregator-token"),
        "masked: {api}"
    );
}

#[test]
fn svg_keeps_text_colours_and_escapes() {
    use crate::common::snapshot::{css, to_svg, BG, FG};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier, Style};
    let mut b = Buffer::empty(Rect::new(0, 0, 12, 2));
    b.set_string(
        0,
        0,
        "a<b & c",
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    );
    b.set_string(0, 1, "sel", Style::new().add_modifier(Modifier::REVERSED));
    let svg = to_svg(&b);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains(r##"fill="#11a8cd" font-weight="bold">a&lt;b &amp; c</text>"##),
        "{svg}"
    );
    // Reversed: the default foreground becomes the background.
    assert!(svg.contains(&format!(r#"fill="{FG}"/>"#)), "{svg}");
    assert!(svg.contains(&format!(r#"fill="{BG}">sel</text>"#)), "{svg}");
    assert_eq!(css(Color::Indexed(196)).as_deref(), Some("#ff0000"));
    assert_eq!(css(Color::Indexed(244)).as_deref(), Some("#808080"));
}
