//! Numerals: Arabic (`3.5`, `1,038`), Chinese (`一千零三十八`, `二○○一`, `两`, `半`)
//! and mixed (`3.5万`, `1.4万`), scanned and valued.
//!
//! The scanner works on Simplified text (the extractors run on the simplified view), but
//! also accepts the Traditional multipliers `萬` and `億` and the capital digits of
//! financial writing (`壹贰叁…`).

/// The value of a Chinese digit character (`〇零一二…九`, `两`, capitals), if it is one.
pub fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '貳' | '贰' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The value of a multiplier character within a section (`十百千`), if it is one.
fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// The value of a section multiplier (`万`, `亿`), if `c` is one.
pub fn large_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        _ => return None,
    })
}

/// True for any character that can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || small_unit(c).is_some() || large_unit(c).is_some()
}

/// Returns the end (byte offset) of a run of Chinese numeral characters starting at
/// `start`, or `start` when there is none.
pub fn chinese_numeral_end(text: &str, start: usize) -> usize {
    start + text[start..].chars().take_while(|&c| is_chinese_numeral_char(c)).map(char::len_utf8).sum::<usize>()
}

/// Values a Chinese numeral: positional (`一千零三十八` = 1038, `十五` = 15, `三万五千` =
/// 35000, `两亿` = 2e8) or a plain digit string (`二○○一` = 2001).
///
/// Returns `None` for an empty string or one that is not a well-formed numeral.
pub fn parse_chinese(numeral: &str) -> Option<f64> {
    let chars: Vec<char> = numeral.chars().collect();
    if chars.is_empty() {
        return None;
    }
    if chars.iter().all(|&c| digit_value(c).is_some()) {
        return parse_digit_string(&chars);
    }
    let (mut yi_part, mut wan_part, mut section) = (0.0_f64, 0.0_f64, 0_u64);
    let mut digit: Option<u64> = None;
    // The multiplier written last and whether a zero followed it: `一百五` is 150, but
    // `一百零五` is 105.
    let (mut last_unit, mut zero_since) = (0.0_f64, false);
    for &c in &chars {
        if let Some(d) = digit_value(c) {
            if digit.is_some() && d != 0 {
                return None; // two digits in a row inside a positional numeral
            }
            zero_since |= d == 0;
            digit = (d != 0).then_some(u64::from(d));
        } else if let Some(unit) = small_unit(c) {
            // `十五` starts with the unit: an implied one.
            section += digit.take().unwrap_or(1) * unit;
            (last_unit, zero_since) = (unit as f64, false);
        } else if c == '万' || c == '萬' {
            let value = (section + digit.take().unwrap_or(0)) as f64;
            wan_part = if value == 0.0 { 1e4 } else { value * 1e4 };
            section = 0;
            (last_unit, zero_since) = (1e4, false);
        } else if large_unit(c).is_some() {
            let value = wan_part + (section + digit.take().unwrap_or(0)) as f64;
            yi_part = (yi_part + if value == 0.0 { 1.0 } else { value }) * 1e8;
            (wan_part, section) = (0.0, 0);
            (last_unit, zero_since) = (1e8, false);
        } else {
            return None;
        }
    }
    let trailing = digit.unwrap_or(0) as f64;
    let trailing = if last_unit >= 100.0 && !zero_since { trailing * last_unit / 10.0 } else { trailing };
    Some(yi_part + wan_part + section as f64 + trailing)
}

/// Values a string of plain digits read one by one (`二○○一`, `一二三`).
fn parse_digit_string(chars: &[char]) -> Option<f64> {
    if chars.len() > 15 {
        return None;
    }
    let mut value: u64 = 0;
    for &c in chars {
        value = value * 10 + u64::from(digit_value(c)?);
    }
    Some(value as f64)
}

/// Returns the end of an Arabic number at `start`: digits, optional thousands separators
/// (`1,038`) and one decimal part (`416.54`). `None` when `start` is not a digit.
pub fn arabic_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let digits_from = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let first = digits_from(start);
    if first == 0 {
        return None;
    }
    let mut end = start + first;
    // Thousands groups: `,` followed by exactly three digits.
    while bytes.get(end) == Some(&b',') && digits_from(end + 1) == 3 && first <= 3 {
        end += 4;
    }
    if bytes.get(end) == Some(&b'.') && digits_from(end + 1) > 0 {
        end += 1 + digits_from(end + 1);
    }
    Some(end)
}

/// Values an Arabic number as scanned by [`arabic_end`].
pub fn parse_arabic(number: &str) -> Option<f64> {
    number.replace(',', "").parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_numerals() {
        assert_eq!(parse_chinese("一千零三十八"), Some(1038.0));
        assert_eq!(parse_chinese("十五"), Some(15.0));
        assert_eq!(parse_chinese("二十"), Some(20.0));
        assert_eq!(parse_chinese("三万五千"), Some(35000.0));
        assert_eq!(parse_chinese("两亿"), Some(2e8));
        assert_eq!(parse_chinese("一亿二千万"), Some(1.2e8));
        assert_eq!(parse_chinese("万"), Some(1e4));
        assert_eq!(parse_chinese("两"), Some(2.0));
        assert_eq!(parse_chinese("一百五"), Some(150.0));
        assert_eq!(parse_chinese("一百零五"), Some(105.0));
        assert_eq!(parse_chinese("三万五"), Some(35000.0));
        assert_eq!(parse_chinese("十万"), Some(1e5));
        assert_eq!(parse_chinese("一万二千"), Some(12000.0));
    }

    #[test]
    fn digit_strings() {
        assert_eq!(parse_chinese("二○○一"), Some(2001.0));
        assert_eq!(parse_chinese("二〇二〇"), Some(2020.0));
    }

    #[test]
    fn malformed_numerals_are_rejected() {
        assert_eq!(parse_chinese(""), None);
        assert_eq!(parse_chinese("三四百"), None);
        assert_eq!(parse_chinese("x"), None);
    }

    #[test]
    fn arabic_numbers() {
        let text = "共1,038人和416.54万元和3.";
        let start = text.find('1').unwrap();
        let end = arabic_end(text, start).unwrap();
        assert_eq!(&text[start..end], "1,038");
        assert_eq!(parse_arabic(&text[start..end]), Some(1038.0));
        let start = text.find('4').unwrap();
        let end = arabic_end(text, start).unwrap();
        assert_eq!(&text[start..end], "416.54");
        let start = text.rfind('3').unwrap();
        assert_eq!(&text[start..arabic_end(text, start).unwrap()], "3");
    }
}
