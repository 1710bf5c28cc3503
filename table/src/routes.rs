//! Finding the endpoint of a request in a route tree built from a spec's
//! path templates (by `errspec-codegen`'s lowering).
//!
//! Each node holds its literal children sorted by text (found by binary
//! search), at most one parameter child, and the endpoints whose template ends
//! there. A lookup walks one node per path segment, so its cost depends on the
//! path, not on how many endpoints the spec has.

/// One node of a route tree. `E` is the generated `Endpoint` enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteNode<'r, E> {
    /// Literal segments leading on, sorted by text, with their node's index.
    pub literals: &'r [(&'r str, u32)],
    /// The node a `{parameter}` segment leads to, if any.
    pub param: Option<u32>,
    /// Endpoints whose template ends at this node, with their methods.
    pub endpoints: &'r [(&'r str, E)],
}

/// The endpoint for a method (any case) and a concrete path, in the tree whose
/// root is `nodes[0]`.
///
/// A `?query` or `#fragment` and one trailing `/` are ignored. A parameter
/// matches one non-empty segment. Where both could match, a literal segment is
/// preferred to a parameter, segment by segment from the left, so
/// `/v1/connections/setup` beats `/v1/connections/{id}`.
pub fn route<E: Copy>(nodes: &[RouteNode<'_, E>], method: &str, path: &str) -> Option<E> {
    let path = path.find(['?', '#']).map_or(path, |end| &path[..end]);
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let rest = path.strip_prefix('/')?;
    walk(nodes, 0, (!rest.is_empty()).then_some(rest), method)
}

/// Matches the segments in `rest` (`None` when there are no more) from `node` on.
/// Recursion is as deep as the tree, which the spec's templates bound.
fn walk<E: Copy>(
    nodes: &[RouteNode<'_, E>],
    node: u32,
    rest: Option<&str>,
    method: &str,
) -> Option<E> {
    let node = nodes.get(node as usize)?;
    let Some(rest) = rest else {
        return node
            .endpoints
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(method))
            .map(|(_, endpoint)| *endpoint);
    };
    let (segment, after) = match rest.split_once('/') {
        Some((segment, after)) => (segment, Some(after)),
        None => (rest, None),
    };
    if let Ok(found) = node
        .literals
        .binary_search_by(|(text, _)| (*text).cmp(segment))
    {
        if let Some(endpoint) = walk(nodes, node.literals[found].1, after, method) {
            return Some(endpoint);
        }
    }
    match node.param {
        Some(next) if !segment.is_empty() => walk(nodes, next, after, method),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // /a/{x}      GET -> 1
    // /a/b        GET -> 2, POST -> 3
    // /{y}/b/c    GET -> 4
    // /           GET -> 5
    const NODES: &[RouteNode<'static, u8>] = &[
        RouteNode {
            literals: &[("a", 1)],
            param: Some(4),
            endpoints: &[("GET", 5)],
        },
        RouteNode {
            literals: &[("b", 3)],
            param: Some(2),
            endpoints: &[],
        },
        RouteNode {
            literals: &[],
            param: None,
            endpoints: &[("GET", 1)],
        },
        RouteNode {
            literals: &[("c", 6)],
            param: None,
            endpoints: &[("GET", 2), ("POST", 3)],
        },
        RouteNode {
            literals: &[("b", 5)],
            param: None,
            endpoints: &[],
        },
        RouteNode {
            literals: &[("c", 6)],
            param: None,
            endpoints: &[],
        },
        RouteNode {
            literals: &[],
            param: None,
            endpoints: &[("GET", 4)],
        },
    ];

    #[test]
    fn literals_beat_parameters_and_methods_pick_the_endpoint() {
        assert_eq!(route(NODES, "GET", "/a/zzz"), Some(1));
        assert_eq!(route(NODES, "GET", "/a/b"), Some(2));
        assert_eq!(route(NODES, "post", "/a/b/"), Some(3));
        assert_eq!(
            route(NODES, "GET", "/a/b/c"),
            Some(4),
            "backtracks from the literal `a`"
        );
        assert_eq!(route(NODES, "GET", "/q/b/c?x=1#f"), Some(4));
        assert_eq!(route(NODES, "GET", "/"), Some(5));
        assert_eq!(route(NODES, "GET", ""), None);
    }

    #[test]
    fn misses_are_misses() {
        assert_eq!(route(NODES, "DELETE", "/a/b"), None);
        assert_eq!(route(NODES, "PUT", "/a/zzz"), None);
        assert_eq!(
            route(NODES, "GET", "/a//"),
            None,
            "a parameter needs a non-empty segment"
        );
        assert_eq!(route(NODES, "GET", "a/b"), None, "paths start with /");
        assert_eq!(route(NODES, "GET", "/a/b/c/d"), None);
        assert_eq!(route::<u8>(&[], "GET", "/a"), None);
    }
}
