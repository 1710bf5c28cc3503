//! Markdown reference of a spec (being written).
