//! Reading and writing files of other shapes than the project folder.
//!
//! All offsets read or written here go through [`crate::text::offsets`].

pub mod articles;
