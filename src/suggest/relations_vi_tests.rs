//! Tests of the relation rules (`relations_vi.rs`): each pattern of its
//! module doc on marked Vietnamese sentences.

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

proptest::proptest! {
    /// Any text with spans and suggestions of any label anywhere (at a
    /// sentence's start or end, overlapping, empty lines, a colon list):
    /// the relation rules never panic and every end they give is one of
    /// the document's.
    #[test]
    fn any_document_is_read_without_a_panic(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "Bí thư Tỉnh ủy", "Nguyễn Văn An", "theo", "ông", ",", ".", ":", "\n", "\n\n",
                "cho biết", "là", "GRDP tăng 7,5%", "phấn đấu", "😀", "  ", "- ", "hiện",
            ]),
            0..30,
        ),
        marks in proptest::collection::vec((0usize..60, 1usize..12, 0usize..4), 0..12),
    ) {
        let text = pieces.join(" ");
        let mut d = Document::new("d", &text);
        let n = d.char_len();
        for (start, len, label) in marks {
            let (start, end) = (start.min(n), (start + len).min(n));
            if start < end {
                d.suggestions.push(Suggestion {
                    text: d.slice(start, end).unwrap().to_owned(),
                    start,
                    end,
                    label: ["person", "position", "metric", "target"][label].into(),
                    source: "t".into(),
                    score: 1.0,
                });
            }
        }
        let keys: Vec<(usize, usize, String)> =
            d.suggestions.iter().map(|s| (s.start, s.end, s.label.clone())).collect();
        for r in relations_vi(&d) {
            proptest::prop_assert!(keys.contains(&r.from) && keys.contains(&r.to));
        }
    }
}

/// A speaker that opens its sentence (nothing before it) made the
/// look for "theo" index before the first word: a panic that stopped
/// `gloss suggest` and the GUI's suggest on such a sentence.
#[test]
fn a_speaker_that_opens_the_sentence_is_read() {
    let d = doc("[position: Bí thư Tỉnh ủy] [person: Nguyễn Văn An] cho biết [metric: GRDP năm 2023 tăng 7,5%].");
    let found = pairs(&d);
    assert!(
        found.contains(&"holds Nguyễn Văn An -> Bí thư Tỉnh ủy".to_owned()),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("reported-by GRDP")),
        "{found:?}"
    );
}

/// Suggestions passed as `extra` (found, not applied yet) and the token
/// table's sentences give what the document holding them gives.
#[test]
fn extra_suggestions_and_given_sentences_give_what_the_document_gives() {
    let d = doc("Đồng chí [person: Nguyễn Văn A], [position: Bí thư Tỉnh ủy], cho biết [metric: GRDP tăng 7%].\n\
         [position: Chủ tịch UBND tỉnh] [person: Trần Thị B] nêu rõ: [target: phấn đấu thu 10 tỷ đồng].");
    let whole = relations_vi(&d);
    assert!(whole.len() >= 3, "{whole:?}");
    let mut part = d.clone();
    let extra = part.suggestions.split_off(2);
    let table = crate::suggest::doc_tokens::DocTokens::new(&part);
    assert_eq!(relations_vi_in(&part, &extra, &table.sentences), whole);
}

#[test]
fn long_gaps_link_nothing_and_short_ones_are_read() {
    let chars: Vec<char> = " , hiện nay  giữ chức ".chars().collect();
    assert!(short_gap(&chars, 0, chars.len()));
    assert_eq!(
        link_gap(&chars, 0, chars.len()).as_deref(),
        Some(", hiện nay  giữ chức")
    );
    let long: Vec<char> = " a b c d e f g ".chars().collect();
    assert!(!short_gap(&long, 0, long.len()));
    assert!(short_gap(&long, 0, 12));
    let g = link_gap(&long, 0, long.len()).unwrap();
    assert!(!chain_gap(&g) && !copula_gap(&g) && !title_name_gap(&g));
    assert_eq!(link_gap(&long, 3, 2), None);
    // Every gap a link accepts fits.
    for g in [
        ", kiêm nguyên",
        ", hiện nay giữ chức",
        " , đồng chí",
        "là PGS.TS Nguyễn",
    ] {
        let c: Vec<char> = g.chars().collect();
        assert!(short_gap(&c, 0, c.len()), "{g}");
    }
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
        got.contains(&"reported-by thu ngân sách đạt 100 tỷ đồng -> Phạm Ngọc Thưởng".to_owned()),
        "{got:?}"
    );
    assert!(
        got.contains(&"reported-by GRDP tăng 7% -> Hà Thị Mai".to_owned()),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.contains("Xuất khẩu")), "{got:?}");
}

#[test]
fn kiem_chains_copulas_and_clause_opening_titles() {
    let d = doc("Ông [person: Lò Văn Tâm], [position: Phó Bí thư Huyện ủy] kiêm [position: Chủ tịch UBND huyện], dự lễ. Chị [person: Mai] là [position: Giám đốc hợp tác xã]. [position: Trưởng ban] là TS [person: Vũ Hòa]. Gặp [position: Đại sứ], ông [person: Kim] nói. [position: Chủ tịch xã], ông [person: Tòng] cho hay.");
    assert_eq!(
        pairs(&d)
            .into_iter()
            .filter(|p| p.starts_with("holds"))
            .collect::<Vec<_>>(),
        [
            "holds Lò Văn Tâm -> Phó Bí thư Huyện ủy",
            "holds Lò Văn Tâm -> Chủ tịch UBND huyện",
            "holds Mai -> Giám đốc hợp tác xã",
            "holds Vũ Hòa -> Trưởng ban",
            "holds Tòng -> Chủ tịch xã",
        ]
    );
}

#[test]
fn speakers_behind_titles_affiliations_lists_pronouns_and_labels() {
    let d = doc("Theo ThS. [person: Đỗ An], [metric: số ca giảm 10%]. BS [person: Hà Vy], [position: Trưởng khoa Nhi], Bệnh viện tỉnh, cho biết [metric: 40 ca nhập viện].\nÔng [person: Lý Sơn] cho biết kết quả:\n- [metric: 12 xã đạt chuẩn];\n- [metric: 3 huyện đạt chuẩn].\n\n[metric: 5 xã chưa đạt].\n\nChị [person: Lan] là chủ cửa hàng. Theo chị, [metric: doanh thu tăng 20%].\n\nBà [person: Thu]: Năm nay [metric: lãi 9 tỷ đồng].");
    let got = pairs(&d);
    for want in [
        "reported-by số ca giảm 10% -> Đỗ An",
        "reported-by 40 ca nhập viện -> Hà Vy",
        "reported-by 12 xã đạt chuẩn -> Lý Sơn",
        "reported-by 3 huyện đạt chuẩn -> Lý Sơn",
        "reported-by doanh thu tăng 20% -> Lan",
        "reported-by lãi 9 tỷ đồng -> Thu",
    ] {
        assert!(got.contains(&want.to_owned()), "{want}: {got:?}");
    }
    // The list ends at the blank line.
    assert!(!got.iter().any(|g| g.contains("5 xã")), "{got:?}");
}
