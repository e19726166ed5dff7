//! The README's screenshots come from a scripted session of the real console; this runs the
//! same tour into a temp dir and checks each image shows its pane.
#[tokio::test]
async fn the_screenshot_tour_shows_every_pane() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("shots");
    let files = ls_console::tui::snapshot::tour(work.path(), &out).await.expect("tour");
    let read = |name: &str| std::fs::read_to_string(out.join(format!("{name}.svg"))).unwrap();
    assert_eq!(files.len(), 6);
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
    let api = text(&read("api-access"));
    assert!(
        api.contains("API token") && api.contains("Aggregator license") && !api.contains("demo-aggregator-token"),
        "masked: {api}"
    );
}
