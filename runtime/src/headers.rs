//! Response headers, kept exactly as received.

/// HTTP response headers in the order received, duplicates included.
///
/// Names keep their original spelling; lookups compare them ASCII
/// case-insensitively, as HTTP requires. Values are stored as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(String, String)>,
}

impl Headers {
    /// No headers.
    pub const fn new() -> Self {
        Headers {
            entries: Vec::new(),
        }
    }

    /// Returns these headers with one more appended, for building them in a chain.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push(name, value);
        self
    }

    /// Appends a header after all existing ones, even if one has the same name.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.entries.push((name.into(), value.into()));
    }

    /// The value of the first header called `name` (any ASCII case), if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        // Not `get_all(name).next()`: that would tie the result to `name`'s lifetime.
        self.iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// The values of every header called `name` (any ASCII case), in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.iter()
            .filter(move |(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Every header as `(name, value)`, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.entries
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The number of headers, counting each duplicate.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut headers = Headers::new();
        headers.extend(iter);
        headers
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for Headers {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.entries.extend(
            iter.into_iter()
                .map(|(name, value)| (name.into(), value.into())),
        );
    }
}

impl From<Vec<(String, String)>> for Headers {
    fn from(entries: Vec<(String, String)>) -> Self {
        Headers { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Headers {
        Headers::new()
            .with("Content-Type", "application/json")
            .with("Set-Cookie", "a=1")
            .with("Retry-After", "120")
            .with("set-cookie", "b=2")
    }

    #[test]
    fn get_ignores_ascii_case() {
        let headers = sample();
        assert_eq!(headers.get("content-type"), Some("application/json"));
        assert_eq!(headers.get("CONTENT-TYPE"), Some("application/json"));
        assert_eq!(headers.get("retry-after"), Some("120"));
        assert_eq!(headers.get("Content-Length"), None);
        assert_eq!(headers.get(""), None);
    }

    #[test]
    fn case_folding_is_ascii_only() {
        // 'K' (U+212A KELVIN SIGN) lowercases to 'k' in Unicode but not in ASCII.
        let headers = Headers::new().with("\u{212A}ey", "1");
        assert_eq!(headers.get("key"), None);
        assert_eq!(headers.get("\u{212A}EY"), Some("1"));
    }

    #[test]
    fn duplicates_are_kept_in_order() {
        let headers = sample();
        assert_eq!(headers.get("Set-Cookie"), Some("a=1"));
        assert_eq!(
            headers.get_all("SET-COOKIE").collect::<Vec<_>>(),
            ["a=1", "b=2"]
        );
        assert_eq!(headers.get_all("missing").count(), 0);
        assert_eq!(headers.len(), 4);
    }

    #[test]
    fn iter_keeps_order_and_spelling() {
        let headers = sample();
        let pairs: Vec<_> = headers.iter().collect();
        assert_eq!(
            pairs,
            [
                ("Content-Type", "application/json"),
                ("Set-Cookie", "a=1"),
                ("Retry-After", "120"),
                ("set-cookie", "b=2"),
            ]
        );
    }

    #[test]
    fn values_are_stored_as_given() {
        let headers = Headers::new()
            .with("X-Pad", "  spaced  ")
            .with("X-Empty", "");
        assert_eq!(headers.get("x-pad"), Some("  spaced  "));
        assert_eq!(headers.get("x-empty"), Some(""));
    }

    #[test]
    fn new_is_empty() {
        let headers = Headers::new();
        assert!(headers.is_empty());
        assert_eq!(headers.len(), 0);
        assert_eq!(headers.iter().count(), 0);
        assert_eq!(headers, Headers::default());
        assert!(!sample().is_empty());
    }

    #[test]
    fn push_appends() {
        let mut headers = Headers::new();
        headers.push("A", "1");
        headers.push(String::from("a"), String::from("2"));
        assert_eq!(headers.iter().collect::<Vec<_>>(), [("A", "1"), ("a", "2")]);
    }

    #[test]
    fn collect_extend_and_from_vec() {
        let mut headers: Headers = [("A", "1"), ("B", "2")].into_iter().collect();
        headers.extend(vec![(String::from("a"), "3")]);
        assert_eq!(headers.get_all("a").collect::<Vec<_>>(), ["1", "3"]);
        assert_eq!(headers.len(), 3);

        let from_vec = Headers::from(vec![
            ("A".to_owned(), "1".to_owned()),
            ("B".to_owned(), "2".to_owned()),
            ("a".to_owned(), "3".to_owned()),
        ]);
        assert_eq!(from_vec, headers);
    }

    #[test]
    fn equality_depends_on_order() {
        let ab = Headers::new().with("A", "1").with("B", "2");
        let ba = Headers::new().with("B", "2").with("A", "1");
        assert_ne!(ab, ba);
    }
}
