//! Text handling: offsets, import and normalization, tokens and sentences.
//!
//! Offsets stored in files and exports are Unicode code points (chars) on NFC
//! text with `\n` line endings. Byte offsets are used only inside Rust; UTF-16
//! only at the edges. Every conversion between them lives in [`offsets`].

pub mod import;
pub mod markup;
pub mod offsets;
pub mod tokens;
mod units;

pub use offsets::TextIndex;
pub use tokens::{
    sentences, sentences_of, snap_to_tokens, token_at, token_boundary, tokenize,
    tokenize_graphemes, trim_range, Token,
};
