//! Entities: people (with their titles), organisations and places.
//!
//! * Places: the embedded gazetteer of provinces, cities and counties (full names and
//!   short forms, `襄阳` for `襄阳市`), matched on token boundaries, plus names ending in
//!   镇/乡/街道/社区/村/小区 built from the tokens before the suffix.
//! * Organisations: a token ending in an organisation suffix (局, 委, 厅, 部, 院, 党委,
//!   支部, 工委 …) extended left over places, level words and nouns
//!   (`湖北省襄阳市市场监督管理局`, `区委统战部党总支`).
//! * People: a two- or three-character name starting with a surname, after a title
//!   (`局长郭方芳`, `区委书记冯卫华`) or an organisation, or before `同志`.
//!
//! The scanner runs on Simplified text with its tagged tokens.

use std::sync::OnceLock;

use crate::extract::{CharFilter, FastMap, FastSet};
use crate::segment::Token;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A person.
    Person,
    /// A party, government or other organisation.
    Organization,
    /// An administrative division or a named locality.
    Place,
}

impl EntityKind {
    /// Returns `person`, `organization` or `place`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// An entity found in a text; offsets are bytes into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// What it is.
    pub kind: EntityKind,
    /// For a person, the byte span of the title written before the name (`区委书记`).
    pub title: Option<(usize, usize)>,
}

const GAZETTEER: &str = include_str!("../../data/gazetteer.tsv");
const SURNAMES: &str = include_str!("../../data/surnames.txt");

/// Short forms that are also common words, never read as places on their own.
const AMBIGUOUS_SHORT_FORMS: &[&str] = &[
    "和平",
    "河东",
    "河西",
    "城区",
    "郊区",
    "矿区",
    "新区",
    "示范区",
    "工业园",
    "高新区",
    "开发区",
    "市中",
    "城中",
    "城北",
    "城南",
    "城东",
    "城西",
    "南部",
    "东方",
    "前进",
    "合作",
    "平安",
    "安定",
    "友好",
    "东风",
    "解放",
    "复兴",
    "新华",
    "光明",
    "港口",
    "长子",
    "公安",
    "通道",
    "比如",
    "延长",
    "互助",
    "共和",
    "富裕",
    "振兴",
    "宏伟",
    "大方",
    "中方",
    "会同",
    "清水",
    "芙蓉",
    "新兴",
    "永和",
    "太和",
    "工农",
    "建华",
    "大堂",
    "三元",
    "南岸",
    "石门",
    "洞口",
    "莲花",
    "万年",
    "大名",
    "运河",
    "航空港",
    "二七",
    "台前",
    "同心",
    "明显",
    "严峻",
    "团结",
    "和顺",
    "安全",
    "文明",
    "民主",
    "富民",
    "宁安",
    "建平",
    "名山",
    "安居",
    "前锋",
    "三台",
    "五台",
    "二道",
    "龙泉",
    "大观",
    "日照",
    "大同",
];

/// How a gazetteer name may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceName {
    /// A full name (`襄阳市`), or the short form of a province or city (`襄阳`).
    Sure,
    /// The short form of a county (`九台`): a place only where the segmenter tags it `ns`.
    CountyShortForm,
}

/// The place names of the gazetteer (full and short forms).
fn places() -> &'static FastMap<&'static str, PlaceName> {
    &places_and_filter().0
}

/// The gazetteer names, and a filter of their first characters (most tokens are rejected by
/// the filter before any hashing).
fn places_and_filter() -> &'static (FastMap<&'static str, PlaceName>, CharFilter) {
    static PLACES: OnceLock<(FastMap<&'static str, PlaceName>, CharFilter)> = OnceLock::new();
    PLACES.get_or_init(|| {
        let names = gazetteer_names();
        let filter = CharFilter::new(names.keys().filter_map(|n| pair_key(n)));
        (names, filter)
    })
}

/// The first two characters of `name` folded into one character-sized key for the
/// [`CharFilter`] of gazetteer names (`None` for names shorter than two characters).
fn pair_key(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    char::from_u32((first as u32).wrapping_mul(31).wrapping_add(second as u32) & 0xffff).or(Some('\u{0}'))
}

/// Reads the embedded gazetteer.
fn gazetteer_names() -> FastMap<&'static str, PlaceName> {
    {
        let mut names = FastMap::default();
        for line in GAZETTEER.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (level, name, short) = (fields.next(), fields.next(), fields.next());
            if let Some(name) = name.filter(|n| !n.is_empty()) {
                names.insert(name, PlaceName::Sure);
            }
            if let Some(short) = short.filter(|s| s.chars().count() >= 2 && !AMBIGUOUS_SHORT_FORMS.contains(s)) {
                let kind = if level == Some("county") { PlaceName::CountyShortForm } else { PlaceName::Sure };
                names.entry(short).or_insert(kind);
            }
        }
        names
    }
}

/// True when `name` may be a gazetteer name: two characters or more, its first two those
/// of some name (up to the filter's collisions).
fn may_be_place(name: &str) -> bool {
    pair_key(name).is_some_and(|key| places_and_filter().1.may_contain(key))
}

/// True when `name` is a gazetteer place: a full name, a province's or city's short form,
/// or a county's short form where the segmenter tagged it as a place (`pos == "ns"`).
pub fn is_gazetteer_place_tagged(name: &str, pos: &str) -> bool {
    if !may_be_place(name) {
        return false;
    }
    match places().get(name) {
        Some(PlaceName::Sure) => true,
        Some(PlaceName::CountyShortForm) => pos == "ns",
        None => false,
    }
}

/// True when `name` is any gazetteer name, including the ambiguous short forms of counties
/// (`九台` for 九台区).
pub fn is_gazetteer_name(name: &str) -> bool {
    places().contains_key(name)
}

/// True when `name` is a gazetteer place (full name, or a province's or city's short form).
pub fn is_gazetteer_place(name: &str) -> bool {
    is_gazetteer_place_tagged(name, "")
}

/// Single-character and compound surnames.
fn surnames() -> &'static (Vec<char>, FastSet<&'static str>) {
    static SURNAME_TABLE: OnceLock<(Vec<char>, FastSet<&'static str>)> = OnceLock::new();
    SURNAME_TABLE.get_or_init(|| {
        let mut single = Vec::new();
        let mut compound = FastSet::default();
        for word in SURNAMES.lines().filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace) {
            let mut chars = word.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => single.push(c),
                (Some(_), Some(_)) => {
                    compound.insert(word);
                }
                _ => {}
            }
        }
        single.sort_unstable();
        single.dedup();
        (single, compound)
    })
}

/// The length in characters of the surname `name` starts with (0 for none).
fn surname_len(name: &str) -> usize {
    let (single, compound) = surnames();
    // Compound surnames are two characters: look the first two up (a hash probe, not a
    // scan of the list for every token).
    if let Some((second_end, c)) = name.char_indices().nth(1) {
        if compound.contains(&name[..second_end + c.len_utf8()]) {
            return 2;
        }
    }
    name.chars().next().is_some_and(|c| single.binary_search(&c).is_ok()) as usize
}

/// Organisation suffixes, matched at the end of a token.
const ORG_SUFFIXES: &[&str] = &[
    "委员会",
    "办公室",
    "办事处",
    "指挥部",
    "卫生院",
    "研究院",
    "检验院",
    "委",
    "局",
    "厅",
    "部",
    "办",
    "院",
    "所",
    "会",
    "中心",
    "党委",
    "党组",
    "支部",
    "总支",
    "工委",
    "政府",
    "医院",
    "集团",
    "公司",
    "监委",
    "纪委",
    "大学",
    "学校",
    "银行",
    "协会",
    "站",
    "署",
    "馆",
    "法院",
    "网",
    "报社",
    "电视台",
    "服务队",
    "突击队",
    "工作队",
    "党支部",
    "党总支",
];

/// Tokens that begin or continue an organisation's name as a level or scope.
const ORG_LEVEL_WORDS: &[&str] = &[
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "村",
    "街",
    "省直",
    "市直",
    "区直",
    "县直",
    "中央",
    "国家",
    "省委",
    "市委",
    "区委",
    "县委",
    "镇党委",
    "市局",
    "区局",
    "全国",
    "直属",
    "机关",
    "直属机关",
    "省政府",
    "市政府",
    "区政府",
];

/// Generic words that end like organisations but name none (`党组织`, `该部`).
const GENERIC_ORGS: &[&str] = &[
    "党组织",
    "基层党组织",
    "社会",
    "机关",
    "支部",
    "党委",
    "党组",
    "单位",
    "部门",
    "各部",
    "全部",
    "内部",
    "外部",
    "干部",
    "局部",
    "底部",
    "头部",
    "大会",
    "机会",
    "社会",
    "学会",
    "体会",
    "会",
    "部",
    "局",
    "委",
    "院",
    "所",
    "办",
    "站",
    "网",
    "中心",
    "重心",
    "核心",
    "决心",
    "信心",
    "一线",
    "工作",
    "局面",
    "结局",
    "大局",
    "全局",
    "布局",
    "格局",
    "网络",
    "上网",
    "联网",
    "防控网",
    "一张网",
    "服务队",
    "工作队",
    "总部",
    "俱乐部",
    "班子",
    "两委",
    "村两委",
    "居委",
    "党员",
    "当局",
    "骨干",
    "开会",
    "会议",
    "协会",
    "公司",
    "医院",
    "学校",
    "大学",
];

/// Words that end like an organisation but are not one (`干部` ends with 部).
const NOT_ORG_ENDINGS: &[&str] = &[
    "干部",
    "部署",
    "全部",
    "内部",
    "外部",
    "局部",
    "会议",
    "机会",
    "社会",
    "大会",
    "体会",
    "结局",
    "大局",
    "布局",
    "格局",
    "网络",
    "防护网",
    "防控网",
    "一张网",
    "场所",
    "住院",
    "出院",
    "入院",
    "就会",
    "才会",
    "学会",
    "开会",
    "理会",
    "都会",
    "不会",
    "将会",
    "工作部署",
    "决策部署",
    "细部",
    "面部",
    "头部",
    "背部",
    "领会",
    "聚会",
    "约会",
];

/// Titles written before a name.
const TITLES: &[&str] = &[
    "总书记",
    "副书记",
    "书记",
    "副局长",
    "局长",
    "副主任",
    "主任",
    "副部长",
    "部长",
    "副组长",
    "组长",
    "秘书长",
    "副区长",
    "区长",
    "副市长",
    "市长",
    "副县长",
    "县长",
    "副省长",
    "省长",
    "镇长",
    "村长",
    "主席",
    "副主席",
    "院长",
    "副院长",
    "厅长",
    "副厅长",
    "处长",
    "科长",
    "所长",
    "队长",
    "站长",
    "社长",
    "委员",
    "常委",
    "干部",
    "党员",
    "记者",
    "通讯员",
    "医生",
    "护士",
    "民警",
    "教授",
    "经理",
    "董事长",
    "负责人",
    "工作者",
    "志愿者",
    "网格员",
    "军人",
    "队员",
    "同学",
    "老党员",
    "党员干部",
    "监察员",
    "检察官",
    "法官",
    "主任医师",
    "班长",
    "专干",
    "村医",
    "组员",
    "所长",
];

/// Words that are never names even after a title (`局长为`, `书记带领`).
fn looks_like_name(name: &str) -> bool {
    let chars = name.chars().count();
    let surname = surname_len(name);
    surname > 0 && (2..=3).contains(&chars) && chars > surname && name.chars().all(crate::mojibake::is_han)
}

/// The word lists as hash sets, built once: each token is checked against several lists, so
/// linear scans over them would dominate the extraction time.
struct WordSets {
    org_suffixes: SuffixSet,
    not_org_endings: SuffixSet,
    org_level_words: SuffixSet,
    titles: SuffixSet,
    generic_orgs: FastSet<&'static str>,
}

/// A word list matched at the end of tokens, with the last characters of its words: most
/// tokens end with a character no word ends with and are rejected by one probe.
struct SuffixSet {
    words: FastSet<&'static str>,
    last_chars: CharFilter,
}

impl SuffixSet {
    fn new(words: &[&'static str]) -> Self {
        Self {
            words: words.iter().copied().collect(),
            last_chars: CharFilter::new(words.iter().filter_map(|w| w.chars().next_back())),
        }
    }

    /// True when `word` itself is in the list.
    fn contains(&self, word: &str) -> bool {
        word.chars().next_back().is_some_and(|last| self.last_chars.may_contain(last)) && self.words.contains(word)
    }
}

fn sets() -> &'static WordSets {
    static SETS: OnceLock<WordSets> = OnceLock::new();
    SETS.get_or_init(|| WordSets {
        org_suffixes: SuffixSet::new(ORG_SUFFIXES),
        not_org_endings: SuffixSet::new(NOT_ORG_ENDINGS),
        org_level_words: SuffixSet::new(ORG_LEVEL_WORDS),
        titles: SuffixSet::new(TITLES),
        generic_orgs: GENERIC_ORGS.iter().copied().collect(),
    })
}

/// True when one of the last one to five characters of `word` is a member of `set`.
fn ends_with_member(set: &SuffixSet, word: &str) -> bool {
    word.chars().next_back().is_some_and(|last| set.last_chars.may_contain(last))
        && word.char_indices().rev().take(5).any(|(i, _)| set.words.contains(&word[i..]))
}

/// Finds the entities of Simplified `text` with its tagged `tokens`, in text order.
pub fn scan(text: &str, tokens: &[Token<'_>]) -> Vec<Entity> {
    let mut found = Vec::new();
    let word = |t: &Token<'_>| &text[t.start..t.end];
    // Each token's organisation roles, worked out once: `organization_at` looks at a window
    // of up to seven tokens from every start.
    let roles: Vec<OrgRole> = tokens.iter().map(|t| org_role(word(t), t.pos)).collect();
    let mut index = 0;
    while index < tokens.len() {
        let token = tokens[index];
        if token.pos == "x" {
            // Punctuation starts no name.
            index += 1;
            continue;
        }
        if let Some(person) = person_at(text, tokens, &roles, index) {
            found.push(person);
            index += 1;
            continue;
        }
        let organization =
            organization_at(text, tokens, &roles, index).or_else(|| institution_at(text, tokens, &roles, index));
        if let Some((org, next)) = organization {
            // Places named inside an organisation are reported too.
            found.extend(places_within(text, &tokens[index..next]));
            found.push(org);
            index = next;
            continue;
        }
        if let Some((place, next)) = locality_at(text, tokens, index) {
            found.push(place);
            index = next;
            continue;
        }
        if is_gazetteer_place_tagged(word(&token), token.pos) {
            found.push(Entity { start: token.start, end: token.end, kind: EntityKind::Place, title: None });
        }
        index += 1;
    }
    found.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    found
}

/// The gazetteer places among `tokens` (inside an organisation name).
fn places_within(text: &str, tokens: &[Token<'_>]) -> Vec<Entity> {
    tokens
        .iter()
        .filter(|t| is_gazetteer_place_tagged(&text[t.start..t.end], t.pos))
        .map(|t| Entity { start: t.start, end: t.end, kind: EntityKind::Place, title: None })
        .collect()
}

/// What a token can be in an organisation name.
#[derive(Debug, Clone, Copy)]
struct OrgRole {
    /// It can be a part of the name (`湖北省`, `市场`).
    part: bool,
    /// It can end the name (`监督管理局`, `工委`).
    head: bool,
    /// It is an administrative-level word (`市委`, `区`).
    level: bool,
    /// It ends with an organisation suffix (`管理局`): a name may follow it.
    org_end: bool,
    /// It ends with a title (`书记`, `局长`): a name may follow it.
    title_end: bool,
}

/// The organisation roles of the token `w` tagged `pos`.
fn org_role(w: &str, pos: &str) -> OrgRole {
    if pos == "x" {
        // Punctuation and spaces.
        return OrgRole { part: false, head: false, level: false, org_end: false, title_end: false };
    }
    let org_end = ends_with_member(&sets().org_suffixes, w);
    let title_end = ends_with_member(&sets().titles, w);
    let nominal = is_nominal(pos);
    let level = sets().org_level_words.contains(w);
    if !nominal && pos != "nt" && !level {
        // Verbs, particles and punctuation are no part of an organisation name.
        return OrgRole { part: false, head: false, level, org_end, title_end };
    }
    let head = org_end && !ends_with_member(&sets().not_org_endings, w);
    let part = (nominal || level) && w.chars().count() <= 6 && !sets().titles.contains(w);
    OrgRole { part, head, level, org_end, title_end }
}

/// True for tokens that can be part of a name (nouns, places, abbreviations).
fn is_nominal(pos: &str) -> bool {
    matches!(pos, "n" | "nz" | "nt" | "ns" | "ng" | "vn" | "j" | "b" | "nrt" | "l")
}

/// The index of the last organisation head in the run of name parts that starts at token
/// `from` and spans at most `max` tokens, if the run has one.
fn last_head_in_run(roles: &[OrgRole], from: usize, max: usize) -> Option<usize> {
    let run = roles.iter().enumerate().skip(from).take(max).take_while(|(_, role)| role.part || role.head);
    run.filter(|(_, role)| role.head).map(|(i, _)| i).last()
}

/// The organisation ending at token `index` or a few tokens after it, if any: returns it and
/// the index after its last token.
fn organization_at(text: &str, tokens: &[Token<'_>], roles: &[OrgRole], index: usize) -> Option<(Entity, usize)> {
    let word = |i: usize| tokens.get(i).map_or("", |t| &text[t.start..t.end]);
    let last = last_head_in_run(roles, index, 7)?;
    let (start, end) = (tokens[index].start, tokens[last].end);
    let name = &text[start..end];
    let scoped = roles[index..=last].iter().any(|r| r.level)
        || (index..=last).any(|k| is_gazetteer_place(word(k)))
        || tokens[index..=last].iter().any(|t| t.pos == "nt")
        || name.chars().count() >= 5;
    if !scoped || sets().generic_orgs.contains(name) || name.chars().count() < 2 {
        return None;
    }
    Some((Entity { start, end, kind: EntityKind::Organization, title: None }, last + 1))
}

/// Heads that make the proper name right before them an organisation without any
/// administrative word (`北辰医院`, `北辰中医医院`).
const INSTITUTION_HEADS: &[&str] =
    &["医院", "卫生院", "学校", "大学", "中学", "小学", "幼儿园", "公司", "集团", "银行", "报社", "电视台"];

/// The institution named by a proper name (tagged as a person, place or other name) and
/// up to three name parts ending in an [`INSTITUTION_HEADS`] word; returns it and the index
/// after its last token.
fn institution_at(text: &str, tokens: &[Token<'_>], roles: &[OrgRole], index: usize) -> Option<(Entity, usize)> {
    let name = tokens.get(index)?;
    if !matches!(name.pos, "nr" | "nrt" | "nz" | "ns") {
        return None;
    }
    // A person's name before `医院` is more often a visitor than a hospital (`张三说医院`,
    // which jieba tags as one name): those are left out.
    if name.pos.starts_with("nr") && looks_like_name(text.get(name.start..name.end)?) {
        return None;
    }
    let last = last_head_in_run(roles, index + 1, 3)?;
    let last_token = tokens.get(last)?;
    let head = text.get(last_token.start..last_token.end)?;
    if !INSTITUTION_HEADS.iter().any(|h| head.ends_with(h)) {
        return None;
    }
    Some((Entity { start: name.start, end: last_token.end, kind: EntityKind::Organization, title: None }, last + 1))
}

/// Suffixes of localities below the county level.
const LOCALITY_SUFFIXES: &[&str] = &["街道", "社区", "小区", "镇", "乡", "村", "街"];

/// Words that come before a locality suffix without naming one (`联系点社区`).
const GENERIC_LOCALITY_PARTS: &[&str] = &[
    "联系点",
    "居住地",
    "联系",
    "所在",
    "各",
    "该",
    "本",
    "全",
    "城乡",
    "农村",
    "基层",
    "街道",
    "居民",
    "一线",
    "防控",
    "社区",
    "小区",
    "对口",
    "城市",
    "新",
    "老",
    "每个",
    "周边",
    "辖区",
    "相关",
    "乡镇",
    "村镇",
    "疫情",
    "全区",
    "全市",
];

/// True when `word` ends with the last character of a locality suffix (a cheap test before
/// the suffix lists are searched).
fn ends_like_locality(word: &str) -> bool {
    matches!(word.chars().next_back(), Some('道' | '区' | '镇' | '乡' | '村' | '街'))
}

/// A named locality (`天穆镇`, `群英街道`, `毛纺小区`, `宝翠花都社区`) at token `index`.
fn locality_at(text: &str, tokens: &[Token<'_>], index: usize) -> Option<(Entity, usize)> {
    let word = |i: usize| tokens.get(i).map_or("", |t| &text[t.start..t.end]);
    let first = tokens.get(index)?;
    if !is_nominal(first.pos) && !first.pos.starts_with("nr") && first.pos != "ns" {
        return None;
    }
    // One token that already ends with a suffix (`天穆镇`), or name tokens then a suffix token.
    let own = word(index);
    if !ends_like_locality(own) && !ends_like_locality(word(index + 1)) && !ends_like_locality(word(index + 2)) {
        return None;
    }
    if let Some(suffix) = LOCALITY_SUFFIXES.iter().find(|s| own.ends_with(**s) && own.len() > s.len()) {
        let stem = &own[..own.len() - suffix.len()];
        if !GENERIC_LOCALITY_PARTS.contains(&stem) && !LOCALITY_SUFFIXES.contains(&stem) && first.pos == "ns" {
            return Some((
                Entity { start: first.start, end: first.end, kind: EntityKind::Place, title: None },
                index + 1,
            ));
        }
    }
    for length in 1..=2 {
        let suffix_index = index + length;
        let suffix = word(suffix_index);
        if !LOCALITY_SUFFIXES.contains(&suffix) {
            continue;
        }
        let stem_generic = (index..suffix_index).any(|k| GENERIC_LOCALITY_PARTS.contains(&word(k)));
        let stem_nominal = (index..suffix_index)
            .all(|k| tokens.get(k).is_some_and(|t| (is_nominal(t.pos) && t.pos != "vn") || t.pos.starts_with("nr")));
        if stem_generic || !stem_nominal {
            return None;
        }
        let end = tokens[suffix_index].end;
        return Some((Entity { start: first.start, end, kind: EntityKind::Place, title: None }, suffix_index + 1));
    }
    None
}

/// A person at token `index`: a name after a title or organisation, or before `同志`.
fn person_at(text: &str, tokens: &[Token<'_>], roles: &[OrgRole], index: usize) -> Option<Entity> {
    let word = |i: usize| tokens.get(i).map_or("", |t| &text[t.start..t.end]);
    let token = tokens.get(index)?;
    // Cheap context test first: a name needs a title or organisation before it, or `同志`
    // / `等` after its one or two tokens.
    let previous_role = index.checked_sub(1).and_then(|i| roles.get(i));
    let comrade_after = |i: usize| {
        let mut chars = word(i).chars();
        matches!((chars.next(), chars.next()), (Some('同'), Some('志')) | (Some('等'), None))
    };
    let after_title = previous_role.is_some_and(|r| r.title_end);
    let after_org_suffix = previous_role.is_some_and(|r| r.org_end);
    if !comrade_after(index + 1) && !comrade_after(index + 2) && !after_title && !after_org_suffix {
        return None;
    }
    // The name is this token, or a one-character surname token joined with the next one.
    let (name_end_index, name) = candidate_name(text, tokens, index)?;
    let end = tokens[name_end_index].end;
    let previous = index.checked_sub(1).map(word).unwrap_or("");
    let next = word(name_end_index + 1);
    let after_org = after_org_suffix && previous.chars().count() >= 2;
    let before_comrade = next.starts_with("同志") || next == "等";
    // A surname joined with a character jieba knows only as a rare morpheme (`刘`+`偦`) is as
    // good a name as one jieba tags nr.
    let rare_given_name = name_end_index > index && tokens.get(index + 1).is_some_and(|t| t.pos == "zg");
    let tagged = token.pos.starts_with("nr") || name.ends_with('某') || rare_given_name;
    if !(after_title || before_comrade || after_org && tagged) {
        return None;
    }
    let title = after_title.then(|| title_span(text, tokens, index)).flatten();
    Some(Entity { start: token.start, end, kind: EntityKind::Person, title })
}

/// The name at token `index`: the token itself when it looks like a name, or a surname token
/// joined with one or two following one-character tokens (`刘`+`旭瑞`). Returns the index
/// of its last token and the name.
fn candidate_name<'t>(text: &'t str, tokens: &[Token<'_>], index: usize) -> Option<(usize, &'t str)> {
    let token = tokens.get(index)?;
    let own = &text[token.start..token.end];
    if looks_like_name(own) && (token.pos.starts_with("nr") || own.ends_with('某')) {
        return Some((index, own));
    }
    // A conjunction or preposition that is also a surname (`和`, `与`) starts no name.
    if own.chars().count() == 1 && surname_len(own) == 1 && !matches!(token.pos, "c" | "p") {
        let next = tokens.get(index + 1)?;
        let joined = &text[token.start..next.end];
        let function_word = matches!(
            next.pos,
            "v" | "vn" | "p" | "c" | "u" | "uj" | "ul" | "d" | "r" | "m" | "f" | "ad" | "n" | "a" | "q"
        );
        if looks_like_name(joined) && !function_word || joined.ends_with('某') {
            return Some((index + 1, joined));
        }
    }
    None
}

/// The title before the name at token `index`: the title token, with the organisation
/// token right before it when there is one (`区委` + `书记`).
fn title_span(text: &str, tokens: &[Token<'_>], index: usize) -> Option<(usize, usize)> {
    let title = tokens.get(index.checked_sub(1)?)?;
    let mut start = title.start;
    if let Some(before) = index.checked_sub(2).and_then(|i| tokens.get(i)) {
        let w = &text[before.start..before.end];
        let is_org = ends_with_member(&sets().org_suffixes, w) || sets().org_level_words.contains(w);
        if is_org && before.end == title.start && w.chars().count() <= 5 {
            start = before.start;
        }
    }
    Some((start, title.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::default_segmenter;

    fn entities(text: &str) -> Vec<(String, EntityKind, Option<String>)> {
        let tokens = default_segmenter().tokens(text);
        scan(text, &tokens)
            .into_iter()
            .map(|e| (text[e.start..e.end].to_string(), e.kind, e.title.map(|(s, t)| text[s..t].to_string())))
            .collect()
    }

    #[test]
    fn people_with_titles() {
        let found = entities("区委书记冯卫华,区委副书记、区长王宝雨率先垂范。");
        let people: Vec<_> = found.iter().filter(|e| e.1 == EntityKind::Person).collect();
        assert_eq!(people[0].0, "冯卫华");
        assert_eq!(people[0].2.as_deref(), Some("区委书记"));
        assert_eq!(people[1].0, "王宝雨");
        assert_eq!(people[1].2.as_deref(), Some("区长"));
    }

    #[test]
    fn person_before_comrade() {
        let found = entities("郭方芳同志第一时间赶赴小区");
        assert!(found.iter().any(|e| e.0 == "郭方芳" && e.1 == EntityKind::Person));
    }

    #[test]
    fn organisations_and_places() {
        let found = entities("湖北省襄阳市市场监督管理局坚定履行主体责任");
        assert!(
            found.iter().any(|e| e.0 == "湖北省襄阳市市场监督管理局" && e.1 == EntityKind::Organization),
            "{found:?}"
        );
        assert!(found.iter().any(|e| e.0 == "湖北省" && e.1 == EntityKind::Place));
        let found = entities("赴江苏江阴调运防护服生产原料");
        assert!(found.iter().any(|e| e.0 == "江苏" && e.1 == EntityKind::Place), "{found:?}");
    }

    #[test]
    fn institutions_named_by_a_proper_name() {
        let found = entities("北辰医院和北辰中医医院在接到上级紧急通知后");
        let orgs: Vec<&str> = found.iter().filter(|e| e.1 == EntityKind::Organization).map(|e| e.0.as_str()).collect();
        assert_eq!(orgs, vec!["北辰医院", "北辰中医医院"], "{found:?}");
        for text in ["张三说医院很忙", "李明到医院看望病人"] {
            let found = entities(text);
            assert!(found.iter().all(|e| e.1 != EntityKind::Organization), "{found:?}");
        }
    }

    #[test]
    fn person_with_a_rare_given_name_after_an_organisation() {
        let found = entities("市委组织部刘偦夫妻二人都投身防控一线");
        assert!(found.iter().any(|e| e.0 == "刘偦" && e.1 == EntityKind::Person), "{found:?}");
        assert!(found.iter().any(|e| e.0 == "市委组织部" && e.1 == EntityKind::Organization));
        for text in ["北辰医院和北辰中医医院", "每天都在党员志愿者和普通群众间上演"] {
            let found = entities(text);
            assert!(found.iter().all(|e| e.1 != EntityKind::Person), "{found:?}");
        }
    }

    #[test]
    fn surnames_table() {
        assert_eq!(surname_len("欧阳修"), 2);
        assert_eq!(surname_len("郭方芳"), 1);
        assert_eq!(surname_len("的确"), 0);
    }
}
