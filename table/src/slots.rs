//! The static string table behind the code lookup of large generated specs.
//!
//! The generator builds the table once, at generation time, with
//! [`build_slots`]; generated code embeds the slots as a constant and looks a
//! string up with [`find`]: one fast [`hash`], then a short linear probe in a
//! table at most half full. No allocation, no start-up work, and, unlike a
//! `match` on thousands of string literals, cheap to compile.
//!
//! Each slot is a `u32` (it is written out as a literal in generated code, so
//! its size matters) that packs two things. Its low *index bits* hold the
//! value's index plus one, 0 marking an empty slot; there are as many index
//! bits as the bit length of the number of values, so the index plus one
//! always fits. Its remaining high bits, the *tag*, hold the top bits of the
//! value's hash. A probe compares strings only in a slot whose tag equals the
//! key's, so a lookup nearly always does at most one string comparison, and a
//! string that is not in the table nearly never does any.

const P0: u64 = 0x243f_6a88_85a3_08d3;
const P1: u64 = 0x1319_8a2e_0370_7344;
const P2: u64 = 0xa409_3822_299f_31d0;

/// The folded multiply: the full 128-bit product, its halves xored together.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Two little-endian words of a 16-byte chunk.
#[inline(always)]
fn words(chunk: &[u8; 16]) -> (u64, u64) {
    let both = u128::from_le_bytes(*chunk);
    (both as u64, (both >> 64) as u64)
}

/// Hashes a string with folded multiplies: a string of up to 16 bytes is read
/// as two (possibly overlapping) words and folded once, without a loop; a
/// longer one folds each 16-byte chunk into the state, then its last 16 bytes.
/// Not for hostile keys in a growing map; here the key set is fixed at
/// generation time and lookups only compare against it.
#[inline]
pub fn hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let state = P0 ^ bytes.len() as u64;
    if bytes.len() <= 16 {
        let (lo, hi) = if let (Some(first), Some(last)) =
            (bytes.first_chunk::<8>(), bytes.last_chunk::<8>())
        {
            (u64::from_le_bytes(*first), u64::from_le_bytes(*last))
        } else if let (Some(first), Some(last)) =
            (bytes.first_chunk::<4>(), bytes.last_chunk::<4>())
        {
            (
                u64::from(u32::from_le_bytes(*first)),
                u64::from(u32::from_le_bytes(*last)),
            )
        } else {
            let (a, b, c) = match *bytes {
                [a] => (a, a, a),
                [a, b] => (a, b, b),
                [a, b, c] => (a, b, c),
                _ => (0, 0, 0),
            };
            (u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16, 0)
        };
        fold(lo ^ P1, hi ^ state)
    } else {
        let mut state = state;
        let mut rest = bytes;
        // Every chunk but the last 16 bytes, which are folded last, overlapping
        // the previous chunk when the length is not a multiple of 16.
        while rest.len() > 16 {
            let Some((chunk, tail)) = rest.split_first_chunk::<16>() else {
                break;
            };
            let (lo, hi) = words(chunk);
            state = fold(lo ^ P1, hi ^ state);
            rest = tail;
        }
        let (lo, hi) = bytes.last_chunk::<16>().map_or((0, 0), words);
        fold(lo ^ P2, hi ^ state)
    }
}

/// The mask of a slot's index bits for a table of `count` values: as many bits
/// as the bit length of `count`, so that every index plus one fits.
#[inline(always)]
fn index_mask(count: usize) -> u32 {
    let bits = (usize::BITS - count.leading_zeros()).min(u32::BITS);
    ((1u64 << bits) - 1) as u32
}

/// A hash's tag: its top 32 bits, of which the slots keep those above the
/// index bits.
#[inline(always)]
fn tag_bits(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The slot table for `values`: a power-of-two length at least twice the
/// number of values. Each slot holds a value's index plus one in its low index
/// bits (0 when empty) and the top bits of the value's hash above them (see the
/// crate docs). Values must be distinct.
///
/// # Panics
///
/// With 2³² values or more.
pub fn build_slots(values: &[&str]) -> Vec<u32> {
    let len = (values.len() * 2).next_power_of_two().max(2);
    let mask = len - 1;
    let index_mask = index_mask(values.len());
    let mut slots = vec![0u32; len];
    for (index, value) in values.iter().enumerate() {
        let hash = hash(value);
        let mut slot = hash as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        let entry = u32::try_from(index + 1).expect("fewer than 4 billion values");
        slots[slot] = (tag_bits(hash) & !index_mask) | entry;
    }
    slots
}

/// The index of `key` in `values`, using the slots [`build_slots`] made for them.
///
/// Never panics, whatever the inputs: a table that was not built for `values`
/// gives wrong answers, not a crash.
#[inline]
pub fn find(slots: &[u32], values: &[&str], key: &str) -> Option<usize> {
    let mask = slots.len().wrapping_sub(1);
    let index_mask = index_mask(values.len());
    let hash = hash(key);
    let tag = tag_bits(hash) & !index_mask;
    let mut slot = hash as usize & mask;
    // At most every slot once; a table at most half full ends far earlier.
    for _ in 0..slots.len() {
        let entry = *slots.get(slot)?;
        let index = (entry & index_mask) as usize;
        if index == 0 {
            return None;
        }
        if entry & !index_mask == tag {
            if let Some(value) = values.get(index - 1) {
                if *value == key {
                    return Some(index - 1);
                }
            }
        }
        slot = (slot + 1) & mask;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10,000 distinct codes shaped like real API error codes (8 to 40 bytes).
    fn realistic_codes() -> Vec<String> {
        const RESOURCES: [&str; 12] = [
            "Connector",
            "Warehouse",
            "Destination",
            "Transformation",
            "Pipeline",
            "Certificate",
            "Group",
            "User",
            "Role",
            "Webhook",
            "Key",
            "DailySyncTime",
        ];
        const SUFFIXES: [&str; 8] = [
            "QuotaExceeded",
            "VersionConflict",
            "UpstreamError",
            "Unavailable",
            "PermissionDenied",
            "AlreadyRunning",
            "Timeout",
            "Gone",
        ];
        let codes: Vec<String> = (0..10_000usize)
            .map(|i| {
                let resource = RESOURCES[i % RESOURCES.len()];
                let suffix = SUFFIXES[i / 7 % SUFFIXES.len()];
                let n = i * 7919 % 100_003;
                match i % 6 {
                    0 => format!("NotFound_{resource}{n}"),
                    1 => format!("Connector_{n}_{suffix}"),
                    2 => format!("Err{n:05}"),
                    3 => format!("InvalidInput_{resource}{n}"),
                    4 => format!("Forbidden_Sync{resource}{n}"),
                    _ => format!("{resource}_{n}_{suffix}"),
                }
            })
            .collect();
        let lengths = codes.iter().map(String::len);
        assert!(lengths.clone().min() >= Some(8) && lengths.max() <= Some(40));
        let distinct: std::collections::HashSet<&String> = codes.iter().collect();
        assert_eq!(distinct.len(), codes.len());
        codes
    }

    /// The slots visited to find `key`, up to the one holding it or the empty
    /// one, and how many of them had a tag equal to the key's.
    fn probe(slots: &[u32], values: &[&str], key: &str) -> (usize, usize) {
        let index_mask = index_mask(values.len());
        let hash = hash(key);
        let tag = tag_bits(hash) & !index_mask;
        let mut slot = hash as usize & (slots.len() - 1);
        let (mut visited, mut tag_matches) = (0, 0);
        loop {
            visited += 1;
            let entry = slots[slot];
            if entry == 0 {
                return (visited, tag_matches);
            }
            if entry & !index_mask == tag {
                tag_matches += 1;
                if values[(entry & index_mask) as usize - 1] == key {
                    return (visited, tag_matches);
                }
            }
            slot = (slot + 1) & (slots.len() - 1);
        }
    }

    #[test]
    fn every_value_is_found_and_nothing_else() {
        let owned: Vec<String> = (0..5_000).map(|i| format!("Code_{i}_X")).collect();
        let values: Vec<&str> = owned.iter().map(String::as_str).collect();
        let slots = build_slots(&values);
        assert!(slots.len() >= values.len() * 2);
        for (index, value) in values.iter().enumerate() {
            assert_eq!(find(&slots, &values, value), Some(index));
        }
        for missing in ["", "Code_", "Code_5000_X", "code_1_x", "Code_1_X "] {
            assert_eq!(find(&slots, &values, missing), None, "{missing:?}");
        }
    }

    #[test]
    fn every_length_is_found() {
        // Each of the hash's paths: empty, 1-3, 4-7, 8-16 and longer strings.
        let owned: Vec<String> = (0..=70).map(|len| "x".repeat(len)).collect();
        let values: Vec<&str> = owned.iter().map(String::as_str).collect();
        let slots = build_slots(&values);
        for (index, value) in values.iter().enumerate() {
            assert_eq!(find(&slots, &values, value), Some(index));
        }
        assert_eq!(find(&slots, &values, "y"), None);
        assert_eq!(find(&slots, &values, &"x".repeat(71)), None);
    }

    #[test]
    fn empty_and_tiny_tables_work() {
        assert_eq!(find(&build_slots(&[]), &[], "x"), None);
        assert_eq!(find(&[], &[], "x"), None);
        let slots = build_slots(&["only"]);
        assert_eq!(find(&slots, &["only"], "only"), Some(0));
        assert_eq!(find(&slots, &["only"], "other"), None);
    }

    #[test]
    fn mismatched_tables_do_not_panic() {
        let slots = build_slots(&["a", "b", "c"]);
        assert_eq!(find(&slots, &["a"], "c"), None);
        assert_eq!(find(&[7, 7, 7], &["a"], "zz"), None);
        // Odd lengths, full tables, every bit set, more values than slots.
        for slots in [&[u32::MAX; 3][..], &[u32::MAX; 4], &[1, 2, 3, 4, 5], &[0]] {
            for values in [&[][..], &["a"], &["a", "b", "c", "d", "e", "f", "g"]] {
                for key in ["", "a", "g", "zz", "a longer key than sixteen bytes"] {
                    let _ = find(slots, values, key);
                }
            }
        }
    }

    #[test]
    fn probe_sequences_stay_short() {
        let owned = realistic_codes();
        let values: Vec<&str> = owned.iter().map(String::as_str).collect();
        let slots = build_slots(&values);
        let longest = values
            .iter()
            .map(|value| probe(&slots, &values, value).0)
            .max();
        // 9 slots for these codes; the bound leaves margin for other sets.
        assert!(longest <= Some(16), "longest probe: {longest:?} slots");
    }

    #[test]
    fn tags_reject_absent_keys() {
        let owned = realistic_codes();
        let values: Vec<&str> = owned.iter().map(String::as_str).collect();
        let slots = build_slots(&values);
        let absent: Vec<String> = (0..10_000)
            .map(|i| match i % 3 {
                0 => format!("NotFound_Unknown{i}"),
                1 => format!("Connector_{i}_Exploded"),
                _ => format!("Unlisted{i}"),
            })
            .collect();
        let mut tag_matches = 0;
        for key in &absent {
            assert_eq!(find(&slots, &values, key), None, "{key:?}");
            tag_matches += probe(&slots, &values, key).1;
        }
        // 18 tag bits here: a string comparison about once in 262,144 slots.
        assert!(tag_matches <= 2, "{tag_matches} absent keys compared");
    }

    #[test]
    fn the_hash_is_stable() {
        // Generated code embeds slots computed with this function (and laid out
        // by `build_slots`): changing either breaks every table generated before,
        // so it must come with a new `FORMAT_VERSION` (generated code checks it).
        assert_eq!(hash(""), 0xbc13_060e_2d1a_ac79);
        assert_eq!(hash("abc"), 0x25f8_5285_0714_4297);
        assert_eq!(hash("NotFound"), 0x1331_b53d_386f_51cf);
        assert_eq!(hash("NotFound_Connector"), 0x22b0_4c47_67b5_331d);
        assert_eq!(
            build_slots(&["a", "b", "c"]),
            [0, 0, 0, 0, 92384218, 1411855295, 3043804001, 0]
        );
        assert_ne!(hash("ab"), hash("ba"));
    }
}
