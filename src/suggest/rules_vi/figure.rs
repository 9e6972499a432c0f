//! Metrics and targets: a number (Vietnamese decimal comma and thousands
//! dot, ranges `7 – 7,5%`) with its unit, the indicator phrase before it
//! back to the clause start, and what completes it after (`trở lên`, `so
//! với cùng kỳ`). A target when a planning cue (`phấn đấu`, `mục tiêu`) or a
//! year after the publication year stands in the sentence before it, unless
//! it is estimated or compared (`ước`, `so với`); otherwise a metric.
//! Ranges are inclusive token indices.

use super::lexicon::lexicon;
use super::tok::Tok;
use crate::model::Document;
use crate::suggest::doc_tokens::DocTokens;

fn is_number(text: &str) -> bool {
    let t = text.strip_suffix('%').unwrap_or(text);
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || ".,/".contains(c))
}

fn is_year(text: &str) -> bool {
    text.len() == 4
        && text
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

/// Inclusive token ranges of the figures of a document, with their label.
pub(super) fn figures(
    doc: &Document,
    table: &DocTokens<'_>,
    toks: &[Tok<'_>],
    breaks: &[bool],
) -> Vec<(usize, usize, &'static str)> {
    let lx = lexicon();
    let so_voi = &lx.compared;
    let pub_year: Option<u32> = doc
        .meta
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let sents = &table.sentences;
    let mut out = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < toks.len() {
        if !is_number(toks[i].text) || is_year(toks[i].text) && !toks[i].text.ends_with('%') {
            i += 1;
            continue;
        }
        // The value, with a range `7 – 7,5%`.
        let mut v_end = i;
        if toks
            .get(i + 1)
            .is_some_and(|t| matches!(t.text, "–" | "-" | "—"))
            && toks.get(i + 2).is_some_and(|t| is_number(t.text))
        {
            v_end = i + 2;
        }
        let mut end = v_end;
        let percent = toks[v_end].text.ends_with('%');
        let unit = lx.units.match_at(toks, v_end + 1);
        if !percent && unit.is_none() {
            i = v_end + 1;
            continue;
        }
        if toks[i].text.contains('/') && unit.is_none() {
            i = v_end + 1;
            continue;
        }
        end += unit.unwrap_or(0);
        // What completes the figure: `trở lên`, `dự toán`, `so với cùng kỳ`.
        let mut extra = 0;
        while let Some(t) = toks.get(end + 1) {
            if toks[end + 1..].len() >= 2
                && toks[end + 1].key == so_voi[0]
                && toks[end + 2].key == so_voi[1]
            {
                end += 2;
                extra += 2;
                continue;
            }
            if t.is_punct()
                || breaks[end + 1]
                || lx.after_unit_stop.match_at(toks, end + 1).is_some()
                || extra >= 8
            {
                break;
            }
            end += 1;
            extra += 1;
        }
        // The indicator: back to the clause start.
        let mut start = i;
        while start > floor && i - start < 16 {
            let prev = &toks[start - 1];
            if prev.is_punct() || breaks[start] {
                break;
            }
            if (1..=3).any(|k| start >= k && lx.clause_cues.match_at(toks, start - k) == Some(k)) {
                break;
            }
            start -= 1;
        }
        while start < i {
            if is_year(toks[start].text) {
                start += 1;
                continue;
            }
            match lx.lead_strip.match_at(toks, start) {
                Some(n) if start + n <= i => start += n,
                _ => break,
            }
        }
        // Metric or target.
        let here = toks[start].t.start;
        let sentence = sents
            .iter()
            .find(|r| r.start <= here && here < r.end)
            .cloned()
            .unwrap_or(0..usize::MAX);
        // The sentence's tokens: `first..last` (tokens are sorted).
        let first = toks.partition_point(|t| t.t.start < sentence.start);
        let last = toks.partition_point(|t| t.t.end <= sentence.end);
        let before = first..start.max(first);
        // A capitalized cue is a name (`Sở Kế hoạch`) unless it opens the sentence.
        let cue_before = before.clone().any(|k| {
            lx.target_cues.match_at(toks, k).is_some()
                && (!toks[k].is_capitalized() || k == before.start)
        });
        let future_year = toks[first..last.max(first)]
            .iter()
            .filter(|t| is_year(t.text))
            .any(|t| pub_year.is_some_and(|p| t.text.parse::<u32>().is_ok_and(|y| y > p)));
        let estimated = toks[start..=end].iter().any(|t| t.key == lx.estimated_word)
            || toks[start..=end]
                .windows(2)
                .any(|w| w[0].key == so_voi[0] && w[1].key == so_voi[1]);
        let label = if !estimated && (cue_before || future_year) {
            "target"
        } else {
            "metric"
        };
        out.push((start, end, label));
        i = end + 1;
        floor = i;
    }
    out
}
