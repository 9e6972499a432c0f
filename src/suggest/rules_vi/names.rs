//! Word lists for persons: surnames, forms of address, and the cue words
//! before capitalized names that are places, streets, schools or companies.
//! Lowercase; matched on folded keys.

pub(super) const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "lò", "lương", "đinh", "trịnh", "đoàn", "đào", "cao", "mai", "tô",
    "tạ", "hà", "chu", "vi", "lâm", "la", "triệu", "quách", "hứa", "kiều", "thái", "mạc", "lục",
    "nông", "vương", "tống", "lưu", "phùng", "đàm", "tăng", "thân", "kim", "sầm", "hầu", "giang",
    "mông", "lã", "khổng", "văn", "đồng", "ninh", "châu", "tôn", "doãn", "lại", "thạch", "âu",
    "lăng", "mẫn", "nghiêm", "quan", "trương", "khúc", "khuất", "bạch", "cù", "đới", "diệp",
    "điêu", "hàn", "khương", "lạc", "liêu", "lữ", "lư", "mã", "ngụy", "phí", "tào", "thiều",
    "tiêu", "ứng", "ung", "vưu", "lỗ", "nhữ", "kha", "giáp", "cấn", "chung", "bế", "cầm", "lù",
    "tẩn", "tòng", "vàng", "giàng", "sùng", "thào", "hờ", "mùa", "lầu", "chảo", "sồng", "tráng",
    "quàng", "vừ", "đậu", "lự", "lìu", "sơn", "ksor", "niê", "siu", "rơ", "y", "hạng", "cứ",
    // Rarer Kinh surnames (not those that begin common words or names of
    // other things at the start of a sentence: `Trình` (to submit), `Nhâm`
    // (`Nhâm Dần`, a year), `Mạnh` (`Mạnh Thường Quân`), `Đan` and `Mạch`
    // (`Đan Mạch`), `Lam` (`Sông Lam Nghệ An`), `Đàng` (`Đàng Trong`)).
    "khưu", "bành", "biện", "chử", "đổng", "hạ", "lều", "nhan", "thới", "thôi", "ưng", "lãnh",
    "quản", "sái", "thang", "thiệu", "tiết", "uông", "vĩnh", "đái", "ôn", "cổ",
    // Of the minorities: Dao (Bàn, Phàn, Phùn, Chẩu), Thái (Lường, Khà,
    // Ngần, Lèo), Nùng (Nịnh), Hà Nhì (Pờ, Ly, Lỳ, Sần, Phìn), Chăm (Chế),
    // Ê Đê and Gia Rai (Kpă, Byă, Mlô, Hwing, Ayun, Rcom), Tày (Bạc).
    "bàn", "phàn", "phùn", "chẩu", "lường", "khà", "ngần", "lèo", "nịnh", "pờ", "ly", "lỳ", "sần",
    "phìn", "chế", "kpă", "byă", "mlô", "hwing", "ayun", "rcom", "bạc", "sa",
];

/// The ten heavenly stems and twelve earthly branches: `Giáp Thìn`, `Nhâm
/// Dần` are years, not persons.
pub(super) const YEAR_STEMS: &[&str] = &[
    "giáp", "ất", "bính", "đinh", "mậu", "kỷ", "canh", "tân", "nhâm", "quý",
];
pub(super) const YEAR_BRANCHES: &[&str] = &[
    "tý", "sửu", "dần", "mão", "mẹo", "thìn", "tỵ", "tị", "ngọ", "mùi", "thân", "dậu", "tuất",
    "hợi",
];

/// Surnames that also begin common place names (`Hà Lan`, `Châu Âu`, `Cao
/// Bằng`, `Hàn Quốc`): two capitalized syllables starting with one of these
/// and no cue are a place; with any other surname, a person (`Phạm
/// Quỳnh`, `Đỗ Mười`).
pub(super) const PLACE_LIKE_SURNAMES: &[&str] = &[
    "hà", "châu", "cao", "đào", "âu", "đồng", "thái", "giang", "sơn", "lâm", "hồ", "quan", "kim",
    "la", "văn", "ninh", "mai", "thạch", "y", "tô", "bạch", "lạc", "hàn", "tiêu", "vi", "mã",
    "lục", "long", "an", "lào", "mông", "tây", "bắc", "nam", "đông", "hoàng", "phan", "vũ", "chu",
    "lý", "thân", "tân", "hải", "lạng", "hầu", "trà", "kiều", "ngô", "hạ", "lam", "đan", "cổ",
    "sa", "vĩnh", "bạc", "ôn", "uông", "thới", "thiệu", "quản", "ayun",
];

/// Capitalized sequences after these are places, not people.
pub(super) const PLACE_CUES: &[&str] = &[
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

pub(super) const ADDRESS_CUES: &[&str] = &[
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
    "cháu",
    "cô",
    "thầy",
    "bác sĩ",
    "bs",
    "bị cáo",
    "bị can",
    "đối tượng",
    "bệnh nhân",
    "bị hại",
    "nghệ nhân",
    "vận động viên",
    "cầu thủ",
    "tiền vệ",
    "tiền đạo",
    "hậu vệ",
    "trung vệ",
    "thủ môn",
    "tay chèo",
    "thiếu tướng",
    "trung tướng",
    "thượng tướng",
    "đại tướng",
    "đại tá",
    "thượng tá",
    "trung tá",
    "thiếu tá",
    "đại úy",
    "thượng úy",
    "trung úy",
    "thiếu úy",
    "ngài",
];

/// Capitalized words that open the name of a thing (a school, a company, a
/// street, a fund): a person's name inside it is no person
/// (`Trường THPT chuyên Phan Bội Châu`, `đường Hoàng Văn Thụ`).
pub(super) const THING_CUES: &[&str] = &[
    "đường",
    "phố",
    "đại lộ",
    "ngõ",
    "hẻm",
    "cầu",
    "chợ",
    "trường",
    "công ty",
    "tổng công ty",
    "tập đoàn",
    "quỹ",
    "tượng đài",
    "bệnh viện",
    "sân",
    "sân vận động",
    "nhà văn hóa",
    "quảng trường",
    "khu công nghiệp",
    "giải",
    "viện",
    "đền",
    "chùa",
    "khu di tích",
];

/// Lower-case particles inside foreign names (`de Vries`, `van Dijk`).
pub(super) const NAME_PARTICLES: &[&str] =
    &["de", "van", "von", "der", "den", "da", "di", "le", "la"];

/// Countries written as one syllable after a title (`Thủ tướng Anh`,
/// `Tổng thống Nga`, `Đại sứ Pháp`), some of them given names too.
pub(super) const ONE_WORD_COUNTRIES: &[&str] = &[
    "anh", "nga", "pháp", "đức", "mỹ", "nhật", "úc", "ý", "lào", "thái", "hàn", "trung", "ấn",
    "bỉ", "séc", "cuba", "chile", "peru", "iran", "iraq", "israel",
];
