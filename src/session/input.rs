//! Text typed by the editor, cleaned where it enters the session: control
//! characters never reach a file or a search. Input methods (ibus) can
//! commit a pressed Escape, Tab or Return as text while a word is being
//! composed; the GUI turns those into keys, and this module makes sure none
//! that slipped through is stored.

/// Whether `c` is a control character that typed text must not carry: C0
/// controls, DEL and C1 controls.
fn is_control(c: char) -> bool {
    c.is_control()
}

/// A single-line field's text without control characters (tabs and line
/// breaks included).
pub fn clean_line(s: &str) -> String {
    s.chars().filter(|&c| !is_control(c)).collect()
}

/// A multi-line field's text without control characters except `\n`
/// (`\r\n` and `\r` become `\n`).
pub fn clean_multiline(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || !is_control(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_dropped_letters_kept() {
        assert_eq!(clean_line("\u{1b}Tỉnh\tủy\r\n"), "Tỉnhủy");
        assert_eq!(clean_multiline("a\u{1b}b\r\nc\u{7f}\u{85}"), "ab\nc");
        assert_eq!(clean_line("Bí thư Tỉnh ủy 😀"), "Bí thư Tỉnh ủy 😀");
    }
}
