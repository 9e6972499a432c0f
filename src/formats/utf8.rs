//! Reading dataset files as UTF-8, with an error that says where the first
//! byte that is not UTF-8 is and how to convert the file.

use super::FormatError;
use std::path::Path;

/// Reads `path` as UTF-8 text. A file in another encoding (Latin-1 CoNLL
/// files are common) is refused with its first bad byte, line and column.
pub fn read_text(path: &Path) -> Result<String, FormatError> {
    let bytes = std::fs::read(path).map_err(|e| FormatError::Io("read", path.to_owned(), e))?;
    decode(path, bytes)
}

/// Decodes bytes read from `path` (see [`read_text`]).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, FormatError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = bytes.get(..at).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // Column in chars of the valid text before the bad byte, 1-based.
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        let byte = bytes.get(at).copied().unwrap_or_default();
        FormatError::input(
            path,
            line,
            format!(
                "the file is not UTF-8: byte 0x{byte:02X} at line {line}, column {column} (byte offset {at}) is not valid UTF-8 (Latin-1 or Windows-1252?)"
            ),
            format!(
                "convert it to UTF-8 first, e.g. `iconv -f LATIN1 -t UTF-8 {} > converted.txt`, and import the converted file",
                path.display()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_names_the_first_bad_byte() {
        let e = decode(
            Path::new("de.conll"),
            b"Haus\tO\nM\xfcnchen\tB-LOC\n".to_vec(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "de.conll:2: the file is not UTF-8: byte 0xFC at line 2, column 2 (byte offset 8)"
            ),
            "{e}"
        );
        assert!(e.contains("iconv -f LATIN1 -t UTF-8 de.conll"), "{e}");
        assert_eq!(
            decode(Path::new("x"), "Mü".as_bytes().to_vec()).unwrap(),
            "Mü"
        );
    }
}
