//! `rules-vi` for relations: the patterns Vietnamese news uses to say who
//! holds which office and on whose word a figure is given. Runs on a
//! document's spans (confirmed spans and open span suggestions alike), so
//! it proposes relations once the spans are there.
//!
//! `holds` (person -> position):
//! - a person followed by a comma-separated chain of positions
//!   ("Nguyễn Quốc Đoàn, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy"), with
//!   `nguyên`/`tân` allowed before a title and `và` between titles;
//! - a position directly followed by a name ("Bộ trưởng Nguyễn Kim Sơn",
//!   "Phó Chủ tịch UBND tỉnh Đặng Ngọc Sơn"), also with `đồng chí/ông/bà`
//!   between.
//!
//! `reported-by` (metric|target -> person|position): a sentence whose speaker
//! is named ("..., ông X cho biết", "theo bà Y, ...", "X nhấn mạnh ...",
//! "X yêu cầu ...: phấn đấu <target>")
//! links each figure or goal of the sentence to the speaker (the person, or
//! the position when no name is given).

use crate::model::{Document, RelationSuggestion};

/// The source name of these suggestions.
pub const SOURCE: &str = "rules-vi";

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
    let mut ends: Vec<End> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.end, &s.label))
        .chain(doc.suggestions.iter().map(|s| (s.start, s.end, &s.label)))
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

/// The gap text between two ends, lowercased and trimmed.
fn gap(chars: &[char], a: usize, b: usize) -> Option<String> {
    (a <= b && b <= chars.len())
        .then(|| chars[a..b].iter().collect::<String>().trim().to_lowercase())
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
    g.is_empty() || g == "và"
}

/// Whether a gap separates a title from the name that follows it.
fn title_name_gap(g: &str) -> bool {
    let g = g.strip_prefix(',').unwrap_or(g).trim();
    g.is_empty() || HONORIFICS.contains(&g)
}

/// The relations the rules propose for `doc`, sorted, without repeats.
pub fn relations_vi(doc: &Document) -> Vec<RelationSuggestion> {
    let chars: Vec<char> = doc.text.chars().collect();
    let ends = ends_of(doc);
    let mut out = Vec::new();
    let mut holds = |p: &End, q: &End, score: f64| {
        out.push(RelationSuggestion {
            label: "holds".into(),
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
            let Some(g) = gap(&chars, at, q.start) else {
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
        // A title right before the name.
        if let Some(q) = positions.iter().rev().find(|q| q.end <= p.start) {
            if gap(&chars, q.end, p.start).is_some_and(|g| title_name_gap(&g)) {
                holds(p, q, 0.85);
            }
        }
    }
    // reported-by: a named speaker in the figure's sentence.
    for range in crate::text::sentences(&doc.text) {
        let inside: Vec<&End> = ends
            .iter()
            .filter(|e| e.start >= range.start && e.end <= range.end)
            .collect();
        let figures: Vec<&&End> = inside
            .iter()
            .filter(|e| e.label == "metric" || e.label == "target")
            .collect();
        if figures.is_empty() {
            continue;
        }
        let Some(speaker) = speaker(&chars, &inside, range.start) else {
            continue;
        };
        for f in figures {
            out.push(RelationSuggestion {
                label: "reported-by".into(),
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
        let before = gap(chars, sentence_start, e.start).unwrap_or_default();
        let word_before = before.trim_end_matches(',').trim();
        let after_theo = HONORIFICS
            .iter()
            .map(|h| word_before.strip_suffix(h).unwrap_or(word_before).trim())
            .any(|w| w == "theo" || w.ends_with(" theo") || w.ends_with(",theo"));
        // Skip the titles that follow this end (its chain).
        let mut last = e.end;
        for next in speakers.iter().skip(i + 1) {
            match gap(chars, last, next.start) {
                Some(g) if chain_gap(&g) || title_name_gap(&g) => last = next.end,
                _ => break,
            }
        }
        let rest: String = chars[last.min(chars.len())..]
            .iter()
            .take(20)
            .collect::<String>()
            .to_lowercase();
        let rest = rest.trim_start_matches([',', ' ']);
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
mod tests {
    use super::*;
    use crate::model::Suggestion;
    use crate::text::markup;

    fn doc(marked: &str) -> Document {
        let (text, spans) = markup::parse(marked).unwrap();
        let mut d = Document::new("d", &text);
        d.suggestions = spans
            .into_iter()
            .map(|m| Suggestion {
                text: d.slice(m.start, m.end).unwrap().to_owned(),
                start: m.start,
                end: m.end,
                label: m.label,
                source: "t".into(),
                score: 1.0,
            })
            .collect();
        d
    }

    fn pairs(d: &Document) -> Vec<String> {
        relations_vi(d)
            .iter()
            .map(|r| {
                format!(
                    "{} {} -> {}",
                    r.label,
                    d.slice(r.from.0, r.from.1).unwrap(),
                    d.slice(r.to.0, r.to.1).unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn chains_and_titles_before_names() {
        let d = doc("Đồng chí [person: Nguyễn Quốc Đoàn], [position: Ủy viên Trung ương Đảng], [position: Bí thư Tỉnh ủy]; [person: Hoàng Văn Nghiệm], nguyên [position: Phó Bí thư] dự. [position: Bộ trưởng] [person: Nguyễn Kim Sơn] phát biểu.");
        assert_eq!(
            pairs(&d),
            [
                "holds Nguyễn Quốc Đoàn -> Ủy viên Trung ương Đảng",
                "holds Nguyễn Quốc Đoàn -> Bí thư Tỉnh ủy",
                "holds Hoàng Văn Nghiệm -> Phó Bí thư",
                "holds Nguyễn Kim Sơn -> Bộ trưởng",
            ]
        );
    }

    #[test]
    fn a_title_without_its_holder_nearby_is_not_linked() {
        let d = doc("Đồng chí [position: Bí thư Tỉnh ủy] đề nghị. Ông [person: Lê Văn Tám] dự.");
        assert!(pairs(&d).is_empty(), "{:?}", pairs(&d));
    }

    #[test]
    fn speakers_of_figures() {
        let d = doc("Theo ông [person: Phạm Ngọc Thưởng], [position: Chủ tịch UBND tỉnh], [metric: thu ngân sách đạt 100 tỷ đồng]. [metric: GRDP tăng 7%], bà [person: Hà Thị Mai] cho biết. [metric: Xuất khẩu tăng 5%].");
        let got = pairs(&d);
        assert!(
            got.contains(
                &"reported-by thu ngân sách đạt 100 tỷ đồng -> Phạm Ngọc Thưởng".to_owned()
            ),
            "{got:?}"
        );
        assert!(
            got.contains(&"reported-by GRDP tăng 7% -> Hà Thị Mai".to_owned()),
            "{got:?}"
        );
        assert!(!got.iter().any(|g| g.contains("Xuất khẩu")), "{got:?}");
    }
}
