//! Semver-aware comparison of two specs (being written).
