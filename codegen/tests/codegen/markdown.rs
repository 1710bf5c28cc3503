//! Reading back the Markdown `errspec docs` writes: its tables, cell by cell,
//! as GFM reads them. Shared with the root crate's Fivetran reference tests
//! (`tests/docs.rs` includes this file), so the reader exists once.

/// A Markdown table: the `## ` section it sits in, its header cells and its rows,
/// each cell trimmed and with `\|` read back as `|`.
#[derive(Debug)]
pub struct Table {
    pub section: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Cells of a table row, split at pipes that no backslash escapes (as GFM does).
fn cells(line: &str) -> Vec<String> {
    let inner = line
        .strip_prefix('|')
        .and_then(|l| l.strip_suffix('|'))
        .unwrap_or_else(|| panic!("not a table row: {line:?}"));
    let mut cells = vec![String::new()];
    let mut previous = ' ';
    for c in inner.chars() {
        if c == '|' && previous != '\\' {
            cells.push(String::new());
        } else {
            cells.last_mut().unwrap().push(c);
        }
        previous = c;
    }
    cells
        .iter()
        .map(|cell| cell.trim().replace("\\|", "|"))
        .collect()
}

/// Every table of a document, checking on the way that each one is well formed:
/// a header, a delimiter row, then rows with exactly the header's cell count.
pub fn tables(markdown: &str) -> Vec<Table> {
    let mut found = Vec::new();
    let mut section = String::new();
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title.to_owned();
        }
        if !line.starts_with('|') {
            continue;
        }
        let header = cells(line);
        let delimiter = lines.next().expect("a delimiter row after the header");
        assert_eq!(
            delimiter,
            format!("|{}", "---|".repeat(header.len())),
            "delimiter of {header:?}"
        );
        let mut rows = Vec::new();
        while let Some(line) = lines.next_if(|l| l.starts_with('|')) {
            let row = cells(line);
            assert_eq!(row.len(), header.len(), "row {line:?} under {header:?}");
            rows.push(row);
        }
        found.push(Table {
            section: section.clone(),
            header,
            rows,
        });
    }
    found
}

/// The first table of a section whose header starts with `first`.
pub fn table<'a>(tables: &'a [Table], section: &str, first: &str) -> &'a Table {
    tables
        .iter()
        .find(|t| t.section == section && t.header[0] == first)
        .unwrap_or_else(|| panic!("no table `{first}` under `## {section}`"))
}

/// One table row per spec entry and no line broken by spec text, whatever it holds.
pub fn assert_one_row_per_entry(spec: &errspec_codegen::Spec, relative: &str) {
    let text = errspec_codegen::docs::markdown(spec, relative);
    assert!(
        !text.contains('\r') && !text.contains('\0'),
        "{relative}: raw control characters"
    );
    assert!(
        !text.contains(['\u{202e}', '\u{200f}', '\u{2066}']),
        "{relative}: raw bidirectional controls"
    );
    let tables = tables(&text);
    let count = |section: &str, first: &str| {
        tables
            .iter()
            .find(|t| t.section == section && t.header[0] == first)
            .map_or(0, |t| t.rows.len())
    };
    assert_eq!(
        count("Categories", "Key"),
        spec.categories.len(),
        "{relative}"
    );
    assert_eq!(
        count("Statuses", "Status"),
        spec.statuses.len(),
        "{relative}"
    );
    assert_eq!(
        count("Statuses", "Class"),
        spec.status_classes.len(),
        "{relative}"
    );
    assert_eq!(count("Codes", "Code"), spec.codes.len(), "{relative}");
    assert_eq!(
        count("Families", "Prefix"),
        spec.families.len(),
        "{relative}"
    );
    assert_eq!(
        count("Endpoints", "Endpoint"),
        spec.endpoints.len(),
        "{relative}"
    );
    let lines_in_tables = text.lines().filter(|l| l.starts_with('|')).count();
    let rows: usize = tables.iter().map(|t| t.rows.len() + 2).sum();
    assert_eq!(lines_in_tables, rows, "{relative}: a stray table line");
}
