// An absolute path, so the message names the same file on every machine.
mod api {
    errspec::include_spec!("/errspec-compile-fail/no/such/spec.yaml");
}

fn main() {}
