//! Integration tests: run the built binary on real files. One test binary, modules by area.

mod common;

mod audit;
mod bad_input;
mod fixtures;
mod gate;
mod history;
mod outputs;
mod redaction;
mod sources;
mod structured;
mod vault;
