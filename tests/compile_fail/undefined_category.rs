// `tests/bad_specs/undefined_category.yaml` is staged into the trybuild crate by tests/compile_fail.rs.
mod api {
    errspec::include_spec!("tests/bad_specs/undefined_category.yaml");
}

fn main() {}
