//! The hash the in-memory indexes share.

use std::hash::BuildHasher;

/// FxHash of a string: fast on short keys (ids, titles, names). For hash tables that store
/// only numbers and compare keys with the strings they point at; not stable across
/// versions, so never written to a file (see [`crate::paper`]'s FNV-1a for that).
pub(crate) fn str_hash(s: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(s)
}
