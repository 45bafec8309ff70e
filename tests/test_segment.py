"""Paragraphs, sentences and words through the Python API."""

from __future__ import annotations

import pickle
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import zhreport as zr
from hypothesis import given, settings
from hypothesis import strategies as st


def test_sentences_keep_closing_quotes() -> None:
    text = "她说:“隻有大家平安健康了，我们小家才能幸福团圆。”“我报名!”他报名！去九台抗疫，他报名?"
    assert zr.split_sentences(text) == [
        "她说:“隻有大家平安健康了，我们小家才能幸福团圆。”",
        "“我报名!”",
        "他报名！",
        "去九台抗疫，他报名?",
    ]


def test_sentences_do_not_split_numbers_times_or_headings() -> None:
    text = "一、积极动员，闪电集结\n增长2.5万人，14:11发布；第二句……第三句"
    assert zr.split_sentences(text) == ["一、积极动员，闪电集结", "增长2.5万人，14:11发布；", "第二句……", "第三句"]


def test_sentence_offsets() -> None:
    text = " 甲。  乙！\n丙"
    spans = zr.sentences(text)
    assert [s.text for s in spans] == ["甲。", "乙！", "丙"]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_paragraphs() -> None:
    assert zr.split_paragraphs("第一段。\n\n 第二段。 \n") == ["第一段。", "第二段。"]
    assert zr.split_paragraphs("") == []


def test_cut_numbers_and_domain_words() -> None:
    words = zr.cut("2020年2月8日,服务社区群众3400余人次,发放口罩2.5万个,占15%,14:11以“双报到”为载体打赢阻击战")
    for expected in ["2020年2月8日", "3400余人次", "15%", "14:11", "双报到", "阻击战"]:
        assert expected in words
    assert "".join(words) == "2020年2月8日,服务社区群众3400余人次,发放口罩2.5万个,占15%,14:11以“双报到”为载体打赢阻击战"


def test_fullwidth_digits_are_numbers() -> None:
    assert "１９９６年" in zr.cut("１９９６年的经济")


def test_traditional_tokens_keep_script_and_offsets() -> None:
    text = "吉林省市場監督管理廳黨組迅速貫徹落實省委、省政府決策部署"
    toks = zr.tokens(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start : t.end] == t.text for t in toks)
    simplified = [t.text for t in zr.tokens(zr.to_simplified(text))]
    assert [len(t.text) for t in toks] == [len(w) for w in simplified]


def test_user_words_and_dict_do_not_leak(tmp_path: Path) -> None:
    dictionary = tmp_path / "user.txt"
    dictionary.write_text("毛纺小区 100 ns\n旁山冲社区 100 ns\n", encoding="utf-8")
    custom = zr.Segmenter(user_words=[("高高飘扬了", 100000, "v"), "颜克晋同志"], user_dict=dictionary)
    assert "高高飘扬了" in custom.cut("党旗高高飘扬了")
    assert "毛纺小区" in custom.cut("联系点毛纺小区社区")
    assert custom.has_word("旁山冲社区")
    plain = zr.Segmenter()
    assert "高高飘扬了" not in plain.cut("党旗高高飘扬了")
    assert "高高飘扬了" not in zr.cut("党旗高高飘扬了")
    assert not plain.has_word("旁山冲社区")
    again = pickle.loads(pickle.dumps(custom))
    assert again.cut("联系点毛纺小区社区") == custom.cut("联系点毛纺小区社区")


def test_bad_input_is_sane() -> None:
    assert zr.cut("") == []
    assert zr.tokens("") == []
    for text in ["。", "！！！", "😀🎉", "Latin only text, with 123.", "黨員党员mixed混合", "\n\n"]:
        assert "".join(zr.cut(text)) == text
    long_line = "疫情防控" * 250_000  # 3 MB without a full stop
    assert "".join(zr.cut(long_line)) == long_line
    with pytest.raises(zr.InvalidArgumentError):
        zr.Segmenter(user_words=["has space"])
    with pytest.raises(FileNotFoundError):
        zr.Segmenter(user_dict="/nonexistent/dict.txt")


def test_batch_matches_single_and_threads_are_safe() -> None:
    texts = [line for report in zr.sample_reports() for line in report.split("\n") if line]
    expected = [zr.cut(t) for t in texts]
    assert zr.cut_batch(texts, workers=2) == expected
    segmenter = zr.Segmenter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(segmenter.cut, texts * 3))
    assert results == expected * 3
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            for t in texts[:50]:
                zr.tokens(t)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_report_tokens_behave_like_the_list_of_zr_tokens() -> None:
    # Report.tokens is a TokenList held in Rust; it must read exactly like the list that
    # zr.tokens gives for the same body (a separate code path), in every way a list is read.
    report = zr.analyze(zr.sample_reports()[1])
    tokens, expected = report.tokens, zr.tokens(report.text)
    assert isinstance(tokens, Sequence)
    assert isinstance(tokens, zr.TokenList)
    assert len(tokens) == len(expected) > 100
    assert tokens == expected and expected == tokens and tokens == tuple(expected)
    assert list(tokens) == expected
    assert [tokens[i] for i in (0, 1, -1, -len(expected))] == [expected[i] for i in (0, 1, -1, -len(expected))]
    for cut in (slice(None), slice(3, 9), slice(-5, None), slice(None, None, -7), slice(9, 3), slice(2, 50, 3)):
        assert tokens[cut] == expected[cut]
    with pytest.raises(IndexError):
        tokens[len(expected)]
    with pytest.raises(TypeError):
        tokens["0"]  # type: ignore[call-overload]
    assert expected[5] in tokens and zr.Token("不在", "v", 0, 2) not in tokens
    not_tokens: object = "text"
    assert tokens != expected[:-1] and tokens != not_tokens and tokens.as_tuples() == [t.as_tuple() for t in expected]
    assert pickle.loads(pickle.dumps(tokens)) == tokens
    assert zr.TokenList(expected) == tokens and zr.TokenList() == []
    assert repr(tokens).startswith("TokenList([Token(") and f"{len(expected)} tokens" in repr(tokens)
    with pytest.raises(TypeError):
        hash(tokens)


@settings()
@given(st.text(max_size=120))
def test_token_offsets_slice_back(text: str) -> None:
    toks = zr.tokens(text)
    assert "".join(t.text for t in toks) == text
    position = 0
    for token in toks:
        assert token.start == position and text[token.start : token.end] == token.text
        position = token.end
    for span in zr.sentences(text):
        assert text[span.start : span.end] == span.text


@settings()
@given(st.lists(st.sampled_from(["黨", "員", "党", "员", "發", "2.5", "萬", "年", "😀", "e\u0301", "𠮷", "。", "”", " ", "\n", "a"]), max_size=40))
def test_token_offsets_mixed_scripts(pieces: list[str]) -> None:
    text = "".join(pieces)
    toks = zr.tokens(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_analyze_puts_sentences_and_tokens_on_the_report() -> None:
    for raw in zr.sample_reports():
        report = zr.analyze(raw)
        assert report.text == zr.clean(raw).text
        assert all(report.text[s.start : s.end] == s.text for s in report.sentences)
        assert "".join(t.text for t in report.tokens) == report.text
        assert all(report.text[t.start : t.end] == t.text for t in report.tokens)
    traditional = zr.analyze(zr.sample_reports()[1])
    assert any(t.text == "黨員" for t in traditional.tokens)


def test_analyze_batch_and_pickle() -> None:
    texts = zr.sample_reports()
    batch = zr.analyze_batch(texts, workers=2)
    assert batch == [zr.analyze(t) for t in texts]
    assert pickle.loads(pickle.dumps(batch[3])) == batch[3]
    assert batch[0].to_dict()["title"] == "襄阳:让党旗在战“疫”一线高高飘扬!"
    assert "<h3>" in batch[0]._repr_html_()
    assert zr.analyze("").tokens == []


@settings()
@given(
    st.lists(
        st.sampled_from(["1", "２", "2.5", "万", "余", "人次", "年", "月", "日", "日电", "国有企业", "三峡工程", "的", "黨", "，", "14:11", "%", " "]),
        max_size=30,
    )
)
def test_cut_agrees_with_tokens(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert zr.cut(text) == [t.text for t in zr.tokens(text)]
