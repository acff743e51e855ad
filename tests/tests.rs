//! Integration tests: run the built binary on real files. One test binary, modules by area.

mod common;

mod audit;
mod bad_input;
mod browser;
mod fixtures;
mod gate;
mod history;
mod redaction;
mod reports;
mod sources;
mod structured;
mod vault;
