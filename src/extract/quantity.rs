//! Quantities: a number (Arabic, Chinese or mixed), its approximation marker, its unit or
//! measure word, and the thing counted.
//!
//! `2600余名机关党员干部` → value 2600, low 2600, approx `余`, unit `名`, subject
//! `机关党员干部`; `近2000套` → high 2000; `310万元` → 3,100,000 元; `四五个小时` → 4–5 小时;
//! `百分之十五` → 15 %. Dates, times, phone and record numbers, ordinals (`第三例`) and
//! words that merely contain a numeral (`一线`, `统一`, `千家万户`) are not quantities.
//!
//! The scanner runs on Simplified text with its tokens (the subject is a run of nouns);
//! [`super::extract_quantities`] maps Traditional text through its simplified view.

use crate::extract::numeral::{arabic_end, chinese_numeral_end, digit_value, large_unit, parse_arabic, parse_chinese};
use crate::segment::Token;

/// A quantity found in a text. Offsets are bytes into the text that was scanned.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte offset of the start: the approximation prefix or the number.
    pub start: usize,
    /// Byte offset of the end: after the unit or the trailing marker.
    pub end: usize,
    /// The stated number with multipliers applied (the low bound of a range).
    pub value: f64,
    /// The least the text allows (`3400余人次` → 3400); `None` when it gives no floor.
    pub low: Option<f64>,
    /// The most the text allows (`近2000套` → 2000); `None` when it gives no ceiling.
    pub high: Option<f64>,
    /// The approximation marker as written (`余`, `多`, `近`, `约` …), `range` for a range.
    pub approx: Option<&'static str>,
    /// Byte span of the unit or measure word (`万元` spans the unit `元`), if any.
    pub unit: Option<(usize, usize)>,
    /// Byte span of the noun counted, after the unit or before the number, if any.
    pub subject: Option<(usize, usize)>,
    /// True for a percentage (`15%`, `百分之十五`); `value` is then in percent.
    pub percent: bool,
}

/// Approximation prefixes, longest first, with whether they set a floor or a ceiling.
const PREFIXES: &[(&str, Bound)] = &[
    ("超过", Bound::Floor),
    ("将近", Bound::Ceiling),
    ("不到", Bound::Ceiling),
    ("不足", Bound::Ceiling),
    ("大约", Bound::Neither),
    ("大概", Bound::Neither),
    ("接近", Bound::Ceiling),
    ("多达", Bound::Floor),
    ("近", Bound::Ceiling),
    ("约", Bound::Neither),
    ("逾", Bound::Floor),
    ("超", Bound::Floor),
];

/// Which bound an approximation marker sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Floor,
    Ceiling,
    Neither,
}

/// Suffix markers after the number (before the unit).
const NUMBER_SUFFIXES: &[(&str, Bound)] = &[("余", Bound::Floor), ("多", Bound::Floor), ("来", Bound::Neither)];

/// Markers after the unit.
const UNIT_SUFFIXES: &[(&str, Bound)] = &[
    ("左右", Bound::Neither),
    ("以上", Bound::Floor),
    ("之多", Bound::Floor),
    ("以下", Bound::Ceiling),
    ("上下", Bound::Neither),
];

/// Units and measure words, longest first where one is a prefix of another.
const UNITS: &[&str] = &[
    "个百分点",
    "平方公里",
    "平方米",
    "立方米",
    "工作日",
    "人次",
    "公里",
    "公斤",
    "千克",
    "公顷",
    "小时",
    "分钟",
    "星期",
    "周岁",
    "美元",
    "港元",
    "欧元",
    "剂次",
    "岁",
    "名",
    "人",
    "个",
    "位",
    "户",
    "家",
    "套",
    "只",
    "支",
    "件",
    "份",
    "包",
    "箱",
    "瓶",
    "袋",
    "盒",
    "双",
    "副",
    "张",
    "条",
    "项",
    "种",
    "批",
    "座",
    "所",
    "间",
    "栋",
    "层",
    "场",
    "次",
    "起",
    "例",
    "辆",
    "台",
    "架",
    "艘",
    "轮",
    "吨",
    "克",
    "斤",
    "米",
    "亩",
    "倍",
    "天",
    "周",
    "年",
    "载",
    "届",
    "期",
    "面",
    "封",
    "枚",
    "顶",
    "根",
    "块",
    "片",
    "处",
    "段",
    "组",
    "队",
    "团",
    "股",
    "元",
    "度",
    "秒",
    "册",
    "本",
    "篇",
    "幅",
    "罐",
    "桶",
    "车",
    "趟",
    "遍",
    "剂",
    "针",
    "床",
    "角",
    "毫升",
    "升",
    "个月",
    "笔",
    "道",
    "台次",
    "批次",
    "架次",
    "班",
    "期",
    "所",
    "棵",
    "株",
    "头",
];

/// Units that read as something else after a Chinese numeral (`十分` = very, `一度` = once,
/// `一道` = together), accepted only after Arabic digits.
const ARABIC_ONLY_UNITS: &[&str] =
    &["度", "分", "秒", "道", "年", "头", "周", "面", "家", "期", "届", "班", "车", "床"];

/// Time units a classifier may stand before (`四五个小时`, `3个月`): the classifier is dropped.
const TIME_AFTER_CLASSIFIER: &[&str] = &["小时", "月", "星期", "工作日", "周", "年", "季度"];

/// Words that start with a numeral but are not counts.
const NUMERAL_WORDS: &[&str] = &[
    "一线",
    "一把手",
    "一方面",
    "一起",
    "一切",
    "一直",
    "一定",
    "一样",
    "一致",
    "一体",
    "一道",
    "一律",
    "一些",
    "一般",
    "一再",
    "一同",
    "一旦",
    "一边",
    "一并",
    "一贯",
    "一举",
    "一心",
    "一带一路",
    "一揽子",
    "一刀切",
    "一次性",
    "一站式",
    "一系列",
    "一手",
    "一时",
    "一度",
    "一番",
    "一点",
    "一下",
    "一会",
    "一级",
    "一流",
    "一张网",
    "万一",
    "千万",
    "三农",
    "四风",
    "两会",
    "两委",
    "十分",
    "万分",
    "百分百",
    "一对一",
    "一户一",
    "一人一",
    "两手",
    "一盘棋",
    "一本账",
    "一张图",
    "千家万户",
    "千方百计",
    "千辛万苦",
    "万无一失",
    "万众一心",
    "四面八方",
    "五湖四海",
    "一个个",
    "一份份",
    "一位位",
    "一幕幕",
    "一张张",
    "一条条",
    "一件件",
    "一次次",
    "一批批",
    "一名名",
    "一项项",
    "两学一做",
    "一把",
    "一头",
];

/// Characters after which a digit run is part of a code, not a count.
fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '#' | '@' | '+' | '第')
}

/// Finds the quantities in Simplified `text`, whose tokens (from the segmenter, with POS)
/// are `tokens`. Returns them in text order, not overlapping.
pub fn scan(text: &str, tokens: &[Token<'_>]) -> Vec<Quantity> {
    let mut found = Vec::new();
    let mut position = 0;
    // The token at `position` (positions only grow): the checks below look at a window of
    // tokens around it instead of searching all the tokens of the text each time.
    let mut cursor = 0;
    while position < text.len() {
        let Some(c) = text[position..].chars().next() else { break };
        if !number_start_chars().may_contain(c) {
            // Certainly no number starts here: one bit test.
            position += c.len_utf8();
            continue;
        }
        // `matches!` compiles to a few comparisons; `str::contains(char)` searched a string at
        // every character of the text.
        let estimate =
            matches!(c, '上' | '数' | '几') && text[position + c.len_utf8()..].starts_with(['十', '百', '千', '万']);
        let starts_number = c.is_ascii_digit()
            || digit_value(c).is_some()
            || matches!(c, '十' | '百' | '千' | '万' | '亿' | '半')
            || estimate;
        if starts_number {
            while tokens.get(cursor).is_some_and(|t| t.end <= position) {
                cursor += 1;
            }
            let near = tokens.get(cursor.saturating_sub(8)..(cursor + 24).min(tokens.len())).unwrap_or(tokens);
            if let Some(quantity) = quantity_at(text, position, near) {
                position = quantity.end.max(position + c.len_utf8());
                found.push(quantity);
                continue;
            }
            // Skip the whole number and the word that holds it (`千家万户` must not yield `万户`).
            let holder = tokens.get(cursor).filter(|t| t.start <= position);
            let word =
                NUMERAL_WORDS.iter().find(|w| text[position..].starts_with(**w)).map_or(0, |w| position + w.len());
            position = skip_number(text, position).max(holder.map_or(0, |t| t.end)).max(word);
            continue;
        }
        position += c.len_utf8();
    }
    found
}

/// The characters a number may start with (digits, Chinese numerals, multipliers, `半`, and
/// the estimate leads `上`, `数`, `几`), as a bit filter.
fn number_start_chars() -> &'static crate::extract::CharFilter {
    static FILTER: std::sync::OnceLock<crate::extract::CharFilter> = std::sync::OnceLock::new();
    FILTER.get_or_init(|| {
        crate::extract::CharFilter::of_chars(|c| {
            c.is_ascii_digit()
                || digit_value(c).is_some()
                || matches!(c, '十' | '百' | '千' | '万' | '亿' | '半' | '上' | '数' | '几')
        })
    })
}

/// Returns the position after the digits or numeral run at `position`, so a run that is not
/// a quantity is not rescanned from its middle (`20200217` must not yield `0217`).
fn skip_number(text: &str, position: usize) -> usize {
    let after_arabic = arabic_end(text, position).unwrap_or(position);
    let end = chinese_numeral_end(text, after_arabic);
    let next = text[position..].chars().next().map_or(1, char::len_utf8);
    end.max(position + next)
}

/// A number as scanned: its span, value, and the upper value of a range (`四五`, `3至5`).
#[derive(Debug, Clone, Copy)]
struct Number {
    end: usize,
    value: f64,
    upper: Option<f64>,
    chinese: bool,
}

/// Parses the quantity whose number starts at `start`, if there is one.
fn quantity_at(text: &str, start: usize, tokens: &[Token<'_>]) -> Option<Quantity> {
    let before = &text[..start];
    if before.chars().next_back().is_some_and(is_code_char) || is_inside_date_or_code(text, start) {
        return None;
    }
    let (mut low_bound, mut approx, mut span_start) = prefix_before(before);
    let (number, fraction_percent, fraction) = number_at(text, start)?;
    if number.chinese && !chinese_numeral_counts(text, start, tokens) || before.ends_with("大年") {
        return None;
    }
    if number.chinese
        && (is_previous_or_next(before, &text[start..number.end]) || is_numbered_street(before, text, number.end))
    {
        return None;
    }
    // Estimates carry their own marker: `上千` sets a floor, `数十` a range.
    if approx.is_none() {
        if let Some(lead) = ["上", "数", "几"].into_iter().find(|l| text[start..].starts_with(l)) {
            approx = Some(lead);
            low_bound = if lead == "上" { Bound::Floor } else { Bound::Neither };
        }
    }
    let mut end = number.end;
    let mut value = number.value;
    let mut upper = number.upper;
    // Fractions and percentages: `三分之一`, `百分之十五`, `15%`.
    let mut percent = fraction_percent;
    if !percent {
        if let Some(rest) = text[end..].strip_prefix('%').or_else(|| text[end..].strip_prefix('‰')) {
            percent = true;
            end = text.len() - rest.len();
        }
    }
    if !percent {
        if let Some((marker, bound)) = NUMBER_SUFFIXES.iter().find(|(m, _)| text[end..].starts_with(m)) {
            // `来` only after a round number: `十来个`, `20来人`, not `3来`.
            if *marker != "来" || value % 10.0 == 0.0 {
                approx = Some(*marker);
                low_bound = *bound;
                end += marker.len();
            }
        }
        // A multiplier after the marker: `3400余万元`.
        if let Some(multiplier) = text[end..].chars().next().and_then(large_unit) {
            value *= multiplier;
            upper = upper.map(|u| u * multiplier);
            end += 3;
        }
    }
    let unit = if percent { None } else { unit_at(text, end, number.chinese) };
    if let Some((_, unit_end)) = unit {
        end = unit_end;
    }
    let counts = percent || fraction || unit.is_some() || number_had_multiplier(text, start, number.end);
    if !counts || is_numeral_word(&text[start..]) {
        return None;
    }
    if number.chinese && approx.is_none() && is_place_name(text, start, end, tokens) {
        return None;
    }
    if unit.is_some() {
        if let Some((marker, bound)) = UNIT_SUFFIXES.iter().find(|(m, _)| text[end..].starts_with(m)) {
            if approx.is_none() {
                approx = Some(*marker);
                low_bound = *bound;
            }
            end += marker.len();
        }
    }
    if upper.is_some() && approx.is_none() {
        approx = Some("range");
    }
    if approx.is_none() {
        span_start = start;
    }
    let (low, high) = bounds(value, upper, low_bound, approx.is_some());
    let unit_is_time = unit.is_some_and(|(s, e)| is_time_unit(&text[s..e]));
    let subject = if percent || unit_is_time { None } else { subject_of(text, span_start, end, tokens) };
    Some(Quantity { start: span_start, end, value, low, high, approx, unit, subject, percent })
}

/// Returns the floor/ceiling, the marker and the span start of an approximation prefix that
/// `before` ends with (or none: `Bound::Neither`, `None`, the end of `before`).
fn prefix_before(before: &str) -> (Bound, Option<&'static str>, usize) {
    for (marker, bound) in PREFIXES {
        if let Some(rest) = before.strip_suffix(marker) {
            // `最近3天`, `附近2个` are not approximations.
            if *marker == "近" && rest.ends_with(['最', '附', '就', '邻', '接']) {
                continue;
            }
            return (*bound, Some(marker), rest.len());
        }
    }
    (Bound::Neither, None, before.len())
}

/// Scans the number at `start`: Arabic with multipliers (`3.5万`), Chinese (`一千零三十八`),
/// adjacent digits as a range (`四五`), `数十`/`上千`/`十几` estimates, fractions
/// (`三分之一`) and `百分之十五`. Returns it, whether it is a percentage and whether it is
/// a fraction.
fn number_at(text: &str, start: usize) -> Option<(Number, bool, bool)> {
    let rest = &text[start..];
    if let Some(after) = rest.strip_prefix("百分之") {
        let inner = number_core(text, text.len() - after.len())?;
        return Some((Number { end: inner.end, ..inner }, true, false));
    }
    if let Some(after) = rest.strip_prefix("千分之") {
        let inner = number_core(text, text.len() - after.len())?;
        return Some((
            Number { value: inner.value / 10.0, upper: inner.upper.map(|u| u / 10.0), ..inner },
            true,
            false,
        ));
    }
    let first = number_core(text, start)?;
    // A fraction: `三分之一` = 1/3.
    if let Some(after) = text[first.end..].strip_prefix("分之") {
        let numerator = number_core(text, text.len() - after.len())?;
        if first.value > 0.0 {
            let value = numerator.value / first.value;
            return Some((Number { end: numerator.end, value, upper: None, chinese: first.chinese }, false, true));
        }
    }
    // A range: `3至5`, `10-20`, `三到五`.
    for connector in ["至", "到", "-", "~", "～", "—", "－", "–"] {
        if let Some(after) = text[first.end..].strip_prefix(connector) {
            let second_start = text.len() - after.len();
            if let Some(second) = number_core(text, second_start).filter(|s| s.chinese == first.chinese) {
                if second.value > first.value && second.upper.is_none() && first.upper.is_none() {
                    return Some((Number { end: second.end, upper: Some(second.value), ..first }, false, false));
                }
            }
        }
    }
    Some((first, false, false))
}

/// Scans one number (no fraction or connector range) at `start`.
fn number_core(text: &str, start: usize) -> Option<Number> {
    let rest = &text[start..];
    if let Some(end) = arabic_end(text, start) {
        let mut value = parse_arabic(&text[start..end])?;
        let mut end = end;
        // Multipliers: `3.5万`, `5千`, `1.2亿`, `2万亿`.
        while let Some((c, factor)) = text[end..].chars().next().and_then(|c| multiplier(c).map(|f| (c, f))) {
            value *= factor;
            end += c.len_utf8();
        }
        return Some(Number { end, value, upper: None, chinese: false });
    }
    // Estimates: `数十`, `几百`, `上千`, `十几`, `二十几`.
    for lead in ["数", "几", "上"] {
        if let Some(after) = rest.strip_prefix(lead) {
            let unit_char = after.chars().next()?;
            let magnitude = multiplier(unit_char)?;
            let end = start + lead.len() + unit_char.len_utf8();
            let (low, high) = if lead == "上" { (magnitude, None) } else { (2.0 * magnitude, Some(9.0 * magnitude)) };
            return Some(Number { end, value: low, upper: high, chinese: true });
        }
    }
    if let Some(after) = rest.strip_prefix('半') {
        let _ = after;
        return Some(Number { end: start + '半'.len_utf8(), value: 0.5, upper: None, chinese: true });
    }
    let end = chinese_numeral_end(text, start);
    if end == start {
        return None;
    }
    let numeral = &text[start..end];
    if let Some(range) = adjacent_digit_range(numeral, start, text) {
        return Some(range);
    }
    let value = parse_chinese(numeral)?;
    // `十几`: eleven to nineteen.
    if let Some(after) = text[end..].strip_prefix('几') {
        let upper = Some(value + 9.0);
        return Some(Number { end: text.len() - after.len(), value: value + 1.0, upper, chinese: true });
    }
    Some(Number { end, value, upper: None, chinese: true })
}

/// `四五` (four or five) and `三四十` (thirty or forty) as a range.
fn adjacent_digit_range(numeral: &str, start: usize, text: &str) -> Option<Number> {
    let mut chars = numeral.chars();
    let (a, b) = (digit_value(chars.next()?)?, digit_value(chars.next()?)?);
    if b != a + 1 || a == 0 {
        return None;
    }
    let tail: String = chars.collect();
    let magnitude = match tail.as_str() {
        "" => 1.0,
        "十" => 10.0,
        "百" => 100.0,
        "千" => 1000.0,
        "万" => 1e4,
        _ => return None,
    };
    let end = start + numeral.len();
    let _ = text;
    Some(Number { end, value: f64::from(a) * magnitude, upper: Some(f64::from(b) * magnitude), chinese: true })
}

/// The factor of a multiplier written after Arabic digits.
fn multiplier(c: char) -> Option<f64> {
    match c {
        '十' => Some(10.0),
        '百' => Some(100.0),
        '千' => Some(1000.0),
        _ => large_unit(c),
    }
}

/// True when the Arabic number at `start..end` carried a multiplier (`1.4万`), which makes
/// it a quantity even without a unit.
fn number_had_multiplier(text: &str, start: usize, end: usize) -> bool {
    text[start..end].chars().last().is_some_and(|c| multiplier(c).is_some())
        && text[start..end].starts_with(|c: char| c.is_ascii_digit())
}

/// Returns the span of the unit at `position` (a classifier before a time unit is skipped:
/// `个小时` → `小时`), if one starts there.
fn unit_at(text: &str, position: usize, after_chinese: bool) -> Option<(usize, usize)> {
    let rest = &text[position..];
    if let Some(after_classifier) = rest.strip_prefix('个') {
        if let Some(time) = TIME_AFTER_CLASSIFIER.iter().find(|t| after_classifier.starts_with(**t)) {
            let start = position + '个'.len_utf8();
            return Some((start, start + time.len()));
        }
    }
    let first = rest.chars().next()?;
    let unit = units_by_first_char().get(&first)?.iter().find(|u| rest.starts_with(**u))?;
    if after_chinese && ARABIC_ONLY_UNITS.contains(unit) {
        return None;
    }
    // Reduplicated classifiers (`一个个`, `一份份`) are not counts.
    if rest[unit.len()..].starts_with(*unit) && unit.chars().count() == 1 {
        return None;
    }
    Some((position, position + unit.len()))
}

/// [`UNITS`] by their first character, longest first: one hash probe instead of a scan of
/// the whole list at every number.
fn units_by_first_char() -> &'static crate::extract::FastMap<char, Vec<&'static str>> {
    static UNIT_TABLE: std::sync::OnceLock<crate::extract::FastMap<char, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    UNIT_TABLE.get_or_init(|| {
        let mut table: crate::extract::FastMap<char, Vec<&'static str>> = crate::extract::FastMap::default();
        for unit in UNITS {
            if let Some(first) = unit.chars().next() {
                let entry = table.entry(first).or_default();
                if !entry.contains(unit) {
                    entry.push(unit);
                }
            }
        }
        for units in table.values_mut() {
            units.sort_by_key(|u| std::cmp::Reverse(u.len()));
        }
        table
    })
}

/// True for the units of time, which have no subject.
fn is_time_unit(unit: &str) -> bool {
    ["小时", "分钟", "星期", "工作日", "天", "周", "年", "载", "个月", "月", "秒", "季度", "岁", "周岁"].contains(&unit)
}

/// True when the number at `number_start` belongs to a date, a time, a phone or record
/// number rather than a count.
fn is_inside_date_or_code(text: &str, number_start: usize) -> bool {
    let Some(end) = arabic_end(text, number_start) else { return false };
    let digits = &text[number_start..end];
    let after = &text[end..];
    let date_unit =
        after.starts_with(['月', '日', '号', '时', '点', '时']) && !after.starts_with("点钟") || after.starts_with(':');
    let year = digits.len() == 4 && !digits.contains('.') && after.starts_with('年');
    let long_code = digits.chars().filter(char::is_ascii_digit).count() >= 7 && !digits.contains(',');
    let dashed = after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_digit()) && digits.len() >= 3;
    let dated = text[..number_start].ends_with(['年', '月']) && after.starts_with(['月', '日', '号']);
    date_unit || year || long_code || dashed || dated
}

/// Decides whether a Chinese numeral at `start` is a count rather than part of a word
/// (`统一`, `千家万户`, `万众一心`): the token that holds it must start with it (or with an
/// approximation prefix) and not be an idiom.
fn chinese_numeral_counts(text: &str, start: usize, tokens: &[Token<'_>]) -> bool {
    let index = tokens.partition_point(|t| t.end <= start);
    let Some(token) = tokens.get(index).filter(|t| t.start <= start) else { return true };
    // `九台` is a district, not nine machines.
    let word = &text[token.start..token.end];
    let place = crate::extract::entity::is_gazetteer_place_tagged(word, token.pos)
        || ["区", "县", "市", "镇", "乡"].iter().any(|s| {
            text[token.end..].starts_with(s) && crate::extract::entity::is_gazetteer_place(&format!("{word}{s}"))
        });
    if place {
        return false;
    }
    if ["上", "数", "几"].iter().any(|l| text[token.start..].starts_with(l)) && token.start == start {
        return true;
    }
    if token.start < start {
        // The segmenter glues some leads to the numeral: `约三`, `每五`, `分三` (`分三批次`).
        let lead = &text[token.start..start];
        let allowed = PREFIXES.iter().any(|(m, _)| lead.ends_with(m)) || ["每", "共", "计", "达", "分"].contains(&lead);
        return allowed;
    }
    !matches!(token.pos, "i" | "l" | "nr" | "ns" | "nz" | "a" | "d" | "v" | "vn" | "j")
        || text[token.start..token.end].chars().count() <= 2 && token.pos != "i"
}

/// `上一篇`, `下一步`, `上一年度`: `一` after `上`/`下` is "previous"/"next", not a count.
fn is_previous_or_next(before: &str, numeral: &str) -> bool {
    before.ends_with(['上', '下']) && numeral == "一"
}

/// `北七条`, `东三道`: a direction and a numbered 条/道 name a street, not seven strips.
fn is_numbered_street(before: &str, text: &str, number_end: usize) -> bool {
    before.ends_with(['东', '西', '南', '北']) && text[number_end..].starts_with(['条', '道', '街', '巷'])
}

/// `去九台抗疫`, `抵九台后`: a Chinese numeral and measure word that together spell a
/// gazetteer place (九台区 → 九台, 七台河) name the place unless a noun follows, the thing
/// counted (`九台电脑`).
fn is_place_name(text: &str, start: usize, end: usize, tokens: &[Token<'_>]) -> bool {
    let written = &text[start..end];
    let longer_place = ["河", "山", "市", "区", "县", "镇", "乡", "村"].iter().any(|suffix| {
        text[end..].starts_with(suffix) && crate::extract::entity::is_gazetteer_name(&format!("{written}{suffix}"))
    });
    if longer_place {
        return true;
    }
    if !crate::extract::entity::is_gazetteer_name(written) {
        return false;
    }
    let next = tokens.get(tokens.partition_point(|t| t.start < end)).filter(|t| t.start == end);
    !next.is_some_and(|t| is_nominal(t.pos) && t.pos != "vn")
}

/// True when the text at `start` begins a word that contains a numeral but counts nothing.
fn is_numeral_word(rest: &str) -> bool {
    NUMERAL_WORDS.iter().any(|word| rest.starts_with(word))
}

/// Turns the value, the range's upper end and the marker's bound into `(low, high)`.
fn bounds(value: f64, upper: Option<f64>, bound: Bound, approximate: bool) -> (Option<f64>, Option<f64>) {
    if let Some(upper) = upper {
        return (Some(value), Some(upper));
    }
    match (approximate, bound) {
        (false, _) => (Some(value), Some(value)),
        (true, Bound::Floor) => (Some(value), None),
        (true, Bound::Ceiling) => (None, Some(value)),
        (true, Bound::Neither) => (None, None),
    }
}

/// POS tags of tokens that can make up the thing counted.
fn is_nominal(pos: &str) -> bool {
    matches!(pos, "n" | "nz" | "nt" | "ns" | "nr" | "ng" | "vn" | "j" | "an" | "nrt" | "nrfg" | "b")
}

/// Words jieba tags as nouns that here act as the verb after a count (`干部联系121个村`).
const VERB_LIKE_NOUNS: &[&str] =
    &["联系", "参加", "服务", "开展", "负责", "支持", "下沉", "投入", "报名", "参与", "协助", "组织", "全力", "主动"];

/// The noun counted: the run of nominal tokens right after the quantity (`2600余名机关党员
/// 干部`), else the one right before it (`发放口罩7400个`, `党费64.2万元`), skipping a linking
/// verb (`达`, `共计`).
fn subject_of(text: &str, start: usize, end: usize, tokens: &[Token<'_>]) -> Option<(usize, usize)> {
    let after = tokens.partition_point(|t| t.start < end);
    if tokens.get(after).is_some_and(|t| t.start == end) {
        let run: Vec<&Token<'_>> = tokens[after..]
            .iter()
            .take(4)
            .take_while(|t| is_nominal(t.pos) && t.pos != "vn" && !VERB_LIKE_NOUNS.contains(&&text[t.start..t.end]))
            .collect();
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            return Some((first.start, last.end));
        }
    }
    let mut before = tokens.partition_point(|t| t.end <= start);
    if tokens.get(before.checked_sub(1)?).is_some_and(|t| t.end != start) {
        return None;
    }
    let linking = ["达", "为", "共", "共计", "累计", "总计", "计", "合计", "约"];
    if before > 0 && linking.contains(&&text[tokens[before - 1].start..tokens[before - 1].end]) {
        before -= 1;
    }
    let run_start = tokens[..before].iter().rev().take(3).take_while(|t| is_nominal(t.pos)).count();
    if run_start == 0 {
        return None;
    }
    Some((tokens[before - run_start].start, tokens[before - 1].end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::default_segmenter;

    /// Text, value, low, high, approx, unit and subject of one quantity.
    type Found = (String, f64, Option<f64>, Option<f64>, Option<&'static str>, Option<String>, Option<String>);

    fn quantities(text: &str) -> Vec<Found> {
        let tokens = default_segmenter().tokens(text);
        scan(text, &tokens)
            .into_iter()
            .map(|q| {
                (
                    text[q.start..q.end].to_string(),
                    q.value,
                    q.low,
                    q.high,
                    q.approx,
                    q.unit.map(|(s, e)| text[s..e].to_string()),
                    q.subject.map(|(s, e)| text[s..e].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn counts_with_markers_units_and_subjects() {
        let found = quantities("全区59个单位2600余名机关党员干部联系121个村。");
        assert_eq!(found[1].0, "2600余名");
        assert_eq!((found[1].1, found[1].2, found[1].3, found[1].4), (2600.0, Some(2600.0), None, Some("余")));
        assert_eq!(found[1].5.as_deref(), Some("名"));
        assert_eq!(found[1].6.as_deref(), Some("机关党员干部"));
        assert_eq!(found[0].0, "59个");
        assert_eq!(found[2].0, "121个");
    }

    #[test]
    fn subject_before_the_number() {
        let found = quantities("共为社区志愿者发放口罩7400个,安排核酸检测80人。");
        assert_eq!(found[0].0, "7400个");
        assert_eq!(found[0].6.as_deref(), Some("口罩"));
    }

    #[test]
    fn money_is_multiplied() {
        let found = quantities("共310万元,总计投入205万余元,党费416.54万元");
        assert_eq!(found[0].1, 3_100_000.0);
        assert_eq!(found[0].5.as_deref(), Some("元"));
        assert_eq!(found[1].0, "205万余元");
        assert_eq!(found[1].1, 2_050_000.0);
        assert!((found[2].1 - 4_165_400.0).abs() < 1e-6);
    }

    #[test]
    fn ceilings_ranges_and_estimates() {
        let found = quantities("防护服近2000套、口罩近6万只,每天只睡四五个小时,3至5天,10-20人,数十名");
        assert_eq!((found[0].0.as_str(), found[0].2, found[0].3), ("近2000套", None, Some(2000.0)));
        assert_eq!(found[1].1, 60000.0);
        assert_eq!(found[2].0, "四五个小时");
        assert_eq!((found[2].2, found[2].3, found[2].5.as_deref()), (Some(4.0), Some(5.0), Some("小时")));
        assert_eq!((found[3].2, found[3].3), (Some(3.0), Some(5.0)));
        assert_eq!((found[4].2, found[4].3), (Some(10.0), Some(20.0)));
        assert_eq!(found[5].0, "数十名");
    }

    #[test]
    fn percentages_and_fractions() {
        let found = quantities("增长15%,占百分之十五,约三分之一");
        assert_eq!((found[0].1, found[0].5.clone()), (15.0, None));
        assert!(found[0].0 == "15%");
        assert_eq!(found[1].1, 15.0);
        assert!((found[2].1 - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn dates_codes_ordinals_and_numeral_words_are_not_quantities() {
        for text in [
            "2020年2月17日",
            "电话:0710-3512345",
            "鄂ICP备12003456号",
            "全市第三例",
            "第一时间",
            "一线",
            "统一领导",
            "千家万户",
            "十分重要",
            "一个个红手印",
            "14:11",
        ] {
            assert!(quantities(text).is_empty(), "{text}: {:?}", quantities(text));
        }
    }

    #[test]
    fn previous_next_streets_and_places_are_not_counts() {
        for text in ["上一篇:统计局发布数据", "下一步将持续巩固", "住在南三条的居民", "他们去九台支援", "抵达七台河后"]
        {
            assert!(quantities(text).is_empty(), "{text}: {:?}", quantities(text));
        }
        // A noun after the measure word makes it a count again.
        let found = quantities("仓库里还有九台电脑");
        assert_eq!((found[0].0.as_str(), found[0].1), ("九台", 9.0));
        // Arabic digits are never a place name.
        assert_eq!(quantities("调来9台机器")[0].1, 9.0);
    }

    #[test]
    fn batch_counts() {
        let found = quantities("分三批次组织培训,出动飞机12架次");
        assert_eq!((found[0].0.as_str(), found[0].1, found[0].5.as_deref()), ("三批次", 3.0, Some("批次")));
        assert_eq!((found[1].1, found[1].5.as_deref()), (12.0, Some("架次")));
    }

    #[test]
    fn mixed_numerals() {
        let found = quantities("1.4万多人,一千零三十八名,3.5万元");
        assert_eq!((found[0].1, found[0].4), (14000.0, Some("多")));
        assert_eq!(found[1].1, 1038.0);
        assert_eq!(found[2].1, 35000.0);
    }
}
