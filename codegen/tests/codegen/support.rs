//! How tests name a spec file in diagnostics and snapshots.

use std::path::Path;

/// `tests/x/y.yaml`: the path relative to the workspace root, with `/`
/// separators, so snapshots read the same on every platform.
pub fn origin(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
