//! Text from people and files: whitespace normalised on the way in.

/// Collapse runs of whitespace to single spaces and trim: the source's words,
/// whatever the line wrapping of the file.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
