//! `rules-vi`: hand-written rules for Vietnamese news, following the
//! annotation guidelines. Matching runs on syllable tokens and folded keys
//! (see [`super::fold`]), so `Ủy`/`Uỷ` and case variants match alike; every
//! suggestion keeps the text as written. Offsets are chars.
//!
//! - position ([`position`]): a title head written with a capital, then
//!   organisation tails and names; time words in front (`nguyên`, `tân`)
//!   stay outside.
//! - person ([`person`]): capitalized syllables starting with a surname, or
//!   after a form of address, or an ALL-CAPS byline; never inside a position.
//! - metric / target ([`figure`]): a number with its unit and the indicator
//!   phrase around it.
//!
//! The word lists live in [`names`], [`titles`] and [`figure_words`], folded
//! once into the shared [`lexicon`].

mod figure;
mod figure_words;
mod lexicon;
mod names;
mod person;
mod phrase;
mod position;
mod titles;
mod tok;

use super::doc_tokens::DocTokens;
use crate::model::{Document, Suggestion};
pub(crate) use tok::token_facts;
use tok::Tok;

const SOURCE: &str = "rules-vi";

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

/// Suggestions of the rules for one document, sorted by (start, end, label).
pub fn rules_vi(doc: &Document) -> Vec<Suggestion> {
    rules_vi_on(doc, &DocTokens::new(doc))
}

/// [`rules_vi`] on the document's shared token table (made once for all
/// engines).
pub fn rules_vi_on(doc: &Document, table: &DocTokens<'_>) -> Vec<Suggestion> {
    let toks = Tok::all(table);
    let breaks = tok::line_breaks(&toks, &doc.text);
    let mut out = Vec::new();
    let pos = position::positions(&toks, &breaks);
    for &(a, b) in &pos {
        out.push(suggestion(doc, &toks, a, b, "position", 0.9));
    }
    for (a, b, score) in person::persons(&toks, &breaks, &pos) {
        out.push(suggestion(doc, &toks, a, b, "person", score));
    }
    for (a, b, label) in figure::figures(doc, table, &toks, &breaks) {
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

    /// The speaker and the verb of saying are not part of the figure.
    #[test]
    fn a_figure_starts_after_a_verb_of_saying() {
        check("[position: Bí thư Tỉnh ủy] [person: Nguyễn Văn An] cho biết [metric: GRDP năm 2022 tăng 7,5%].");
        check("Ông [person: Hòa] nhấn mạnh [metric: vốn FDI đạt 620 triệu USD].");
    }

    #[test]
    fn titles_before_and_after_names() {
        check("[position: Chủ tịch UBND tỉnh] [person: Hồ Tiến Thiệu] chủ trì.");
        check("Bà [person: Hà Thị Mai], [position: Giám đốc Sở Tài chính], cho biết.");
        check("[position: Thủ tướng] [person: Phạm Minh Chính] đến thăm.");
    }

    /// Offices of ministries and their departments, whose names hold
    /// office words (`Khoa học` after `Bộ`), lower-case parts after a comma
    /// (closed by a second comma and the verb) or `độc lập`; a rare
    /// surname after a bare title is a person, not part of an office.
    #[test]
    fn ministry_offices_and_names_with_commas() {
        check(
            "Ông [person: Khổng Văn Lợi], [position: Vụ trưởng Vụ Ngân sách nhà nước], cho biết.",
        );
        check("[position: Giám đốc Sở Khoa học và Công nghệ] [person: Lê Văn Tám] phát biểu.");
        check("Bà [person: Trần Thị Hạnh], [position: Phó Cục trưởng Cục Quản lý, giám sát chất lượng], cho biết.");
        check("[position: Thẩm phán] [person: Ngạc Thị Lan] chủ tọa.");
        check("Đồng chí [person: Lò Văn Ban], [position: Tỉnh ủy viên], [position: Bí thư Huyện ủy Mường Tè], phát biểu.");
        check("Ông [person: Mạc Đăng Khoa] làm [position: Thành viên HĐQT độc lập] của công ty.");
        check("Bà [person: Vi Thị Hoa], [position: Giám đốc Quỹ Phát triển đất tỉnh], cho biết.");
        check("[position: Phó Tỉnh trưởng tỉnh Champasak] đến thăm.");
    }

    /// An apposition to a person runs to its closing comma (or `của`):
    /// lower-case parts, foreign names and a person's name inside a
    /// company's name; `phòng, chống` is one name; a title right before
    /// the given name of a person the article named in full ends there;
    /// a bare capitalized office word after a title is part of it.
    #[test]
    fn appositions_given_names_and_bare_offices() {
        check("Bà [person: Lý Thị Hạnh], [position: Trưởng Ban quản lý chợ], cho biết.");
        check("Ông [person: Đặng Văn Sơn], [position: Tổng giám đốc Công ty Dược phẩm Green Valley Pharma], cho biết.");
        check("Ông [person: Mai Văn Hùng], [position: Giám đốc Công ty CP Xây dựng Lê Lợi], đơn vị thi công, cho biết.");
        check("Ông [person: Kim Jae-won], [position: Giám đốc kinh doanh] của tập đoàn, cho biết.");
        check("Thiếu tá [person: Lê Văn Tám], [position: Phó Đội trưởng Đội phòng, chống tội phạm ma túy], cho biết.");
        check("[position: Phó Chủ tịch UBND tỉnh] [person: Trần Văn Khải] đến kiểm tra. [position: Phó Chủ tịch] [person: Khải] yêu cầu.");
        check("[position: Phó Giám đốc Sở] cho biết.");
        // Not an apposition to a person: the scan's own end stands.
        check("Theo đó, [position: Phó Chủ tịch UBND tỉnh] [person: Lê Văn Tám], đã ký.");
        // A place whose last word is a given name in the article stays whole.
        check(
            "Ông [person: Trương Công Hòa], [position: Phó Chủ tịch UBND TP Biên Hòa], đến thăm.",
        );
        // Lists of officials: the next person's name is no apposition.
        check("Dự có [position: Phó Thủ tướng] [person: Trần Lưu Quang], [position: Bộ trưởng Bộ Y tế] [person: Đào Hồng Lan], [position: Chủ tịch UBND tỉnh] [person: Lê Văn Tám].");
        // After a place name the sentence goes on, not the office.
        check("Ông [person: Trần Văn Minh], [position: Giám đốc Sở Tài chính tỉnh Nghệ An] xác nhận sự việc, đồng thời nói thêm.");
        // Not after a person: a place before the comma.
        check("Tại Hà Nội, [position: Phó Chủ tịch] Hội đồng thi đua khen thưởng, ngày 5.");
        // A country is no given name, even when someone is called so.
        check("[position: Đại sứ Nga] đến. Ông [person: Lê Văn Nga] nói.");
        // A verb of reporting ends the run.
        check("Ông [person: Đinh Văn Hải], [position: Giám đốc Công ty Hải Nam] thừa nhận sai sót, rồi xin lỗi.");
        // No closing comma before a verb: nothing more is taken.
        check("Ông [person: Hồ Văn Nam], [position: Giám đốc Sở Y tế] cho biết ngành y tế sẽ làm việc, họp.");
    }

    /// Compounds whose second syllable is a stop word elsewhere (`hàng
    /// không`, `đổi mới`, `nông thôn mới`), degrees before a name, Hmong
    /// names with `A`, border posts, co-founders, spokespersons and
    /// hamlet heads.
    #[test]
    fn compounds_degrees_and_more_heads() {
        check("Ông [person: Lê Văn Tám], [position: Giám đốc Cảng hàng không quốc tế Cát Bi], cho biết.");
        check("[position: Phó Giám đốc Trung tâm Đổi mới sáng tạo quốc gia] [person: Hà Thị Hoa] phát biểu.");
        check("PGS.TS [person: Trần Văn Hùng], [position: Trưởng khoa Nội tiết], cho biết.");
        check("[position: Phó Chủ tịch UBND tỉnh] [person: Giàng A Páo] chủ trì.");
        check("Thiếu tá [person: Lê Văn Tám], [position: Đồn trưởng Đồn Biên phòng Cửa khẩu Tây Trang], cho biết.");
        check("Bà [person: Hà Thị Hoa], [position: Đồng sáng lập] kiêm [position: Giám đốc điều hành], cho biết.");
        check("Ở xóm Mới, [position: trưởng xóm] [person: Bùi Văn Lành] vận động bà con.");
        check("Ông [person: Lê Văn Tám] tiếp tục giữ chức [position: Chủ tịch Liên đoàn].");
    }

    /// Offices as the guidelines and official usage write them: `Phó`
    /// before any title, a bracketed short form inside (but not at the
    /// end), `phụ trách` an office, a branch in a province, ward and town
    /// councils, newspapers, members' councils, the Youth Union.
    #[test]
    fn deputies_brackets_branches_and_councils() {
        check("[position: Phó Chính ủy Bộ đội Biên phòng tỉnh] [person: Lò Văn Sơn] phát biểu.");
        check("[position: Phó Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh] [person: Vàng A Chinh] cho biết.");
        check("Ông [person: Trần Văn Hùng], [position: Chủ tịch Hội đồng quản trị (HĐQT) Công ty Sông Hồng], phát biểu.");
        check("Ông [person: Trần Văn Hùng], [position: Chủ tịch Hội đồng quản trị] (HĐQT), phát biểu.");
        check(
            "[position: Phó Giám đốc phụ trách Sở Nội vụ] [person: Hà Quang Trung] ký quyết định.",
        );
        check("[position: Giám đốc Ngân hàng Nhà nước chi nhánh tỉnh Nghệ An] [person: Nguyễn Văn Lộc] cho biết.");
        check("[position: Chủ tịch UBND phường Bến Nghé] [person: Nguyễn Văn Hiếu] cho biết.");
        check("[position: Tổng Biên tập Báo Nhân Dân] [person: Lê Quốc Minh] phát biểu.");
        check("Bà [person: Phạm Thị Lan], [position: Chủ tịch Hội đồng thành viên Tổng công ty Điện lực miền Bắc], cho biết.");
        check("[position: Bí thư Đoàn Thanh niên tỉnh] [person: Lý Thị Hoa] phát biểu.");
        // In lower case `báo` is a verb (to report), not a newspaper.
        check("[position: Chủ tịch UBND xã] báo Công an huyện vào cuộc.");
        // `Phó` before a title that needs an organisation needs one too.
        check("Ông [person: Lê Văn Tám], Phó Thư ký, cho biết.");
        // An address word is no part of an office name between commas.
        check("[position: Giám đốc Sở Y tế], bác sĩ chuyên khoa, cho biết.");
        // `Đoàn` alone is a surname, not an office word.
        check("[position: Bí thư Tỉnh ủy] [person: Đoàn Văn Việt] phát biểu.");
    }

    /// A name the document gives to a company, street or award is that
    /// thing again where no cue says it is a person.
    #[test]
    fn a_name_of_a_thing_stays_a_thing_in_the_headline() {
        check("Thủy sản Nguyễn Trung Trực báo lãi\n\nCông ty cổ phần Thủy sản Nguyễn Trung Trực vừa công bố.");
        check("Thủy sản Nguyễn Trung Trực: Lợi nhuận giảm\n\nCông ty cổ phần Thủy sản Nguyễn Trung Trực (mã NTT), doanh nghiệp xuất khẩu tôm, vừa công bố.");
        check("Giải thưởng Tạ Quang Bửu trao cho 3 nhà khoa học. Giải mang tên GS [person: Tạ Quang Bửu].");
        // A name after a position is a person, here and where it recurs.
        check("[position: Chủ tịch UBND tỉnh] [person: Hồ Tiến Thiệu] chủ trì.\n[person: Hồ Tiến Thiệu] cho biết.");
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

    #[test]
    fn streets_schools_companies_and_places_are_not_persons() {
        check("Xe tải đi trên đường Hoàng Văn Thụ và Trần Hưng Đạo.");
        check(
            "Trường THPT chuyên Phan Bội Châu dẫn đầu, tiếp theo là Trường THPT Huỳnh Thúc Kháng.",
        );
        check("Công ty cổ phần Đầu tư hạ tầng Hoàng Hoa Thám có lãi.");
        check("Đoàn đến TP Hồ Chí Minh, rồi sang Hà Lan và Châu Âu.");
        check("Vận động viên ở xã La Pán Tẩn về nhất.");
    }

    #[test]
    fn rare_surnames_ranks_and_names_after_titles() {
        check("Đại tá [person: Lù Văn Cường] dự họp.");
        check("Thiếu tướng [person: Đậu Văn Kỳ] cho biết.");
        check("[position: Giám đốc Sở Y tế] [person: Sùng A Hồ] yêu cầu.");
        check("[position: Bí thư Huyện ủy Hà Quảng] [person: Triệu Đình Lê] phát biểu.");
        check("[position: Đại sứ] [person: Kang Min-seok] và ông [person: Marieke de Vries] đến.");
        check("bầu [position: Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy]\n\nCùng đó, hội nghị họp.");
    }

    #[test]
    fn given_names_and_initials_after_a_cue() {
        check("Bà [person: Như] nói: “Kết quả tốt”.");
        check("HĐXX tuyên phạt bị cáo [person: Vĩnh] 12 năm tù.");
        check("Bệnh nhân là bà [person: N.T.H]. (62 tuổi), anh [person: T]. đã tỉnh.");
        check("Theo anh [person: O'Brien], đường chạy khó.");
    }

    #[test]
    fn organisation_names_go_on_past_lower_case_words() {
        check("Ông [person: Trần Văn Bình], [position: Phó Cục trưởng Cục Chất lượng, Chế biến và Phát triển thị trường], cho biết.");
        check("Theo bà [person: Nguyễn Thị Như], [position: quyền Trưởng phòng Quản lý chất lượng Sở GD&ĐT], tỷ lệ tăng.");
        check("[position: Giám đốc Sở Tài nguyên và Môi trường] ký quyết định.");
        check("[position: Giám đốc Trung tâm Kiểm soát bệnh tật tỉnh Lai Châu] [person: Tẩn Văn Lở] nói.");
        check("Ông [person: Joost Hendriks], [position: Tổng Lãnh sự Hà Lan tại TP Hồ Chí Minh].");
    }

    #[test]
    fn bare_and_company_titles() {
        check("[position: Thứ trưởng] đề nghị các trường chuẩn bị.");
        check("Bà [person: Đinh Thu Trang], [position: Tổng giám đốc], cho biết.");
        check("Ông [person: Lê Minh Khôi], [position: Giám đốc Tài chính], trình bày.");
        check("bà [person: Trần Ngọc Diệp], [position: Tổng giám đốc Công ty cổ phần Nông sản Cửu Long Xanh], về ngành.");
        check("Ông [person: Phạm Quang Vinh], [position: Chủ tịch HĐQT] chủ tọa đại hội.");
    }

    /// Session 11's general forms: rarer surnames (Kinh and of the
    /// minorities) end a position before the name; `phụ trách` a field;
    /// an ambassador's full title and no embassy; counsellors; the comma
    /// compounds of fire and rescue units; a residents' group head; `lĩnh`
    /// (to be sentenced) ends a name; national team coaches; `Việc làm`
    /// and `Nhiệt đới` inside names.
    #[test]
    fn rarer_surnames_fields_ambassadors_and_teams() {
        check("[position: Thứ trưởng Bộ Tư pháp] [person: Khưu Minh Tài] chủ trì, sau đó [position: Thứ trưởng] [person: Tài] kết luận.");
        check("[position: Bí thư Đảng ủy phường] [person: Uông Đức Hưng] cho biết.");
        check("[position: Trưởng thôn Nậm Pẻn] [person: Pờ Lý Xá] phát biểu.");
        check("Ông [person: Hà Văn Tư] giữ chức [position: Phó Chủ tịch UBND phường phụ trách văn hóa – xã hội]; bà [person: Lê Thị Hoa] dự.");
        check("Ông [person: Lê Văn Tám], [position: Đại sứ đặc mệnh toàn quyền Việt Nam tại Lào], cho biết.");
        check("Bà [person: Lê Thị Hoa], [position: Tham tán thương mại], Đại sứ quán Việt Nam tại Nhật Bản, cho biết.");
        check(
            "Ông [person: Lê Văn Tám], [position: Giám đốc điều hành Công ty Sao Mai] Logistics.",
        );
        check(
            "Bà [person: Anna Weber], [position: Giám đốc Công ty Zentrix Engineering], cho biết.",
        );
        check("Không có [position: Đại sứ] nào tới Đại sứ quán Pháp.");
        check("Thượng tá [person: Lê Văn Tám], [position: Trưởng phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh Bình Dương], cho biết.");
        check("Ông [person: Lê Văn Tám], [position: tổ trưởng tổ dân phố số 3], cho biết.");
        check("Nguyên [position: Trưởng phòng Kiểm tra thuế] lĩnh 7 năm tù.");
        check("[position: HLV trưởng đội tuyển bóng chuyền nữ quốc gia] [person: Lê Văn Tám] cho biết.");
        check("Bà [person: Lê Thị Hoa], [position: Giám đốc Bệnh viện Bệnh Nhiệt đới Trung ương], cho biết.");
        check("Ông [person: Lê Văn Tám], [position: Cục trưởng Cục Việc làm], cho biết.");
        // A given name of the document that begins a word is no name there.
        check("Ông [person: Lê Văn Tài] và bà [person: Hà Thị Hoa], [position: Giám đốc Tài chính], dự.");
    }

    /// A second reading's counter-examples to the forms above: places,
    /// years and verbs that begin like the rarer surnames, a country before
    /// a foreign name, a club, a document's number, a coach's verb,
    /// `lĩnh vực`, a person after a company's foreign name, a building.
    #[test]
    fn rarer_forms_leave_places_years_and_verbs_alone() {
        check("Người dân Uông Bí đổ ra đường.");
        check("Dịp Tết Nhâm Dần, giá hoa tăng.");
        check("Dịp Tết Giáp Thìn, giá hoa tăng.");
        check("Trình Quốc hội xem xét đề án.");
        check("Nhiều Mạnh Thường Quân đã ủng hộ.");
        check("Đàng Trong và Đàng Ngoài.");
        check("[position: Thủ tướng Đan Mạch] [person: Mette Frederiksen] phát biểu.");
        check("[position: HLV trưởng CLB Sông Lam Nghệ An] cho biết.");
        check(
            "Theo quyết định của [position: Thủ tướng Chính phủ] số 1234/QĐ-TTg, tỉnh được giao.",
        );
        check("[position: HLV trưởng đội tuyển] quyết định gọi thêm cầu thủ.");
        check("[position: Phó Trưởng ban Ban Chỉ đạo lĩnh vực an toàn] phát biểu.");
        check("Ông [person: Hà Văn Tư], [position: Phó Chủ tịch UBND xã phụ trách lĩnh vực văn hóa – xã hội], cho biết.");
        check("[position: Giám đốc Công ty Intel] John Smith cho biết.");
        check("Tòa Công sứ Hòa Bình được trùng tu.");
        check("Ông [person: Chế Linh] và ông [person: Bàn Văn Hai] dự.");
    }
}
