//! A static string table: the code lookup of large generated specs.
//!
//! A crate of its own because both sides need the very same hash: the generator
//! (`errspec-codegen`) builds tables with it, and the runtime (`errspec`, which
//! re-exports this crate as `errspec::table`) looks strings up with it.
//!
//! The generator builds the table once, at generation time, with
//! [`build_slots`]; generated code embeds the slots as a constant and looks a
//! string up with [`find`]: one fast hash, then a short linear probe in a table
//! at most half full. No allocation, no start-up work, and, unlike a `match` on
//! thousands of string literals, cheap to compile.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Hashes a string: word-at-a-time multiply-rotate mixing with a final
/// avalanche. Not for hostile keys in a growing map; here the key set is fixed
/// at generation time and lookups only compare against it.
pub fn hash(text: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = text.as_bytes();
    let mut h = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ word).wrapping_mul(K).rotate_left(31);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^= h >> 32;
    h = h.wrapping_mul(0xd6e8_feb8_6659_fd93);
    h ^ (h >> 32)
}

/// The slot table for `values`: a power-of-two length at least twice the
/// number of values; each slot holds a value's index plus one, or 0 when empty.
/// Values must be distinct.
pub fn build_slots(values: &[&str]) -> Vec<u32> {
    let len = (values.len() * 2).next_power_of_two().max(2);
    let mask = len - 1;
    let mut slots = vec![0u32; len];
    for (index, value) in values.iter().enumerate() {
        let mut slot = hash(value) as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = u32::try_from(index + 1).expect("fewer than 4 billion values");
    }
    slots
}

/// The index of `key` in `values`, using the slots [`build_slots`] made for them.
///
/// Never panics, whatever the inputs: a table that was not built for `values`
/// gives wrong answers, not a crash.
pub fn find(slots: &[u32], values: &[&str], key: &str) -> Option<usize> {
    if slots.is_empty() {
        return None;
    }
    let mask = slots.len().next_power_of_two() - 1;
    let mut slot = hash(key) as usize & mask;
    // At most every slot once; a table at most half full ends far earlier.
    for _ in 0..slots.len() {
        let entry = *slots.get(slot)? as usize;
        if entry == 0 {
            return None;
        }
        if values.get(entry - 1) == Some(&key) {
            return Some(entry - 1);
        }
        slot = (slot + 1) & mask;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn the_hash_is_stable() {
        // Generated code embeds slots computed with this function: changing it
        // would silently break every table generated before.
        assert_eq!(hash(""), 0x5e1c_eb64_5cd0_e924);
        assert_eq!(hash("NotFound_Connector"), hash("NotFound_Connector"));
        assert_ne!(hash("ab"), hash("ba"));
    }
}
