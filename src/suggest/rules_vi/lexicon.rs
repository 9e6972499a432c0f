//! Every word list of the rules folded into [`PhraseSet`]s once per process
//! and shared by all documents and threads.

use super::phrase::{PhraseSet, Words};
use super::{figure_words as fw, names, titles};
use crate::suggest::fold::{fold, fold_phrase};
use std::sync::OnceLock;

/// The folded word lists.
#[derive(Debug)]
pub(super) struct Lexicon {
    pub surnames: PhraseSet,
    pub year_stems: PhraseSet,
    pub year_branches: PhraseSet,
    /// Sports, sexes and ages that go on `đội tuyển` in lower case.
    pub team_words: PhraseSet,
    /// Nouns of units that take a number (`tổ dân phố số 5`).
    pub numbered_units: PhraseSet,
    /// Last words of foreign company names (`Engineering`, `Group`).
    pub company_suffixes: PhraseSet,
    /// `Thị`, `Văn`: the middle names that mark a person's name.
    pub middle_names: PhraseSet,
    pub place_like_surnames: PhraseSet,
    pub countries: PhraseSet,
    pub address: PhraseSet,
    pub places: PhraseSet,
    pub heads: PhraseSet,
    pub not_heads: PhraseSet,
    pub lower_named_tails: PhraseSet,
    /// `số` (number), folded: `tổ dân phố số 5`.
    pub number_word: String,
    pub needs_organisation: PhraseSet,
    pub lowercase_heads: PhraseSet,
    pub name_stops: PhraseSet,
    pub apposition_stops: PhraseSet,
    pub long_places: PhraseSet,
    pub in_charge: PhraseSet,
    pub thing_cues: PhraseSet,
    pub name_particles: PhraseSet,
    pub tails: PhraseSet,
    pub place_tails: PhraseSet,
    pub named_tails: PhraseSet,
    pub capital_tails: PhraseSet,
    pub units: PhraseSet,
    pub after_unit_stop: PhraseSet,
    pub lead_strip: PhraseSet,
    pub target_cues: PhraseSet,
    pub clause_cues: PhraseSet,
    /// `và`, folded.
    pub and_word: String,
    /// `quyền` (acting), folded.
    pub acting_word: String,
    /// `phó` (deputy), folded.
    pub deputy_word: String,
    /// `tại` (at), folded.
    pub at_word: String,
    /// `của` (of), folded.
    pub of_word: String,
    /// The words either side of the comma of fixed pairs in unit names:
    /// `phòng, chống` (prevention and control), `phòng cháy, chữa cháy`
    /// (fire prevention and fighting), `cứu nạn, cứu hộ` (rescue), folded.
    pub comma_pairs: Vec<(String, String)>,
    /// Two-syllable words one of whose syllables is a stop word elsewhere
    /// (`hàng không` aviation, `đổi mới` innovation, `nông thôn mới`,
    /// `sáng tạo` creative, `việc làm` employment), or that go on a proper
    /// name in lower case (`nhiệt đới` tropical), folded pairs.
    pub compounds: Vec<(String, String)>,
    /// `ước` (estimated), folded.
    pub estimated_word: String,
    /// `so với` (compared with), folded.
    pub compared: Vec<String>,
    /// Every word of the sets above, numbered.
    pub words: Words,
}

/// The lexicon, built on first use.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(build)
}

fn build() -> Lexicon {
    let mut words = Words::default();
    let w = &mut words;
    let mut lexicon = Lexicon {
        surnames: PhraseSet::new(names::SURNAMES, w),
        year_stems: PhraseSet::new(names::YEAR_STEMS, w),
        year_branches: PhraseSet::new(names::YEAR_BRANCHES, w),
        team_words: PhraseSet::new(titles::TEAM_WORDS, w),
        numbered_units: PhraseSet::new(titles::NUMBERED_UNITS, w),
        company_suffixes: PhraseSet::new(titles::COMPANY_SUFFIXES, w),
        // `A` of Hmong names (`Giàng A Páo`, `Hạng A Dình`).
        middle_names: PhraseSet::new(&["thị", "văn", "a"], w),
        place_like_surnames: PhraseSet::new(names::PLACE_LIKE_SURNAMES, w),
        countries: PhraseSet::new(names::ONE_WORD_COUNTRIES, w),
        address: PhraseSet::new(names::ADDRESS_CUES, w),
        places: PhraseSet::new(names::PLACE_CUES, w),
        heads: PhraseSet::new(titles::HEADS, w),
        not_heads: PhraseSet::new(titles::NOT_HEADS, w),
        lower_named_tails: PhraseSet::new(titles::LOWER_NAMED_TAILS, w),
        number_word: fold("số"),
        needs_organisation: PhraseSet::new(titles::NEEDS_ORGANISATION, w),
        lowercase_heads: PhraseSet::new(titles::LOWERCASE_HEADS, w),
        name_stops: PhraseSet::new(titles::NAME_STOPS, w),
        apposition_stops: PhraseSet::new(titles::APPOSITION_STOPS, w),
        long_places: PhraseSet::new(titles::LONG_PLACES, w),
        in_charge: PhraseSet::new(&["phụ trách"], w),
        thing_cues: PhraseSet::new(names::THING_CUES, w),
        name_particles: PhraseSet::new(names::NAME_PARTICLES, w),
        tails: PhraseSet::new(titles::TAILS, w),
        place_tails: PhraseSet::new(titles::PLACE_TAILS, w),
        named_tails: PhraseSet::new(titles::NAMED_TAILS, w),
        capital_tails: PhraseSet::new(titles::CAPITAL_TAILS, w),
        units: PhraseSet::new(fw::UNITS, w),
        after_unit_stop: PhraseSet::new(fw::AFTER_UNIT_STOP, w),
        lead_strip: PhraseSet::new(fw::LEAD_STRIP, w),
        target_cues: PhraseSet::new(fw::TARGET_CUES, w),
        clause_cues: PhraseSet::new(fw::CLAUSE_CUES, w),
        and_word: fold("và"),
        estimated_word: fold("ước"),
        acting_word: fold("quyền"),
        deputy_word: fold("phó"),
        at_word: fold("tại"),
        of_word: fold("của"),
        comma_pairs: [("phòng", "chống"), ("cháy", "chữa"), ("nạn", "cứu")]
            .iter()
            .map(|(a, b)| (fold(a), fold(b)))
            .collect(),
        compounds: [
            ("hàng", "không"),
            ("đổi", "mới"),
            ("thôn", "mới"),
            ("sáng", "tạo"),
            ("việc", "làm"),
            ("lĩnh", "vực"),
            ("nhiệt", "đới"),
        ]
        .iter()
        .map(|(a, b)| (fold(a), fold(b)))
        .collect(),
        compared: fold_phrase("so với"),
        words: Words::default(),
    };
    lexicon.words = words;
    lexicon
}
