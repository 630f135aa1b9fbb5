//! [`FlatIds`]: dense ids for fixed-size keys (word bigrams, short token strings), in one
//! open-addressing table.
//!
//! Every token of the texts compared is looked up once or twice, and the tables of a large
//! pair outgrow the caches: a lookup costs what its memory accesses cost. A general hash
//! map reads a control byte and then the bucket, two places; here key and id sit side by
//! side in one slot, found by linear probing from the key's hash at a load of at most one
//! half, so most lookups read one cache line. The table is only looked up, never iterated
//! for an order (what [`FlatIds::entries`] returns is sorted by id), so it decides nothing
//! about the output.

/// A key of a [`FlatIds`] table: copied, compared, hashed.
pub(crate) trait FlatKey: Copy + Eq {
    /// A hash whose high bits are well mixed (the table uses the top bits).
    fn hash(self) -> u64;
}

/// Multiplier of Fibonacci hashing (2^64 divided by the golden ratio).
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

impl FlatKey for u64 {
    fn hash(self) -> u64 {
        (self ^ (self >> 31)).wrapping_mul(MIX)
    }
}

impl FlatKey for u128 {
    fn hash(self) -> u64 {
        let (lo, hi) = (self as u64, (self >> 64) as u64);
        (lo ^ hi.wrapping_mul(MIX).rotate_left(29) ^ (lo >> 31)).wrapping_mul(MIX)
    }
}

/// Marks an empty slot (no id reaches it: ids are below 2^32 - 1).
const EMPTY: u32 = u32::MAX;

/// A map from keys to `u32` ids.
#[derive(Clone, Debug)]
pub(crate) struct FlatIds<K> {
    slots: Vec<(K, u32)>,
    /// `64 - log2(slots.len())`: a hash shifted right by it is a slot index.
    shift: u32,
    len: usize,
}

impl<K: FlatKey + Default> Default for FlatIds<K> {
    fn default() -> Self {
        FlatIds { slots: vec![(K::default(), EMPTY); 16], shift: 64 - 4, len: 0 }
    }
}

impl<K: FlatKey + Default> FlatIds<K> {
    /// Number of keys held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The id of `key`, or, if it has none, `next` (recorded as its id); the flag says
    /// whether the key was new.
    pub(crate) fn get_or_insert(&mut self, key: K, next: u32) -> (u32, bool) {
        debug_assert_ne!(next, EMPTY);
        if 2 * (self.len + 1) > self.slots.len() {
            self.rebuild(2 * self.slots.len());
        }
        let mask = self.slots.len() - 1;
        let mut at = (key.hash() >> self.shift) as usize;
        loop {
            let slot = &mut self.slots[at];
            if slot.1 == EMPTY {
                *slot = (key, next);
                self.len += 1;
                return (next, true);
            }
            if slot.0 == key {
                return (slot.1, false);
            }
            at = (at + 1) & mask;
        }
    }

    /// The id of `key`, if it has one.
    #[cfg(test)]
    pub(crate) fn get(&self, key: K) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = (key.hash() >> self.shift) as usize;
        loop {
            let slot = &self.slots[at];
            if slot.1 == EMPTY {
                return None;
            }
            if slot.0 == key {
                return Some(slot.1);
            }
            at = (at + 1) & mask;
        }
    }

    /// Every `(key, id)`, sorted by id.
    pub(crate) fn entries(&self) -> Vec<(K, u32)> {
        let mut out: Vec<(K, u32)> = self.slots.iter().copied().filter(|s| s.1 != EMPTY).collect();
        out.sort_unstable_by_key(|s| s.1);
        out
    }

    /// Moves every key into a table of `size` slots (a power of two).
    fn rebuild(&mut self, size: usize) {
        debug_assert!(size.is_power_of_two() && size >= 2 * self.len);
        let old = std::mem::replace(&mut self.slots, vec![(K::default(), EMPTY); size]);
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for (key, id) in old.into_iter().filter(|s| s.1 != EMPTY) {
            let mut at = (key.hash() >> self.shift) as usize;
            while self.slots[at].1 != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = (key, id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    proptest::proptest! {
        /// The table hands out the ids a `HashMap` would, through growth, with keys that
        /// collide in their low or high bits.
        #[test]
        fn flat_ids_agree_with_a_hash_map(
            keys in proptest::collection::vec((0u64..40, 0u32..3), 0..400),
        ) {
            let mut flat: FlatIds<u64> = FlatIds::default();
            let mut wide: FlatIds<u128> = FlatIds::default();
            let mut map: HashMap<u64, u32> = HashMap::new();
            for &(k, spread) in &keys {
                // Keys differing only in high bits, or only in low bits.
                let key = k << (spread * 21);
                let next = u32::try_from(map.len()).unwrap();
                let expect = *map.entry(key).or_insert(next);
                let (id, new) = flat.get_or_insert(key, next);
                proptest::prop_assert_eq!(id, expect);
                proptest::prop_assert_eq!(new, id == next);
                let (wid, _) = wide.get_or_insert(u128::from(key) << 64 | u128::from(k), next);
                proptest::prop_assert_eq!(wid, expect);
            }
            proptest::prop_assert_eq!(flat.len(), map.len());
            for (&k, &id) in &map {
                proptest::prop_assert_eq!(flat.get(k), Some(id));
            }
            proptest::prop_assert_eq!(flat.get(u64::MAX), None);
            let mut sorted: Vec<(u64, u32)> = map.into_iter().collect();
            sorted.sort_unstable_by_key(|e| e.1);
            proptest::prop_assert_eq!(flat.entries(), sorted);
        }
    }
}
