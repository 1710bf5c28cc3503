//! The build-script front-end.

use std::path::{Path, PathBuf};

use crate::{Error, Options};

/// Generates Rust from a spec inside a build script, prost-build style.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), errspec_codegen::Error> {
///     errspec_codegen::Builder::new()
///         .serde(true)
///         .compile("spec/my_api.yaml")?;
///     Ok(())
/// }
/// ```
///
/// and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/my_api.rs"));`
///
/// The output goes to `OUT_DIR` unless [`Builder::out_dir`] says otherwise, is
/// written only when its bytes change, and `cargo:rerun-if-changed` is printed for
/// exactly the spec file, so cargo reruns the generator when the spec changes and
/// only then.
#[derive(Clone, Debug)]
pub struct Builder {
    options: Options,
    out_dir: Option<PathBuf>,
    base_dir: Option<PathBuf>,
    file_name: Option<String>,
    emit_rerun_if_changed: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder with default options, writing to `OUT_DIR`.
    pub fn new() -> Self {
        Builder {
            options: Options::default(),
            out_dir: None,
            base_dir: None,
            file_name: None,
            emit_rerun_if_changed: true,
        }
    }

    /// Implements serde for `Code`, through the serde the `errspec` crate re-exports.
    pub fn serde(&mut self, on: bool) -> &mut Self {
        self.options.serde = on;
        self
    }

    /// Replaces all generation options at once.
    pub fn options(&mut self, options: Options) -> &mut Self {
        self.options = options;
        self
    }

    /// Writes the output here instead of `OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Resolves the spec path against this directory instead of the working
    /// directory. Messages and the header still name the path as given.
    pub fn base_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// Names the output file (default: the spec's file stem plus `.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the spec (default: on).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.emit_rerun_if_changed = on;
        self
    }

    /// Generates code for the spec at `spec` (relative to the build script's
    /// working directory, i.e. the package root) and returns the written path.
    pub fn compile(&self, spec: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let spec = spec.as_ref();
        if self.emit_rerun_if_changed {
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let full_path = match &self.base_dir {
            Some(base) => base.join(spec),
            None => spec.to_owned(),
        };
        let bytes = crate::read_spec(&full_path)?;
        let origin = spec.to_string_lossy();
        let code = crate::generate(&bytes, &origin, &self.options)?;

        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Config(
                        "OUT_DIR is not set: run inside a build script or call Builder::out_dir"
                            .to_owned(),
                    )
                })?,
        };
        let file_name = match &self.file_name {
            Some(name) => name.clone(),
            None => {
                let stem = spec
                    .file_stem()
                    .map_or_else(|| "spec".into(), |stem| stem.to_string_lossy().into_owned());
                format!("{stem}.rs")
            }
        };
        let out = out_dir.join(file_name);
        crate::write_if_changed(&out, code.as_bytes())?;
        Ok(out)
    }
}
