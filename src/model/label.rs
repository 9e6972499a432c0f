//! A label: the tag a span carries (`person`, `position`, ...).

use serde::{Deserialize, Serialize};

/// A label an editor can give to a span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Short name used in files and exports; no whitespace.
    pub name: String,
    /// Display color as `#rrggbb`.
    pub color: String,
    /// Key that applies the label in the GUI (`'1'`..`'9'`).
    #[serde(default)]
    pub hotkey: Option<char>,
    /// What the label covers (shown in the GUI).
    #[serde(default)]
    pub description: String,
}

impl Label {
    /// A label with a color and hotkey chosen from its position in the set.
    pub fn new(name: &str, index: usize) -> Self {
        const PALETTE: [&str; 9] = [
            "#3b82f6", "#f59e0b", "#10b981", "#ec4899", "#8b5cf6", "#ef4444", "#14b8a6", "#84cc16",
            "#6b7280",
        ];
        Self {
            name: name.to_owned(),
            color: PALETTE[index % PALETTE.len()].to_owned(),
            hotkey: char::from_digit(index as u32 + 1, 10).filter(|_| index < 9),
            description: String::new(),
        }
    }

    /// The color as RGB bytes (gray when the stored color is malformed).
    pub fn rgb(&self) -> [u8; 3] {
        parse_color(&self.color).unwrap_or([128, 128, 128])
    }
}

/// Parses `#rrggbb`.
pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The default label set, with descriptions from the annotation guidelines.
pub fn default_labels() -> Vec<Label> {
    let descriptions = [
        ("person", "The name of a specific person as written, bylines included; without ông, bà, đồng chí or degree prefixes."),
        ("position", "A title, office or role, with the organisation words that belong to it; each title of a chain on its own; without nguyên/tân."),
        ("target", "A planned, quantified goal for a future period: indicator and target value; cue words (phấn đấu, mục tiêu) stay outside."),
        ("metric", "A reported figure about the past or present: indicator phrase with its value and unit; cue verbs (ước đạt) stay inside."),
    ];
    descriptions
        .iter()
        .enumerate()
        .map(|(i, (name, description))| Label {
            description: (*description).to_owned(),
            ..Label::new(name, i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_distinct_colors_and_hotkeys() {
        let labels = default_labels();
        let names: Vec<_> = labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["person", "position", "target", "metric"]);
        let hotkeys: Vec<_> = labels.iter().map(|l| l.hotkey).collect();
        assert_eq!(hotkeys, [Some('1'), Some('2'), Some('3'), Some('4')]);
        let mut colors: Vec<_> = labels.iter().map(|l| l.color.clone()).collect();
        colors.dedup();
        assert_eq!(colors.len(), 4);
        assert!(labels.iter().all(|l| parse_color(&l.color).is_some()));
    }

    #[test]
    fn color_parsing() {
        assert_eq!(parse_color("#ff0080"), Some([255, 0, 128]));
        assert_eq!(parse_color("ff0080"), None);
        assert_eq!(parse_color("#ff00"), None);
        assert_eq!(parse_color("#ffééé"), None);
    }
}
