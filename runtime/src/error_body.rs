//! Reading `code` and `message` out of an error body, whatever the body is.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The two fields errspec reads from an error body.
///
/// Only a JSON object counts; either field is kept only when it is a string.
/// Everything else in the body is skipped without being built.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorFields<'a> {
    pub(crate) code: Option<Cow<'a, str>>,
    pub(crate) message: Option<Cow<'a, str>>,
}

impl<'a> ErrorFields<'a> {
    /// The fields of `body`; empty for anything that is not a JSON object
    /// (HTML, empty, truncated, an array, a string …).
    pub(crate) fn read(body: &'a [u8]) -> ErrorFields<'a> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        match deserializer.deserialize_map(FieldsVisitor) {
            Ok(fields) if deserializer.end().is_ok() => fields,
            _ => ErrorFields::default(),
        }
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = ErrorFields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = ErrorFields::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            // The first occurrence of a repeated key wins.
            match key.as_ref() {
                "code" if fields.code.is_none() => fields.code = map.next_value::<MaybeStr>()?.0,
                "message" if fields.message.is_none() => {
                    fields.message = map.next_value::<MaybeStr>()?.0;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(fields)
    }
}

/// A string value, or `None` for any other JSON value (which is skipped).
struct MaybeStr<'a>(Option<Cow<'a, str>>);

impl<'de> serde::Deserialize<'de> for MaybeStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MaybeStrVisitor)
    }
}

struct MaybeStrVisitor;

impl<'de> Visitor<'de> for MaybeStrVisitor {
    type Value = MaybeStr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(MaybeStr(Some(Cow::Borrowed(value))))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(MaybeStr(Some(Cow::Owned(value.to_owned()))))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(MaybeStr(Some(Cow::Owned(value))))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(MaybeStr(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(MaybeStr(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> (Option<String>, Option<String>) {
        let fields = ErrorFields::read(body.as_bytes());
        (
            fields.code.map(Cow::into_owned),
            fields.message.map(Cow::into_owned),
        )
    }

    fn some(code: &str, message: &str) -> (Option<String>, Option<String>) {
        (Some(code.to_owned()), Some(message.to_owned()))
    }

    #[test]
    fn reads_code_and_message_from_an_object() {
        assert_eq!(
            read(r#"{"code":"X","message":"m","data":{"a":[1,2]}}"#),
            some("X", "m")
        );
        assert_eq!(
            read(r#"{"message":"m\n\"q\"","code":"Y"}"#),
            some("Y", "m\n\"q\"")
        );
    }

    #[test]
    fn non_objects_give_nothing() {
        for body in [
            "",
            "<html><body>502 Bad Gateway</body></html>",
            r#"["code","message"]"#,
            r#""code""#,
            "null",
            r#"{"code":"X","message":"trunc"#,
            r#"{"code":"X"} trailing"#,
        ] {
            assert_eq!(read(body), (None, None), "{body:?}");
        }
    }

    #[test]
    fn non_string_fields_are_skipped() {
        assert_eq!(
            read(r#"{"code":404,"message":"m"}"#),
            (None, Some("m".into()))
        );
        assert_eq!(read(r#"{"code":null,"message":{"x":[1]}}"#), (None, None));
        assert_eq!(read(r#"{"code":["A"],"message":true}"#), (None, None));
    }

    #[test]
    fn the_first_of_repeated_keys_wins() {
        assert_eq!(
            read(r#"{"code":"A","code":"B","message":"m"}"#),
            some("A", "m")
        );
    }
}
