//! Generates the Fivetran error-contract code from spec/fivetran.yaml into OUT_DIR.
fn main() -> Result<(), errspec_codegen::Error> {
    errspec_codegen::Builder::new()
        .serde(true)
        .compile("spec/fivetran.yaml")?;
    Ok(())
}
