//! The same `Code` API as errspec generates, written the plain way: every lookup a
//! `match` (on string literals for `parse`), as hand-written code and derive
//! macros do. `scripts/compile_cost.sh` compiles it next to the generated code.

use std::fmt::Write as _;

use crate::scale::{ScaleSpec, CATEGORIES, FAMILIES};

/// A complete `lib.rs` with `Category` and `Code` (`parse`, `as_str`,
/// `is_known`, `category`, `statuses`, `description`) as plain matches.
/// `type_name` names the variants (pass `errspec_codegen::naming::type_name` to
/// get the generated code's names).
pub fn plain_api(spec: &ScaleSpec, type_name: impl Fn(&str) -> String) -> String {
    let names: Vec<String> = spec.codes.iter().map(|c| type_name(&c.value)).collect();
    let categories: Vec<String> = CATEGORIES.iter().map(|c| type_name(c.0)).collect();
    let mut o = String::with_capacity(spec.codes.len() * 600 + 4096);
    o.push_str("//! The plain-match version of a generated errspec API (compile-cost baseline).\n");
    o.push_str("#![allow(missing_docs, clippy::all)]\n\n");

    o.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]\npub enum Category {\n");
    for name in &categories {
        let _ = writeln!(o, "    {name},");
    }
    o.push_str("}\n\nimpl Category {\n    pub const fn key(self) -> &'static str {\n        match self {\n");
    for (name, (key, _, _)) in categories.iter().zip(CATEGORIES) {
        let _ = writeln!(o, "            Category::{name} => {key:?},");
    }
    o.push_str(
        "        }\n    }\n    pub const fn name(self) -> &'static str {\n        match self {\n",
    );
    for (name, (_, display, _)) in categories.iter().zip(CATEGORIES) {
        let _ = writeln!(o, "            Category::{name} => {display:?},");
    }
    o.push_str("        }\n    }\n}\n\n");

    o.push_str("#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub struct UnknownCode(Box<str>);\n\n");
    o.push_str(
        "impl UnknownCode {\n    const FAMILIES: &'static [(&'static str, Category)] = &[\n",
    );
    for (prefix, category) in FAMILIES {
        let _ = writeln!(
            o,
            "        ({prefix:?}, Category::{}),",
            type_name(category)
        );
    }
    o.push_str("    ];\n    pub fn as_str(&self) -> &str {\n        &self.0\n    }\n");
    o.push_str("    fn family_category(&self) -> Option<Category> {\n        UnknownCode::FAMILIES.iter().find(|f| self.0.starts_with(f.0)).map(|f| f.1)\n    }\n}\n\n");

    o.push_str("#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]\npub enum Code {\n");
    for (name, code) in names.iter().zip(&spec.codes) {
        let _ = writeln!(o, "    /// {}\n    {name},", code.description);
    }
    o.push_str("    Other(UnknownCode),\n}\n\nimpl Code {\n");
    o.push_str("    pub fn parse(value: &str) -> Code {\n        match value {\n");
    for (name, code) in names.iter().zip(&spec.codes) {
        let _ = writeln!(o, "            {:?} => Code::{name},", code.value);
    }
    o.push_str("            _ => Code::Other(UnknownCode(Box::from(value))),\n        }\n    }\n");
    o.push_str("    pub fn as_str(&self) -> &str {\n        match self {\n");
    for (name, code) in names.iter().zip(&spec.codes) {
        let _ = writeln!(o, "            Code::{name} => {:?},", code.value);
    }
    o.push_str("            Code::Other(unknown) => unknown.as_str(),\n        }\n    }\n");
    o.push_str(
        "    pub fn is_known(&self) -> bool {\n        !matches!(self, Code::Other(_))\n    }\n",
    );
    o.push_str("    pub fn category(&self) -> Option<Category> {\n        match self {\n");
    for (name, code) in names.iter().zip(&spec.codes) {
        let _ = writeln!(
            o,
            "            Code::{name} => Some(Category::{}),",
            categories[code.category]
        );
    }
    o.push_str(
        "            Code::Other(unknown) => unknown.family_category(),\n        }\n    }\n",
    );
    o.push_str("    pub fn statuses(&self) -> &'static [u16] {\n        match self {\n");
    for (name, code) in names.iter().zip(&spec.codes) {
        let statuses: Vec<String> = code.statuses.iter().map(u16::to_string).collect();
        let _ = writeln!(o, "            Code::{name} => &[{}],", statuses.join(", "));
    }
    o.push_str("            Code::Other(_) => &[],\n        }\n    }\n");
    o.push_str("    pub fn description(&self) -> Option<&'static str> {\n        match self {\n");
    for (name, code) in names.iter().zip(&spec.codes) {
        let _ = writeln!(
            o,
            "            Code::{name} => Some({:?}),",
            code.description
        );
    }
    o.push_str("            Code::Other(_) => None,\n        }\n    }\n}\n");
    o
}
