//! Keys that arrive as text. Input methods (ibus through winit's X11 bridge)
//! can deliver Escape, Tab and Return pressed while a word is being composed
//! as committed text; they are turned back into key presses here, before
//! any widget sees them, so nothing stores or searches a control character.

use egui::{Event, Key};

/// Whether `e` is the letter or digit that an Alt shortcut (Alt+A, Alt+D,
/// …) also sends as text on X11: typed into a focused text field it would
/// change what is searched (AltGr, reported with Ctrl, still types).
/// `alt_key`: the key of the last key press before `e` when it was an
/// Alt+key press (in this frame or an earlier one: its text may come in a
/// later frame, after Alt is released).
fn is_alt_shortcut_text(e: &Event, modifiers: egui::Modifiers, alt_key: Option<Key>) -> bool {
    let t = match e {
        Event::Text(t) | Event::Ime(egui::ImeEvent::Commit(t)) => t,
        _ => return false,
    };
    let mut chars = t.chars();
    let Some(c) = chars
        .next()
        .filter(|c| c.is_ascii_alphanumeric() && chars.next().is_none())
    else {
        return false;
    };
    let held = modifiers.alt && !modifiers.ctrl && !modifiers.command;
    let pressed = alt_key.is_some_and(|k| k.name().eq_ignore_ascii_case(&c.to_string()));
    held || pressed
}

fn is_alt_press(e: &Event) -> Option<Key> {
    match e {
        Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } if modifiers.alt && !modifiers.ctrl && !modifiers.command => Some(*key),
        _ => None,
    }
}

/// Turns committed `"\u{1b}"`, `"\t"`, `"\r"` into the key presses they
/// stand for; other control characters in committed text are dropped, and
/// so is the text of an Alt shortcut.
/// `alt_key` is the window's memory of the last key press, kept between
/// frames.
pub fn translate_committed_controls(input: &mut egui::InputState, alt_key: &mut Option<Key>) {
    let modifiers = input.modifiers;
    input.events.retain(|e| {
        if let Event::Key { pressed: true, .. } = e {
            *alt_key = is_alt_press(e);
        }
        let drop = is_alt_shortcut_text(e, modifiers, *alt_key);
        if drop {
            // One text per press.
            *alt_key = None;
        }
        !drop
    });
    let mut out = Vec::with_capacity(input.events.len());
    for e in input.events.drain(..) {
        let text = match &e {
            Event::Text(t) if t.chars().any(char::is_control) => t.clone(),
            Event::Ime(egui::ImeEvent::Commit(t)) if t.chars().any(char::is_control) => t.clone(),
            _ => {
                out.push(e);
                continue;
            }
        };
        let is_ime = matches!(e, Event::Ime(_));
        let mut plain = String::new();
        let flush = |plain: &mut String, out: &mut Vec<Event>| {
            if !plain.is_empty() {
                let t = std::mem::take(plain);
                out.push(if is_ime {
                    Event::Ime(egui::ImeEvent::Commit(t))
                } else {
                    Event::Text(t)
                });
            }
        };
        for c in text.chars() {
            let key = match c {
                '\u{1b}' => Some(Key::Escape),
                '\t' => Some(Key::Tab),
                '\r' | '\n' => Some(Key::Enter),
                c if c.is_control() => None,
                c => {
                    plain.push(c);
                    continue;
                }
            };
            flush(&mut plain, &mut out);
            if let Some(key) = key {
                for pressed in [true, false] {
                    out.push(Event::Key {
                        key,
                        physical_key: None,
                        pressed,
                        repeat: false,
                        modifiers,
                    });
                }
            }
        }
        flush(&mut plain, &mut out);
    }
    input.events = out;
}
