//! The JSON fields every JSON-based reader takes the same way: lines, the
//! text (which must be NFC with `\n`), `meta`, and names of JSON kinds for
//! messages.

use super::super::FormatError;
use crate::model::Meta;
use std::path::Path;

/// Names the JSON type of a value, for messages.
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Keeps a JSON `meta` object in [`Meta`]: `date`, `url`, `author` strings
/// in their fields, every other key (but `skip`) as JSON text in `extra`.
pub fn meta_from_json(meta: Option<&serde_json::Value>, skip: &[&str]) -> Meta {
    let mut out = Meta::default();
    let Some(obj) = meta.and_then(serde_json::Value::as_object) else {
        return out;
    };
    for (k, v) in obj {
        if skip.contains(&k.as_str()) {
            continue;
        }
        match (k.as_str(), v.as_str()) {
            ("date", Some(s)) => out.date = Some(s.to_owned()),
            ("url", Some(s)) => out.url = Some(s.to_owned()),
            ("author", Some(s)) => out.author = Some(s.to_owned()),
            _ => {
                out.extra.insert(k.clone(), v.to_string());
            }
        }
    }
    out
}

/// Reads every non-blank line of `content` with `read(line number, line)`
/// (1-based numbers) on every core, and gives the results in file order;
/// when lines are bad, the error of the first of them, as reading one line
/// after the other would.
pub fn par_lines<R: Send>(
    content: &str,
    read: impl Fn(usize, &str) -> Result<R, FormatError> + Sync,
) -> Result<Vec<R>, FormatError> {
    use rayon::prelude::*;
    let lines: Vec<(usize, &str)> = content
        .lines()
        .enumerate()
        .filter(|(_, raw)| !raw.trim().is_empty())
        .map(|(i, raw)| (i + 1, raw))
        .collect();
    let results: Vec<Result<R, FormatError>> =
        lines.into_par_iter().map(|(n, raw)| read(n, raw)).collect();
    results.into_iter().collect()
}

/// Parses one JSON line as a `T`; an error names the line and column.
pub fn json_line<T: serde::de::DeserializeOwned>(
    path: &Path,
    n: usize,
    raw: &str,
    what: &str,
) -> Result<T, FormatError> {
    serde_json::from_str(raw).map_err(|e| {
        FormatError::input(
            path,
            n,
            format!("invalid {what} at column {}: {e}", e.column()),
            "write one JSON object per line (see docs/FORMATS.md)",
        )
    })
}

/// Parses JSON Lines: every non-blank line as a `T`, with its 1-based line
/// number. The first bad line is an error naming it.
pub fn json_lines<T: serde::de::DeserializeOwned + Send>(
    path: &Path,
    content: &str,
    what: &str,
) -> Result<Vec<(usize, T)>, FormatError> {
    par_lines(content, |n, raw| Ok((n, json_line(path, n, raw, what)?)))
}

/// The string at `key` of an optional JSON object.
pub fn str_at(v: Option<&serde_json::Value>, key: &str) -> Option<String> {
    v?.get(key)?.as_str().map(str::to_owned)
}

/// The `"text"` string of a JSON record, checked with [`check_text`].
pub fn text_field(path: &Path, line: usize, v: &serde_json::Value) -> Result<String, FormatError> {
    let text = v
        .get("text")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| {
            FormatError::input(
                path,
                line,
                "field \"text\" is missing or not a string",
                "give every record a \"text\" string",
            )
        })?;
    check_text(path, line, text)?;
    Ok(text.to_owned())
}

/// [`text_field`] taken out of the record (no copy of the text).
pub fn take_text_field(
    path: &Path,
    line: usize,
    v: &mut serde_json::Value,
) -> Result<String, FormatError> {
    match v.get_mut("text").map(serde_json::Value::take) {
        Some(serde_json::Value::String(text)) => {
            check_text(path, line, &text)?;
            Ok(text)
        }
        _ => text_field(path, line, &serde_json::Value::Null),
    }
}

/// Checks an incoming text: it must already be NFC with `\n` line endings,
/// or offsets into it would not survive normalization.
pub fn check_text(path: &Path, line: usize, text: &str) -> Result<(), FormatError> {
    if text.contains('\r') || text.starts_with('\u{FEFF}') {
        return Err(FormatError::input(
            path,
            line,
            "the text has CR line endings or a BOM, so its offsets do not fit Gloss's \\n-only text",
            "convert the text to \\n line endings (and recompute offsets), or add the plain text with `gloss add`",
        ));
    }
    if !unicode_normalization::is_nfc(text) {
        return Err(FormatError::input(
            path,
            line,
            "the text is not NFC-normalized (e.g. decomposed Vietnamese marks), so its offsets would shift",
            "normalize the text to NFC and recompute the offsets (Python: unicodedata.normalize('NFC', text))",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_order_and_the_first_bad_line_is_the_error() {
        let mut content = String::new();
        for i in 0..500 {
            content.push_str(&format!("{{\"n\": {i}}}\n\n"));
        }
        let path = Path::new("in.jsonl");
        let read: Vec<(usize, serde_json::Value)> = json_lines(path, &content, "JSON").unwrap();
        assert_eq!(read.len(), 500);
        for (k, (line, v)) in read.iter().enumerate() {
            assert_eq!(*line, 2 * k + 1);
            assert_eq!(v["n"], k);
        }
        // Lines 301 and 801 are bad: every run names 301.
        let bad = content
            .replace("{\"n\": 150}", "{oops")
            .replace("{\"n\": 400}", "[");
        for _ in 0..20 {
            let e = json_lines::<serde_json::Value>(path, &bad, "JSON").unwrap_err();
            assert!(e.to_string().contains(":301"), "{e}");
        }
    }
}
