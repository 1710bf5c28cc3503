//! The drift check: does a spec still cover the document's operations?
//!
//! Operations and endpoints are matched by method and path template, with
//! parameter names erased ([`super::normalize_template`]), so a spec may key and
//! name things its own way. Three kinds of finding, each in a stable order:
//! operations the document has and the spec lacks (document order), success
//! statuses that differ (document order), and endpoints the spec has that the
//! document no longer has (spec order).

use std::collections::HashMap;
use std::fmt::Write as _;

use errspec_codegen::Spec;
use serde_json::{json, Value};

use super::document::Imported;
use super::normalize_template;

/// An operation of the document that no endpoint of the spec matches.
pub struct Missing {
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
}

/// An endpoint of the spec that no operation of the document matches.
pub struct Removed {
    pub endpoint: String,
    pub method: String,
    pub path: String,
}

/// An endpoint whose success statuses differ from its operation's.
pub struct SuccessDiffers {
    pub endpoint: String,
    pub method: String,
    pub path: String,
    pub spec: Vec<u16>,
    pub document: Vec<u16>,
}

/// An operation the check leaves aside, because no errspec endpoint can stand
/// for it (a TRACE operation, a parameter inside a segment, a repeated route).
pub struct Skipped {
    pub method: String,
    pub path: String,
    pub reason: String,
}

/// The findings of one check.
pub struct Drift {
    pub missing: Vec<Missing>,
    pub success: Vec<SuccessDiffers>,
    pub removed: Vec<Removed>,
    pub skipped: Vec<Skipped>,
    /// Operations matched to an endpoint.
    pub matched: usize,
}

impl Drift {
    /// No findings (skipped operations are not findings).
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.success.is_empty() && self.removed.is_empty()
    }

    fn findings(&self) -> usize {
        self.missing.len() + self.success.len() + self.removed.len()
    }

    /// One line per finding, then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for m in &self.missing {
            let id = m
                .operation_id
                .as_deref()
                .map(|id| format!(" (operationId `{id}`)"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "missing: {} {}{id} is in the document but no endpoint of the spec",
                m.method, m.path
            );
        }
        for s in &self.success {
            let _ = writeln!(
                out,
                "success: endpoint `{}` ({} {}) succeeds with {}; the document says {}",
                s.endpoint,
                s.method,
                s.path,
                list(&s.spec),
                list(&s.document)
            );
        }
        for r in &self.removed {
            let _ = writeln!(
                out,
                "removed: endpoint `{}` ({} {}) is in the spec but not in the document",
                r.endpoint, r.method, r.path
            );
        }
        if self.is_clean() {
            let _ = writeln!(
                out,
                "no drift: {} operations match the spec's endpoints",
                self.matched
            );
        } else {
            let _ = writeln!(
                out,
                "{} finding{}: {} missing, {} with other success statuses, {} removed",
                self.findings(),
                if self.findings() == 1 { "" } else { "s" },
                self.missing.len(),
                self.success.len(),
                self.removed.len()
            );
        }
        out
    }

    /// The findings as one JSON object.
    pub fn to_json(&self) -> Value {
        json!({
            "clean": self.is_clean(),
            "matched": self.matched,
            "missing": self.missing.iter().map(|m| json!({
                "method": m.method,
                "path": m.path,
                "operation_id": m.operation_id,
            })).collect::<Vec<_>>(),
            "success": self.success.iter().map(|s| json!({
                "endpoint": s.endpoint,
                "method": s.method,
                "path": s.path,
                "spec": s.spec,
                "document": s.document,
            })).collect::<Vec<_>>(),
            "removed": self.removed.iter().map(|r| json!({
                "endpoint": r.endpoint,
                "method": r.method,
                "path": r.path,
            })).collect::<Vec<_>>(),
            "skipped": self.skipped.iter().map(|s| json!({
                "method": s.method,
                "path": s.path,
                "reason": s.reason,
            })).collect::<Vec<_>>(),
        })
    }
}

fn list(statuses: &[u16]) -> String {
    let items: Vec<String> = statuses.iter().map(u16::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// Compares a validated spec's endpoints with a document's operations.
pub fn compare(spec: &Spec, imported: &Imported) -> Drift {
    let mut by_route: HashMap<(String, String), usize> = HashMap::new();
    for (index, endpoint) in spec.endpoints.iter().enumerate() {
        // The validator guarantees one endpoint per method and normalised path.
        by_route.insert(
            (endpoint.method.clone(), normalize_template(&endpoint.path)),
            index,
        );
    }
    let mut matched = vec![false; spec.endpoints.len()];
    let mut drift = Drift {
        missing: Vec::new(),
        success: Vec::new(),
        removed: Vec::new(),
        skipped: Vec::new(),
        matched: 0,
    };
    for operation in &imported.operations {
        if let Err(reason) = &operation.template {
            drift.skipped.push(Skipped {
                method: operation.method.clone(),
                path: operation.path.clone(),
                reason: reason.clone(),
            });
            continue;
        }
        let route = (
            operation.method.clone(),
            normalize_template(&operation.path),
        );
        let Some(&index) = by_route.get(&route) else {
            drift.missing.push(Missing {
                method: operation.method.clone(),
                path: operation.path.clone(),
                operation_id: operation.operation_id.clone(),
            });
            continue;
        };
        matched[index] = true;
        drift.matched += 1;
        let endpoint = &spec.endpoints[index];
        let mut ours = endpoint.success.clone();
        ours.sort_unstable();
        let (theirs, _) = operation.success();
        if ours != theirs {
            drift.success.push(SuccessDiffers {
                endpoint: endpoint.key.clone(),
                method: endpoint.method.clone(),
                path: endpoint.path.clone(),
                spec: ours,
                document: theirs,
            });
        }
    }
    for (endpoint, matched) in spec.endpoints.iter().zip(matched) {
        if !matched {
            drift.removed.push(Removed {
                endpoint: endpoint.key.clone(),
                method: endpoint.method.clone(),
                path: endpoint.path.clone(),
            });
        }
    }
    drift
}
