mod api {
    errspec::include_spec!("spec/fivetran.yaml", serdes);
}

fn main() {}
