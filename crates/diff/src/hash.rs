//! [`MixHasher`] and [`MixMap`]: the fast hash maps of the diff engine's inner loops.

use std::collections::HashMap;

/// A fast hasher for interned ids, bigrams of them and short token strings: a
/// multiply-and-rotate mix, eight bytes at a time. Not for anything stored or exchanged
/// (those use xxh3): maps built with it are only looked up, never iterated, so it decides
/// nothing about the output.
#[derive(Default)]
pub(crate) struct MixHasher(u64);

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

impl std::hash::Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(MIX);
        x ^ (x >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
            self.0 = (self.0 ^ w).wrapping_mul(MIX).rotate_left(23);
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.0 = (self.0 ^ u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59)).wrapping_mul(MIX).rotate_left(23);
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(MIX).rotate_left(23);
    }

    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }
}

/// A hash map keyed through [`MixHasher`].
pub(crate) type MixMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<MixHasher>>;
