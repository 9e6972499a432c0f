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
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dark: false,
            zoom: 1.0,
            recent: Vec::new(),
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
