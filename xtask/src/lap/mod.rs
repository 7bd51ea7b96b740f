//! Parser of the LAP v0.3 format: `parse` turns a document into its syntax tree, or an error
//! that names file:line:column and what was expected.

pub mod ast;
mod cursor;
mod document;
pub mod error;
mod fields;

pub use document::parse;


#[cfg(test)]
mod tests;
