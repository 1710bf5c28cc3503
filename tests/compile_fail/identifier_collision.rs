// `tests/bad_specs/identifier_collision.yaml` is staged into the trybuild crate by tests/compile_fail.rs.
mod api {
    errspec::include_spec!("tests/bad_specs/identifier_collision.yaml");
}

fn main() {}
