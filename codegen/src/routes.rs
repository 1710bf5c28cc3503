//! The route tree of a spec's endpoints, built at generation time.
//!
//! Generated code embeds it as `errspec::RouteNode` constants, and the CLI
//! builds the same tree for a spec it loads, so `Endpoint::match_request` walks
//! one node per path segment however many endpoints a spec has.

use std::collections::BTreeMap;

use crate::model::Endpoint;

/// One node: literal children by text (sorted), a parameter child, and the
/// endpoints (method, index in the spec) whose template ends here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteTreeNode {
    /// Literal segments and the node each leads to, sorted by text.
    pub literals: Vec<(String, usize)>,
    /// The node a parameter segment leads to.
    pub param: Option<usize>,
    /// Endpoints ending here, as (method, index into `Spec::endpoints`).
    pub endpoints: Vec<(String, usize)>,
}

/// The route tree of `endpoints`; the root is node 0.
pub fn build(endpoints: &[Endpoint]) -> Vec<RouteTreeNode> {
    // Children by text while building; sorted vectors once done.
    let mut literals: Vec<BTreeMap<String, usize>> = vec![BTreeMap::new()];
    let mut nodes = vec![RouteTreeNode::default()];
    for (index, endpoint) in endpoints.iter().enumerate() {
        let mut node = 0;
        for segment in segments(&endpoint.path) {
            let existing = if segment.starts_with('{') {
                nodes[node].param
            } else {
                literals[node].get(segment).copied()
            };
            node = match existing {
                Some(next) => next,
                None => {
                    let next = nodes.len();
                    nodes.push(RouteTreeNode::default());
                    literals.push(BTreeMap::new());
                    if segment.starts_with('{') {
                        nodes[node].param = Some(next);
                    } else {
                        literals[node].insert(segment.to_owned(), next);
                    }
                    next
                }
            };
        }
        nodes[node].endpoints.push((endpoint.method.clone(), index));
    }
    for (node, children) in nodes.iter_mut().zip(literals) {
        node.literals = children.into_iter().collect();
    }
    nodes
}

/// A template's segments after the leading `/` (none for `/` itself).
fn segments(template: &str) -> impl Iterator<Item = &str> {
    let trimmed = template
        .strip_suffix('/')
        .filter(|t| !t.is_empty())
        .unwrap_or(template);
    let rest = trimmed.strip_prefix('/').unwrap_or(trimmed);
    rest.split('/').filter(move |_| !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Confirm;

    fn endpoint(method: &str, path: &str) -> Endpoint {
        Endpoint {
            key: path.into(),
            ident: "X".into(),
            method: method.into(),
            path: path.into(),
            params: Vec::new(),
            success: vec![200],
            description: String::new(),
            confirm: Confirm::Done,
        }
    }

    #[test]
    fn shared_prefixes_share_nodes_and_literals_are_sorted() {
        let tree = build(&[
            endpoint("GET", "/v1/connections/{id}"),
            endpoint("POST", "/v1/connections/{id}/sync"),
            endpoint("POST", "/v1/connections"),
            endpoint("GET", "/v1/apps"),
            endpoint("GET", "/"),
        ]);
        assert_eq!(tree[0].endpoints, [("GET".to_owned(), 4)]);
        assert_eq!(tree[0].literals.len(), 1, "one `v1` child");
        let v1 = &tree[tree[0].literals[0].1];
        let names: Vec<&str> = v1.literals.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, ["apps", "connections"]);
        let connections = &tree[v1.literals[1].1];
        assert_eq!(connections.endpoints, [("POST".to_owned(), 2)]);
        let id = &tree[connections.param.unwrap()];
        assert_eq!(id.endpoints, [("GET".to_owned(), 0)]);
        assert_eq!(tree.len(), 6);
    }
}
