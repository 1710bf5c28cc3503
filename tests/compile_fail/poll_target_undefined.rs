// `tests/bad_specs/poll_target_undefined.yaml` is staged into the trybuild crate by tests/compile_fail.rs.
mod api {
    errspec::include_spec!("tests/bad_specs/poll_target_undefined.yaml");
}

fn main() {}
