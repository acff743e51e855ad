//! Object ids as hash keys for the history walk's sets and maps (trees seen, blobs
//! indexed, commits placed): a few million lookups on a large history.

use std::collections::{HashMap, HashSet};

use git2::Oid;

/// An object id as a hash key. git2's `Oid` compares through a call into libgit2 and
/// hashes all its 20 bytes; the walk does a few million lookups (a tenth of its time went
/// to those calls). Here the bytes compare inline and the hash takes the first eight, which
/// are as random as the rest (SHA-1 output a repository cannot choose), under a keyed
/// hasher (a random seed per process) so that crafted ids cannot flood one bucket.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ObjectKey([u8; 20]);

impl From<&Oid> for ObjectKey {
    fn from(oid: &Oid) -> Self {
        let mut key = [0u8; 20];
        key.copy_from_slice(&oid.as_bytes()[..20]);
        ObjectKey(key)
    }
}

impl std::hash::Hash for ObjectKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut head = [0u8; 8];
        head.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(head));
    }
}

/// A set of object ids (see [`ObjectKey`]).
#[derive(Default, Clone)]
pub(super) struct OidSet(HashSet<ObjectKey, foldhash::fast::RandomState>);

impl OidSet {
    /// Adds `oid`; false if it was there.
    pub(super) fn insert(&mut self, oid: Oid) -> bool {
        self.0.insert(ObjectKey::from(&oid))
    }

    /// Whether `oid` is in the set.
    pub(super) fn contains(&self, oid: &Oid) -> bool {
        self.0.contains(&ObjectKey::from(oid))
    }
}

/// A map keyed by object ids (see [`ObjectKey`]).
pub(super) struct OidMap<V>(HashMap<ObjectKey, V, foldhash::fast::RandomState>);

impl<V> Default for OidMap<V> {
    fn default() -> Self {
        OidMap(HashMap::default())
    }
}

impl<V> FromIterator<(Oid, V)> for OidMap<V> {
    fn from_iter<I: IntoIterator<Item = (Oid, V)>>(items: I) -> Self {
        OidMap(
            items
                .into_iter()
                .map(|(oid, value)| (ObjectKey::from(&oid), value))
                .collect(),
        )
    }
}

impl<V> OidMap<V> {
    /// The value under `oid`.
    pub(super) fn get(&self, oid: &Oid) -> Option<&V> {
        self.0.get(&ObjectKey::from(oid))
    }

    /// Whether `oid` has a value.
    pub(super) fn contains_key(&self, oid: &Oid) -> bool {
        self.0.contains_key(&ObjectKey::from(oid))
    }

    /// Sets the value under `oid`.
    pub(super) fn insert(&mut self, oid: Oid, value: V) {
        self.0.insert(ObjectKey::from(&oid), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(hex: &str) -> Oid {
        Oid::from_str(hex).unwrap()
    }

    /// Ids that share their first eight bytes (the hashed part) are still told apart by
    /// the rest.
    #[test]
    fn ids_sharing_the_hashed_bytes_stay_distinct() {
        let first = oid("0123456789abcdef00000000000000000000000a");
        let second = oid("0123456789abcdef00000000000000000000000b");
        let mut set = OidSet::default();
        assert!(set.insert(first));
        assert!(!set.insert(first));
        assert!(!set.contains(&second));
        assert!(set.insert(second));
        let map: OidMap<u32> = [(first, 1), (second, 2)].into_iter().collect();
        assert_eq!((map.get(&first), map.get(&second)), (Some(&1), Some(&2)));
        assert!(!map.contains_key(&oid("0123456789abcdef00000000000000000000000c")));
    }
}
