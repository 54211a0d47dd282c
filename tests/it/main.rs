//! Integration tests: the real binary on real files.

mod attributes;
mod cli;
mod explorer;
mod exports;
mod external;
mod gold;
mod incremental;
mod query;
mod readers;
mod render;
mod resolution;
mod robustness;
mod rules;
mod sparql;
mod util;
