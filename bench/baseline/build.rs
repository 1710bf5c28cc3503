//! Writes each scale spec's plain-`match` baseline into `OUT_DIR`. This crate
//! does not depend on the generator, so editing the generator leaves it
//! compiled: an optimised build of the 10,000-arm `match` takes minutes.
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "../src/scale.rs"]
mod scale;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../src/scale.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by cargo"));
    for (codes, endpoints) in scale::SIZES {
        let module = scale::baseline_module(&scale::ScaleSpec::build(codes, endpoints));
        let path = out.join(format!("baseline_{codes}.rs"));
        // Unchanged bytes keep the file's timestamp.
        if std::fs::read(&path).ok().as_deref() != Some(module.as_bytes()) {
            std::fs::write(&path, module).expect("OUT_DIR is writable");
        }
    }
}
