//! `rules-vi`: hand-written rules for Vietnamese news, following the
//! annotation guidelines. Matching runs on syllable tokens and folded keys
//! (see [`super::fold`]), so `Ủy`/`Uỷ` and case variants match alike; every
//! suggestion keeps the text as written.
//!
//! - position: a title head (`Bí thư`, `Phó Chủ tịch`, `Ủy viên`...) written
//!   with a capital, followed by organisation tails (`Tỉnh ủy`, `UBND tỉnh`,
//!   `Ban Thường vụ`...) and possibly a place name (`Thành uỷ Lạng Sơn`);
//!   time words in front (`nguyên`, `tân`) stay outside.
//! - person: 2-4 capitalized syllables starting with a common surname, or
//!   after a form of address (`đồng chí`, `ông`, `bà`), or an ALL-CAPS byline;
//!   never inside a position.
//! - metric / target: a number (Vietnamese decimal comma and thousands dot,
//!   ranges `7 – 7,5%`) with its unit, the indicator phrase before it back to
//!   the clause start, and what completes it after (`trở lên`, `so với
//!   cùng kỳ`). It is a target when a planning cue (`phấn đấu`, `mục tiêu`,
//!   `chỉ tiêu`, `kế hoạch`) or a future year precedes it in the sentence, and
//!   a metric when it is estimated or compared (`ước`, `so với`) or otherwise.

use super::fold::{fold, fold_phrase};
use crate::model::{Document, Suggestion};
use crate::text::{sentences, tokenize, Token};

const SOURCE: &str = "rules-vi";

const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "lò", "lương", "đinh", "trịnh", "đoàn", "đào", "cao", "mai", "tô",
    "tạ", "hà", "chu", "vi", "lâm", "la", "triệu", "quách", "hứa", "kiều", "thái", "mạc", "lục",
    "nông", "vương", "tống", "lưu", "phùng", "đàm", "tăng", "thân", "kim", "sầm", "hầu", "giang",
    "mông", "lã", "khổng", "văn", "đồng", "ninh", "châu", "tôn", "doãn", "lại", "thạch", "âu",
    "lăng", "mẫn", "nghiêm", "quan",
];

/// Capitalized sequences after these are places, not people.
const PLACE_CUES: &[&str] = &[
    "tp",
    "thành phố",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "thị xã",
    "thị trấn",
    "sông",
    "núi",
    "đường",
    "phố",
];

const ADDRESS_CUES: &[&str] = &[
    "đồng chí",
    "đ/c",
    "ông",
    "bà",
    "anh",
    "chị",
    "gs",
    "pgs",
    "ts",
    "ths",
    "bs",
    "nhà báo",
    "cụ",
    "em",
];

const HEADS: &[&str] = &[
    "tổng bí thư",
    "bí thư",
    "phó bí thư",
    "phó bí thư thường trực",
    "chủ tịch",
    "phó chủ tịch",
    "phó chủ tịch thường trực",
    "chủ tịch nước",
    "phó chủ tịch nước",
    "ủy viên",
    "ủy viên dự khuyết",
    "trưởng đoàn",
    "phó trưởng đoàn",
    "trưởng đoàn chuyên trách",
    "phó trưởng đoàn chuyên trách",
    "giám đốc",
    "phó giám đốc",
    "chủ nhiệm",
    "phó chủ nhiệm",
    "trưởng",
    "phó trưởng",
    "chánh văn phòng",
    "phó chánh văn phòng",
    "thủ tướng",
    "phó thủ tướng",
    "bộ trưởng",
    "thứ trưởng",
    "viện trưởng",
    "chánh án",
    "phó chánh án",
    "tổng giám đốc",
    "phó tổng giám đốc",
    "chỉ huy trưởng",
    "chính ủy",
    "tư lệnh",
    "hiệu trưởng",
    "đại biểu quốc hội",
    "đại biểu hđnd",
    "chủ tịch quốc hội",
    "phó chủ tịch quốc hội",
    "tổng cục trưởng",
    "cục trưởng",
    "phó cục trưởng",
    "trưởng công an",
    "thường trực",
];

/// Heads that are a complete title on their own.
const STANDALONE: &[&str] = &[
    "tổng bí thư",
    "chủ tịch nước",
    "phó chủ tịch nước",
    "thủ tướng",
    "phó thủ tướng",
    "chủ tịch quốc hội",
    "phó chủ tịch quốc hội",
];

const TAILS: &[&str] = &[
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "thị ủy",
    "quận ủy",
    "đảng ủy",
    "đảng ủy khối",
    "trung ương đảng",
    "trung ương",
    "bộ chính trị",
    "ban bí thư",
    "ban chấp hành",
    "ban chấp hành đảng bộ tỉnh",
    "ban chấp hành trung ương",
    "ban thường vụ",
    "thường trực",
    "ủy ban kiểm tra",
    "ubnd",
    "ubnd tỉnh",
    "ubnd huyện",
    "ubnd thành phố",
    "ubnd xã",
    "hđnd",
    "hđnd tỉnh",
    "hđnd huyện",
    "hđnd thành phố",
    "ủy ban nhân dân",
    "ủy ban nhân dân tỉnh",
    "hội đồng nhân dân",
    "hội đồng nhân dân tỉnh",
    "ủy ban mttq",
    "ủy ban mặt trận tổ quốc",
    "ủy ban mttq việt nam tỉnh",
    "mttq",
    "mttq tỉnh",
    "đoàn đbqh",
    "đoàn đbqh tỉnh",
    "đbqh tỉnh",
    "đại biểu quốc hội",
    "đại biểu quốc hội tỉnh",
    "đoàn đại biểu quốc hội",
    "đoàn đại biểu quốc hội tỉnh",
    "quốc hội",
    "chính phủ",
    "nhà nước",
    "ban tuyên giáo",
    "ban tổ chức",
    "ban dân vận",
    "ban nội chính",
    "văn phòng",
    "công an tỉnh",
    "bộ chỉ huy quân sự tỉnh",
    "bộ chỉ huy bộ đội biên phòng tỉnh",
    "liên đoàn lao động tỉnh",
    "hội nông dân tỉnh",
    "hội liên hiệp phụ nữ tỉnh",
    "tỉnh đoàn",
    "tỉnh",
    "huyện",
    "thành phố",
    "xã",
    "tòa án nhân dân tỉnh",
    "viện kiểm sát nhân dân tỉnh",
    "sở",
    "bộ",
    "ban",
    "cục",
    "chi cục",
    "ủy ban",
    "phòng",
];

/// Tails after which a capitalized place name may follow.
const PLACE_TAILS: &[&str] = &[
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "thị ủy",
    "đảng ủy",
    "tỉnh",
    "huyện",
    "thành phố",
    "xã",
    "ubnd tỉnh",
    "hđnd tỉnh",
    "ubnd huyện",
    "hđnd huyện",
    "ubnd thành phố",
    "hđnd thành phố",
    "ubnd xã",
    "hđnd xã",
];

/// Tails naming an office (`Sở`, `Bộ`...) that need the capitalized office
/// name after them (`Sở Tài chính`).
const NAMED_TAILS: &[&str] = &[
    "sở",
    "bộ",
    "ban",
    "cục",
    "chi cục",
    "ủy ban",
    "văn phòng",
    "phòng",
];

const UNITS: &[&str] = &[
    "%",
    "nghìn tỷ đồng",
    "tỷ đồng",
    "tỉ đồng",
    "triệu đồng",
    "nghìn đồng",
    "đồng",
    "tỷ",
    "tỉ",
    "triệu",
    "nghìn",
    "tỷ usd",
    "triệu usd",
    "usd",
    "ha",
    "hecta",
    "km",
    "m",
    "tấn",
    "nghìn tấn",
    "triệu tấn",
    "người",
    "lượt",
    "lượt người",
    "hộ",
    "xã",
    "doanh nghiệp",
    "dự án",
    "bậc",
    "đảng viên",
    "lao động",
    "học sinh",
    "trường",
    "công trình",
    "sản phẩm",
    "hợp tác xã",
    "giường bệnh",
    "bác sĩ",
    "thôn",
    "bản",
    "km2",
    "m2",
    "kwh",
    "điểm",
    "chương trình",
    "nhiệm vụ",
    "cơ sở",
    "tổ chức",
    "tuyến",
    "cơ quan",
];

const AFTER_UNIT_STOP: &[&str] = &[
    "và", "nhưng", "trong", "khi", "để", "với", "là", "của", "cho", "nhằm", "góp", "đồng", "tuy",
    "song", "thì", "mà", "vì", "do",
];

const LEAD_STRIP: &[&str] = &[
    "toàn tỉnh",
    "toàn huyện",
    "toàn quốc",
    "cả nước",
    "toàn thành phố",
    "đã",
    "dự kiến",
    "và",
    "các",
    "những",
    "thì",
    "là",
    "được",
    "cũng",
    "đồng thời",
    "trong đó",
    "như",
    "phấn đấu",
    "mục tiêu",
    "chỉ tiêu",
    "đặt mục tiêu",
    "với",
    "gồm",
    "có",
    "đến năm",
    "năm",
];

const TARGET_CUES: &[&str] = &[
    "phấn đấu",
    "mục tiêu",
    "chỉ tiêu",
    "kế hoạch",
    "đặt ra",
    "định hướng",
    "chỉ tiêu chủ yếu",
    "nghị quyết",
];
const CLAUSE_CUES: &[&str] = &[
    "phấn đấu",
    "mục tiêu",
    "chỉ tiêu",
    "đặt mục tiêu",
    "trong đó",
    "như",
    "gồm",
    "cụ thể",
    "với",
    "và",
];

struct Tok<'t> {
    t: Token,
    text: &'t str,
    key: String,
}

impl Tok<'_> {
    fn is_word(&self) -> bool {
        self.text.chars().all(char::is_alphabetic)
    }
    fn is_title_case(&self) -> bool {
        let mut cs = self.text.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_lowercase()) && self.is_word()
    }
    fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    fn is_all_caps(&self) -> bool {
        self.is_word() && self.text.chars().all(char::is_uppercase)
    }
    fn is_punct(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }
}

/// Phrases as folded token lists, longest first. Folded once per list and
/// kept: folding them again for every document cost most of the rules' time.
fn phrases(list: &'static [&'static str]) -> Vec<Vec<String>> {
    type Cache = std::collections::HashMap<usize, Vec<Vec<String>>>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry(list.as_ptr() as usize)
        .or_insert_with(|| {
            let mut v: Vec<Vec<String>> = list.iter().map(|p| fold_phrase(p)).collect();
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
            v
        })
        .clone()
}

/// Length of the longest phrase of `list` matching at token `i`.
fn match_at(toks: &[Tok<'_>], i: usize, list: &[Vec<String>]) -> Option<usize> {
    list.iter()
        .find(|p| {
            p.iter()
                .enumerate()
                .all(|(k, w)| toks.get(i + k).is_some_and(|t| &t.key == w))
        })
        .map(Vec::len)
}

/// A Vietnamese syllable: one run of vowels, at most 3 letters before it and 2 after.
fn is_syllable(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    // Base letters only: marks (tones, circumflex, breve, horn) dropped.
    let folded: Vec<char> = word
        .to_lowercase()
        .nfd()
        .filter(|c| c.is_alphabetic())
        .collect();
    let vowel = |c: &char| "aeiouy".contains(*c);
    let Some(first) = folded.iter().position(vowel) else {
        return false;
    };
    let last = folded.iter().rposition(vowel).unwrap_or(first);
    folded[first..=last].iter().all(vowel) && first <= 3 && folded.len() - 1 - last <= 2
}

fn suggestion(
    doc: &Document,
    toks: &[Tok<'_>],
    a: usize,
    b: usize,
    label: &str,
    score: f64,
) -> Suggestion {
    let (start, end) = (toks[a].t.start, toks[b].t.end);
    Suggestion {
        start,
        end,
        label: label.into(),
        // Tokens carry their byte offsets: no scan of the text per suggestion.
        text: doc
            .text
            .get(toks[a].t.byte_start..toks[b].t.byte_end)
            .unwrap_or_default()
            .into(),
        source: SOURCE.into(),
        score,
    }
}

/// `breaks[k]`: a line break stands between token `k - 1` and token `k`.
fn line_breaks(toks: &[Tok<'_>], text: &str) -> Vec<bool> {
    let mut out = vec![false; toks.len() + 1];
    for k in 1..toks.len() {
        out[k] = text
            .get(toks[k - 1].t.byte_end..toks[k].t.byte_start)
            .is_some_and(|g| g.contains('\n'));
    }
    out[toks.len()] = true;
    out
}

fn positions(toks: &[Tok<'_>], breaks: &[bool]) -> Vec<(usize, usize)> {
    let (heads, tails, standalone, place_tails, named) = (
        phrases(HEADS),
        phrases(TAILS),
        phrases(STANDALONE),
        phrases(PLACE_TAILS),
        phrases(NAMED_TAILS),
    );
    let surnames: Vec<String> = SURNAMES.iter().map(|s| fold(s)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(h) = match_at(toks, i, &heads).filter(|_| toks[i].is_capitalized()) else {
            i += 1;
            continue;
        };
        let mut end = i + h;
        let mut place_ok = false;
        let mut any_tail = false;
        while let Some(n) = match_at(toks, end, &tails).filter(|_| !breaks[end]) {
            let tail: Vec<String> = toks[end..end + n].iter().map(|t| t.key.clone()).collect();
            end += n;
            any_tail = true;
            place_ok = place_tails.contains(&tail);
            if named.contains(&tail) {
                // `Sở Tài chính`, `Ban Tuyên giáo`: the capitalized name and
                // its lowercase continuation words.
                if !toks.get(end).is_some_and(Tok::is_capitalized) {
                    end -= n;
                    any_tail = end > i + h;
                    break;
                }
                // Each part of the name: a capitalized word and at most one
                // lowercase word (`Tài chính`, `Kế hoạch và Đầu tư`); a
                // person's name after it is not part of it.
                loop {
                    let starts_name = toks.get(end).is_some_and(|t| surnames.contains(&t.key))
                        && toks.get(end + 1).is_some_and(Tok::is_title_case);
                    if !toks
                        .get(end)
                        .is_some_and(|t| t.is_title_case() || t.is_all_caps())
                        || starts_name
                        || breaks[end]
                    {
                        break;
                    }
                    end += 1;
                    if toks
                        .get(end)
                        .is_some_and(|t| t.is_word() && !t.is_capitalized())
                        && !breaks[end]
                        && toks[end].key != fold("và")
                    {
                        end += 1;
                    }
                    let and = toks.get(end).is_some_and(|t| t.key == fold("và"))
                        && toks.get(end + 1).is_some_and(Tok::is_capitalized);
                    if !and {
                        break;
                    }
                    end += 1;
                }
            }
        }
        if place_ok {
            // A place name: 1-2 capitalized syllables not followed by a third
            // (three would rather be a person's name).
            let caps = toks[end..]
                .iter()
                .enumerate()
                .take_while(|(k, t)| t.is_title_case() && !breaks[end + k])
                .count();
            if (1..=2).contains(&caps) {
                end += caps;
            }
        }
        let head: Vec<String> = toks[i..i + h].iter().map(|t| t.key.clone()).collect();
        if any_tail || standalone.contains(&head) {
            out.push((i, end - 1));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn persons(toks: &[Tok<'_>], taken: &[(usize, usize)]) -> Vec<(usize, usize, f64)> {
    let surnames: Vec<String> = SURNAMES.iter().map(|s| fold(s)).collect();
    let (address, places) = (phrases(ADDRESS_CUES), phrases(PLACE_CUES));
    let free = |a: usize, b: usize| !taken.iter().any(|&(x, y)| x <= b && a <= y);
    let mut out: Vec<(usize, usize, f64)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // After a form of address.
        let cue = (0..i)
            .rev()
            .take(3)
            .find_map(|j| match_at(toks, j, &address).filter(|n| j + n == i))
            .is_some()
            || (i >= 2 && toks[i - 1].text == "." && match_at(toks, i - 2, &address).is_some());
        let run = toks[i..]
            .iter()
            .take_while(|t| t.is_title_case())
            .count()
            .min(4);
        let place = (1..=2).any(|k| i >= k && match_at(toks, i - k, &places) == Some(k))
            || toks.get(i.wrapping_sub(1)).is_some_and(|t| t.text == "TP");
        // `tỉnh Lạng Sơn` is a place; `tỉnh Hồ Tiến Thiệu` ends in a name.
        let place = place && run <= 2;
        if run >= 2 && !place && free(i, i + run - 1) {
            if surnames.contains(&toks[i].key) {
                out.push((i, i + run - 1, 0.85));
                i += run;
                continue;
            }
            if cue {
                out.push((i, i + run - 1, 0.8));
                i += run;
                continue;
            }
        }
        // ALL-CAPS byline names: 2-4 syllables.
        let caps = toks[i..]
            .iter()
            .take_while(|t| t.is_all_caps() && t.text.chars().count() >= 2 && is_syllable(t.text))
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

fn figures(
    doc: &Document,
    toks: &[Tok<'_>],
    text: &str,
    breaks: &[bool],
) -> Vec<(usize, usize, &'static str)> {
    let (units, stop, strip, target_cues, clause_cues) = (
        phrases(UNITS),
        phrases(AFTER_UNIT_STOP),
        phrases(LEAD_STRIP),
        phrases(TARGET_CUES),
        phrases(CLAUSE_CUES),
    );
    let so_voi = fold_phrase("so với");
    let pub_year: Option<u32> = doc
        .meta
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    let sents = sentences(text);
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
        let unit = match_at(toks, v_end + 1, &units);
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
                || match_at(toks, end + 1, &stop).is_some()
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
            if (1..=3).any(|k| start >= k && match_at(toks, start - k, &clause_cues) == Some(k)) {
                break;
            }
            start -= 1;
        }
        while start < i {
            if is_year(toks[start].text) {
                start += 1;
                continue;
            }
            match match_at(toks, start, &strip) {
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
            .unwrap_or(0..text.chars().count());
        let before: Vec<usize> = (0..start)
            .filter(|&k| toks[k].t.start >= sentence.start)
            .collect();
        // A capitalized cue is a name (`Sở Kế hoạch`) unless it opens the sentence.
        let cue_before = before.iter().any(|&k| {
            match_at(toks, k, &target_cues).is_some()
                && (!toks[k].is_capitalized() || Some(&k) == before.first())
        });
        let future_year = toks
            .iter()
            .filter(|t| t.t.start >= sentence.start && t.t.end <= sentence.end && is_year(t.text))
            .any(|t| pub_year.is_some_and(|p| t.text.parse::<u32>().is_ok_and(|y| y > p)));
        let estimated = toks[start..=end].iter().any(|t| t.key == fold("ước"))
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

/// Suggestions of the rules for one document.
pub fn rules_vi(doc: &Document) -> Vec<Suggestion> {
    let text = &doc.text;
    let toks: Vec<Tok<'_>> = tokenize(text)
        .into_iter()
        .map(|t| {
            let s = t.text(text);
            Tok {
                t,
                text: s,
                key: fold(s),
            }
        })
        .collect();
    let mut out = Vec::new();
    let breaks = line_breaks(&toks, text);
    let pos = positions(&toks, &breaks);
    for &(a, b) in &pos {
        out.push(suggestion(doc, &toks, a, b, "position", 0.9));
    }
    for (a, b, score) in persons(&toks, &pos) {
        out.push(suggestion(doc, &toks, a, b, "person", score));
    }
    for (a, b, label) in figures(doc, &toks, text, &breaks) {
        out.push(suggestion(doc, &toks, a, b, label, 0.7));
    }
    out.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::markup;

    /// Runs the rules on notation text and renders what they found.
    fn found(marked: &str) -> String {
        let (text, _) = markup::parse(marked).unwrap();
        let mut doc = Document::new("t", &text);
        doc.meta.date = Some("2022-12-09".into());
        let spans: Vec<markup::Marked> = rules_vi(&doc)
            .into_iter()
            .map(|s| markup::Marked {
                start: s.start,
                end: s.end,
                label: s.label,
            })
            .collect();
        markup::render(&text, &spans)
    }

    fn check(marked: &str) {
        assert_eq!(found(marked), marked);
    }

    #[test]
    fn titles_in_chains_and_both_uy_spellings() {
        check("Đồng chí [person: Nguyễn Quốc Đoàn], [position: Ủy viên Trung ương Đảng], [position: Bí thư Tỉnh ủy] phát biểu.");
        check("Ông [person: Lê Văn Tám], [position: Phó Bí thư Thường trực Tỉnh uỷ], [position: Trưởng Đoàn ĐBQH tỉnh] dự.");
        check("bầu [position: Chủ nhiệm Uỷ ban Kiểm tra Tỉnh uỷ] đối với đồng chí [person: Nguyễn Công Trưởng], nguyên [position: Bí thư Thành uỷ Lạng Sơn].");
    }

    #[test]
    fn titles_before_and_after_names() {
        check("[position: Chủ tịch UBND tỉnh] [person: Hồ Tiến Thiệu] chủ trì.");
        check("Bà [person: Hà Thị Mai], [position: Giám đốc Sở Tài chính], cho biết.");
        check("[position: Thủ tướng] [person: Phạm Minh Chính] đến thăm.");
    }

    #[test]
    fn bylines_and_no_acronyms_as_names() {
        check("[person: HỒ HƯƠNG] - [person: ĐÌNH QUANG]/baolangson.vn");
        check("UBND tỉnh và HĐND tỉnh họp về GRDP.");
    }

    #[test]
    fn numbers_with_comma_dot_and_ranges() {
        check("Trong đó, [metric: tốc độ tăng trưởng GRDP ước đạt 7,22%], [metric: thu nhập bình quân đầu người ước đạt 51 triệu đồng].");
        check("Năm 2023 phấn đấu [target: tốc độ tăng GRDP đạt 7 – 7,5%]; [target: tổng thu ngân sách nhà nước trên địa bàn 8.200 tỷ đồng].");
        check("[metric: Sản lượng lúa tăng 4,1% so với cùng kỳ], giá ổn định.");
        check("Giá bán ổn định, [metric: tăng 4,1% so với cùng kỳ].");
        check("mục tiêu đến năm 2025 [target: xây dựng thêm 10 xã đạt chuẩn nông thôn mới].");
    }
}
