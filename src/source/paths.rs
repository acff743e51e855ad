//! Paths seen in git history, interned: each path is one name under its parent
//! directory's id, and its bytes are stored once. A blob's occurrences then hold a
//! 4-byte [`PathId`] instead of a string, so a file copied into a thousand directories
//! and rewritten in a thousand commits costs ids, not a million strings: memory follows
//! the number of distinct paths, not the width of history times its length.

use std::hash::{BuildHasher, Hash, Hasher};

use hashbrown::HashTable;

/// The id of an interned path (a file or a directory) in a [`PathTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PathId(u32);

impl PathId {
    /// The parent of top-level names (the root of the tree).
    pub const ROOT: PathId = PathId(u32::MAX);
}

/// One path: its last component (a range of [`PathTable::names`]) under its parent.
#[derive(Debug, Clone, Copy)]
struct Node {
    parent: PathId,
    start: usize,
    len: u32,
}

/// Every path interned so far.
#[derive(Default)]
pub struct PathTable {
    nodes: Vec<Node>,
    /// Every path's last component, back to back.
    names: Vec<u8>,
    /// Ids by hash of (parent, name), for interning.
    lookup: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for PathTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathTable")
            .field("paths", &self.nodes.len())
            .field("name_bytes", &self.names.len())
            .finish()
    }
}

impl PathTable {
    fn hash(&self, parent: PathId, name: &[u8]) -> u64 {
        let mut hasher = self.hasher.build_hasher();
        parent.hash(&mut hasher);
        name.hash(&mut hasher);
        hasher.finish()
    }

    fn name_of(&self, node: &Node) -> &[u8] {
        &self.names[node.start..node.start + node.len as usize]
    }

    /// The id of `name` under `parent` ([`PathId::ROOT`] at the top), added if new.
    ///
    /// # Example
    /// ```
    /// use vaultproof::source::paths::{PathId, PathTable};
    /// let mut paths = PathTable::default();
    /// let dir = paths.intern(PathId::ROOT, b"config");
    /// let file = paths.intern(dir, b"app.yaml");
    /// assert_eq!(paths.intern(dir, b"app.yaml"), file);
    /// assert_eq!(paths.path(file), "config/app.yaml");
    /// ```
    pub fn intern(&mut self, parent: PathId, name: &[u8]) -> PathId {
        let hash = self.hash(parent, name);
        let (nodes, names) = (&self.nodes, &self.names);
        let found = self.lookup.find(hash, |&id| {
            let node = &nodes[id as usize];
            node.parent == parent && &names[node.start..node.start + node.len as usize] == name
        });
        if let Some(&id) = found {
            return PathId(id);
        }
        // Ids stay below `PathId::ROOT`; names longer than 4 GiB do not exist in git.
        let id = u32::try_from(self.nodes.len())
            .ok()
            .filter(|&id| id != u32::MAX)
            .expect("fewer than 2^32 distinct paths");
        self.nodes.push(Node {
            parent,
            start: self.names.len(),
            len: name.len() as u32,
        });
        self.names.extend_from_slice(name);
        let (nodes, hasher) = (&self.nodes, &self.hasher);
        let names = &self.names;
        self.lookup.insert_unique(hash, id, |&other| {
            let node = &nodes[other as usize];
            let mut h = hasher.build_hasher();
            node.parent.hash(&mut h);
            names[node.start..node.start + node.len as usize].hash(&mut h);
            h.finish()
        });
        PathId(id)
    }

    /// The full path of `id`, `/`-separated, decoded losslessly ([`crate::escape::name`]).
    pub fn path(&self, id: PathId) -> String {
        let mut parts = Vec::new();
        let mut current = id;
        while current != PathId::ROOT {
            let node = &self.nodes[current.0 as usize];
            parts.push(self.name_of(node));
            current = node.parent;
        }
        let mut bytes = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
        for (i, part) in parts.iter().rev().enumerate() {
            if i > 0 {
                bytes.push(b'/');
            }
            bytes.extend_from_slice(part);
        }
        crate::escape::name(&bytes).into_owned()
    }

    /// How many distinct paths (files and directories) are interned.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether no path is interned.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_under_different_parents_is_two_paths() {
        let mut paths = PathTable::default();
        let a = paths.intern(PathId::ROOT, b"a");
        let b = paths.intern(PathId::ROOT, b"b");
        let a_x = paths.intern(a, b"x");
        let b_x = paths.intern(b, b"x");
        assert_ne!(a_x, b_x);
        assert_eq!(paths.intern(a, b"x"), a_x);
        assert_eq!(paths.path(a_x), "a/x");
        assert_eq!(paths.path(b_x), "b/x");
        assert_eq!(paths.path(a), "a");
        assert_eq!(paths.len(), 4);
    }

    #[test]
    fn many_paths_intern_to_distinct_ids() {
        let mut paths = PathTable::default();
        let ids: Vec<PathId> = (0..10_000)
            .map(|i| paths.intern(PathId::ROOT, format!("f{i}").as_bytes()))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(paths.path(*id), format!("f{i}"));
            assert_eq!(paths.intern(PathId::ROOT, format!("f{i}").as_bytes()), *id);
        }
    }
}
