const SPEC: &str = "spec/fivetran.yaml";

mod api {
    errspec::include_spec!(SPEC);
}

fn main() {}
