//! Names that become file or folder names: document ids (`docs/<id>.ron`)
//! and annotator names (a folder each, once annotator layers exist).
//!
//! Invariant: a name accepted by [`check_document_id`] or
//! [`check_annotator_name`] is one plain path component on Linux, macOS and
//! Windows: 1 to [`MAX_NAME_LEN`] ASCII letters, digits, `-` and `_` (so no
//! separator, no `.` or `..`, no control, bidi or invisible character), and
//! not a Windows device name (`con`, `nul`, `com1`...). Names are shown in
//! messages with `{:?}`, which escapes control and bidi characters.

use std::fmt;

/// Longest document id or annotator name, in chars (ASCII, so bytes too):
/// leaves room under the usual 255-byte file name limit for `.ron` and for
/// the `.mine-<time>` of a saved copy.
pub const MAX_NAME_LEN: usize = 100;

/// A name that cannot be used as a file or folder name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadName {
    /// What the name is for ("document id", "annotator name").
    pub what: &'static str,
    /// The name as given.
    pub name: String,
    /// Why it is refused.
    pub reason: String,
    /// A safe name derived from it, for the fix.
    pub suggestion: String,
}

impl fmt::Display for BadName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?} {}", self.what, self.name, self.reason)
    }
}

impl std::error::Error for BadName {}

/// Checks a document id (it names the file `docs/<id>.ron`).
pub fn check_document_id(id: &str) -> Result<(), BadName> {
    check_name("document id", id)
}

/// Checks an annotator name (it names a folder of the project).
pub fn check_annotator_name(name: &str) -> Result<(), BadName> {
    check_name("annotator name", name)
}

fn check_name(what: &'static str, name: &str) -> Result<(), BadName> {
    let reason = if name.is_empty() {
        Some("is empty".to_owned())
    } else if name.chars().count() > MAX_NAME_LEN {
        Some(format!(
            "is longer than {MAX_NAME_LEN} characters ({})",
            name.chars().count()
        ))
    } else if let Some(c) = name.chars().find(|c| !is_name_char(*c)) {
        Some(format!(
            "contains {c:?}; only ASCII letters, digits, - and _ are allowed (no path separators, dots, spaces, control or bidi characters)"
        ))
    } else if is_windows_device_name(name) {
        Some("is a reserved device name on Windows".to_owned())
    } else {
        None
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(BadName {
            what,
            name: name.to_owned(),
            reason,
            suggestion: safe_name(name),
        }),
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// `con`, `prn`, `aux`, `nul`, `com1`-`com9`, `lpt1`-`lpt9` in any case: Windows
/// cannot create a file with that name (with any extension).
fn is_windows_device_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(n.as_str(), "con" | "prn" | "aux" | "nul")
        || ((n.starts_with("com") || n.starts_with("lpt"))
            && n.len() == 4
            && n.as_bytes()[3].is_ascii_digit()
            && n.as_bytes()[3] != b'0')
}

/// A valid name derived from `raw`: lowercase ASCII letters, digits and `-`
/// (Vietnamese letters lose their marks, everything else becomes `-`).
/// Always passes [`check_document_id`].
pub fn safe_name(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in raw.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') && !is_combining_mark(c) {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(60).collect();
    let trimmed = trimmed.trim_end_matches('-');
    if trimmed.is_empty() {
        "doc".to_owned()
    } else if is_windows_device_name(trimmed) {
        format!("{trimmed}-doc")
    } else {
        trimmed.to_owned()
    }
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Whether `c` must not be shown as it is: a control character (other than
/// a line break), a bidi control (which can reorder what is shown around it)
/// or an invisible one.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
        )
}

/// `text` as it may be shown on screen: every unsafe character (see
/// [`first_unsafe_char`]; line breaks are kept) written as `\u{…}`, so a
/// title or note from someone else's project cannot hide or reorder text.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The first character of `text` that must not appear in a name shown as a
/// single token (a label name): a control character, a bidi control (which
/// can reorder what is shown around it) or an invisible one.
pub fn first_unsafe_char(text: &str) -> Option<char> {
    text.chars().find(|c| {
        c.is_control()
            || matches!(
                c,
                '\u{061c}'
                    | '\u{200b}'..='\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2060}'..='\u{2069}'
                    | '\u{feff}'
            )
    })
}

/// Whether two names are the same file on a case-insensitive file system
/// (Windows, macOS) without being equal.
pub fn same_file_name(a: &str, b: &str) -> bool {
    a != b && a.eq_ignore_ascii_case(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_escapes_bidi_and_controls_and_keeps_text() {
        assert_eq!(visible("Bí thư Tỉnh ủy\nx"), "Bí thư Tỉnh ủy\nx");
        assert_eq!(visible("a\u{202e}b\u{1b}"), "a\\u{202e}b\\u{1b}");
    }

    #[test]
    fn good_ids_pass() {
        for id in [
            "baolangson-546048",
            "x1",
            "A_b-9",
            &"a".repeat(MAX_NAME_LEN),
        ] {
            assert_eq!(check_document_id(id), Ok(()), "{id}");
        }
    }

    #[test]
    fn hostile_ids_are_refused_with_a_safe_suggestion() {
        for id in [
            "",
            ".",
            "..",
            "../../../tmp/pwned",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "C:evil",
            "a b",
            "a.b",
            "con",
            "LPT1",
            "x\u{202e}fdp.exe",
            "x\u{0}y",
            "tab\there",
            "Đoàn",
            &"a".repeat(MAX_NAME_LEN + 1),
        ] {
            let err = check_document_id(id).unwrap_err();
            assert_eq!(check_document_id(&err.suggestion), Ok(()), "{err}");
            // The name is shown escaped: no raw control or bidi character.
            assert!(first_unsafe_char(&err.to_string()).is_none(), "{err}");
        }
        assert_eq!(safe_name("../../../tmp/pwned"), "tmp-pwned");
        assert_eq!(safe_name("Bí thư Đoàn"), "bi-thu-doan");
        assert_eq!(safe_name("nul"), "nul-doc");
        assert_eq!(safe_name(".."), "doc");
        assert!(check_document_id("com0").is_ok());
        assert!(check_annotator_name("lan").is_ok());
        assert!(check_annotator_name("lan/../x").is_err());
    }

    #[test]
    fn bidi_and_control_characters_are_found() {
        assert_eq!(first_unsafe_char("person"), None);
        assert_eq!(first_unsafe_char("Đồng chí"), None);
        assert_eq!(first_unsafe_char("a\u{202e}b"), Some('\u{202e}'));
        assert_eq!(first_unsafe_char("a\u{2066}b"), Some('\u{2066}'));
        assert_eq!(first_unsafe_char("a\u{7}"), Some('\u{7}'));
        assert_eq!(first_unsafe_char("a\u{200b}"), Some('\u{200b}'));
        assert!(same_file_name("Doc", "doc"));
        assert!(!same_file_name("doc", "doc"));
    }
}
