//! A position-tracking reader over one line of the spec.

use super::error::ParseError;

/// Reads one line of a LAP file, byte by byte, and builds errors that point into it.
pub struct Cursor<'a> {
    file: &'a str,
    line_no: usize,
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at byte `pos` of `text`, which is line `line_no` of `file`.
    pub fn new(file: &'a str, line_no: usize, text: &'a str, pos: usize) -> Self {
        Cursor { file, line_no, text, pos }
    }

    /// The 1-based line number.
    pub fn line(&self) -> usize {
        self.line_no
    }

    /// The current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The unread rest of the line.
    pub fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// The text between two byte offsets.
    pub fn slice(&self, from: usize, to: usize) -> &'a str {
        &self.text[from..to]
    }

    /// The next character, if any.
    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Whether the rest starts with `s`.
    pub fn at(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    /// Consumes `s` if the rest starts with it.
    pub fn eat(&mut self, s: &str) -> bool {
        if self.at(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Consumes `s` or fails with "expected `s`".
    pub fn expect(&mut self, s: &str) -> Result<(), ParseError> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(self.error(&format!("`{s}`")))
        }
    }

    /// Moves to byte offset `pos` (must be a char boundary at or after the current one).
    pub fn jump(&mut self, pos: usize) {
        debug_assert!(pos >= self.pos && self.text.is_char_boundary(pos));
        self.pos = pos;
    }

    /// Consumes and returns the longest prefix whose chars satisfy `pred`.
    pub fn take_while(&mut self, pred: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        let len = self.rest().find(|c: char| !pred(c)).unwrap_or(self.rest().len());
        self.pos += len;
        &self.text[start..self.pos]
    }

    /// An error at the current position.
    pub fn error(&self, expected: &str) -> ParseError {
        self.error_at(self.pos, expected)
    }

    /// An error at byte offset `pos` of this line.
    pub fn error_at(&self, pos: usize, expected: &str) -> ParseError {
        let pos = floor_char_boundary(self.text, pos.min(self.text.len()));
        let found: String = self.text[pos..].chars().take(24).collect();
        ParseError {
            file: self.file.to_string(),
            line: self.line_no,
            column: self.text[..pos].chars().count() + 1,
            expected: expected.to_string(),
            found: if found.is_empty() { "end of line".into() } else { format!("`{found}`") },
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
