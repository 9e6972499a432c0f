//! `rules-vi` for relations: the patterns Vietnamese news uses to say who
//! holds which office and on whose word a figure is given. Runs on a
//! document's spans (confirmed spans and open span suggestions alike), so
//! it proposes relations once the spans are there.
//!
//! `holds` (person -> position):
//! - a person followed by a comma-separated chain of positions
//!   ("Nguyễn Quốc Đoàn, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy"), with
//!   `nguyên`/`tân` allowed before a title and `và`/`kiêm` between titles;
//! - a position directly followed by a name ("Bộ trưởng Nguyễn Kim Sơn",
//!   "Phó Chủ tịch UBND tỉnh Đặng Ngọc Sơn"), also with `đồng chí/ông/bà`
//!   between, or after a comma when the title opens its clause ("Chủ tịch
//!   UBND tỉnh, ông X, cho biết" but not "báo cáo với Đại sứ, ông X");
//! - a copula: "X (hiện) là <position>", "X, nhiều năm làm <position>",
//!   "<position> là (PGS.TS) X".
//!
//! `reported-by` (metric|target -> person|position): a sentence whose speaker
//! is named ("..., ông X cho biết", "theo bà Y, ...", "theo ThS. Y, ...",
//! "X nhấn mạnh ...", "X yêu cầu ...: phấn đấu <target>"; an affiliation in
//! brackets or between commas may stand between the speaker's titles and
//! the verb) links each figure or goal of the sentence to the speaker (the
//! person, or the position when no name is given). A sentence ending in a
//! colon at the end of a line takes in the lines after it up to the next
//! blank line (a list). "Theo chị, ..." (an honorific with no name) points
//! to the last person named before it in the paragraph. In an interview, a
//! line opening with a speaker label ("Bà Diệp: ...") gives all its figures
//! to that speaker.

use crate::model::{Document, RelationSuggestion};
use std::ops::Range;

/// The source name of these suggestions.
pub const SOURCE: &str = "rules-vi";

/// The relation types these rules propose.
pub const TYPES: [&str; 2] = ["holds", "reported-by"];

/// An end a relation can have: a span or span suggestion, by place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct End {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Label.
    pub label: String,
}

impl End {
    fn key(&self) -> (usize, usize, String) {
        (self.start, self.end, self.label.clone())
    }
}

/// The ends the rules look at: confirmed spans and open suggestions, in
/// text order, without repeats.
pub fn ends_of(doc: &Document) -> Vec<End> {
    ends_with(doc, &[])
}

/// [`ends_of`] with `extra` suggestions counted as the document's own.
fn ends_with(doc: &Document, extra: &[crate::model::Suggestion]) -> Vec<End> {
    let mut ends: Vec<End> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.end, &s.label))
        .chain(
            doc.suggestions
                .iter()
                .chain(extra)
                .map(|s| (s.start, s.end, &s.label)),
        )
        .map(|(start, end, label)| End {
            start,
            end,
            label: label.clone(),
        })
        .collect();
    ends.sort();
    ends.dedup();
    ends
}

/// Verbs after which the speaker gives figures or sets goals.
const SPEECH: [&str; 12] = [
    "cho biết",
    "đề nghị",
    "yêu cầu",
    "nhấn mạnh",
    "khẳng định",
    "thông tin",
    "thông báo",
    "báo cáo",
    "nói",
    "chia sẻ",
    "nêu rõ",
    "cho hay",
];

const HONORIFICS: [&str; 6] = ["đồng chí", "ông", "bà", "đ/c", "anh", "chị"];

/// Whether `w` is a word that may stand between `theo`/`là` and a name: an
/// honorific, a form of address, or a capitalised title abbreviation
/// (`ThS.`, `PGS.TS`, `BSCKII`).
fn title_word(w: &str) -> bool {
    let lower = w.to_lowercase();
    HONORIFICS.contains(&lower.as_str())
        || ["đồng", "chí", "bác", "sĩ", "thầy", "cô", "luật", "sư"].contains(&lower.as_str())
        || w.chars().next().is_some_and(char::is_uppercase)
}

/// The gap text between two ends, lowercased and trimmed.
fn gap(chars: &[char], a: usize, b: usize) -> Option<String> {
    (a <= b && b <= chars.len())
        .then(|| chars[a..b].iter().collect::<String>().trim().to_lowercase())
}

/// More words than any gap between a person and a position that links
/// them has ([`chain_gap`]: `, kiêm nguyên`; [`copula_gap`]: `, hiện nay
/// giữ chức`; [`title_name_gap`]: `, đồng chí`; [`copula_name_gap`]: `là
/// PGS.TS X`): a longer gap links nothing.
const LINK_WORDS: usize = 6;

/// Whether `chars[a..b]` (a valid range) has at most [`LINK_WORDS`]
/// words; stops reading at the word after, so a far end costs little
/// (without it every person read the whole text up to the next position).
fn short_gap(chars: &[char], a: usize, b: usize) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for c in chars.get(a..b).unwrap_or_default() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > LINK_WORDS {
                return false;
            }
        }
    }
    true
}

/// [`gap`] when it is short enough to link two ends ([`short_gap`]); a
/// long gap is `Some("…")`, which no link accepts.
fn link_gap(chars: &[char], a: usize, b: usize) -> Option<String> {
    if a <= b && b <= chars.len() && !short_gap(chars, a, b) {
        return Some("…".into());
    }
    gap(chars, a, b)
}

/// Whether a gap only separates two titles of one chain: `,` with an
/// optional `nguyên`/`tân`, or `và`.
fn chain_gap(g: &str) -> bool {
    let g = g.strip_prefix(',').unwrap_or(g).trim();
    let g = g
        .strip_suffix("nguyên")
        .or_else(|| g.strip_suffix("tân"))
        .unwrap_or(g)
        .trim();
    g.is_empty() || g == "và" || g == "kiêm"
}

/// Whether a gap between a person and a position is a copula: `là`, `hiện
/// là`, `, nhiều năm làm`, `giữ chức`, with at most two words before it.
fn copula_gap(g: &str) -> bool {
    let g = g.strip_prefix(',').unwrap_or(g).trim();
    let words: Vec<&str> = g.split_whitespace().collect();
    let verb = match words.as_slice() {
        [.., "giữ", "chức"] => 2,
        [.., "là"] | [.., "làm"] => 1,
        _ => return false,
    };
    words.len() - verb <= 2 && !g.contains([',', '.', ';', ':'])
}

/// Whether a gap between a position and a person reads `là (PGS.TS) `.
fn copula_name_gap(original: &str) -> bool {
    let words: Vec<&str> = original.split_whitespace().collect();
    matches!(words.first(), Some(&"là"))
        && words.len() <= 3
        && words[1..].iter().all(|w| title_word(w))
}

/// Whether a gap separates a title from the name that follows it.
fn title_name_gap(g: &str) -> bool {
    let g = g.strip_prefix(',').unwrap_or(g).trim();
    g.is_empty() || HONORIFICS.contains(&g)
}

/// The relations the rules propose for `doc`, sorted, without repeats.
pub fn relations_vi(doc: &Document) -> Vec<RelationSuggestion> {
    relations_vi_in(doc, &[], &crate::text::sentences(&doc.text))
}

/// [`relations_vi`] of `doc` with the span suggestions `extra` added to its
/// own (those just found, not applied yet) and the sentences of its text
/// already made (as [`crate::text::sentences`] makes them: the token
/// table's).
pub fn relations_vi_in(
    doc: &Document,
    extra: &[crate::model::Suggestion],
    sentences: &[Range<usize>],
) -> Vec<RelationSuggestion> {
    let chars: Vec<char> = doc.text.chars().collect();
    let ends = ends_with(doc, extra);
    let mut out = Vec::new();
    let mut holds = |p: &End, q: &End, score: f64| {
        out.push(RelationSuggestion {
            label: TYPES[0].into(),
            from: p.key(),
            to: q.key(),
            source: SOURCE.into(),
            score,
        });
    };
    // Ends of one label do not overlap, but a person and a position may:
    // walk positions and persons in text order.
    let persons: Vec<&End> = ends.iter().filter(|e| e.label == "person").collect();
    let positions: Vec<&End> = ends.iter().filter(|e| e.label == "position").collect();
    for p in &persons {
        // Person, then a chain of titles.
        let mut at = p.end;
        let mut first = true;
        for q in positions.iter().filter(|q| q.start >= p.end) {
            let Some(g) = link_gap(&chars, at, q.start) else {
                break;
            };
            let ok = if first {
                g.starts_with(',') && chain_gap(&g)
            } else {
                chain_gap(&g)
            };
            if !ok {
                break;
            }
            holds(p, q, if first { 0.9 } else { 0.85 });
            at = q.end;
            first = false;
        }
        // A copula after the name: "X (hiện) là <title>".
        if let Some(q) = positions.iter().find(|q| q.start >= p.end) {
            if link_gap(&chars, p.end, q.start).is_some_and(|g| copula_gap(&g)) {
                holds(p, q, 0.8);
            }
        }
        // A title right before the name (with a comma only when the title
        // opens its clause), or "<title> là (PGS.TS) X".
        if let Some(q) = positions.iter().rev().find(|q| q.end <= p.start) {
            let g = link_gap(&chars, q.end, p.start);
            let opens_clause = || {
                // The last char before the title that is not white space
                // (a look back, not a copy of the text before it).
                chars[..q.start.min(chars.len())]
                    .iter()
                    .rev()
                    .find(|c| !c.is_whitespace())
                    .is_none_or(|c| matches!(c, ',' | ':' | '.' | '\n' | '“' | '"'))
            };
            let plain = g
                .as_deref()
                .is_some_and(|g| title_name_gap(g) && (!g.starts_with(',') || opens_clause()));
            let copula = (q.end <= p.start && short_gap(&chars, q.end, p.start))
                .then(|| chars[q.end..p.start].iter().collect::<String>())
                .is_some_and(|o| copula_name_gap(&o));
            if plain || copula {
                holds(p, q, 0.85);
            }
        }
    }
    // reported-by: a named speaker in the figure's sentence (or list).
    for range in units(&chars, sentences) {
        // Ends are sorted by start: those of the sentence are found by
        // halving, not by a walk over the document's ends per sentence.
        let first = ends.partition_point(|e| e.start < range.start);
        let inside: Vec<&End> = ends[first..]
            .iter()
            .take_while(|e| e.start < range.end)
            .filter(|e| e.end <= range.end)
            .collect();
        let figures: Vec<&&End> = inside
            .iter()
            .filter(|e| e.label == "metric" || e.label == "target")
            .collect();
        if figures.is_empty() {
            continue;
        }
        let found = speaker(&chars, &inside, range.start)
            .or_else(|| pronoun_speaker(&chars, &ends, range.start))
            .or_else(|| line_speaker(&chars, &ends, range.start));
        let Some(speaker) = found else {
            continue;
        };
        for f in figures {
            out.push(RelationSuggestion {
                label: TYPES[1].into(),
                from: f.key(),
                to: speaker.key(),
                source: SOURCE.into(),
                score: 0.7,
            });
        }
    }
    out.sort_by(|a, b| {
        a.key()
            .partial_cmp(&b.key())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out.dedup_by(|a, b| a.key() == b.key());
    out
}

/// Sentences, except that one ending in a colon at the end of a line takes
/// in the lines after it up to the next blank line (a list under it).
fn units(chars: &[char], sentences: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open_list = false;
    for r in sentences.iter().cloned() {
        let between: String = out
            .last()
            .map(|l| {
                chars[l.end.min(chars.len())..r.start.min(chars.len())]
                    .iter()
                    .collect()
            })
            .unwrap_or_default();
        if open_list && !between.contains("\n\n") {
            if let Some(last) = out.last_mut() {
                last.end = r.end;
                continue;
            }
        }
        let ends_line = chars.get(r.end).is_none_or(|c| *c == '\n');
        open_list = r.end > 0 && chars.get(r.end - 1) == Some(&':') && ends_line;
        out.push(r);
    }
    out
}

/// The start of the line holding char `at`.
fn line_start(chars: &[char], at: usize) -> usize {
    chars[..at.min(chars.len())]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |i| i + 1)
}

/// "Theo chị, ...": an honorific with no name points to the last person
/// named before the sentence in its paragraph.
fn pronoun_speaker<'a>(chars: &[char], ends: &'a [End], start: usize) -> Option<&'a End> {
    let head: String = chars[start.min(chars.len())..]
        .iter()
        .take(16)
        .collect::<String>()
        .to_lowercase();
    let rest = head.strip_prefix("theo ")?;
    let (word, _) = rest.split_once(',')?;
    if !HONORIFICS.contains(&word.trim()) {
        return None;
    }
    let paragraph = chars[..start.min(chars.len())]
        .windows(2)
        .rposition(|w| w == ['\n', '\n'])
        .map_or(0, |i| i + 2);
    ends.iter()
        .rev()
        .find(|e| e.label == "person" && e.start >= paragraph && e.end <= start)
}

/// In an interview, a line opening with a speaker label ("Bà Diệp: ...")
/// gives its figures to that speaker.
fn line_speaker<'a>(chars: &[char], ends: &'a [End], start: usize) -> Option<&'a End> {
    let line = line_start(chars, start);
    let first = ends
        .iter()
        .find(|e| e.start >= line && e.label == "person")?;
    let label_before = honorific_or_nothing(&chars[line..first.start]);
    (label_before && chars.get(first.end) == Some(&':')).then_some(first)
}

/// Whether `chars`, trimmed, is empty or an honorific. Reads no more than
/// the longest honorific: a line's text before its first name may be a
/// whole paragraph, and lowercasing cannot shorten a text.
fn honorific_or_nothing(chars: &[char]) -> bool {
    let start = chars.iter().position(|c| !c.is_whitespace());
    let Some(start) = start else {
        return true;
    };
    let end = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(start, |e| e + 1);
    let longest = HONORIFICS
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0);
    if end - start > longest {
        return false;
    }
    let word: String = chars[start..end].iter().collect::<String>().to_lowercase();
    HONORIFICS.contains(&word.as_str())
}

/// The text after a speaker's chain of titles, lowercased, with an
/// affiliation skipped: "(Bộ GD&ĐT), cho biết" or ", Bệnh viện Đa khoa
/// Đống Đa, cho biết" read as "cho biết".
fn after_chain(chars: &[char], at: usize) -> String {
    let rest: String = chars[at.min(chars.len())..].iter().take(120).collect();
    let mut rest = rest.trim_start();
    if let Some(r) = rest.strip_prefix('(') {
        if let Some((_, after)) = r.split_once(')') {
            rest = after.trim_start();
        }
    }
    if let Some(r) = rest.strip_prefix(',') {
        let r = r.trim_start();
        if let Some((phrase, after)) = r.split_once(',') {
            let capital = phrase.chars().next().is_some_and(char::is_uppercase);
            let short = phrase.split_whitespace().count() <= 10;
            if capital && short && !phrase.contains(['.', ';', ':', '(']) {
                rest = after;
            }
        }
    }
    rest.trim_start_matches([',', ' '])
        .chars()
        .take(20)
        .collect::<String>()
        .to_lowercase()
}

/// The start of the `n`-th whitespace-separated word before `end` in
/// `chars[lo..end]`, or `lo` when there are fewer words.
fn words_back(chars: &[char], lo: usize, end: usize, n: usize) -> usize {
    let mut words = 0;
    let mut at = end;
    while at > lo {
        let word_start =
            !chars[at - 1].is_whitespace() && (at - 1 == lo || chars[at - 2].is_whitespace());
        at -= 1;
        if word_start {
            words += 1;
            if words == n {
                return at;
            }
        }
    }
    lo
}

/// The speaker of a sentence: a person (or, with no name, a position)
/// preceded by `theo` (with an optional honorific), or followed, after its
/// chain of titles, by a verb of saying.
fn speaker<'a>(chars: &[char], inside: &[&'a End], sentence_start: usize) -> Option<&'a End> {
    let speakers: Vec<&&End> = inside
        .iter()
        .filter(|e| e.label == "person" || e.label == "position")
        .collect();
    let mut found: Option<&End> = None;
    for (i, e) in speakers.iter().enumerate() {
        // Only the last words before it count (below); reading six of them
        // (a trailing comma may drop one) gives the same last three as the
        // whole sentence before it, without copying a long sentence for
        // every person and position in it.
        let from = words_back(chars, sentence_start.min(e.start), e.start, 6);
        let before: String = chars[from..e.start].iter().collect();
        let before = before.trim_end().trim_end_matches(',').trim();
        // "theo", then at most two title words (ông, ThS., bác sĩ).
        let words: Vec<&str> = before.split_whitespace().collect();
        // (Nothing before it when it opens the sentence.)
        let after_theo = !words.is_empty()
            && (0..=2.min(words.len() - 1)).any(|k| {
                let titles = &words[words.len() - 1 - k..];
                let theo = titles.first().is_some_and(|w| w.to_lowercase() == "theo");
                theo && titles[1..].iter().all(|w| title_word(w))
            });
        // Skip the titles that follow this end (its chain).
        let mut last = e.end;
        for next in speakers.iter().skip(i + 1) {
            match link_gap(chars, last, next.start) {
                Some(g) if chain_gap(&g) || title_name_gap(&g) => last = next.end,
                _ => break,
            }
        }
        let rest = after_chain(chars, last);
        let says = SPEECH.iter().any(|v| rest.starts_with(v));
        if after_theo || says {
            // A person named in the chain is the speaker; else the title.
            let chain: Vec<&End> = speakers
                .iter()
                .filter(|x| x.start >= e.start && x.end <= last)
                .map(|x| **x)
                .collect();
            found = chain
                .iter()
                .find(|x| x.label == "person")
                .or(chain.first())
                .copied();
            break;
        }
    }
    found
}

#[cfg(test)]
#[path = "relations_vi_tests.rs"]
mod tests;
