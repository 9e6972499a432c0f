//! Positions: a title head (`Bí thư`, `Phó Chủ tịch`, `Đại sứ`, written
//! with a capital, or a lower-case community role like `trưởng bản`),
//! possibly `quyền` (acting) in front, then the organisation it belongs to.
//!
//! The organisation extends while its words are organisation words
//! (`Tỉnh ủy`, `UBND tỉnh`, `Sở`, `Trung tâm`), capitalized name words,
//! the lower-case words that continue a name once it has begun (official
//! names capitalize only their first syllable: `Cục Quản lý chất lượng`),
//! or connectors (`và`, `–`, `&`, `tại` before a capitalized place, a comma
//! inside an enumeration that ends in `và`, a comma before lower-case words
//! that a second comma and a verb close, a bracketed short form followed by
//! more of the name). It stops at punctuation, a line break, a verb or
//! function word ([`super::titles::NAME_STOPS`]), another title, or a
//! person's name (three or four capitalized syllables starting with a
//! surname or with `Thị`/`Văn` second). `Phó` before any head is part of
//! it. The comma of `phòng, chống` (prevention and control) is inside a
//! name. An apposition to a person (after `Ông Kha Văn Thịnh,`: a name
//! after a form of address or rank, or starting with a surname) runs on
//! to its closing comma or to `của`, over at most 16 more words that are
//! no verb ([`super::titles::NAME_STOPS`],
//! [`super::titles::APPOSITION_STOPS`]), function word, title or another
//! person's name, with at most six lower-case syllables in a row and none
//! after a place name. A single
//! word right after the head that is the given name of a person the
//! document names in full (not a country), and that a verb, punctuation or
//! nothing follows, is that person (`Thứ trưởng Khiêm` after `Nguyễn Văn
//! Khiêm`; not `Giám đốc Tài chính`). After the organisation, `phụ trách`
//! and the field in lower case go on the position (`phụ trách văn hóa – xã
//! hội`). A numbered unit takes its number (`tổ dân phố số 5`); foreign
//! words right after a company's tail are its name (`Công ty Brnotech
//! Engineering`); a lower-case syllable that makes one word with the name
//! word before it goes on even a proper name (`Bệnh Nhiệt đới Trung
//! ương`). `Đại sứ quán` (the embassy) is no head. A capitalized office word right
//! after the head, which a comma, a full stop or a verb ends, is part of the position
//! (`Phó Giám đốc Sở cho biết`).
//! Ranges are inclusive token indices.

use super::lexicon::{lexicon, Lexicon};
use super::tok::Tok;

/// Inclusive token ranges of the positions of a document.
pub(super) fn positions(toks: &[Tok<'_>], breaks: &[bool]) -> Vec<(usize, usize)> {
    let lx = lexicon();
    let given = given_names(lx, toks, breaks);
    let org = Organisation::new(lx, toks, breaks);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((start, head_end)) = head_at(lx, toks, i) else {
            i += 1;
            continue;
        };
        let mut end = org.scan(head_end);
        if end > head_end {
            end = org.field(end);
        }
        if start >= 1
            && toks[start - 1].text == ","
            && !breaks[start - 1]
            && !breaks[start]
            && person_before(lx, toks, breaks, start - 1)
        {
            end = org.apposition(end);
        }
        // `Thứ trưởng Khiêm`: a given name known from the document (not a
        // country: `Thủ tướng Anh`); the title before a name is a position
        // even when bare.
        // After the name a verb may follow (`Thứ trưởng Tài kết luận`), but
        // not the rest of a word (`Giám đốc Tài chính`).
        let then_verb = |k: usize| {
            org.tok(k).is_none_or(|t| !t.is_word())
                || lx.name_stops.match_at(toks, k).is_some()
                || lx.apposition_stops.match_at(toks, k).is_some()
        };
        let given_name = (end == head_end + 1 || end > head_end && then_verb(head_end + 1))
            && toks[head_end].is_title_case()
            && given.contains(toks[head_end].key)
            && !lx.countries.has_word(toks[head_end].word)
            && org.tok(head_end + 1).is_none_or(|t| !t.is_title_case());
        if given_name {
            end = head_end;
        }
        if end > head_end
            || given_name
            || !lx
                .needs_organisation
                .is(toks, i_head(lx, toks, start), head_end)
        {
            out.push((start, end - 1));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// A person's name ends right before the comma at `comma`: a run of
/// capitalized words (and `-`: `Sung-min`) after a form of address or a
/// rank (`Ông Kha Văn Thịnh`, `Thượng úy Lò Thị Hiền`), or of two or more
/// starting with a surname (two: not one that begins place names, like
/// `Hà Nội`).
fn person_before(lx: &Lexicon, toks: &[Tok<'_>], breaks: &[bool], comma: usize) -> bool {
    let mut s = comma;
    while s > 0
        && !breaks[s]
        && (toks[s - 1].is_capitalized()
            || toks[s - 1].text == "-"
            || s >= 2 && toks[s - 2].text == "-" && toks[s - 1].is_word())
    {
        s -= 1;
    }
    // Degrees and ranks in capitals (`GS.TSKH`, `BSCKII`) before the name
    // say a person as a form of address does.
    let mut degree = false;
    while s + 1 < comma && (toks[s].is_all_caps() || toks[s].text == ".") {
        s += 1;
        degree = true;
    }
    // A capitalized form of address starts the run (`Bà Lý Thị Hạnh`) or
    // stands before it (`ông Kha Văn Thịnh`).
    let lead = (1..=3).find(|&c| s + c < comma && lx.address.is(toks, s, s + c));
    let cue = degree || lead.is_some() || (1..=3).any(|c| s >= c && lx.address.is(toks, s - c, s));
    let s = s + lead.unwrap_or(0);
    let n = comma - s;
    if n == 0 || !toks[s].is_capitalized() {
        return false;
    }
    let surname = lx.surnames.has_word(toks[s].word)
        && (n >= 3 || n == 2 && !lx.place_like_surnames.has_word(toks[s].word));
    cue || surname
}

/// The given names (folded) of the persons the document names in full:
/// the last syllable of every name of 3-4 syllables that starts with a
/// surname (or has `Thị`/`Văn` second), where [`person_in_run`] finds one.
fn given_names<'t>(
    lx: &Lexicon,
    toks: &[Tok<'t>],
    breaks: &[bool],
) -> std::collections::HashSet<&'t str> {
    let mut out = std::collections::HashSet::new();
    let mut k = 0;
    while k < toks.len() {
        let run = if toks[k].is_title_case() {
            title_run(toks, breaks, k)
        } else {
            0
        };
        if run >= 3 && person_in_run(lx, toks, breaks, k).is_some() {
            out.insert(toks[k + run - 1].key);
        }
        k += run.max(1);
    }
    out
}

/// The head's first token: after `quyền` when it is there, and after a
/// `Phó` put before a head (so `Phó Thư ký` needs an organisation as
/// `Thư ký` does).
fn i_head(lx: &Lexicon, toks: &[Tok<'_>], start: usize) -> usize {
    let i = if toks[start].key == lx.acting_word {
        start + 1
    } else {
        start
    };
    let deputy = toks.get(i).is_some_and(|t| t.key == lx.deputy_word)
        && lx.heads.match_at(toks, i).is_none()
        && lx.heads.match_at(toks, i + 1).is_some();
    if deputy {
        i + 1
    } else {
        i
    }
}

/// A title head at `i`: (first token of the position, end of the head,
/// exclusive).
fn head_at(lx: &Lexicon, toks: &[Tok<'_>], i: usize) -> Option<(usize, usize)> {
    let t = toks.get(i)?;
    // `Phó` (deputy) before any capitalized head: `Phó Tư lệnh`, `Phó
    // Chính ủy`, `Phó Chỉ huy trưởng`.
    if t.key == lx.deputy_word && t.is_capitalized() {
        if let Some(h) = lx.heads.match_at(toks, i + 1) {
            // A listed `phó …` head as long or longer wins (below).
            if toks[i + 1].is_capitalized() && lx.heads.match_at(toks, i).is_none_or(|n| n <= h) {
                return Some((i, i + 1 + h));
            }
        }
    }
    if t.key == lx.acting_word && !t.is_capitalized() {
        let h = lx.heads.match_at(toks, i + 1)?;
        return toks[i + 1].is_capitalized().then_some((i, i + 1 + h));
    }
    if let Some(h) = lx.heads.match_at(toks, i) {
        if lx.not_heads.match_at(toks, i).is_some_and(|n| n > h) {
            return None;
        }
        if t.is_capitalized() || lx.lowercase_heads.is(toks, i, i + h) {
            return Some((i, i + h));
        }
    }
    None
}

/// A capitalized token that can be a word of a name: `Quản`, `HĐQT`,
/// `HHBank`, `ĐT`.
pub(super) fn is_name_word(t: &Tok<'_>) -> bool {
    t.is_capitalized() && t.text.chars().all(char::is_alphanumeric) && !t.is_punct()
}

/// Title-case syllables in a row from `k`, on one line.
pub(super) fn title_run(toks: &[Tok<'_>], breaks: &[bool], k: usize) -> usize {
    toks[k..]
        .iter()
        .enumerate()
        .take_while(|(o, t)| t.is_title_case() && (*o == 0 || !breaks[k + o]))
        .count()
}

/// Where a person's name starts inside the title-case run at `k`: the
/// last 3 syllables of the run if they start with a surname or have the
/// middle name `Thị` or `Văn` second (a rare surname: `Ngọ Thị Hoa`), else
/// the last 4.
pub(super) fn person_in_run(
    lx: &Lexicon,
    toks: &[Tok<'_>],
    breaks: &[bool],
    k: usize,
) -> Option<usize> {
    let run = title_run(toks, breaks, k);
    [3, 4]
        .into_iter()
        .filter(|&len| run >= len)
        .map(|len| run - len)
        .find(|&o| {
            lx.surnames.has_word(toks[k + o].word)
                || lx.middle_names.match_at(toks, k + o + 1) == Some(1)
        })
}

/// The scanner of an organisation after a head.
struct Organisation<'a, 't> {
    lx: &'a Lexicon,
    toks: &'a [Tok<'t>],
    breaks: &'a [bool],
}

impl<'a, 't> Organisation<'a, 't> {
    fn new(lx: &'a Lexicon, toks: &'a [Tok<'t>], breaks: &'a [bool]) -> Self {
        Self { lx, toks, breaks }
    }

    fn tok(&self, k: usize) -> Option<&'a Tok<'t>> {
        self.toks.get(k).filter(|_| !self.breaks[k])
    }

    /// A capitalized word that may go on a name at `k`: not a new title,
    /// not a person's name.
    fn name_word_at(&self, k: usize) -> bool {
        self.tok(k).is_some_and(is_name_word)
            && self.lx.heads.match_at(self.toks, k).is_none()
            && self.lx.address.match_at(self.toks, k).is_none()
            && person_in_run(self.lx, self.toks, self.breaks, k) != Some(0)
            && !super::person::foreign_name_at(self.lx, self.toks, k)
    }

    /// A capitalized word at `k` that is no Vietnamese syllable but goes on
    /// the name of a company begun after its tail (`Công ty Brnotech
    /// Engineering`, `Sao Mai Logistics`): not a title, not a Vietnamese
    /// person's name.
    fn foreign_word_at(&self, k: usize) -> bool {
        self.tok(k).is_some_and(is_name_word)
            && self.lx.heads.match_at(self.toks, k).is_none()
            && self.lx.address.match_at(self.toks, k).is_none()
            && person_in_run(self.lx, self.toks, self.breaks, k) != Some(0)
    }

    /// A lower-case word that goes on a begun name at `k`.
    fn lower_word_at(&self, k: usize) -> bool {
        self.tok(k).is_some_and(Tok::is_lower_word) && !self.stop_at(k)
    }

    /// A verb or function word ([`super::titles::NAME_STOPS`]) at `k`, but
    /// not a syllable of a compound (`hàng không`, `đổi mới`, `sáng tạo`).
    fn stop_at(&self, k: usize) -> bool {
        self.lx.name_stops.match_at(self.toks, k).is_some()
            && !(self.compound_at(k) || self.compound_at(k + 1))
    }

    /// A comma at `k` that separates parts of one name: a capitalized part
    /// follows and the enumeration ends in `và` before the next punctuation.
    fn enumeration_comma(&self, k: usize) -> bool {
        if !self.name_word_at(k + 1) || self.lx.tails.match_at(self.toks, k + 1).is_some() {
            return false;
        }
        let mut j = k + 1;
        while let Some(t) = self.tok(j).filter(|t| !t.is_punct()) {
            if t.key == self.lx.and_word {
                return true;
            }
            j += 1;
        }
        false
    }

    /// A comma at `k` inside an official name written in lower case after
    /// it (`Cục Quản lý, giám sát bảo hiểm, cho biết`): one to four
    /// lower-case words, none a title, then a comma and a verb of the
    /// sentence ([`super::titles::NAME_STOPS`]), so the name is an
    /// apposition that the second comma closes.
    fn inner_comma(&self, k: usize) -> bool {
        let lx = self.lx;
        let mut j = k + 1;
        while j <= k + 4
            && self.lower_word_at(j)
            && lx.heads.match_at(self.toks, j).is_none()
            && lx.address.match_at(self.toks, j).is_none()
        {
            j += 1;
        }
        j > k + 1
            && self.tok(j).is_some_and(|t| t.text == ",")
            && self.tok(j + 1).is_some()
            && lx.name_stops.match_at(self.toks, j + 1).is_some()
    }

    /// The comma of a fixed pair at `k` (`phòng, chống`, `phòng cháy,
    /// chữa cháy`, `cứu nạn, cứu hộ`).
    fn prevention_comma(&self, k: usize) -> bool {
        k > 0
            && self.lx.comma_pairs.iter().any(|(a, b)| {
                self.toks[k - 1].key == a && self.tok(k + 1).is_some_and(|t| t.key == b)
            })
    }

    /// Two syllables from `k - 1` that make one word ([`Lexicon::compounds`]).
    fn compound_at(&self, k: usize) -> bool {
        k > 0
            && self.tok(k).is_some()
            && self
                .lx
                .compounds
                .iter()
                .any(|(x, y)| self.toks[k - 1].key == x.as_str() && self.toks[k].key == y.as_str())
    }

    /// `phụ trách` and the field the holder is in charge of at `k`, in
    /// lower case (`phụ trách văn hóa – xã hội`): the end after the field,
    /// at most six words, or `k` when there is none.
    fn field(&self, k: usize) -> usize {
        if self.lx.in_charge.match_at(self.toks, k) != Some(2) {
            return k;
        }
        let mut j = k + 2;
        let mut end = k;
        let mut words = 0;
        while words < 6 {
            if self.lower_word_at(j) && self.lx.heads.match_at(self.toks, j).is_none() {
                j += 1;
                end = j;
                words += 1;
            } else if self.tok(j).is_some_and(|t| matches!(t.text, "–" | "-"))
                && end == j
                && self.lower_word_at(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        end
    }

    /// The end of a position that is an apposition to a person, from the
    /// end `end` the scan found: on over words that are no verb, function
    /// word or title (and dashes, and the comma of `phòng, chống`) to a
    /// closing comma or `của`, at most 16 of them; `end` when none closes.
    fn apposition(&self, end: usize) -> usize {
        let lx = self.lx;
        // After a place (`tỉnh Nghệ An xác nhận`) lower-case words are the
        // sentence's, not the name's.
        let lower_ok = !self.ends_in_place(end);
        let mut lower_run = 0;
        let mut j = end;
        while let Some(t) = self.tok(j) {
            if t.key == lx.of_word || t.text == "," && !self.prevention_comma(j) {
                return if j > end { j } else { end };
            }
            // Another person's name (`…, Bộ trưởng Bộ Y tế Đào Hồng Lan,`).
            if t.is_title_case() && person_in_run(lx, self.toks, self.breaks, j) == Some(0) {
                return end;
            }
            lower_run = if t.is_lower_word() { lower_run + 1 } else { 0 };
            // `tại` before a capitalized place goes on (`cấp cao tại Đà Nẵng`).
            let at_place =
                t.key == lx.at_word && self.tok(j + 1).is_some_and(|n| n.is_title_case());
            let word = at_place
                || (t.is_lower_word() && lower_ok && lower_run <= 6
                    || is_name_word(t)
                    || matches!(t.text, "-" | "–" | ","))
                    && !self.stop_at(j)
                    && !(t.is_lower_word() && lx.apposition_stops.match_at(self.toks, j).is_some())
                    && lx.heads.match_at(self.toks, j).is_none();
            if !word || j >= end + 16 {
                return end;
            }
            j += 1;
        }
        end
    }

    /// The organisation taken up to `end` ends with a place name after a
    /// place word (`tỉnh Nghệ An`, `huyện Mường Tè`).
    fn ends_in_place(&self, end: usize) -> bool {
        let mut k = end;
        while k > 0 && self.toks[k - 1].is_title_case() {
            k -= 1;
        }
        k < end && (1..=2).any(|n| k >= n && self.lx.place_tails.is(self.toks, k - n, k))
    }

    /// The token after `( SHORT )` at `k`: the scan goes on there, and the
    /// bracket is inside only if more of the name is taken after it (the
    /// end moves only on name words and tails, not on the bracket).
    fn bracket_in_middle(&self, k: usize) -> Option<usize> {
        self.tok(k + 1).filter(|t| is_name_word(t))?;
        self.tok(k + 2).filter(|t| t.text == ")")?;
        Some(k + 3)
    }

    /// The exclusive end of the organisation starting at `k` (`k` when
    /// there is none).
    fn scan(&self, mut k: usize) -> usize {
        let (lx, toks) = (self.lx, self.toks);
        let start = k;
        let mut end = k;
        // Inside a name begun by a capitalized word: lower-case words go on.
        let mut in_name = false;
        // The last token taken was a title-case word of a name.
        let mut prev_title = false;
        // The last tokens taken were a tail naming an office (`Bộ`): a
        // capitalized office word after it is its name (`Bộ Khoa học`).
        let mut after_named = false;
        // Right after a named tail (`Công ty`) and after the foreign words
        // that follow it: foreign words are the company's name (`Công ty
        // Brnotech Engineering`); after a Vietnamese name word they may be
        // a person's (`Công ty Sao Mai Klaus Wegener`).
        let mut foreign_ok = false;
        // Foreign words taken since: after the first, only company suffixes.
        let mut foreign_taken = 0;
        // After `đội tuyển`: sports, sexes and ages go on in lower case.
        let mut in_team = false;
        // `phụ trách tài chính`: what the holder is in charge of;
        // `phụ trách Sở Nội vụ`: the office it is in charge of.
        if lx.in_charge.match_at(toks, k) == Some(2) {
            if self.lower_word_at(k + 2) {
                k += 2;
                in_name = true;
            } else if lx.tails.match_at(toks, k + 2).is_some() && self.tok(k + 2).is_some() {
                k += 2;
            }
        }
        while let Some(t) = self.tok(k) {
            // Inside a begun name a lower-case word is part of it (`bộ` in
            // `ghép bộ phận`), unless it is a place word (`tỉnh Lai Châu`).
            let tail = lx
                .tails
                .match_at(toks, k)
                .filter(|&n| !(in_name && t.is_lower_word()) || lx.place_tails.is(toks, k, k + n))
                .filter(|&n| !(after_named && lx.named_tails.is(toks, k, k + n)))
                .filter(|&n| t.is_capitalized() || !lx.capital_tails.is(toks, k, k + n));
            if let Some(n) = tail {
                let named = lx.named_tails.is(toks, k, k + n);
                let place = lx.place_tails.is(toks, k, k + n);
                let lower_named = lx.lower_named_tails.is(toks, k, k + n);
                if named
                    && !self.name_word_at(k + n)
                    && !self.foreign_word_at(k + n)
                    && lx.place_tails.match_at(toks, k + n).is_none()
                {
                    // `phòng` with no name after it is no organisation
                    // (`chi nhánh tỉnh Nghệ An` is one), except a
                    // capitalized one right after the head that a verb or
                    // a comma ends: `Phó Giám đốc Sở cho biết`.
                    let bare = k == start
                        && t.is_capitalized()
                        && self.tok(k + n).is_some_and(|x| {
                            matches!(x.text, "," | ".")
                                || lx.name_stops.match_at(toks, k + n).is_some()
                        });
                    if bare {
                        end = k + n;
                    }
                    break;
                }
                k += n;
                end = k;
                prev_title = false;
                after_named = named;
                foreign_ok = named;
                foreign_taken = 0;
                in_team = lower_named;
                if place {
                    k = self.place(k);
                    end = k;
                    in_name = false;
                } else {
                    in_name = named;
                }
                continue;
            }
            // After a company's foreign name only its suffixes go on it
            // (`Brnotech Engineering`), not a person's name (`Intel John`).
            if foreign_taken > 0 && !lx.company_suffixes.has_word(t.word) {
                break;
            }
            let vietnamese = self.name_word_at(k);
            let foreign = !vietnamese
                && foreign_ok
                && end == k
                && self.foreign_word_at(k)
                && (foreign_taken == 0 || lx.company_suffixes.has_word(t.word));
            foreign_ok &= foreign;
            foreign_taken += usize::from(foreign);
            if vietnamese || foreign {
                // A person's name later in the run ends the organisation there.
                let run = title_run(toks, self.breaks, k);
                match person_in_run(lx, toks, self.breaks, k) {
                    Some(o) if o < run && t.is_title_case() => {
                        end = k + o;
                        break;
                    }
                    _ => {}
                }
                // Official names capitalize the first syllable of a part
                // (`Quản lý chất lượng`): lower-case words go on after one
                // capitalized word, not after a proper name of two or more
                // (`Toàn quyền Đông Dương nắm`).
                let after_title = prev_title && end == k;
                after_named = false;
                k += 1;
                end = k;
                in_name = t.is_title_case() && !after_title;
                prev_title = t.is_title_case();
                continue;
            }
            prev_title = false;
            foreign_ok = false;
            // `đội tuyển bóng chuyền nữ quốc gia`.
            if in_team && end == k {
                if let Some(n) = lx.team_words.match_at(toks, k) {
                    if (k..k + n).all(|j| self.tok(j).is_some_and(Tok::is_lower_word)) {
                        k += n;
                        end = k;
                        continue;
                    }
                }
            }
            // A lower-case word that makes one word with the last name word
            // goes on even a proper name (`Bệnh Nhiệt đới Trung ương`).
            if (in_name || end == k && self.compound_at(k)) && self.lower_word_at(k) {
                k += 1;
                end = k;
                in_name = true;
                continue;
            }
            // A numbered unit: `tổ dân phố số 5`, `Trường Tiểu học số 2`;
            // not a document's number (`số 1234/QĐ-TTg`).
            if end == k
                && k > 0
                && t.key == lx.number_word
                && lx.numbered_units.has_word(toks[k - 1].word)
                && self
                    .tok(k + 1)
                    .is_some_and(|n| n.text.chars().all(|c| c.is_ascii_digit()))
                && self.tok(k + 2).is_none_or(|n| n.text != "/")
            {
                k += 2;
                end = k;
                break;
            }
            // Connectors: kept only when a name word follows them.
            let adjacent = |a: usize, b: usize| toks[a].t.end == toks[b].t.start;
            let next = match t.text {
                "&" if k > 0
                    && adjacent(k - 1, k)
                    && self.tok(k + 1).is_some()
                    && adjacent(k, k + 1) =>
                {
                    self.name_word_at(k + 1).then_some(k + 1)
                }
                "–" | "-" | "—" => self.name_word_at(k + 1).then_some(k + 1),
                // A bracketed short form in the middle: `Hội đồng quản trị
                // (HĐQT) Công ty Sông Hồng`; at the end it stays outside.
                "(" => self.bracket_in_middle(k),
                "," if in_name
                    && (self.enumeration_comma(k)
                        || self.inner_comma(k)
                        || self.prevention_comma(k)) =>
                {
                    Some(k + 1)
                }
                // `Sở Nông nghiệp và Phát triển nông thôn`; not after a bare
                // title or a place (`Bộ trưởng và Đại hội đồng`).
                _ if t.key == lx.and_word => (in_name
                    && (self.name_word_at(k + 1) || self.lower_word_at(k + 1)))
                .then_some(k + 1),
                _ if t.key == lx.at_word => self
                    .tok(k + 1)
                    .is_some_and(|n| {
                        n.is_title_case() && lx.tails.match_at(toks, k + 1).is_none()
                            || lx.place_tails.match_at(toks, k + 1).is_some()
                    })
                    .then_some(k + 1)
                    .filter(|_| self.name_word_at(k + 1)),
                _ => None,
            };
            match next {
                Some(n) => k = n,
                None => break,
            }
        }
        end
    }

    /// A place name after a place word (`tỉnh Lai Châu`, `TP Hồ Chí Minh`,
    /// `huyện Mù Cang Chải`): title-case syllables up to a person's name.
    fn place(&self, k: usize) -> usize {
        if self.tok(k).is_none() {
            return k;
        }
        if let Some(n) = self.lx.long_places.match_at(self.toks, k) {
            return k + n;
        }
        let run = title_run(self.toks, self.breaks, k);
        let person = person_in_run(self.lx, self.toks, self.breaks, k).unwrap_or(run);
        k + person.min(run).min(4)
    }
}
