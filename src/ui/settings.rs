//! What the GUI remembers across runs (eframe storage).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Remembered preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Dark theme (else light).
    pub dark: bool,
    /// UI zoom factor.
    pub zoom: f32,
    /// Recently opened project folders, newest first.
    pub recent: Vec<PathBuf>,
    /// The annotator name last used in each team project folder.
    pub annotators: std::collections::BTreeMap<PathBuf, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dark: false,
            zoom: 1.0,
            recent: Vec::new(),
            annotators: Default::default(),
        }
    }
}

impl Settings {
    /// Key in eframe's storage.
    pub const KEY: &'static str = "gloss-settings";

    /// Puts `dir` first in the recent list (at most ten kept).
    pub fn remember(&mut self, dir: PathBuf) {
        self.recent.retain(|d| d != &dir);
        self.recent.insert(0, dir);
        self.recent.truncate(10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_projects_newest_first_without_repeats_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(PathBuf::from(format!("p{i}")));
        }
        s.remember(PathBuf::from("p5"));
        assert_eq!(s.recent.len(), 10);
        assert_eq!(s.recent[0], PathBuf::from("p5"));
        assert_eq!(
            s.recent
                .iter()
                .filter(|p| p.as_path() == std::path::Path::new("p5"))
                .count(),
            1
        );
        // Stored as RON by eframe: a round trip keeps everything, and missing
        // fields fall back to defaults.
        let text = ron::to_string(&s).unwrap();
        assert_eq!(ron::from_str::<Settings>(&text).unwrap(), s);
        assert_eq!(ron::from_str::<Settings>("(dark: true)").unwrap().zoom, 1.0);
    }
}
