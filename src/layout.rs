//! Stage 3: page layout — gives every line of a normalised report a [`LineKind`].
//!
//! A scraped report is a stack of lines: site banners and breadcrumbs, the title, a meta
//! line (date, source, click counter), the body with its section headings, photo
//! placeholders and captions, an editor line, a "related articles" block, and footer
//! boilerplate (navigation bars, copyright, ICP numbers). The classifier works in three
//! passes: it finds the header (meta line and title), the footer (editor, related block,
//! boilerplate), and then classifies each line of the body by its own form and that of
//! its neighbours. Nothing is dropped: every line, blank ones included, gets a kind.

use std::cell::OnceCell;
use std::sync::OnceLock;

use memchr::memmem::Finder;
use regex::Regex;

/// What a line of a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LineKind {
    /// The headline.
    Title,
    /// Date, source, click counter, font-size switches and similar page furniture.
    Meta,
    /// A line that is only a dateline (`新华社北京3月1日电`).
    Dateline,
    /// A section heading inside the body.
    Heading,
    /// A paragraph of the body.
    Body,
    /// A photo caption.
    Caption,
    /// A placeholder left where an image was (`\`, `[图片]`).
    Image,
    /// An editor line (`(责编:崔新耀、王浩)`).
    Editor,
    /// Site furniture: banners, breadcrumbs, navigation bars, share links, copyright, ICP.
    Boilerplate,
    /// A "related articles" block and everything that belongs to it.
    Related,
    /// An empty line.
    Blank,
}

impl LineKind {
    /// Returns the lower-case name used by the Python API.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Title => "title",
            LineKind::Meta => "meta",
            LineKind::Dateline => "dateline",
            LineKind::Heading => "heading",
            LineKind::Body => "body",
            LineKind::Caption => "caption",
            LineKind::Image => "image",
            LineKind::Editor => "editor",
            LineKind::Boilerplate => "boilerplate",
            LineKind::Related => "related",
            LineKind::Blank => "blank",
        }
    }

    /// Every kind, in the order of [`LineKind::as_str`] documentation.
    pub const ALL: [LineKind; 11] = [
        LineKind::Title,
        LineKind::Meta,
        LineKind::Dateline,
        LineKind::Heading,
        LineKind::Body,
        LineKind::Caption,
        LineKind::Image,
        LineKind::Editor,
        LineKind::Boilerplate,
        LineKind::Related,
        LineKind::Blank,
    ];

    /// Returns true for the kinds that make up the clean text (body and headings).
    pub fn is_text(self) -> bool {
        matches!(self, LineKind::Body | LineKind::Heading)
    }
}

/// One line of the normalised report with its kind and byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line's text, without its line break.
    pub text: &'a str,
    /// What the line is.
    pub kind: LineKind,
    /// Byte offset of the line's start in the normalised text.
    pub start: usize,
    /// Byte offset of the line's end (before its `\n`).
    pub end: usize,
}

/// An editor label at the start of a line, after any `【纠错】`-style buttons:
/// `(责编:`, `责任编辑：`, `【纠错】 责任编辑：`, `[责编：`.
pub(crate) const EDITOR_LABEL: &str = concat!(
    r"^(?:[【\[][^】\]]{1,6}[】\]]\s*)*[(（\[【]?\s*(?:责编|責編|责任编辑|責任編輯|编辑|編輯|编审|編審|审核|審核|",
    r"审校|審校|校对|校對|值班编辑|值班編輯|终审|終審|初审|初審|监制|監製|主编|主編|美编|美編)\s*[:：]\s*"
);

/// A pattern anchored at the start of the line, with the characters a match can begin with:
/// most lines begin with none of them and skip the regex.
struct Anchored {
    regex: Regex,
    /// Every character a match can begin with, besides whitespace (`\s` in the pattern).
    first: &'static [char],
    /// Bit `c % 256` set for each character of `first`: most lines are ruled out by it alone.
    first_bits: [u64; 4],
}

impl Anchored {
    fn new(pattern: &str, first: &'static [char]) -> Self {
        let mut first_bits = [0u64; 4];
        for &c in first {
            let bit = c as usize % 256;
            first_bits[bit / 64] |= 1 << (bit % 64);
        }
        Self { regex: Regex::new(pattern).expect("static regex"), first, first_bits }
    }

    fn is_match(&self, text: &str) -> bool {
        let may_begin = text.chars().next().is_none_or(|c| {
            let bit = c as usize % 256;
            c.is_whitespace() || (self.first_bits[bit / 64] & (1 << (bit % 64)) != 0 && self.first.contains(&c))
        });
        may_begin && self.regex.is_match(text)
    }
}

/// The characters a numbered heading can begin with.
const NUMBERED_HEADING_FIRST: [char; 33] = [
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '(', '（', '第', '0', '1', '2', '3', '4', '5', '6',
    '7', '8', '9', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩',
];

struct Patterns {
    full_date: Regex,
    meta_marker: Regex,
    meta_only: Anchored,
    editor: Anchored,
    attribution_line: Anchored,
    related_start: Anchored,
    boilerplate_anywhere: Regex,
    boilerplate_start: Regex,
    image: Anchored,
    button_row: Anchored,
    caption_start: Anchored,
    numbered_heading: Anchored,
    /// Only tried on lines ending in 电, 電, 讯 or 訊, the only way a match can end.
    dateline_only: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |pattern: &str| Regex::new(pattern).expect("static regex");
        Patterns {
            full_date: re(r"(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"),
            meta_marker: re(
                r"来源|來源|稿源|点击|點擊|浏览|瀏覽|阅读|閱讀|作者|发布|發布|發佈|编辑|編輯|字号|字號|\||时间|時間",
            ),
            meta_only: Anchored::new(
                concat!(
                r"^(?:[【\[(（]?\s*)(?:来源|來源|稿源|出处|出處|作者|发布时间|發布時間|發佈時間|发布日期|时间|時間|",
                r"点击|點擊|点击数|浏览次数|瀏覽次數|阅读|閱讀|字号|字號|分享到)\s*[:：]|",
                r"^(?:[大中小]字[号號]|字[号號][:：]?\s*[大中小 ]*|打印|【打印】|默认|默認)$|^(?:点击|點擊|浏览|瀏覽)[:：]?\s*\d*\s*次?$"
            ),
                &['【', '[', '(', '（', '来', '來', '稿', '出', '作', '发', '發', '时', '時', '点', '點', '浏', '瀏', '阅', '閱', '字', '分', '大', '中', '小', '打', '默'],
            ),
            editor: Anchored::new(
                EDITOR_LABEL,
                &['【', '[', '(', '（', '责', '責', '编', '編', '审', '審', '校', '值', '终', '終', '初', '监', '監', '主', '美'],
            ),
            attribution_line: Anchored::new(
                r"^[(（][^()（）]{1,60}?(?:供稿|供图|供圖|撰稿|报道|報道|報導|采写|採寫|摄影|攝影)\s*[)）]$",
                &['(', '（'],
            ),
            related_start: Anchored::new(
                concat!(
                r"^[【\[]?\s*(?:推荐阅读|推薦閱讀|相关阅读|相關閱讀|相关新闻|相關新聞|相关文章|相關文章|延伸阅读|延伸閱讀|",
                r"热点推荐|熱點推薦|更多精彩|猜你喜欢|猜你喜歡|相关链接|相關鏈接|热门推荐|熱門推薦|往期回顾|往期回顧|",
                r"精彩推荐|精彩推薦|为您推荐|為您推薦)\s*[】\]]?\s*[:：]?$"
            ),
                &['【', '[', '推', '相', '延', '热', '熱', '更', '猜', '往', '精', '为', '為'],
            ),
            // Split in two so that the unanchored half starts every alternative with a
            // literal (the regex crate then searches for those first) and the other half
            // only looks at the start of the line.
            boilerplate_anywhere: re(concat!(
                r"(?i)copyright|版权所有|版權所有|版权声明|版權聲明|icp备|icp證|icp证|公网安备|公網安備|",
                r"未经许可不得转载|未經許可不得轉載|",
                r"未经(?:授权|许可|書面授權|授權|許可)|未經(?:授權|許可)|禁止转载|禁止轉載|务经书面授权|務經書面授權|",
                r"不代表本[网站網]|不代表\p{Han}{0,12}(?:观点|觀點|立场|立場)|依法追究|",
                r">>|&gt;&gt;"
            )),
            boilerplate_start: re(concat!(
                r"(?i)^(?:分享到|分享让更多人看到|分享讓更多人看到|返回顶部|返回頂部|",
                r"打印本页|打印本頁|关闭窗口|關閉窗口|【纠错】|【糾錯】|扫一扫|掃一掃|本网原创|本網原創|收藏本页|",
                r"上一篇|下一篇|上一则|下一则|上一則|下一則|上一条|下一条|上一條|下一條|网友评论|網友評論|我要评论|",
                r"我要評論|点击排行|點擊排行|返回首页|返回首頁|",
                r"(?:主办|主辦|承办|承辦|协办|協辦|技术支持|技術支持|网站标识码|網站標識碼|网站地图|網站地圖)\s*(?:单位|單位)?\s*[:：]|",
                r"(?:首页|首頁)\s*[>›»]|[\p{Han}A-Za-z]{2,12}(?:网|網|频道|頻道)\s*[>›»])"
            )),
            image: Anchored::new(
                r"^(?:[\\/|]|[\[【(（]?(?:图片|圖片|图|圖|image|img|photo|视频|視頻)\d*[\]】)）]?)$",
                &['\\', '/', '|', '[', '【', '(', '（', '图', '圖', 'i', 'p', '视', '視'],
            ),
            button_row: Anchored::new(
                r"^(?:[【\[][^】\]]{1,12}[】\]]\s*)+$",
                &['【', '['],
            ),
            caption_start: Anchored::new(
                r"^(?:[△▲▽▼↑↓]|(?:图|圖)\s*[0-9一二三四五六七八九十]*\s*[:：]|(?:图为|圖為|图片来源|圖片來源)\s*[:：]?)",
                &['△', '▲', '▽', '▼', '↑', '↓', '图', '圖'],
            ),
            numbered_heading: Anchored::new(
                concat!(
                r"^(?:[一二三四五六七八九十]{1,3}\s*[、．.]|[(（][一二三四五六七八九十]{1,3}[)）]|",
                r"第[一二三四五六七八九十]{1,3}[章节節部分]|[0-9]{1,2}\s*[、．]|[①②③④⑤⑥⑦⑧⑨⑩])"
            ),
                &NUMBERED_HEADING_FIRST,
            ),
            dateline_only: re(r"^[\p{Han}A-Za-z]{2,16}?\d{1,2}月\d{1,2}日(?:电|電|讯|訊)$|^(?:本报讯|本報訊|本网讯|本網訊)$"),
        }
    })
}

/// Facts about one line that the classifier consults repeatedly.
struct LineInfo<'a> {
    text: &'a str,
    chars: usize,
    /// Contains a sentence-ending mark (。！？ or their half-width forms inside the line).
    has_sentence_end: bool,
    /// [`is_boilerplate`], once asked (the passes ask it of some lines more than once).
    boilerplate: OnceCell<bool>,
}

impl<'a> LineInfo<'a> {
    fn new(text: &'a str) -> Self {
        let chars = text.chars().count();
        let has_sentence_end = has_sentence_end(text);
        Self { text, chars, has_sentence_end, boilerplate: OnceCell::new() }
    }

    fn is_blank(&self) -> bool {
        self.chars == 0
    }
}

/// Returns true when `text` has a sentence-ending mark: 。！？；or `!`/`?` (found by their
/// bytes: this runs on every line).
fn has_sentence_end(text: &str) -> bool {
    static FULL_STOP: OnceLock<Finder<'static>> = OnceLock::new();
    let bytes = text.as_bytes();
    if FULL_STOP.get_or_init(|| Finder::new("。")).find(bytes).is_some() {
        return true;
    }
    // ！？；are U+FF01, U+FF1F and U+FF1B: EF BC 81, EF BC 9F and EF BC 9B.
    memchr::memchr3_iter(b'!', b'?', 0xEF, bytes)
        .any(|i| bytes[i] != 0xEF || matches!(bytes.get(i + 1..i + 3), Some([0xBC, 0x81 | 0x9F | 0x9B])))
}

const TITLE_MAX_CHARS: usize = 80;
const META_MAX_CHARS: usize = 100;
const HEADING_MAX_CHARS: usize = 30;
const NUMBERED_HEADING_MAX_CHARS: usize = 60;
const CAPTION_MAX_CHARS: usize = 80;
/// How many non-blank lines from the top may hold the meta line.
const HEADER_SEARCH_LINES: usize = 8;

/// Splits normalised text into lines and gives each its kind.
///
/// Returns one [`Line`] per `\n`-separated line of `text`, in order, covering it exactly.
pub fn classify(text: &str) -> Vec<Line<'_>> {
    let mut offsets = Vec::new();
    let mut start = 0;
    for piece in crate::normalize::lines_of(text) {
        offsets.push((start, start + piece.len()));
        start += piece.len() + 1;
    }
    let infos: Vec<LineInfo> = offsets.iter().map(|&(s, e)| LineInfo::new(&text[s..e])).collect();
    let kinds = classify_infos(&infos);
    offsets
        .into_iter()
        .zip(infos)
        .zip(kinds)
        .map(|(((start, end), info), kind)| Line { text: info.text, kind, start, end })
        .collect()
}

fn classify_infos(lines: &[LineInfo]) -> Vec<LineKind> {
    let mut kinds: Vec<Option<LineKind>> =
        lines.iter().map(|line| if line.is_blank() { Some(LineKind::Blank) } else { None }).collect();
    let body_start = mark_header(lines, &mut kinds);
    mark_footer(lines, &mut kinds, body_start);
    mark_body(lines, &mut kinds, body_start);
    kinds.into_iter().map(|kind| kind.unwrap_or(LineKind::Body)).collect()
}

fn non_blank<'a>(lines: &'a [LineInfo<'a>], from: usize) -> impl Iterator<Item = usize> + 'a {
    (from..lines.len()).filter(move |&i| !lines[i].is_blank())
}

fn is_meta_line(line: &LineInfo) -> bool {
    let p = patterns();
    if line.chars > META_MAX_CHARS || line.text.contains('。') {
        return false;
    }
    let dated = p.full_date.find(line.text);
    match dated {
        // A date at the very start, or a date beside a meta keyword, makes a meta line.
        Some(m) => m.start() <= 3 || p.meta_marker.is_match(line.text),
        None => p.meta_only.is_match(line.text),
    }
}

/// Furniture lines are short; a paragraph of running text is never searched for them.
const BOILERPLATE_MAX_CHARS: usize = 160;

fn is_boilerplate(line: &LineInfo) -> bool {
    *line.boilerplate.get_or_init(|| {
        line.chars <= BOILERPLATE_MAX_CHARS
            && (patterns().boilerplate_start.is_match(line.text)
                || patterns().boilerplate_anywhere.is_match(line.text)
                || is_navigation_bar(line)
                || is_button_row(line))
    })
}

/// A row of bracketed page buttons: `【打印】【关闭窗口】`, `【字体：大 中 小】`, `【详细】`.
fn is_button_row(line: &LineInfo) -> bool {
    patterns().button_row.is_match(line.text)
}

/// A bar of short links separated by `|` (`关于我们 | 联系我们 | 版权声明`).
fn is_navigation_bar(line: &LineInfo) -> bool {
    let bytes = line.text.as_bytes();
    static FULL_WIDTH_BAR: OnceLock<Finder<'static>> = OnceLock::new();
    let full_width = FULL_WIDTH_BAR.get_or_init(|| Finder::new("｜"));
    let bars = memchr::memchr_iter(b'|', bytes).count() + full_width.find_iter(bytes).count();
    if bars < 2 || line.has_sentence_end {
        return false;
    }
    let segments: Vec<&str> = line.text.split(['|', '｜']).map(str::trim).filter(|s| !s.is_empty()).collect();
    let short = segments.iter().filter(|s| s.chars().count() <= 10).count();
    short * 2 >= segments.len() && !segments.is_empty()
}

fn looks_like_title(line: &LineInfo) -> bool {
    line.chars <= TITLE_MAX_CHARS && !line.text.contains('。') && !is_boilerplate(line) && !is_meta_line(line)
}

/// Marks the banner, title and meta lines at the top.
///
/// Returns the index of the first line after the header.
fn mark_header(lines: &[LineInfo], kinds: &mut [Option<LineKind>]) -> usize {
    // The header ends at the first line of running text; meta lines further down (a
    // `來源:` after the body) belong to the footer.
    let first_text = non_blank(lines, 0)
        .find(|&i| {
            let line = &lines[i];
            (line.chars > 40 || line.text.contains('。')) && !is_meta_line(line) && !is_boilerplate(line)
        })
        .unwrap_or(lines.len());
    let top: Vec<usize> = non_blank(lines, 0).take(HEADER_SEARCH_LINES).filter(|&i| i < first_text).collect();
    let Some(meta_position) = top.iter().position(|&i| is_meta_line(&lines[i])) else {
        let candidates: Vec<usize> = non_blank(lines, 0).take(HEADER_SEARCH_LINES).collect();
        return mark_header_without_meta(lines, kinds, &candidates);
    };
    let meta_index = top[meta_position];
    let title = top[..meta_position].iter().rev().copied().find(|&i| looks_like_title(&lines[i]));
    for &i in &top[..meta_position] {
        kinds[i] = Some(match title {
            Some(t) if t == i => LineKind::Title,
            _ if is_boilerplate(&lines[i]) => LineKind::Boilerplate,
            // Lines above the title are banners; a long one is text and is kept.
            _ if lines[i].chars > 40 || lines[i].text.contains('。') => LineKind::Body,
            Some(t) if i > t => LineKind::Meta,
            _ => LineKind::Boilerplate,
        });
    }
    kinds[meta_index] = Some(LineKind::Meta);
    let mut next = meta_index + 1;
    // Further meta lines right under the first (`小字号`, `来源:…`).
    while let Some(i) = non_blank(lines, next).next() {
        if is_meta_line(&lines[i]) || (lines[i].chars <= 12 && is_boilerplate(&lines[i])) {
            kinds[i] = Some(if is_meta_line(&lines[i]) { LineKind::Meta } else { LineKind::Boilerplate });
            next = i + 1;
        } else {
            break;
        }
    }
    next
}

/// Without a meta line the title is the first line if it is short, unpunctuated and
/// followed by text; banners and breadcrumbs above it are boilerplate.
fn mark_header_without_meta(lines: &[LineInfo], kinds: &mut [Option<LineKind>], top: &[usize]) -> usize {
    let mut position = 0;
    while position < top.len() && is_boilerplate(&lines[top[position]]) && lines[top[position]].chars <= 40 {
        kinds[top[position]] = Some(LineKind::Boilerplate);
        position += 1;
    }
    let Some(&first) = top.get(position) else {
        return top.last().map_or(0, |&i| i + 1);
    };
    let line = &lines[first];
    let followed_by_text = top.get(position + 1).is_some_and(|&i| lines[i].has_sentence_end || lines[i].chars > 40);
    let title_like = looks_like_title(line)
        && line.chars <= 50
        && !line.text.ends_with(['：', ':'])
        && !patterns().numbered_heading.is_match(line.text)
        && !patterns().caption_start.is_match(line.text)
        && !patterns().editor.is_match(line.text);
    if title_like && followed_by_text {
        kinds[first] = Some(LineKind::Title);
        return first + 1;
    }
    first
}

/// Marks the editor lines, the related-articles block and boilerplate after the body.
fn mark_footer(lines: &[LineInfo], kinds: &mut [Option<LineKind>], body_start: usize) {
    let p = patterns();
    let related_from = non_blank(lines, body_start).find(|&i| p.related_start.is_match(lines[i].text));
    for i in body_start..lines.len() {
        if kinds[i].is_some() {
            continue;
        }
        let line = &lines[i];
        let in_related = related_from.is_some_and(|r| i >= r);
        let kind = if p.editor.is_match(line.text) && line.chars <= META_MAX_CHARS {
            Some(LineKind::Editor)
        } else if in_related && is_button_row(line) {
            Some(LineKind::Related)
        } else if !(line.chars > 60 && line.has_sentence_end) && is_boilerplate(line) {
            Some(LineKind::Boilerplate)
        } else if in_related {
            Some(LineKind::Related)
        } else {
            None
        };
        kinds[i] = kind;
    }
}

/// Classifies the remaining lines of the body.
fn mark_body(lines: &[LineInfo], kinds: &mut [Option<LineKind>], body_start: usize) {
    let p = patterns();
    let last_text = (body_start..lines.len()).rev().find(|&i| kinds[i].is_none()).unwrap_or(0);
    let mut after_image = false;
    for i in body_start..lines.len() {
        if kinds[i].is_some() {
            if kinds[i] != Some(LineKind::Blank) {
                after_image = false;
            }
            continue;
        }
        let line = &lines[i];
        let next = non_blank(lines, i + 1).next().map(|j| &lines[j]);
        let kind = if p.image.is_match(line.text) {
            LineKind::Image
        } else if p.caption_start.is_match(line.text) && line.chars <= 2 * CAPTION_MAX_CHARS {
            LineKind::Caption
        } else if line.text.ends_with(['电', '電', '讯', '訊']) && p.dateline_only.is_match(line.text) {
            LineKind::Dateline
        } else if is_trailing_meta(line) && (i >= last_text || line.chars <= 40) {
            LineKind::Meta
        } else if (after_image && line.chars <= CAPTION_MAX_CHARS && !line.has_sentence_end)
            || introduces_removed_photo(line, next)
        {
            LineKind::Caption
        } else if is_heading(line) {
            LineKind::Heading
        } else {
            LineKind::Body
        };
        after_image = kind == LineKind::Image;
        kinds[i] = Some(kind);
    }
}

/// A standalone source or attribution line: `來源:管理員`, `(某某 供稿)`.
fn is_trailing_meta(line: &LineInfo) -> bool {
    let p = patterns();
    line.chars <= META_MAX_CHARS
        && !line.text.contains('。')
        && (p.meta_only.is_match(line.text) || p.attribution_line.is_match(line.text))
}

/// A short unpunctuated line ending in a colon, whose photo was removed
/// (`区农业农村局工作人员在万达广场消毒:`). A colon line that leads into a quotation or a
/// list stays text.
fn introduces_removed_photo(line: &LineInfo, next: Option<&LineInfo>) -> bool {
    let ends_with_colon = line.text.trim_end().ends_with([':', '：']);
    if !ends_with_colon || line.chars > CAPTION_MAX_CHARS || line.has_sentence_end {
        return false;
    }
    match next {
        Some(next) => {
            !next.text.starts_with(['“', '"', '「', '『', '‘']) && !patterns().numbered_heading.is_match(next.text)
        }
        None => true,
    }
}

fn is_heading(line: &LineInfo) -> bool {
    if line.has_sentence_end || line.text.ends_with(['：', ':', '，', ',', '、']) {
        return false;
    }
    if patterns().numbered_heading.is_match(line.text) {
        return line.chars <= NUMBERED_HEADING_MAX_CHARS;
    }
    line.chars <= HEADING_MAX_CHARS && line.chars >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The boilerplate pattern before it was split in two (see `Patterns`).
    const SINGLE_BOILERPLATE: &str = concat!(
        r"(?i)copyright|版权所有|版權所有|版权声明|版權聲明|icp备|icp證|icp证|公网安备|公網安備|",
        r"未经许可不得转载|未經許可不得轉載|^(?:分享到|分享让更多人看到|分享讓更多人看到|返回顶部|返回頂部|",
        r"打印本页|打印本頁|关闭窗口|關閉窗口|【纠错】|【糾錯】|扫一扫|掃一掃|本网原创|本網原創|收藏本页|",
        r"上一篇|下一篇|上一则|下一则|上一則|下一則|上一条|下一条|上一條|下一條|网友评论|網友評論|我要评论|",
        r"我要評論|点击排行|點擊排行|返回首页|返回首頁)|",
        r"^(?:主办|主辦|承办|承辦|协办|協辦|技术支持|技術支持|网站标识码|網站標識碼|网站地图|網站地圖)\s*(?:单位|單位)?\s*[:：]|",
        r"未经(?:授权|许可|書面授權|授權|許可)|未經(?:授權|許可)|禁止转载|禁止轉載|务经书面授权|務經書面授權|",
        r"不代表本[网站網]|不代表\p{Han}{0,12}(?:观点|觀點|立场|立場)|依法追究|",
        r">>|&gt;&gt;|^(?:首页|首頁)\s*[>›»]|^[\p{Han}A-Za-z]{2,12}(?:网|網|频道|頻道)\s*[>›»]"
    );

    #[test]
    fn the_split_boilerplate_patterns_match_what_the_single_one_did() {
        let single = Regex::new(SINGLE_BOILERPLATE).unwrap();
        let p = patterns();
        let mut lines: Vec<String> =
            crate::samples::SAMPLE_REPORTS.iter().flat_map(|(_, text)| text.lines().map(str::to_string)).collect();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unseen");
        for entry in std::fs::read_dir(fixtures).unwrap().flatten() {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                lines.extend(
                    crate::decode::decode(&bytes, None, crate::OnError::Replace)
                        .unwrap()
                        .text
                        .lines()
                        .map(str::to_string),
                );
            }
        }
        let crafted = [
            "COPYRIGHT 2020",
            "Copyright © 人民网",
            "本站ICP备12345号",
            "京公网安备 11000002000001号",
            "分享到：",
            " 分享到",
            "返回顶部",
            "x返回顶部",
            "主办单位：某某",
            "主办 ：某某",
            "技术支持: 某公司",
            "首页 > 新闻",
            "首頁›要聞",
            "人民網>>吉林頻道",
            "吉林频道 » 正文",
            "新闻网 >",
            "a网>",
            "未经授权禁止转载",
            "未經許可",
            "本文不代表本站观点",
            "不代表作者立场",
            "不代表某某某某某某某某某某某某某观点",
            "依法追究责任",
            "a&gt;&gt;b",
            "上一篇：某文",
            "正文。上一篇",
            "我要评论",
            "【纠错】",
            "正文内容。",
            "",
        ];
        lines.extend(crafted.iter().map(|line| line.to_string()));
        for line in &lines {
            let split = p.boilerplate_start.is_match(line) || p.boilerplate_anywhere.is_match(line);
            assert_eq!(split, single.is_match(line), "{line:?}");
        }
        assert!(crafted.iter().filter(|line| single.is_match(line)).count() >= 20);
    }

    #[test]
    fn sentence_ends_are_found_by_their_bytes() {
        let marks = ['。', '！', '？', '!', '?', '；'];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("正文{c}正文");
            assert_eq!(has_sentence_end(&text), marks.contains(&c), "{c:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(&str, LineKind)> {
        classify(text).into_iter().filter(|l| l.kind != LineKind::Blank).map(|l| (l.text, l.kind)).collect()
    }

    #[test]
    fn header_with_banner_title_and_meta() {
        let text = "实时滚动新闻\n\n襄阳:让党旗在战“疫”一线高高飘扬!\n\n2020-02-17 湖北省市场监督管理局 点击:\n\n在新冠肺炎疫情防控战场上,襄阳市市场监督管理局坚定履行主体责任。";
        assert_eq!(
            kinds(text),
            vec![
                ("实时滚动新闻", LineKind::Boilerplate),
                ("襄阳:让党旗在战“疫”一线高高飘扬!", LineKind::Title),
                ("2020-02-17 湖北省市场监督管理局 点击:", LineKind::Meta),
                ("在新冠肺炎疫情防控战场上,襄阳市市场监督管理局坚定履行主体责任。", LineKind::Body),
            ]
        );
    }

    #[test]
    fn breadcrumbs_and_font_size_switch() {
        let text = "人民網\n人民網>>吉林頻道\n\n標題在這裡\n\n2022年04月01日14:11 | 來源:人民網-吉林頻道\n小字號\n\n正文第一段。";
        let got = kinds(text);
        assert_eq!(got[0].1, LineKind::Boilerplate);
        assert_eq!(got[1].1, LineKind::Boilerplate);
        assert_eq!(got[2], ("標題在這裡", LineKind::Title));
        assert_eq!(got[3].1, LineKind::Meta);
        assert_eq!(got[4], ("小字號", LineKind::Meta));
        assert_eq!(got[5].1, LineKind::Body);
    }

    #[test]
    fn body_furniture() {
        let text = "标题\n\n2020年02月06日17:51 来源:人民网-山东频道\n\n政治引领筑同心\n\n正文一段,有标点。\n\n\\\n\n△社区值守\n\n区农业农村局工作人员在万达广场消毒:\n\n正文二段。\n\n(责编:公雪、胡洪林)\n\n推荐阅读\n\n滨海高新区按下快进键\n【详细】\n天津频道|独家关注|高层动态\n本网原创";
        let got = kinds(text);
        let expect = [
            LineKind::Title,
            LineKind::Meta,
            LineKind::Heading,
            LineKind::Body,
            LineKind::Image,
            LineKind::Caption,
            LineKind::Caption,
            LineKind::Body,
            LineKind::Editor,
            LineKind::Related,
            LineKind::Related,
            LineKind::Related,
            LineKind::Boilerplate,
            LineKind::Boilerplate,
        ];
        assert_eq!(got.iter().map(|(_, k)| *k).collect::<Vec<_>>(), expect, "{got:?}");
    }

    #[test]
    fn no_header_and_trailing_meta() {
        let text = "新冠肺炎疫情發生以來,婁底全市上下都以戰斗的姿態投入了防控疫情斗爭之中,用實際行動踐行初心使命。\n一、積極動員,市直黨員干部主動請纓,閃電集結\n危難面前,一個支部就是一座堡壘。\n圖:市廣播電視臺的網格防疫聯絡員正在進行宣傳\n責編:admin\n來源:管理員";
        let got = kinds(text);
        let expect =
            [LineKind::Body, LineKind::Heading, LineKind::Body, LineKind::Caption, LineKind::Editor, LineKind::Meta];
        assert_eq!(got.iter().map(|(_, k)| *k).collect::<Vec<_>>(), expect, "{got:?}");
    }

    #[test]
    fn colon_line_before_quote_is_text() {
        let text = "正文。\n她说:\n“我报名!”";
        let got = kinds(text);
        assert_ne!(got[1].1, LineKind::Caption);
    }

    #[test]
    fn lines_cover_the_text() {
        let text = "a\n\nb\n";
        let lines = classify(text);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines.last().map(|l| (l.start, l.end)), Some((5, 5)));
        for line in &lines {
            assert_eq!(&text[line.start..line.end], line.text);
        }
        assert_eq!(classify("").len(), 1);
    }
}
