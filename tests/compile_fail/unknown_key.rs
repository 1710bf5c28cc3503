// `tests/bad_specs/unknown_key.yaml` is staged into the trybuild crate by tests/compile_fail.rs.
mod api {
    errspec::include_spec!("tests/bad_specs/unknown_key.yaml");
}

fn main() {}
