//! Bundled fonts: Noto Sans covers every Vietnamese letter and combining mark,
//! DejaVu Sans the symbols it lacks; text renders the same on every machine
//! (system fonts are not used).

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Fallback for symbols Noto Sans lacks (arrows, ●, ✔).
const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Makes Noto Sans the first proportional and a fallback monospace font.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".into(),
        Arc::new(FontData::from_static(NOTO_SANS)),
    );
    fonts.font_data.insert(
        "dejavu-sans".into(),
        Arc::new(FontData::from_static(DEJAVU_SANS)),
    );
    let proportional = fonts.families.entry(FontFamily::Proportional).or_default();
    proportional.insert(0, "noto-sans".into());
    proportional.insert(1, "dejavu-sans".into());
    fonts
        .families
        .entry(FontFamily::Monospace)
        .or_default()
        .push("noto-sans".into());
    ctx.set_fonts(fonts);
    ctx.set_font_providers(Vec::new());
}
