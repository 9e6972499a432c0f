//! A readable span notation for fixtures and tests:
//! `"Đồng chí [person: Nguyễn Quốc Đoàn], [position: Bí thư Tỉnh ủy]"`.
//!
//! `[label: covered text]` marks one span; spans do not nest. Offsets returned
//! are chars in the text with the marks removed.

/// A span read from the notation: char offsets and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label name.
    pub label: String,
}

/// Parses the notation into plain text and spans (in text order).
pub fn parse(marked: &str) -> Result<(String, Vec<Marked>), String> {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut chars = 0;
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        let before = &rest[..open];
        text.push_str(before);
        chars += before.chars().count();
        let after = &rest[open + 1..];
        let colon = after
            .find(": ")
            .ok_or_else(|| format!("'[' without 'label: ' near {:?}", preview(after)))?;
        let label = &after[..colon];
        if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[' || c == ']') {
            return Err(format!("bad label {label:?} near {:?}", preview(after)));
        }
        let body_start = colon + 2;
        let close = after[body_start..]
            .find(']')
            .ok_or_else(|| format!("unclosed '[{label}: ' near {:?}", preview(after)))?;
        let body = &after[body_start..body_start + close];
        if body.contains('[') {
            return Err(format!("nested '[' in {body:?}"));
        }
        let n = body.chars().count();
        spans.push(Marked {
            start: chars,
            end: chars + n,
            label: label.to_owned(),
        });
        text.push_str(body);
        chars += n;
        rest = &after[body_start + close + 1..];
    }
    text.push_str(rest);
    Ok((text, spans))
}

fn preview(s: &str) -> String {
    s.chars().take(30).collect()
}

/// Writes text and non-overlapping spans (sorted by start) back as notation.
pub fn render(text: &str, spans: &[Marked]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    let chars: Vec<char> = text.chars().collect();
    for s in spans {
        if s.start < pos || s.end > chars.len() {
            continue;
        }
        out.extend(&chars[pos..s.start]);
        out.push('[');
        out.push_str(&s.label);
        out.push_str(": ");
        out.extend(&chars[s.start..s.end]);
        out.push(']');
        pos = s.end;
    }
    out.extend(chars.get(pos..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_render_round_trip() {
        let m =
            "Đồng chí [person: Nguyễn Quốc Đoàn], [position: Bí thư Tỉnh ủy] 😀 [metric: 7,22%]";
        let (text, spans) = parse(m).unwrap();
        assert_eq!(text, "Đồng chí Nguyễn Quốc Đoàn, Bí thư Tỉnh ủy 😀 7,22%");
        assert_eq!(
            spans[0],
            Marked {
                start: 9,
                end: 25,
                label: "person".into()
            }
        );
        assert_eq!((spans[2].start, spans[2].end), (44, 49));
        assert_eq!(render(&text, &spans), m);
    }

    #[test]
    fn malformed_notation_is_an_error() {
        assert!(parse("a [person Nguyễn]").is_err());
        assert!(parse("a [person: Nguyễn").is_err());
        assert!(parse("a [person: [x: y]]").is_err());
    }
}
