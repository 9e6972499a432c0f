//! Turning the bytes of an article file into Gloss text.
//!
//! Output invariant: valid UTF-8, no BOM, `\n` line endings only, NFC. Input
//! that is not UTF-8 (a Windows-1258 file, a PNG) is refused with the first bad
//! byte offset, never guessed at.

use std::path::{Path, PathBuf};
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// What [`prepare_text`] changed on the way in, recorded in the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cleanup {
    /// A UTF-8 byte order mark was removed.
    pub bom_removed: bool,
    /// `\r\n` or lone `\r` line endings became `\n`.
    pub line_endings_fixed: bool,
    /// The text was not NFC and was normalized (offsets refer to the NFC text).
    pub nfc_normalized: bool,
}

/// Why a file cannot become a document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not UTF-8.
    #[error("{path}: is not UTF-8 text: invalid byte 0x{byte:02X} at byte offset {offset}; re-save the file as UTF-8 (e.g. `iconv -f WINDOWS-1258 -t UTF-8`) and add it again")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first bad byte.
        offset: usize,
        /// The bad byte.
        byte: u8,
    },
    /// The bytes contain NUL, which no article text has.
    #[error("{path}: looks like a binary file (NUL byte at byte offset {offset}); only .txt, .md and .jsonl text files can be added")]
    Binary {
        /// The file.
        path: PathBuf,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// Nothing but whitespace.
    #[error("{path}: is empty (no text to annotate); remove it from the list or fill it in")]
    Empty {
        /// The file.
        path: PathBuf,
    },
}

/// Cleans raw text: strips a BOM, normalizes line endings to `\n`, applies NFC.
pub fn prepare_text(raw: &str) -> (String, Cleanup) {
    let mut cleanup = Cleanup::default();
    let s = match raw.strip_prefix('\u{FEFF}') {
        Some(rest) => {
            cleanup.bom_removed = true;
            rest
        }
        None => raw,
    };
    let s = if s.contains('\r') {
        cleanup.line_endings_fixed = true;
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_owned()
    };
    let s = if is_nfc(&s) {
        s
    } else {
        cleanup.nfc_normalized = true;
        s.nfc().collect()
    };
    (s, cleanup)
}

/// Decodes file bytes as UTF-8 article text and cleans it (see [`prepare_text`]).
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<(String, Cleanup), ImportError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary {
            path: path.to_owned(),
            offset,
        });
    }
    let raw = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        ImportError::NotUtf8 {
            path: path.to_owned(),
            offset,
            byte: bytes.get(offset).copied().unwrap_or_default(),
        }
    })?;
    let (text, cleanup) = prepare_text(raw);
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    Ok((text, cleanup))
}

/// The first non-empty line, trimmed: the article's title.
pub fn title_of(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_owned()
}

/// The first line that is nothing but an http(s) URL.
pub fn url_of(text: &str) -> Option<String> {
    text.lines().map(str::trim).find_map(|l| {
        let is_url = (l.starts_with("https://") || l.starts_with("http://"))
            && !l.contains(char::is_whitespace);
        is_url.then(|| l.to_owned())
    })
}

/// A publication date (`dd.mm.yyyy` or `dd/mm/yyyy`) in the first five lines,
/// as ISO `yyyy-mm-dd`.
pub fn date_of(text: &str) -> Option<String> {
    static DATE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let re = DATE
        .get_or_init(|| regex::Regex::new(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b").ok())
        .as_ref()?;
    text.lines().take(5).find_map(|l| {
        let c = re.captures(l)?;
        let (d, m, y) = (c[1].parse::<u32>().ok()?, c[2].parse::<u32>().ok()?, &c[3]);
        ((1..=31).contains(&d) && (1..=12).contains(&m)).then(|| format!("{y}-{m:02}-{d:02}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<(String, Cleanup), ImportError> {
        decode_text(Path::new("a.txt"), bytes)
    }

    #[test]
    fn bom_crlf_cr_are_cleaned() {
        let (t, c) = decode(b"\xEF\xBB\xBFTitle\r\nline\rend").unwrap();
        assert_eq!(t, "Title\nline\nend");
        assert!(c.bom_removed && c.line_endings_fixed && !c.nfc_normalized);
    }

    #[test]
    fn nfd_becomes_nfc() {
        let (t, c) = decode("Nguye\u{302}\u{303}n".as_bytes()).unwrap();
        assert_eq!(t, "Nguyễn");
        assert!(c.nfc_normalized);
    }

    #[test]
    fn emoji_kept() {
        let (t, _) = decode("ok 😀".as_bytes()).unwrap();
        assert_eq!(t, "ok 😀");
    }

    #[test]
    fn windows_1258_refused_with_offset() {
        // "Vi\xEAt" in Windows-1258: 0xEA is ê, invalid as UTF-8 here.
        let err = decode(b"Vi\xEAt Nam").unwrap_err();
        assert_eq!(
            err,
            ImportError::NotUtf8 {
                path: "a.txt".into(),
                offset: 2,
                byte: 0xEA
            }
        );
        assert!(err.to_string().contains("byte offset 2"));
    }

    #[test]
    fn binary_and_empty_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(
            decode(png),
            Err(ImportError::Binary { offset: 8, .. })
        ));
        assert!(matches!(decode(b""), Err(ImportError::Empty { .. })));
        assert!(matches!(decode(b" \n\r\n"), Err(ImportError::Empty { .. })));
    }

    #[test]
    fn title_url_date() {
        let t =
            "\n Ban Chấp hành \nThứ 6, 09.12.2022 | 10:53:17\nbody\nhttps://baolangson.vn/x.html\n";
        assert_eq!(title_of(t), "Ban Chấp hành");
        assert_eq!(url_of(t).as_deref(), Some("https://baolangson.vn/x.html"));
        assert_eq!(date_of(t).as_deref(), Some("2022-12-09"));
    }
}
