//! Categorisation as data: which category a response belongs to.
//!
//! The rule, in one place: a listed code's own category, else that of the
//! family whose prefix matches the code (the longest one), else the status's
//! documented category, else its class fallback (`5xx`), else none.

/// Codes not listed one by one: every code starting with `prefix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family<'r, K> {
    /// Codes starting with this text belong to the family.
    pub prefix: &'r str,
    /// The family's category.
    pub category: K,
    /// What the family's codes mean.
    pub description: &'r str,
}

/// The data of the categorisation rule. `K` names categories: the generated
/// `Category` enum, or an index where a tool lowers a spec at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Categorisation<'r, K> {
    /// Families, in spec order.
    pub families: &'r [Family<'r, K>],
    /// Each documented status with its category, in spec order.
    pub statuses: &'r [(u16, K)],
    /// Class fallbacks: the hundreds digit (`5` for `5xx`) with its category.
    pub classes: &'r [(u16, K)],
}

impl<'r, K: Copy> Categorisation<'r, K> {
    /// The family of a code: the one with the longest prefix the code starts with.
    pub fn family(&self, code: &str) -> Option<&'r Family<'r, K>> {
        let mut best: Option<&'r Family<'r, K>> = None;
        for family in self.families {
            let longer = best.is_none_or(|best| family.prefix.len() > best.prefix.len());
            if longer && code.starts_with(family.prefix) {
                best = Some(family);
            }
        }
        best
    }

    /// The category of a code: `listed` (a listed code's own), else its family's.
    pub fn code(&self, listed: Option<K>, code: &str) -> Option<K> {
        listed.or_else(|| self.family(code).map(|family| family.category))
    }

    /// The category of a response with this status and no recognised code:
    /// the documented status's, else its class fallback's.
    pub const fn status(&self, status: u16) -> Option<K> {
        let mut i = 0;
        while i < self.statuses.len() {
            if self.statuses[i].0 == status {
                return Some(self.statuses[i].1);
            }
            i += 1;
        }
        let mut i = 0;
        while i < self.classes.len() {
            if self.classes[i].0 == status / 100 {
                return Some(self.classes[i].1);
            }
            i += 1;
        }
        None
    }

    /// The category of a response: its code's (see [`Categorisation::code`]),
    /// else its status's.
    pub fn categorise(&self, listed: Option<K>, code: Option<&str>, status: u16) -> Option<K> {
        code.and_then(|code| self.code(listed, code))
            .or(listed)
            .or_else(|| self.status(status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Categorisation<'static, char> = Categorisation {
        families: &[
            Family {
                prefix: "NotFound_",
                category: 'n',
                description: "missing",
            },
            Family {
                prefix: "NotFound_Schema",
                category: 's',
                description: "no schema yet",
            },
        ],
        statuses: &[(404, 'n'), (429, 'r')],
        classes: &[(5, 'e')],
    };

    #[test]
    fn the_longest_family_prefix_wins_whatever_the_order() {
        assert_eq!(RULES.family("NotFound_Group").unwrap().category, 'n');
        assert_eq!(RULES.family("NotFound_SchemaConfig").unwrap().category, 's');
        assert!(RULES.family("Unauthorized").is_none());
        assert!(RULES.family("NotFound").is_none());
    }

    #[test]
    fn code_then_family_then_status_then_class() {
        assert_eq!(
            RULES.categorise(Some('c'), Some("RoleExists"), 404),
            Some('c')
        );
        assert_eq!(
            RULES.categorise(None, Some("NotFound_Team"), 500),
            Some('n')
        );
        assert_eq!(RULES.categorise(None, Some("Whatever"), 429), Some('r'));
        assert_eq!(RULES.categorise(None, None, 503), Some('e'));
        assert_eq!(RULES.categorise(None, None, 418), None);
        assert_eq!(RULES.code(None, "Whatever"), None);
        const STATUS: Option<char> = RULES.status(502);
        assert_eq!(STATUS, Some('e'));
    }
}
