//! Stage 4: report metadata — title, publication time, source, editors, authors, dateline.
//!
//! Works on the lines classified by [`crate::layout`]; every string keeps the report's own
//! script (`來源:人民網-吉林頻道` gives `人民網-吉林頻道`).

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use crate::layout::{Line, LineKind};

/// When a report was published: a day, or a day and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// Only the day is given.
    Date(NaiveDate),
    /// Day and time of day are given.
    DateTime(NaiveDateTime),
}

impl Published {
    /// Returns the day of publication.
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Date(date) => *date,
            Published::DateTime(datetime) => datetime.date(),
        }
    }
}

/// The metadata of one report; absent fields are `None` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The headline.
    pub title: Option<String>,
    /// Publication date or time.
    pub published: Option<Published>,
    /// Outlet or issuing body (`人民网-天津频道`, `湖北省市场监督管理局`).
    pub source: Option<String>,
    /// Responsible editors, one name each.
    pub editors: Vec<String>,
    /// Reporters and contributors named in bylines or attributions.
    pub authors: Vec<String>,
    /// The dateline opening the body (`人民网济南2月6日电`).
    pub dateline: Option<String>,
}

struct Patterns {
    date: Regex,
    source_label: Regex,
    meta_noise: Regex,
    editor_label: Regex,
    name_separators: Regex,
    dateline: Regex,
    byline: Regex,
    attribution: Regex,
    reporter: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |pattern: &str| Regex::new(pattern).expect("static regex");
        Patterns {
            date: re(concat!(
                r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?",
                r"(?:\s*(\d{1,2})\s*[:：时時]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?"
            )),
            source_label: re(r"(?:来源|來源|稿源|出处|出處|信息来源|信息來源)\s*[:：]\s*([^|｜\s][^|｜]*?)\s*(?:[|｜]|\s(?:作者|编辑|編輯|点击|點擊|浏览|瀏覽|字号|字號)|$)"),
            meta_noise: re(concat!(
                r"(?:点击|點擊|浏览|瀏覽|阅读|閱讀|访问量|訪問量)(?:数|數|次数|次數|量)?\s*[:：]?\s*\d*\s*次?|",
                r"(?:发布时间|發布時間|發佈時間|发布日期|时间|時間)\s*[:：]|[|｜]|【[^】]*】|[大中小]字[号號]|字[号號][:：]?"
            )),
            editor_label: re(crate::layout::EDITOR_LABEL),
            name_separators: re(r"[、，,/／;；\s]+|和|与|與"),
            dateline: re(concat!(
                r"^(?:[【\[]?)((?:新华社|新華社|中新社|人民网|人民網|中新网|中新網|央视网|央視網|光明网|光明網|",
                r"本报|本報|本网|本網|[\p{Han}A-Za-z]{2,10}?)[\p{Han}]{0,8}?\d{1,2}月\d{1,2}日(?:电|電|讯|訊|消息)|",
                r"本报讯|本報訊|本网讯|本網訊)"
            )),
            byline: re(r"^\s*[(（]\s*((?:记者|記者|通讯员|通訊員|特约记者|特約記者)[^()（）]{1,60})[)）]"),
            attribution: re(
                r"[(（]([^()（）]{1,60}?)\s*(?:供稿|供图|供圖|撰稿|报道|報道|報導|采写|採寫)\s*[)）]\s*$",
            ),
            reporter: re(r"(?:记者|記者|通讯员|通訊員|作者|撰稿|撰文|文|图|圖|摄|攝)\s*[:：/]?\s*"),
        }
    })
}

/// Ending characters that mark an organisation, not a person, in an attribution.
const ORGANISATION_SUFFIXES: &[char] = &[
    '委', '局', '部', '厅', '廳', '办', '辦', '院', '会', '會', '处', '處', '室', '站', '所', '队', '隊', '社', '网',
    '網', '台', '臺', '报', '報', '司', '中', '心', '组', '組', '团', '團', '校', '馆', '館', '府', '道', '区', '區',
    '市', '县', '縣', '省', '镇', '鎮', '村', '科', '股', '频', '頻',
];

/// Extracts the metadata of a classified report.
///
/// Returns a [`Metadata`] whose fields are filled where the report gives them.
pub fn extract(lines: &[Line]) -> Metadata {
    let mut meta = Metadata {
        title: lines.iter().find(|l| l.kind == LineKind::Title).map(|l| l.text.trim().to_string()),
        ..Metadata::default()
    };
    for line in lines.iter().filter(|l| l.kind == LineKind::Meta) {
        if meta.published.is_none() {
            meta.published = parse_published(line.text);
        }
        if meta.source.is_none() {
            meta.source = source_of(line.text);
        }
        collect_reporters(line.text, &mut meta.authors);
    }
    for line in lines.iter().filter(|l| l.kind == LineKind::Editor) {
        push_names(&mut meta.editors, editor_names(line.text));
    }
    let first_body = lines.iter().find(|l| matches!(l.kind, LineKind::Body | LineKind::Dateline));
    if let Some(line) = first_body {
        if let Some(m) = patterns().dateline.captures(line.text).and_then(|c| c.get(1)) {
            meta.dateline = Some(m.as_str().to_string());
            let rest = &line.text[m.end()..];
            if let Some(byline) = patterns().byline.captures(rest).and_then(|c| c.get(1)) {
                collect_reporters(byline.as_str(), &mut meta.authors);
            }
        }
    }
    let tail = lines.iter().rev().filter(|l| matches!(l.kind, LineKind::Body | LineKind::Meta)).take(3);
    for line in tail {
        if let Some(names) = patterns().attribution.captures(line.text).and_then(|c| c.get(1)) {
            push_names(&mut meta.authors, person_names(names.as_str()));
        }
    }
    meta
}

/// Parses the first full date (with an optional time) in `text`.
///
/// Returns `None` when there is none or it is not a real calendar day.
pub fn parse_published(text: &str) -> Option<Published> {
    let captures = patterns().date.captures(text)?;
    let number = |i: usize| captures.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = i32::try_from(number(1)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(2)?, number(3)?)?;
    match (number(4), number(5)) {
        (Some(hour), Some(minute)) => {
            let time = NaiveTime::from_hms_opt(hour, minute, number(6).unwrap_or(0))?;
            Some(Published::DateTime(date.and_time(time)))
        }
        _ => Some(Published::Date(date)),
    }
}

/// The outlet named after `来源:`, or else the issuing body left on a meta line once the
/// date and counters are removed (`2020-02-17 湖北省市场监督管理局 点击:`).
fn source_of(text: &str) -> Option<String> {
    let p = patterns();
    if let Some(m) = p.source_label.captures(text).and_then(|c| c.get(1)) {
        // `来源：光明日报　2020-03-06 05:30`: the date after the source is not part of it.
        let source = match p.date.find(m.as_str()) {
            Some(date) => &m.as_str()[..date.start()],
            None => m.as_str(),
        };
        let source = source.trim();
        return (!source.is_empty()).then(|| source.to_string());
    }
    if p.editor_label.is_match(text) || p.reporter.find(text).is_some_and(|m| m.start() == 0) {
        return None;
    }
    let without_date = p.date.replace_all(text, " ");
    let rest = p.meta_noise.replace_all(&without_date, " ");
    let candidate = rest.split_whitespace().find(|part| {
        let han = part.chars().filter(|c| crate::mojibake::is_han(*c)).count();
        han >= 2 && han * 2 >= part.chars().count()
    })?;
    Some(candidate.to_string())
}

fn editor_names(text: &str) -> Vec<String> {
    let p = patterns();
    let Some(label) = p.editor_label.find(text) else {
        return Vec::new();
    };
    let names = text[label.end()..].trim_end_matches([')', '）', ']', '】', ' ']);
    p.name_separators
        .split(names)
        .map(str::trim)
        .filter(|name| !name.is_empty() && name.chars().count() <= 20)
        .map(str::to_string)
        .collect()
}

/// Names after `记者`/`通讯员`/`作者:` labels in a byline or meta line.
fn collect_reporters(text: &str, authors: &mut Vec<String>) {
    let p = patterns();
    for label in p.reporter.find_iter(text) {
        let before = text[..label.start()].chars().next_back();
        // `文`/`图` count only as labels at the start or after a separator.
        let standalone = !before.is_some_and(crate::mojibake::is_han);
        if !standalone {
            continue;
        }
        let rest = &text[label.end()..];
        let span_end = rest.find(['|', '｜', ')', '）', '】']).unwrap_or(rest.len());
        push_names(authors, person_names(&rest[..span_end]));
    }
}

/// Splits a run of names (`劉藝 王純芳`), dropping organisations (`婁底市直機關工委`) and
/// anything that does not look like a personal name.
fn person_names(text: &str) -> Vec<String> {
    patterns()
        .name_separators
        .split(text)
        .map(|part| part.trim_start_matches(['记', '者', '記', '通', '讯', '訊', '员', '員', ':', '：']))
        .filter(|part| {
            let chars: Vec<char> = part.chars().collect();
            let all_han = chars.iter().all(|c| crate::mojibake::is_han(*c) || *c == '·');
            let organisation = chars.last().is_some_and(|c| ORGANISATION_SUFFIXES.contains(c)) && chars.len() > 3;
            (2..=4).contains(&chars.len()) && all_han && !organisation || (all_han && chars.contains(&'·'))
        })
        .map(str::to_string)
        .collect()
}

fn push_names(target: &mut Vec<String>, names: Vec<String>) {
    for name in names {
        if !target.contains(&name) {
            target.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::classify;

    fn meta_of(text: &str) -> Metadata {
        extract(&classify(text))
    }

    #[test]
    fn dates_with_and_without_time() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_published("2020-02-17    湖北省"), Some(Published::Date(date(2020, 2, 17))));
        assert_eq!(
            parse_published("2022年04月01日14:11 | 來源"),
            Some(Published::DateTime(date(2022, 4, 1).and_hms_opt(14, 11, 0).unwrap()))
        );
        assert_eq!(parse_published("2020-02-31"), None);
        assert_eq!(parse_published("2020年13月01日"), None);
    }

    #[test]
    fn sources() {
        assert_eq!(source_of("2022年04月01日14:11 | 來源:人民網-吉林頻道").as_deref(), Some("人民網-吉林頻道"));
        assert_eq!(source_of("2020年02月01日18:52  来源:人民网-天津频道").as_deref(), Some("人民网-天津频道"));
        assert_eq!(source_of("2020-02-17 湖北省市场监督管理局 点击:").as_deref(), Some("湖北省市场监督管理局"));
        assert_eq!(source_of("來源:管理員").as_deref(), Some("管理員"));
        assert_eq!(source_of("小字號"), None);
        assert_eq!(source_of("来源：光明日报 2020-03-06 05:30").as_deref(), Some("光明日报"));
    }

    #[test]
    fn editors_split_into_names() {
        assert_eq!(editor_names("(责编:崔新耀、王浩)"), vec!["崔新耀", "王浩"]);
        assert_eq!(editor_names("責編:admin"), vec!["admin"]);
        assert_eq!(editor_names("【责任编辑：张三 李四】"), vec!["张三", "李四"]);
        assert_eq!(editor_names("【纠错】　责任编辑： 王晓明"), vec!["王晓明"]);
    }

    #[test]
    fn attribution_names_without_organisation() {
        let text = "正文。\n\n切實織密疫情防護網。(婁底市直機關工委 劉藝 王純芳 供稿)";
        assert_eq!(meta_of(text).authors, vec!["劉藝", "王純芳"]);
    }

    #[test]
    fn dateline_and_byline() {
        let text =
            "标题\n\n2020年02月06日17:51 来源:人民网-山东频道\n\n人民网济南2月6日电 当前,疫情防控工作正处在关键时期。";
        let meta = meta_of(text);
        assert_eq!(meta.dateline.as_deref(), Some("人民网济南2月6日电"));
        let text = "标题\n\n2020-03-01\n\n新华社北京3月1日电(记者 张三 李四)疫情防控工作正处在关键时期。";
        let meta = meta_of(text);
        assert_eq!(meta.dateline.as_deref(), Some("新华社北京3月1日电"));
        assert_eq!(meta.authors, vec!["张三", "李四"]);
    }
}
