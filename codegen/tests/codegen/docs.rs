//! `errspec docs` on the fixtures: one table row per entry whatever the text,
//! hostile text and pipes kept inside their cells, and the Markdown of two
//! fixtures pinned by snapshots.

use crate::markdown::{assert_one_row_per_entry, table, tables};

fn load(relative: &str) -> errspec_codegen::Spec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let bytes = std::fs::read(path).expect("read the spec");
    errspec_codegen::parse_spec(&bytes, relative).unwrap_or_else(|errors| panic!("{errors}"))
}

fn markdown(relative: &str) -> String {
    errspec_codegen::docs::markdown(&load(relative), relative)
}

#[test]
fn every_fixture_gives_one_table_row_per_entry() {
    for fixture in [
        "awkward_names",
        "export_jobs",
        "forty_codes",
        "injection",
        "minimal",
    ] {
        let relative = format!("tests/fixtures/{fixture}.yaml");
        assert_one_row_per_entry(&load(&relative), &relative);
    }
}

#[test]
fn hostile_text_stays_inside_its_cells() {
    let text = markdown("tests/fixtures/injection.yaml");
    let tables = tables(&text);
    let codes = table(&tables, "Codes", "Code");
    let values: Vec<&str> = codes.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        values,
        [
            "`\"); panic!(\"`",
            "`*/ #[`",
            "`line\\u{a}break`",
            "`nul\\u{0}byte`",
            "`\\u{202e}evil\\u{202c}`",
            "`🚀launch`",
            "`tab\\u{9}here`",
        ]
    );
    let families = table(&tables, "Families", "Prefix");
    assert_eq!(families.rows[0][0], "`\"}`");
    // The category description's lines are `<br>`-joined, inside one cell.
    let categories = table(&tables, "Categories", "Key");
    assert!(
        categories.rows[0][3].contains("<br>#\\[doc = \"x\"\\]<br>} } }<br>"),
        "{:?}",
        categories.rows[0][3]
    );
}

/// The injection fixture holds no pipe and no backtick; this spec is made of them.
const PIPES_AND_TICKS: &str = r#"
version: 1
api:
  name: "Pipe | API"
  description: "1. not a list | `a | b` <b>no html</b>"
categories:
  c: { name: "C | ``two``", description: "unclosed ` tick | x", retry: never }
statuses:
  400: { reason: "Bad | Req", description: "x\\|y and `a\\|b`", category: c }
codes:
  "a|b": { statuses: [400], category: c, description: "|" }
  "`tick`": { statuses: [400], category: c, description: "``|``" }
  "c\\|d": { statuses: [400], category: c, description: "d" }
  "``q": { statuses: [400], category: c, description: "*/ not emphasis /*" }
families:
  - { prefix: "|", category: c, description: "|" }
endpoints:
  e:
    method: GET
    path: /things/{a}
    success: [200]
    description: "|`|`|"
    deferred_effect: { reason: "r | r", until: "u`|`u", verify: "v\nv" }
"#;

#[test]
fn pipes_and_backticks_stay_inside_their_cells() {
    let spec = errspec_codegen::parse_spec(PIPES_AND_TICKS.as_bytes(), "pipes.yaml")
        .unwrap_or_else(|errors| panic!("{errors}"));
    let text = errspec_codegen::docs::markdown(&spec, "pipes.yaml");
    assert!(
        text.starts_with("# Pipe \\| API: error contract\n"),
        "{text}"
    );
    assert!(
        text.contains("\n1\\. not a list \\| `a | b` &lt;b>no html&lt;/b>\n"),
        "{text}"
    );
    let tables = tables(&text);
    let codes = table(&tables, "Codes", "Code");
    let rows: Vec<[&str; 4]> = codes
        .rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    // Cells as GFM reads them (`\|` is a pipe, also inside code spans).
    assert_eq!(
        rows,
        [
            ["`a|b`", "400", "C | ``two``", "|"],
            ["`` `tick` ``", "400", "C | ``two``", "``|``"],
            ["`c\\|d`", "400", "C | ``two``", "d"],
            [
                "``` ``q ```",
                "400",
                "C | ``two``",
                "\\*/ not emphasis /\\*"
            ],
        ]
    );
    let statuses = table(&tables, "Statuses", "Status");
    assert_eq!(statuses.rows[0][3], "x\\\\|y and `a\\|b`");
    let categories = table(&tables, "Categories", "Key");
    assert_eq!(categories.rows[0][3], "unclosed \\` tick | x");
    let endpoints = table(&tables, "Endpoints", "Endpoint");
    assert_eq!(endpoints.rows[0][3], "|`|`|");
    assert_eq!(
        endpoints.rows[0][4],
        "**Deferred effect:** r | r<br>**Until:** u`|`u<br>**Verify:** v<br>v"
    );
    assert_eq!(table(&tables, "Families", "Prefix").rows[0][0], "`|`");
}

#[test]
fn markdown_of_the_export_jobs_fixture() {
    insta::assert_snapshot!("export_jobs", markdown("tests/fixtures/export_jobs.yaml"));
}

#[test]
fn markdown_of_the_injection_fixture() {
    insta::assert_snapshot!("injection", markdown("tests/fixtures/injection.yaml"));
}
