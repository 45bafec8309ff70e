//! Dates: absolute (`2020-02-17`, `2022年04月01日14:11`), partial (`2月8日`, `3月初`,
//! `12日上午`) resolved against a reference day, ranges (`3月12日至28日`) as one mention,
//! and lunar and festival dates (`腊月二十九`, `大年三十`, `春节`, `元宵节`) converted to
//! the Gregorian day with the `lunardate` tables.
//!
//! Resolution prefers the past, as news does: a partial date becomes the latest matching
//! day on or before the reference, unless the same-year day lies at most
//! [`FUTURE_TOLERANCE_DAYS`] ahead (announcements of the next days). A bare day (`12日`)
//! takes its month and year from the previous date in the text.

use chrono::{Datelike, Duration, NaiveDate};

use crate::extract::numeral::{chinese_numeral_end, parse_chinese};

/// How far after the reference a partial date may still be read in the reference's year.
pub const FUTURE_TOLERANCE_DAYS: i64 = 7;

/// What kind of expression a date mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Year, month and day written out (`2020-02-17`, `2020年2月17日`).
    Absolute,
    /// A date without its year, or a bare day, resolved against the reference.
    Partial,
    /// A month or part of a month (`3月初`, `2020年3月`), or a year.
    Period,
    /// A lunar date or a festival of the lunar calendar (`腊月二十九`, `春节`).
    Lunar,
    /// A festival on a fixed Gregorian day (`元旦`, `国庆节`).
    Festival,
}

impl DateKind {
    /// Returns the kind's name: `absolute`, `partial`, `period`, `lunar` or `festival`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Absolute => "absolute",
            DateKind::Partial => "partial",
            DateKind::Period => "period",
            DateKind::Lunar => "lunar",
            DateKind::Festival => "festival",
        }
    }
}

/// A date mention. Offsets are bytes into the scanned text; the days are inclusive and
/// `None` when the mention cannot be resolved (a partial date with no reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// First day meant.
    pub start_date: Option<NaiveDate>,
    /// Last day meant (equal to `start_date` for one day).
    pub end_date: Option<NaiveDate>,
    /// What kind of expression it is.
    pub kind: DateKind,
}

/// The parts of one written date before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    /// Part of the month: 1 (初/上旬), 2 (中旬/中), 3 (下旬/底/末), 0 = the whole month.
    part: u8,
}

/// Finds the date mentions in Simplified `text`, resolving partial ones against `reference`.
pub fn scan(text: &str, reference: Option<NaiveDate>) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    let mut context = Context { reference, year: None, month: None };
    let mut position = 0;
    while position < text.len() {
        let Some(c) = text[position..].chars().next() else { break };
        if !start_chars().may_contain(c) {
            // Certainly not a digit, a numeral or a lead character: one bit test.
            position += c.len_utf8();
            continue;
        }
        if may_start_date(c) && may_start_date_at(text, position, c) {
            if let Some(mention) = mention_at(text, position, &mut context) {
                position = mention.end;
                found.push(mention);
                continue;
            }
        }
        // Do not restart inside a number: `120日` is not `20日`.
        position += if c.is_ascii_digit() {
            text[position..].bytes().take_while(u8::is_ascii_digit).count()
        } else {
            c.len_utf8()
        };
    }
    found
}

/// True for the characters a date can start with: digits, Chinese numerals and the first
/// characters of lunar months, festivals and `农历` (a cheap filter before parsing).
fn may_start_date(c: char) -> bool {
    c.is_ascii_digit()
        || crate::extract::numeral::is_chinese_numeral_char(c)
        || matches!(
            c,
            '农' | '正'
                | '冬'
                | '腊'
                | '大'
                | '除'
                | '春'
                | '元'
                | '小'
                | '端'
                | '七'
                | '中'
                | '重'
                | '国'
                | '劳'
                | '妇'
                | '植'
                | '儿'
                | '建'
                | '教'
                | '圣'
                | '前'
                | '昨'
                | '今'
                | '明'
        )
}

/// The characters [`may_start_date`] accepts, as a bit filter.
fn start_chars() -> &'static crate::extract::CharFilter {
    static FILTER: std::sync::OnceLock<crate::extract::CharFilter> = std::sync::OnceLock::new();
    FILTER.get_or_init(|| crate::extract::CharFilter::of_chars(may_start_date))
}

/// The closer filter at a candidate start: Arabic digits always go on to the parser; a
/// Chinese numeral only when its run is followed by `年`, `月`, `日` or `号` (`二〇二〇年`,
/// `三月十二日`) or it begins `七夕`; any other character only when one of the named days
/// (`腊月`, `春节`, `大年`, `昨天`, `今（5）日` …) starts there. Numerals like `一` and
/// characters like `中`, `大`, `明` are common, and the full parser is the costly part of
/// the scan.
fn may_start_date_at(text: &str, position: usize, c: char) -> bool {
    if c.is_ascii_digit() {
        return true;
    }
    let rest = &text[position..];
    if crate::extract::numeral::is_chinese_numeral_char(c) {
        let end = chinese_numeral_end(text, position);
        return text[end..].starts_with(['年', '月', '日', '号']) || rest.starts_with("七夕");
    }
    lead_words().get(&c).is_some_and(|words| words.iter().any(|w| rest.starts_with(w)))
}

/// The named days by their first character (see [`may_start_date_at`]).
fn lead_words() -> &'static crate::extract::FastMap<char, Vec<&'static str>> {
    static WORDS: std::sync::OnceLock<crate::extract::FastMap<char, Vec<&'static str>>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: crate::extract::FastMap<char, Vec<&'static str>> = crate::extract::FastMap::default();
        let named = LUNAR_FESTIVALS
            .iter()
            .map(|(name, _, _)| *name)
            .chain(GREGORIAN_FESTIVALS.iter().map(|(name, _, _)| *name))
            .chain(LUNAR_MONTHS.iter().map(|(name, _)| *name))
            .chain(RELATIVE_DAYS.iter().map(|(name, _)| *name))
            .chain(["农历", "大年", "前（", "前(", "昨（", "昨(", "今（", "今(", "明（", "明("]);
        for word in named {
            if let Some(first) = word.chars().next() {
                words.entry(first).or_default().push(word);
            }
        }
        words
    })
}

/// What earlier mentions tell about later ones.
struct Context {
    reference: Option<NaiveDate>,
    year: Option<i32>,
    month: Option<u32>,
}

/// Parses the date mention starting at `start`, if there is one.
fn mention_at(text: &str, start: usize, context: &mut Context) -> Option<DateMention> {
    if text[..start].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '第') {
        return None;
    }
    if let Some(mention) = lunar_at(text, start, context) {
        return Some(mention);
    }
    if let Some(mention) = relative_day_at(text, start, context) {
        return Some(mention);
    }
    let (parts, end, kind) = gregorian_at(text, start)?;
    let (first, last) = resolve(parts, context)?;
    let mut end = end;
    let mut last = last;
    // A range: `3月12日至28日`, `1月27日—2月5日`.
    if let Some(first_day) = first {
        if let Some((second_last, second_end)) = range_end(text, end, parts, first_day) {
            last = Some(second_last);
            end = second_end;
        }
    } else if let Some(second_end) = unresolved_range_end(text, end) {
        // Without a reference day the range cannot be resolved, but it is still one mention.
        end = second_end;
    }
    let end = end + time_of_day_len(&text[end..]);
    if let Some(day) = last {
        context.year = Some(day.year());
        context.month = Some(day.month());
    }
    Some(DateMention { start, end, start_date: first, end_date: last, kind })
}

/// The words and dashes that join the two halves of a range.
const RANGE_CONNECTORS: [&str; 9] = ["至", "到", "——", "—", "-", "~", "～", "－", "–"];

/// The end of a range's second half after `end`, for a first half that could not be
/// resolved (no reference day).
fn unresolved_range_end(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    let connector = RANGE_CONNECTORS.into_iter().find(|c| rest.starts_with(c))?;
    gregorian_at(text, end + connector.len()).map(|(_, second_end, _)| second_end)
}

/// Reads the second half of a range after `end` (`至28日`, `—2月5日`), which takes the
/// year and month it leaves out from the first half; returns its last day and its end.
fn range_end(text: &str, end: usize, first: Parts, first_day: NaiveDate) -> Option<(NaiveDate, usize)> {
    let connector = RANGE_CONNECTORS.into_iter().find(|c| text.get(end..).is_some_and(|rest| rest.starts_with(c)))?;
    let second_start = end + connector.len();
    let (second, second_end, _) = gregorian_at(text, second_start)?;
    let month = second.month.or(first.month.filter(|_| second.day.is_some()));
    let inherited = Parts { year: second.year.or(Some(first_day.year())), month, ..second };
    let (_, mut last) = to_range(inherited)?;
    if last < first_day && second.year.is_none() {
        last = to_range(Parts { year: Some(first_day.year() + 1), ..inherited })?.1;
    }
    (last >= first_day).then_some((last, second_end))
}

/// Scans a Gregorian date at `start`: returns its parts, its end and its kind.
fn gregorian_at(text: &str, start: usize) -> Option<(Parts, usize, DateKind)> {
    if let Some(found) = iso_at(text, start) {
        return Some(found);
    }
    let mut parts = Parts { year: None, month: None, day: None, part: 0 };
    let mut position = start;
    let mut chinese = false;
    if let Some((year, after)) = number_before(text, position, &["年"]) {
        if (1900..=2100).contains(&year.0) && year.1 >= 4 {
            parts.year = Some(year.0 as i32);
            position = after;
            chinese |= year.2;
        } else {
            return None;
        }
    }
    if let Some((month, after)) = number_before(text, position, &["月份", "月"]) {
        if !(1..=12).contains(&month.0) {
            return None;
        }
        parts.month = Some(month.0 as u32);
        position = after;
        chinese |= month.2;
    }
    // A bare day is `12日` in Arabic digits: `一日三餐`, `3号楼` are not dates.
    let bare = parts.month.is_none() && parts.year.is_none();
    let day_suffixes: &[&str] = if bare { &["日"] } else { &["日", "号"] };
    if let Some((day, after)) = number_before(text, position, day_suffixes) {
        if (1..=31).contains(&day.0) && !(bare && day.2) {
            parts.day = Some(day.0 as u32);
            position = after;
            chinese |= day.2;
        }
    }
    if parts.month.is_none() && parts.day.is_none() && parts.year.is_none() {
        return None;
    }
    // Chinese numerals only make a date with a year or with month and day (`三月十二日`).
    if chinese && parts.year.is_none() && (parts.month.is_none() || parts.day.is_none()) {
        return None;
    }
    if parts.day.is_none() && parts.month.is_some() {
        for (suffix, part) in [("上旬", 1), ("中旬", 2), ("下旬", 3), ("初", 1), ("中", 2), ("底", 3), ("末", 3)]
        {
            if let Some(rest) = text[position..].strip_prefix(suffix) {
                // `3月中` only before punctuation or a verb-ish break; `月中旬` handled above.
                if suffix == "中" && !rest.starts_with(['，', ',', '。', '、', '下', '上']) {
                    continue;
                }
                parts.part = part;
                position += suffix.len();
                break;
            }
        }
    }
    let kind = match (parts.year, parts.month, parts.day) {
        (Some(_), Some(_), Some(_)) => DateKind::Absolute,
        (_, _, Some(_)) => DateKind::Partial,
        (None, Some(_), None) if parts.part == 0 => DateKind::Partial,
        _ => DateKind::Period,
    };
    Some((parts, position, kind))
}

/// Reads a number (Arabic, or a Chinese numeral) at `position` followed by one of
/// `suffixes`; returns `((value, digit count, chinese), end after the suffix)`.
fn number_before(text: &str, position: usize, suffixes: &[&str]) -> Option<((i64, usize, bool), usize)> {
    let rest = &text[position..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (value, len, count, chinese) = if digits > 0 {
        (rest[..digits].parse::<i64>().ok()?, digits, digits, false)
    } else {
        let end = chinese_numeral_end(text, position);
        let numeral = &text[position..end];
        if numeral.is_empty() || numeral.chars().any(|c| "万亿萬億".contains(c)) {
            return None;
        }
        (parse_chinese(numeral)? as i64, end - position, numeral.chars().count(), true)
    };
    let after = &rest[len..];
    let suffix = suffixes.iter().find(|s| after.starts_with(**s))?;
    Some(((value, count, chinese), position + len + suffix.len()))
}

/// Scans `2020-02-17`, `2020/2/17`, `2020.02.17` (with an optional time `14:11`).
fn iso_at(text: &str, start: usize) -> Option<(Parts, usize, DateKind)> {
    let bytes = text.as_bytes();
    let run = |from: usize| bytes.get(from..).map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count());
    let year_len = run(start);
    if year_len != 4 {
        return None;
    }
    let separator = *bytes.get(start + 4)?;
    if !matches!(separator, b'-' | b'/' | b'.') {
        return None;
    }
    let month_len = run(start + 5);
    if !(1..=2).contains(&month_len) || bytes.get(start + 5 + month_len) != Some(&separator) {
        return None;
    }
    let day_start = start + 6 + month_len;
    let day_len = run(day_start);
    if !(1..=2).contains(&day_len) {
        return None;
    }
    let year = text[start..start + 4].parse().ok()?;
    let month = text[start + 5..start + 5 + month_len].parse().ok()?;
    let day = text[day_start..day_start + day_len].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)?;
    let parts = Parts { year: Some(year), month: Some(month), day: Some(day), part: 0 };
    Some((parts, day_start + day_len, DateKind::Absolute))
}

/// The byte length of a time-of-day after a date: `上午`, `晚`, ` 14:11`, `14时30分`.
fn time_of_day_len(rest: &str) -> usize {
    let mut len = 0;
    for word in
        ["上午", "下午", "中午", "晚上", "凌晨", "早上", "傍晚", "深夜", "夜间", "晚间", "清晨", "早", "晚", "夜"]
    {
        if rest.starts_with(word) {
            len = word.len();
            break;
        }
    }
    let after = &rest[len..];
    let spaced = after.strip_prefix(' ').unwrap_or(after);
    let offset = after.len() - spaced.len();
    let hours = spaced.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&hours) {
        let tail = &spaced[hours..];
        for marker in [":", "时", "点"] {
            if let Some(minutes_part) = tail.strip_prefix(marker) {
                let minutes = minutes_part.bytes().take_while(|b| b.is_ascii_digit() || *b == b':').count();
                let unit = if minutes > 0 && minutes_part[minutes..].starts_with('分') { '分'.len_utf8() } else { 0 };
                if marker == ":" && minutes == 0 {
                    break;
                }
                return len + offset + hours + marker.len() + minutes + unit;
            }
        }
    }
    len
}

/// Resolves parts to their first and last day using the reference and the text's context.
fn resolve(parts: Parts, context: &Context) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let parts = Parts { month: parts.month.or(parts.day.and(context.month)), ..parts };
    // A bare day with no month known: the reference's month.
    let parts = match (parts.month, context.reference) {
        (None, Some(reference)) if parts.day.is_some() => Parts { month: Some(reference.month()), ..parts },
        _ => parts,
    };
    if parts.month.is_none() && parts.year.is_none() {
        return Some((None, None));
    }
    if parts.year.is_some() {
        let (first, last) = to_range(parts)?;
        return Some((Some(first), Some(last)));
    }
    let known_year = context.year.filter(|_| context.reference.is_none());
    let candidates: Vec<(NaiveDate, NaiveDate)> = match (context.reference, known_year) {
        (Some(reference), _) => {
            let years = [reference.year() - 1, reference.year(), reference.year() + 1];
            years.iter().filter_map(|&y| to_range(Parts { year: Some(y), ..parts })).collect()
        }
        (None, Some(year)) => to_range(Parts { year: Some(year), ..parts }).into_iter().collect(),
        (None, None) => return Some((None, None)),
    };
    let chosen = match context.reference {
        Some(reference) => choose(&candidates, reference),
        None => candidates.first().copied(),
    };
    Some(chosen.map_or((None, None), |(a, b)| (Some(a), Some(b))))
}

/// Picks the candidate a news report most likely means: the latest one that starts on or
/// before the reference (plus the tolerance), else the earliest.
fn choose(candidates: &[(NaiveDate, NaiveDate)], reference: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    // Checked: a reference near `NaiveDate::MAX` must not overflow (it saturates instead).
    let limit = reference.checked_add_signed(Duration::days(FUTURE_TOLERANCE_DAYS)).unwrap_or(NaiveDate::MAX);
    candidates
        .iter()
        .filter(|(start, _)| *start <= limit)
        .max_by_key(|(start, _)| *start)
        .or(candidates.first())
        .copied()
}

/// The first and last day of fully yeared parts, if they form a valid date or period.
fn to_range(parts: Parts) -> Option<(NaiveDate, NaiveDate)> {
    let year = parts.year?;
    let Some(month) = parts.month else {
        return Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?));
    };
    if let Some(day) = parts.day {
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        return Some((date, date));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = last_day_of_month(year, month)?;
    Some(match parts.part {
        1 => (first, NaiveDate::from_ymd_opt(year, month, 10)?),
        2 => (NaiveDate::from_ymd_opt(year, month, 11)?, NaiveDate::from_ymd_opt(year, month, 20)?),
        3 => (NaiveDate::from_ymd_opt(year, month, 21)?, last),
        _ => (first, last),
    })
}

/// The last day of a month.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// Festivals of the lunar calendar: name, lunar month and day (`0` = the year's last day).
const LUNAR_FESTIVALS: &[(&str, u32, u32)] = &[
    ("大年三十", 12, 0),
    ("大年夜", 12, 0),
    ("除夕", 12, 0),
    ("大年初一", 1, 1),
    ("春节", 1, 1),
    ("元宵节", 1, 15),
    ("元宵", 1, 15),
    ("腊八节", 12, 8),
    ("腊八", 12, 8),
    ("小年", 12, 23),
    ("端午节", 5, 5),
    ("七夕", 7, 7),
    ("中秋节", 8, 15),
    ("重阳节", 9, 9),
];

/// Festivals on fixed Gregorian days.
const GREGORIAN_FESTIVALS: &[(&str, u32, u32)] = &[
    ("元旦", 1, 1),
    ("国庆节", 10, 1),
    ("劳动节", 5, 1),
    ("妇女节", 3, 8),
    ("植树节", 3, 12),
    ("儿童节", 6, 1),
    ("建党节", 7, 1),
    ("建军节", 8, 1),
    ("教师节", 9, 10),
    ("圣诞节", 12, 25),
];

/// Names of the lunar months.
const LUNAR_MONTHS: &[(&str, u32)] = &[
    ("正月", 1),
    ("二月", 2),
    ("三月", 3),
    ("四月", 4),
    ("五月", 5),
    ("六月", 6),
    ("七月", 7),
    ("八月", 8),
    ("九月", 9),
    ("十月", 10),
    ("冬月", 11),
    ("十一月", 11),
    ("腊月", 12),
    ("十二月", 12),
];

/// Scans a lunar date (`腊月二十九`, `农历正月初八`, `大年初三`) or a festival at `start`.
fn lunar_at(text: &str, start: usize, context: &mut Context) -> Option<DateMention> {
    let rest = &text[start..];
    let prefixed = rest.strip_prefix("农历");
    let body = prefixed.unwrap_or(rest);
    let body_start = text.len() - body.len();
    let festival = LUNAR_FESTIVALS.iter().find(|(name, _, _)| body.starts_with(name));
    let (lunar_month, lunar_day, end, kind) = if let Some((name, month, day)) = festival {
        (*month, *day, body_start + name.len(), DateKind::Lunar)
    } else if let Some((month, day, end)) = lunar_month_day(text, body_start, prefixed.is_some()) {
        (month, day, end, DateKind::Lunar)
    } else if let Some((name, month, day)) = GREGORIAN_FESTIVALS.iter().find(|(name, _, _)| rest.starts_with(name)) {
        let day = resolve_yearly(context, |year| NaiveDate::from_ymd_opt(year, *month, *day));
        return Some(finish(context, start, start + name.len(), day, DateKind::Festival));
    } else {
        return None;
    };
    let day = resolve_yearly(context, |year| lunar_to_solar(year, lunar_month, lunar_day));
    Some(finish(context, start, end, day, kind))
}

/// Days named relative to the reference.
const RELATIVE_DAYS: &[(&str, i64)] =
    &[("前天", -2), ("前日", -2), ("昨天", -1), ("昨日", -1), ("今天", 0), ("今日", 0), ("明天", 1), ("明日", 1)];

/// `昨天`, `前天`, `今天`, `今日`, `明天`: a day relative to the reference (only with one).
/// Also the press-release form with the day of the month in brackets, `今（5）日`,
/// `昨(4)日`: the stated day wins when it disagrees with the reference.
fn relative_day_at(text: &str, start: usize, context: &mut Context) -> Option<DateMention> {
    if let Some(mention) = bracketed_relative_day_at(text, start, context) {
        return Some(mention);
    }
    let reference = context.reference?;
    let (word, shift) = RELATIVE_DAYS.iter().find(|(word, _)| text[start..].starts_with(word))?;
    // `光明日报`, `今日报》`: a daily paper's name, not a day (`今日报道` is a day).
    let after = &text[start + word.len()..];
    if word.ends_with('日')
        && after.starts_with('报')
        && !after["报".len()..].starts_with(['道', '告', '名', '送', '到', '备'])
    {
        return None;
    }
    let day = reference.checked_add_signed(Duration::days(*shift));
    let end = start + word.len() + time_of_day_len(&text[start + word.len()..]);
    Some(finish(context, start, end, day, DateKind::Partial))
}

/// `今（5）日`, `昨(4)日`, `前（3）日`: a relative day with its day of the month in brackets.
fn bracketed_relative_day_at(text: &str, start: usize, context: &mut Context) -> Option<DateMention> {
    let rest = &text[start..];
    let (lead, shift) =
        [('前', -2i64), ('昨', -1), ('今', 0), ('明', 1)].into_iter().find(|(c, _)| rest.starts_with(*c))?;
    let inner = rest[lead.len_utf8()..].strip_prefix(['（', '('])?;
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let tail = inner[digits..].strip_prefix(['）', ')'])?.strip_prefix('日')?;
    let stated: u32 = inner[..digits].parse().ok()?;
    if !(1..=31).contains(&stated) {
        return None;
    }
    let shifted = context.reference.and_then(|r| r.checked_add_signed(Duration::days(shift)));
    let day = match shifted {
        Some(day) if day.day() == stated => Some(day),
        _ => resolve(Parts { year: None, month: None, day: Some(stated), part: 0 }, context)?.0,
    };
    let end = text.len() - tail.len();
    let end = end + time_of_day_len(&text[end..]);
    Some(finish(context, start, end, day, DateKind::Partial))
}

/// Builds a one-day mention and updates the context.
fn finish(context: &mut Context, start: usize, end: usize, day: Option<NaiveDate>, kind: DateKind) -> DateMention {
    if let Some(day) = day {
        context.year = Some(day.year());
        context.month = Some(day.month());
    }
    DateMention { start, end, start_date: day, end_date: day, kind }
}

/// Resolves a yearly date (`date_in(year)`) against the reference: the latest occurrence on
/// or before it (with the tolerance).
fn resolve_yearly(context: &Context, date_in: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let reference = context.reference?;
    let candidates: Vec<(NaiveDate, NaiveDate)> =
        (reference.year() - 2..=reference.year() + 1).filter_map(&date_in).map(|d| (d, d)).collect();
    choose(&candidates, reference).map(|(day, _)| day)
}

/// `腊月二十九`, `正月初八`, `大年初三`: lunar month and day, and the end; `month` names
/// that are also Gregorian (`三月`) count only after `农历`.
fn lunar_month_day(text: &str, start: usize, after_nongli: bool) -> Option<(u32, u32, usize)> {
    let rest = &text[start..];
    if let Some(after) = rest.strip_prefix("大年") {
        let (day, len) = lunar_day(after)?;
        return Some((1, day, start + "大年".len() + len));
    }
    let (name, month) =
        LUNAR_MONTHS.iter().filter(|(name, _)| rest.starts_with(name)).max_by_key(|(name, _)| name.len())?;
    let is_gregorian_name = !matches!(*name, "正月" | "冬月" | "腊月");
    if is_gregorian_name && !after_nongli {
        return None;
    }
    let after = &rest[name.len()..];
    let (day, len) = lunar_day(after)?;
    Some((*month, day, start + name.len() + len))
}

/// A lunar day: `初一`…`初十`, `十一`…`二十`, `廿一`…`廿九`, `二十一`…`三十`.
fn lunar_day(text: &str) -> Option<(u32, usize)> {
    if let Some(after) = text.strip_prefix('初') {
        let c = after.chars().next()?;
        let day = if c == '十' { 10 } else { crate::extract::numeral::digit_value(c)? };
        return (1..=10).contains(&day).then_some((day, '初'.len_utf8() + c.len_utf8()));
    }
    if let Some(after) = text.strip_prefix('廿') {
        let c = after.chars().next()?;
        let day = 20 + crate::extract::numeral::digit_value(c)?;
        return (21..=29).contains(&day).then_some((day, '廿'.len_utf8() + c.len_utf8()));
    }
    let end = chinese_numeral_end(text, 0).min(text.len());
    // Prefer the longest numeral that is a valid day.
    let numeral: Vec<(usize, char)> = text[..end].char_indices().collect();
    for take in (1..=numeral.len().min(3)).rev() {
        let len = numeral.get(take).map_or(end, |(i, _)| *i);
        let value = parse_chinese(&text[..len])? as u32;
        if (11..=30).contains(&value) {
            return Some((value, len));
        }
    }
    None
}

/// Converts a lunar date of lunar year `year` to the Gregorian day; day `0` of month 12 is
/// the year's last day (除夕, whether the twelfth month has 29 or 30 days).
fn lunar_to_solar(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if day == 0 {
        let new_year = lunardate::LunarDate::new(year + 1, 1, 1, false).to_solar_date().ok()?;
        return new_year.pred_opt();
    }
    lunardate::LunarDate::new(year, month, day, false).to_solar_date().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn dates(text: &str, reference: &str) -> Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> {
        scan(text, Some(day(reference)))
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.start_date, m.end_date))
            .collect()
    }

    #[test]
    fn ranges_without_a_reference_are_still_one_mention() {
        let text = "3月12日至28日,1月27日—2月5日";
        let found: Vec<_> = scan(text, None).into_iter().map(|m| (&text[m.start..m.end], m.start_date)).collect();
        assert_eq!(found, [("3月12日至28日", None), ("1月27日—2月5日", None)]);
    }

    #[test]
    fn absolute_dates() {
        let found = dates("2020-02-17 08:30 来源 2022年04月01日14:11", "2020-02-17");
        assert_eq!(found[0].1, Some(day("2020-02-17")));
        assert_eq!(found[1].0, "2022年04月01日14:11");
        assert_eq!(found[1].1, Some(day("2022-04-01")));
    }

    #[test]
    fn partial_dates_prefer_the_past() {
        let found = dates("1月29日,12月30日,2月8日,3月初", "2020-02-17");
        assert_eq!(found[0].1, Some(day("2020-01-29")));
        assert_eq!(found[1].1, Some(day("2019-12-30")));
        assert_eq!(found[2].1, Some(day("2020-02-08")));
        assert_eq!((found[3].1, found[3].2), (Some(day("2019-03-01")), Some(day("2019-03-10"))));
    }

    #[test]
    fn bare_days_take_the_previous_month() {
        let found = dates("3月11日晚,紧急组建……12日上午就到现场", "2022-04-01");
        assert_eq!(found[0].0, "3月11日晚");
        assert_eq!(found[1].0, "12日上午");
        assert_eq!(found[1].1, Some(day("2022-03-12")));
    }

    #[test]
    fn ranges_are_one_mention() {
        let found = dates("3月12日至28日,1月27日—2月5日", "2022-04-01");
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].1, found[0].2), (Some(day("2022-03-12")), Some(day("2022-03-28"))));
        assert_eq!((found[1].1, found[1].2), (Some(day("2022-01-27")), Some(day("2022-02-05"))));
    }

    #[test]
    fn lunar_dates_and_festivals() {
        let found = dates("腊月二十九,大年三十,春节,元宵节,正月初八", "2020-02-17");
        assert_eq!(found[0].1, Some(day("2020-01-23")));
        assert_eq!(found[1].1, Some(day("2020-01-24")));
        assert_eq!(found[2].1, Some(day("2020-01-25")));
        assert_eq!(found[3].1, Some(day("2020-02-08")));
        assert_eq!(found[4].1, Some(day("2020-02-01")));
    }

    #[test]
    fn relative_days_need_a_reference() {
        let found = dates("昨天下午", "2020-02-17");
        assert_eq!((found[0].0.as_str(), found[0].1), ("昨天下午", Some(day("2020-02-16"))));
        assert!(scan("昨天", None).is_empty());
    }

    #[test]
    fn bracketed_and_written_relative_days() {
        let found = dates("指挥中心今（9）日说明,昨(8)日新增3例;今日起实施", "2021-06-09");
        assert_eq!((found[0].0.as_str(), found[0].1), ("今（9）日", Some(day("2021-06-09"))));
        assert_eq!((found[1].0.as_str(), found[1].1), ("昨(8)日", Some(day("2021-06-08"))));
        assert_eq!((found[2].0.as_str(), found[2].1), ("今日", Some(day("2021-06-09"))));
        assert!(dates("来源：光明日报 2020年3月6日", "2020-03-06").iter().all(|d| d.0 != "明日"));
        assert_eq!(dates("明日报名截止", "2020-03-06")[0].1, Some(day("2020-03-07")));
        // A stated day that disagrees with the reference wins: the page date is the wrong day.
        let late = dates("今（7）日公布", "2021-06-09");
        assert_eq!(late[0].1, Some(day("2021-06-07")));
    }

    #[test]
    fn the_start_filter_keeps_every_kind_of_date() {
        for (text, first) in [
            ("二〇二〇年三月十二日", "2020-03-12"),
            ("农历七月初七", "2020-08-25"),
            ("七夕", "2020-08-25"),
            ("大年初三", "2020-01-27"),
            ("元旦", "2020-01-01"),
            ("腊月二十九", "2020-01-23"),
        ] {
            let found = dates(text, "2020-09-01");
            assert_eq!(found.first().map(|d| (d.0.as_str(), d.1)), Some((text, Some(day(first)))), "{text}");
        }
        assert!(dates("一个中心大大小小明白", "2020-09-01").is_empty());
    }

    #[test]
    fn not_dates() {
        for text in ["944个工作日", "连续4天", "目前", "3个月", "一日三餐", "24小时", "第1日"] {
            assert!(dates(text, "2020-02-17").is_empty(), "{text}: {:?}", dates(text, "2020-02-17"));
        }
    }

    #[test]
    fn no_reference_leaves_partial_dates_unresolved() {
        let found = scan("2月8日", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].start_date, None);
    }

    #[test]
    fn references_at_the_ends_of_the_calendar_do_not_overflow() {
        // Regression (fuzzing): `reference + tolerance` overflowed, a panic, near `NaiveDate::MAX`.
        let found = scan("2月8日", Some(NaiveDate::MAX));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].start_date, NaiveDate::from_ymd_opt(NaiveDate::MAX.year(), 2, 8));
        // No tomorrow after the last day, no yesterday before the first.
        assert_eq!(scan("明天", Some(NaiveDate::MAX))[0].start_date, None);
        assert_eq!(scan("昨天", Some(NaiveDate::MIN))[0].start_date, None);
        let last_year = NaiveDate::MAX.year();
        for text in ["3月12日至28日", "腊月二十九", "今（5）日", "2020年3月", "12月", "31日", "国庆节", "元旦"]
        {
            for reference in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::from_ymd_opt(last_year, 1, 1).unwrap()] {
                for mention in scan(text, Some(reference)) {
                    if let (Some(start), Some(end)) = (mention.start_date, mention.end_date) {
                        assert!(start <= end, "{text} {reference}");
                    }
                }
            }
        }
    }
}
