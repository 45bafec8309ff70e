"""The Python contract of the cleaning stage: decode, normalize, script, clean."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import zhreport as zr

SIMPLIFIED = "襄阳市市场监督管理局坚定履行主体责任，强化党建引领，以“双报到”为载体。"
TRADITIONAL = "吉林省市場監督管理廳高度重視，把疫情防控工作作為重大政治任務和頭等大事來抓。"


# --- decode -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
        (TRADITIONAL.encode("utf-16"), TRADITIONAL),  # with BOM
        ("\ufeff".encode("utf-16-be") + TRADITIONAL.encode("utf-16-be"), TRADITIONAL),
        (b"", ""),
    ],
)
def test_decode_detects(data: bytes, expected: str) -> None:
    assert zr.decode(data) == expected


def test_decode_gb18030_four_byte_characters() -> None:
    text = "𠮷野家的鿏元素"
    assert zr.decode(text.encode("gb18030")) == text
    assert zr.decode(text.encode("gb18030"), encoding="gb18030") == text


@pytest.mark.parametrize(
    ("encoding", "codec"), [("gbk", "gbk"), ("GB2312", "gbk"), ("big5", "big5"), ("utf-8", "utf-8"), ("utf_16_le", "utf-16-le")]
)
def test_decode_named_encoding(encoding: str, codec: str) -> None:
    text = TRADITIONAL if codec == "big5" else SIMPLIFIED
    assert zr.decode(text.encode(codec), encoding=encoding) == text


def test_decode_error_names_offset() -> None:
    data = "党旗".encode() + b"\xff" + "飘扬".encode()
    with pytest.raises(zr.DecodeError) as info:
        zr.decode(data, encoding="utf-8")
    assert info.value.offset == 6
    assert "6" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert zr.decode(data, encoding="utf-8", errors="replace") == "党旗\ufffd飘扬"


def test_decode_undetectable_bytes_raise_or_replace() -> None:
    garbage = bytes([0x81, 0x20, 0xFF, 0xFE, 0x00, 0x81, 0x7F] * 50)
    try:
        text = zr.decode(garbage)
    except zr.DecodeError as error:
        assert error.offset >= 0
    else:
        assert isinstance(text, str)
    assert isinstance(zr.decode(garbage, errors="replace"), str)


def test_decode_bad_arguments() -> None:
    with pytest.raises(zr.UnknownEncodingError):
        zr.decode(b"abc", encoding="klingon")
    with pytest.raises(LookupError):
        zr.decode(b"abc", encoding="klingon")
    with pytest.raises(zr.InvalidArgumentError):
        zr.decode(b"abc", errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zr.decode("not bytes")  # type: ignore[arg-type]


def test_detect_encoding() -> None:
    assert zr.detect_encoding(SIMPLIFIED.encode("gbk")) == "gb18030"
    assert zr.detect_encoding(TRADITIONAL.encode("big5")) == "Big5"
    assert zr.detect_encoding(SIMPLIFIED.encode()) == "UTF-8"
    assert zr.detect_encoding(TRADITIONAL.encode("utf-16")) == "UTF-16LE"


# --- normalize --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("党\x00旗\u200b飘\u200d扬\ufeff", "党旗飘扬"),
        ("疫情\u00a0\u00a0防控\u3000\u3000战\t场", "疫情 防控 战 场"),
        ("   两端空格   ", "两端空格"),
        ("ＡＢＣ１２３ｘｙｚ", "ABC123xyz"),
        ("“我报名！”，《通知》：；？", "“我报名！”，《通知》：；？"),
        ("疫情&nbsp;防控&amp;宣传&#20013;&#x56FD;&ldquo;好&rdquo;", "疫情 防控&宣传中国“好”"),
        ("<div>党旗</div><br/><span>飘扬</span>", "\n党旗\n\n飘扬"),
        ("<!-- 注释 -->正文<script>alert(1)</script>", "正文"),
        ("𠮷 鿏 \U0002a700", "𠮷 鿏 \U0002a700"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert zr.normalize(raw) == expected


def test_normalize_counts_repairs() -> None:
    text, repairs = zr.normalize_with_repairs("發(fā)生&amp;\u200bＡ\x07")
    assert text == "發生&A"
    assert repairs == {
        "control_char": 1,
        "fullwidth_alnum": 1,
        "html_entity": 1,
        "invisible_char": 1,
        "pinyin_annotation": 1,
    }


def test_pinyin_annotations_only_after_their_character() -> None:
    assert zr.normalize("在中央的統(tǒng)一領(lǐng)導(dǎo)下") == "在中央的統一領導下"
    for untouched in ["李陽(左一)", "社區(公安部門)", "他说(hǎo)", "Beijing (Bei) 2020", "(hǎo)开头"]:
        # "说" has no reading hǎo, but hǎo is a toned syllable after a Han character.
        expected = "他说" if untouched == "他说(hǎo)" else untouched
        assert zr.normalize(untouched) == expected


def test_lost_characters_removed_and_counted() -> None:
    text, repairs = zr.normalize_with_repairs("勇挑重?dān)、沖鋒在前")
    assert "?" not in text and "dān" not in text
    assert repairs["lost_char"] == 1
    assert text.endswith("、沖鋒在前")


def test_mojibake_repaired_and_counted() -> None:
    line = "新冠肺炎疫情防控战场上，湖北省襄阳市市场监督管理局坚定履行主体责任"
    broken = line.encode("gbk").decode("latin-1")
    text, repairs = zr.normalize_with_repairs("标题\n" + broken)
    assert text == "标题\n" + line
    assert repairs == {"mojibake_latin1": 1}
    broken_utf8 = line.encode("utf-8").decode("cp1252", errors="replace")
    if "\ufffd" not in broken_utf8:
        assert zr.normalize(broken_utf8) == line


def test_utf8_read_as_gbk_is_repaired() -> None:
    line = "吉林省市场监督管理厅高度重视把疫情防控工作作为重大政治任务和头等大事"
    broken = line.encode("utf-8").decode("gbk", errors="replace")
    text, repairs = zr.normalize_with_repairs(broken)
    assert repairs.get("mojibake_gbk") == 1
    # Python's decoder destroyed two byte pairs; each lost character is one U+FFFD.
    assert len(text) == len(line)
    differences = [(a, b) for a, b in zip(text, line) if a != b]
    assert broken.count("\ufffd") == len(differences) == 2
    assert all(a == "\ufffd" for a, _ in differences)


def test_surrogates_do_not_crash() -> None:
    report = zr.clean("党旗\ud800飘扬。")
    assert report.text == "党旗\ufffd飘扬。"
    assert report.repairs["unpaired_surrogate"] == 1
    assert zr.normalize("a\udfffb") == "a\ufffdb"
    assert zr.to_simplified("党旗\ud800") == "党旗\ufffd"
    assert zr.to_simplified("黨旗\ud800") == "党旗\ufffd"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII 123",
        "café au lait",  # code points of one byte beyond ASCII
        "党员干部坚守一线",  # two-byte code points
        "𠮷野家 and 鿏",  # beyond the BMP
        "\ufeff黨員",  # a leading U+FEFF is a character, not a byte order mark
        "黨員𠮷，" * 3000,  # long enough to be read without the GIL
    ],
)
def test_text_crosses_the_binding_intact(text: str) -> None:
    # Arguments travel as UTF-16 transcoded to UTF-8, converted text comes back as code points.
    tokens = zr.tokens(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
    simplified = text.replace("黨員", "党员")
    assert zr.to_simplified(text) == simplified
    assert zr.clean(f"标题\n\n{text}").simplified == zr.to_simplified(zr.clean(f"标题\n\n{text}").text)


def test_to_simplified_of_simplified_text_is_equal() -> None:
    # Nothing to convert: the same text comes back (the binding may return the same object).
    text = "党员干部坚守一线 abc 123"
    assert zr.to_simplified(text) == text
    assert zr.to_simplified("") == ""


# --- script -----------------------------------------------------------------------------


def test_detect_script() -> None:
    assert zr.detect_script(TRADITIONAL) == "traditional"
    assert zr.detect_script(SIMPLIFIED) == "simplified"
    assert zr.detect_script(SIMPLIFIED + TRADITIONAL) == "mixed"
    assert zr.detect_script("Latin 123 ，。") == "none"
    assert zr.detect_script("") == "none"


def test_conversion_passes_non_han_through() -> None:
    text = "Covid-19 疫情 2020年3月 ABC，。！@#"
    assert zr.to_simplified(zr.to_traditional(text)) == text
    assert zr.to_traditional("疫情").startswith("疫情")
    assert zr.to_simplified(TRADITIONAL) == "吉林省市场监督管理厅高度重视，把疫情防控工作作为重大政治任务和头等大事来抓。"


# --- clean ------------------------------------------------------------------------------


def test_clean_empty_and_whitespace() -> None:
    for text in ["", "\n\n", "   ", "\r\n"]:
        report = zr.clean(text)
        assert report.text == ""
        assert report.title is None
        assert report.editors == []
        assert all(line.kind == "blank" for line in report.lines)


def test_clean_binary_garbage_is_sane() -> None:
    garbage = bytes(range(256)) * 20
    text = zr.decode(garbage, errors="replace")
    report = zr.clean(text)
    assert "\n".join(line.text for line in report.lines) == report.normalized


def test_clean_huge_single_line() -> None:
    line = "疫情防控" * (12_500_000 // 4)  # 50 MB of UTF-8 on one line, no full stop
    report = zr.clean(line)
    assert len(report.text) == len(line)
    assert [line.kind for line in report.lines] == ["body"]


def test_types_and_repr() -> None:
    report = zr.clean("标题\n\n2020年02月06日17:51 来源:人民网\n\n正文。")
    assert isinstance(report, zr.Cleaned)
    assert isinstance(report.published, dt.datetime)
    assert isinstance(report.lines[0], zr.Line)
    assert report.lines[0].as_tuple() == ("标题", "title", 0, 2)
    assert "标题" in repr(report) and "Line(" in repr(report.lines[0])


def test_pickle_round_trip() -> None:
    report = zr.clean(zr.sample_reports()[1])
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    assert again.published == report.published
    assert pickle.loads(pickle.dumps(report.lines[3])) == report.lines[3]


def test_clean_batch_matches_clean() -> None:
    texts = zr.sample_reports() * 3
    batch = zr.clean_batch(texts, workers=2)
    assert batch == [zr.clean(text) for text in texts]
    assert zr.clean_batch([]) == []
    with pytest.raises(zr.InvalidArgumentError):
        zr.clean_batch(texts, workers=0)
    with pytest.raises(TypeError):
        zr.clean_batch("not a list")


def test_cli_demo_prints_every_sample(capsys: pytest.CaptureFixture[str]) -> None:
    from zhreport.cli import main

    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for name in zr.sample_report_names():
        assert name in out
    assert "pinyin_annotation 553" in out
    assert "人民網-吉林頻道" in out


def test_cli_clean_reads_files(tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from zhreport.cli import main

    path = Path(str(tmp_path)) / "report.txt"
    path.write_bytes("標題\n\n2022-04-01 來源:人民網\n\n正文第一段。\n(責編:謝龍)".encode("big5"))
    assert main(["clean", str(path)]) == 0
    assert capsys.readouterr().out == "正文第一段。\n"
    assert main(["clean", str(path) + ".missing"]) == 1
    assert "zhreport:" in capsys.readouterr().err


def test_a_panic_in_the_core_is_a_python_exception() -> None:
    from zhreport import _core

    with pytest.raises(zr.ZhreportError, match="deliberate panic"):
        _core._panic_for_test()
    assert zr.clean("正文。").text == "正文。"  # the interpreter and the core still work
