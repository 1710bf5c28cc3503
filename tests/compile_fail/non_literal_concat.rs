mod api {
    errspec::include_spec!(concat!("spec/", "fivetran.yaml"));
}

fn main() {}
