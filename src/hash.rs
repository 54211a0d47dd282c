//! The hash the in-memory indexes share.

use std::hash::BuildHasher;
use std::sync::OnceLock;

/// A fast string hash (foldhash) for hash tables that store only numbers and compare keys
/// with the strings they point at. Its seed is random per process, so an input crafted to
/// make ids or names collide cannot slow a build down; it is never written anywhere, and no
/// output depends on it (see [`crate::paper`]'s FNV-1a for a hash that is written).
pub(crate) fn str_hash(s: &str) -> u64 {
    static STATE: OnceLock<foldhash::fast::RandomState> = OnceLock::new();
    STATE.get_or_init(Default::default).hash_one(s)
}
