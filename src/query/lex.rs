//! The lexer lives in the engine (the echo log redacts secrets with it); the query layer reads
//! statements through the same one.

pub use crate::engine::lex::{
    LexOptions, Spanned, Token, Unterminated, executable_comments, partial_tokens, spanned_tokens,
    tokens,
};
pub(super) use crate::engine::lex::{dollar_quote_end, skip_block_comment, skip_quoted};
