//! Integration tests: run the built binary on real files. One test binary, modules by area.

mod common;

mod archives;
mod audit;
mod bad_input;
mod block_scalars;
mod breadth;
mod browser;
mod encodings;
mod fixtures;
mod formats;
mod gate;
mod history;
mod outputs;
mod redaction;
mod reports;
mod scale;
mod sources;
mod structured;
mod terminal;
mod vault;
