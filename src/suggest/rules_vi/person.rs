//! Persons. A run of capitalized name syllables (title case, foreign forms
//! like `O'Brien` and `Min-seok`, particles like `de`, `van` inside) is a
//! person when
//! - a cue stands right before it: a form of address or a role (`ông`,
//!   `bà`, `bị cáo`, `bệnh nhân`, `Thiếu tướng`) or a position (`Chủ tịch
//!   UBND tỉnh Hồ Tiến Thiệu`); then one syllable is enough (`bà Như`), and
//!   initials are a person too (`bệnh nhân N.T.H`, `anh T.`);
//! - or it has 3-4 syllables and starts with a surname, or 2 syllables
//!   and starts with a surname that begins no common place name
//!   ([`super::names::PLACE_LIKE_SURNAMES`]).
//!
//! A run right after a place word or inside the name of a thing (`tỉnh`,
//! `TP`, `đường`, `Trường THPT chuyên ...`, `Công ty ...`) is not a person
//! unless a cue says so; nor is the same name elsewhere in the document
//! without a cue (a headline's `Thủy sản Nguyễn Trung Trực` after the body's
//! `Công ty cổ phần Thủy sản Nguyễn Trung Trực`). ALL-CAPS bylines of 2-4 syllables are
//! persons. Never inside a position. Ranges are inclusive token indices.

use super::lexicon::{lexicon, Lexicon};
use super::tok::Tok;

/// Inclusive token ranges of the persons, with a score, outside `taken`
/// (the positions, sorted).
pub(super) fn persons(
    toks: &[Tok<'_>],
    breaks: &[bool],
    taken: &[(usize, usize)],
) -> Vec<(usize, usize, f64)> {
    let lx = lexicon();
    // Per token: inside a position; a position ends right before it.
    let mut inside = vec![false; toks.len() + 1];
    let mut after = vec![false; toks.len() + 1];
    for &(x, y) in taken {
        inside[x..=y].iter_mut().for_each(|b| *b = true);
        // A title then a name on the same line (not a heading's title and
        // the next paragraph's first word).
        after[y + 1] = !breaks[y + 1];
    }
    let free = |a: usize, b: usize| !inside[a..=b].iter().any(|&b| b);
    let after_position = |i: usize| after[i];
    let things = thing_names(lx, toks, breaks, &after);
    let mut out: Vec<(usize, usize, f64)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let run = name_run(lx, toks, breaks, i);
        // Looked up only where a name or initials may start (most tokens
        // are neither).
        let cue = (run > 0 || toks[i].is_capitalized() && is_initials(&toks[i]))
            && (address_before(lx, toks, breaks, i) || after_position(i));
        let thing_name = || {
            let keys: Vec<&str> = toks[i..i + run].iter().map(|t| t.key).collect();
            things.contains(&keys)
        };
        if run > 0 && !cue && thing_name() {
            i += run;
            continue;
        }
        if run > 0 && !cue && thing_before(lx, toks, breaks, i) {
            // The place or thing name; a person's name after it stays
            // (`tỉnh Lai Châu Tẩn Văn Lở`).
            let person = super::position::person_in_run(lx, toks, breaks, i);
            i += person.filter(|&o| o > 0).unwrap_or(run);
            continue;
        }
        // `Giáp Thìn`, `Nhâm Dần`: a year of the lunar calendar.
        let year = || {
            lx.year_stems.has_word(toks[i].word)
                && toks
                    .get(i + 1)
                    .is_some_and(|t| lx.year_branches.has_word(t.word))
        };
        let common = || {
            year()
                || lx.thing_cues.match_at(toks, i).is_some()
                || lx.tails.match_at(toks, i).is_some()
                || lx.heads.match_at(toks, i).is_some()
                || lx.places.match_at(toks, i).is_some()
        };
        if run > 0 && free(i, i + run - 1) && !common() {
            let surname = lx.surnames.has_word(toks[i].word);
            let score = if cue {
                Some(0.8)
            } else if surname && run >= 3 {
                Some(0.85)
            } else if surname
                && run == 2
                && !lx.place_like_surnames.has_word(toks[i].word)
                && toks[i..i + 2]
                    .iter()
                    .all(|t| t.is_title_case() && t.is_syllable())
            {
                Some(0.6)
            } else {
                None
            };
            if let Some(score) = score {
                out.push((i, i + run - 1, score));
                i += run;
                continue;
            }
        }
        // Initials after a cue: `N.T.H`, `T` before its dot.
        if cue && run == 0 && is_initials(&toks[i]) && free(i, i) {
            out.push((i, i, 0.7));
            i += 1;
            continue;
        }
        // ALL-CAPS byline names: 2-4 syllables.
        let caps = toks[i..]
            .iter()
            .take_while(|t| t.is_all_caps() && t.text.chars().count() >= 2 && t.is_syllable())
            .count()
            .min(4);
        if caps >= 2 && free(i, i + caps - 1) {
            out.push((i, i + caps - 1, 0.75));
            i += caps;
            continue;
        }
        i += 1;
    }
    out
}

/// The names (folded keys) this document gives to places and things: the
/// name runs right after a place word or inside a thing's name, up to a
/// person's name that follows in the same run; not those a cue makes a
/// person (a form of address before it, or a position ending right before
/// it: `Chủ tịch UBND tỉnh Hồ Tiến Thiệu`, per `after`).
fn thing_names<'a>(
    lx: &Lexicon,
    toks: &'a [Tok<'_>],
    breaks: &[bool],
    after: &[bool],
) -> rustc_hash::FxHashSet<Vec<&'a str>> {
    let mut out = rustc_hash::FxHashSet::default();
    let mut i = 0;
    while i < toks.len() {
        let run = if toks[i].is_capitalized() {
            name_run(lx, toks, breaks, i)
        } else {
            0
        };
        let cue = || after[i] || address_before(lx, toks, breaks, i);
        if run > 0 && !cue() && thing_before(lx, toks, breaks, i) {
            let person = super::position::person_in_run(lx, toks, breaks, i);
            let len = person.filter(|&o| o > 0).unwrap_or(run);
            out.insert(toks[i..i + len].iter().map(|t| t.key).collect());
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

/// A token of a name: title case, or a capitalized foreign form with `'`
/// or `-` inside (`O'Brien`, `Min-seok`).
pub(super) fn is_name_token(t: &Tok<'_>) -> bool {
    t.is_title_case()
        || t.is_capitalized()
            && t.text.chars().any(|c| matches!(c, '\'' | '’' | '-'))
            && t.text
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
            && t.text.chars().any(char::is_lowercase)
}

/// A foreign person's name starts at `k`: a name token that is no
/// Vietnamese syllable (`Gerard`, `Michael`), or one followed by a
/// particle (`Marieke de Vries`) or a hyphenated or apostrophe form
/// (`Kang Min-seok`, `Michael O'Brien`).
pub(super) fn foreign_name_at(lx: &Lexicon, toks: &[Tok<'_>], k: usize) -> bool {
    let Some(t) = toks.get(k).filter(|t| is_name_token(t)) else {
        return false;
    };
    let odd = |t: &Tok<'_>| !t.is_title_case() && is_name_token(t);
    odd(t)
        || t.is_title_case() && !t.is_syllable()
        || toks
            .get(k + 1)
            .is_some_and(|n| odd(n) || lx.name_particles.has_word(n.word) && !n.is_capitalized())
}

/// Name syllables in a row from `i` on one line (at most 4, particles
/// between or in front of name tokens not counted in that limit).
fn name_run(lx: &Lexicon, toks: &[Tok<'_>], breaks: &[bool], i: usize) -> usize {
    if lx.address.match_at(toks, i).is_some() {
        return 0;
    }
    let mut k = i;
    let mut names = 0;
    while let Some(t) = toks.get(k).filter(|_| k == i || !breaks[k]) {
        if is_name_token(t) && names < 4 {
            names += 1;
            k += 1;
        } else if lx.name_particles.has_word(t.word)
            && !t.is_capitalized()
            && toks.get(k + 1).is_some_and(is_name_token)
            && !breaks[k + 1]
        {
            k += 1;
        } else {
            break;
        }
    }
    if names == 0 {
        0
    } else {
        k - i
    }
}

/// A form of address or a role ends right before `i` (`ông`, `bị cáo`,
/// `TS.`).
fn address_before(lx: &Lexicon, toks: &[Tok<'_>], breaks: &[bool], i: usize) -> bool {
    if breaks.get(i).copied().unwrap_or(true) && i > 0 {
        return false;
    }
    (i.saturating_sub(3)..i).any(|j| lx.address.match_at(toks, j).is_some_and(|n| j + n == i))
        || (i >= 2
            && toks[i - 1].text == "."
            && lx.address.match_at(toks, i - 2).is_some_and(|n| n == 1))
}

/// A place word right before `i` (`tỉnh`, `TP`), or `i` inside the name
/// of a thing: going back over name words and lower-case words of the same
/// phrase reaches a thing word (`Trường`, `Công ty`, `đường`) before any
/// punctuation, cue or title.
fn thing_before(lx: &Lexicon, toks: &[Tok<'_>], breaks: &[bool], i: usize) -> bool {
    if (1..=2).any(|k| i >= k && lx.places.match_at(toks, i - k) == Some(k)) {
        return true;
    }
    let mut j = i;
    let mut steps = 0;
    while j > 0 && steps < 8 && !breaks[j] {
        j -= 1;
        steps += 1;
        let t = &toks[j];
        if t.is_punct() && !matches!(t.text, "–" | "-") {
            return false;
        }
        if let Some(n) = lx.thing_cues.match_at(toks, j).filter(|&n| j + n <= i) {
            // Lower-case `trường`, `công ty` are common nouns (`Giám đốc
            // công ty Nguyễn Văn A`); streets are written in lower case.
            if t.is_capitalized() || lx.places.match_at(toks, j) == Some(n) {
                return true;
            }
        }
        if lx.address.match_at(toks, j).is_some() || lx.heads.match_at(toks, j).is_some() {
            return false;
        }
    }
    false
}

/// `N.T.H`, `L.V.T`, or one capital letter followed by a dot (`anh T.`).
fn is_initials(t: &Tok<'_>) -> bool {
    let parts: Vec<&str> = t.text.split('.').collect();
    parts.len() <= 4
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}
