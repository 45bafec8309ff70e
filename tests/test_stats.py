"""Per-report statistics (`zr.text_stats`, `Report.stats`) against independent computations:
figures counted by hand on short texts, and plain-Python reference implementations
(unicodedata for character classes, statistics for means and medians, MTLD and MATTR as
published) on the sample reports."""

from __future__ import annotations

import pickle
import statistics
import unicodedata

import pytest

import zhreport as zr


def reference_char_classes(text: str) -> dict[str, int]:
    visible = [c for c in text if not c.isspace()]
    return {
        "chars": len(visible),
        "han_chars": sum(
            unicodedata.name(c, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")) or c in "〇々"
            for c in visible
        ),
        "punctuation": sum(unicodedata.category(c).startswith("P") for c in visible),
        "digits": sum(unicodedata.category(c) == "Nd" for c in visible),
        "latin": sum(unicodedata.category(c).startswith("L") and "LATIN" in unicodedata.name(c, "") for c in visible),
    }


def reference_mtld(words: list[str], threshold: float = 0.72) -> float:
    """MTLD as McCarthy & Jarvis (2010) define it (the `lexical_diversity` package's loop)."""

    def one_pass(sequence: list[str]) -> float:
        factors, types, count, ttr = 0.0, set(), 0, 1.0
        for word in sequence:
            count += 1
            types.add(word)
            ttr = len(types) / count
            if ttr <= threshold:
                factors, types, count, ttr = factors + 1, set(), 0, 1.0
        factors += (1 - ttr) / (1 - threshold)
        return len(sequence) / factors if factors else float(len(sequence))

    if not words:
        return 0.0
    return (one_pass(words) + one_pass(words[::-1])) / 2


def reference_mattr(words: list[str], window: int = 50) -> float:
    if not words:
        return 0.0
    if len(words) <= window:
        return len(set(words)) / len(words)
    ttrs = [len(set(words[i : i + window])) / window for i in range(len(words) - window + 1)]
    return sum(ttrs) / len(ttrs)


def word_tokens(text: str) -> list[zr.Token]:
    return [t for t in zr.tokens(text) if any(c.isalnum() for c in t.text)]


def test_short_text_counted_by_hand() -> None:
    text = "全区2600余名党员干部不忘初心、牢记使命。\n她说:“我报名!”《通知》要求ABC。"
    s = zr.text_stats(text)
    # By hand: line 1 全区 2600 余名 党员干部 不忘初心 、 牢记使命 。 → 2+4+2+4+4+1+4+1 = 22;
    # line 2 她说 : “ 我报名 ! ” 《 通知 》 要求 ABC 。 → 2+1+1+3+1+1+1+2+1+2+3+1 = 19.
    assert s["chars"] == 41
    assert s["digits"] == 4
    assert s["latin"] == 3
    assert s["han_chars"] == 41 - 4 - 3 - 9
    assert s["punctuation"] == 9  # 、。 on line 1; : “ ! ” 《 》 。 on line 2
    assert s["paragraphs"] == 2
    assert s["quotations"] == 1
    assert s["cited_titles"] == 1
    assert s["lexicon.mission"] == 1
    assert s["quantities"] == 1
    assert s["quantities_per_1000_chars"] == pytest.approx(1000 / 41)


def test_character_classes_match_unicodedata_on_every_sample(cleaned: dict[str, zr.Cleaned]) -> None:
    for key, report in cleaned.items():
        s = zr.text_stats(report.text)
        expected = reference_char_classes(report.text)
        assert {k: s[k] for k in expected} == expected, key


def test_mixed_scripts_and_astral_characters() -> None:
    text = "𠮷野家 Pīnyīn １２ 〇 ½ é ‰ —"
    expected = reference_char_classes(zr.normalize(text))
    s = zr.text_stats(zr.normalize(text))
    assert {k: s[k] for k in expected} == expected


def test_lexical_figures_match_reference_implementations(cleaned: dict[str, zr.Cleaned]) -> None:
    for key, report in cleaned.items():
        text = report.text
        s = zr.text_stats(text)
        words = [t.text for t in word_tokens(text)]
        assert s["tokens"] == len(words), key
        assert s["types"] == len(set(words)), key
        assert s["ttr"] == pytest.approx(len(set(words)) / len(words)), key
        assert s["mtld"] == pytest.approx(reference_mtld(words)), key
        assert s["mattr"] == pytest.approx(reference_mattr(words)), key
        sentences = zr.sentences(text)
        lengths = [sum(not c.isspace() for c in x.text) for x in sentences]
        assert s["sentences"] == len(sentences), key
        assert s["mean_sentence_chars"] == pytest.approx(statistics.mean(lengths)), key
        assert s["median_sentence_chars"] == pytest.approx(statistics.median(lengths)), key
        per_sentence = [sum(x.start <= t.start < x.end for t in word_tokens(text)) for x in sentences]
        assert s["mean_sentence_words"] == pytest.approx(statistics.mean(per_sentence)), key
        assert s["median_sentence_words"] == pytest.approx(statistics.median(per_sentence)), key


def test_pos_shares_follow_the_tags(cleaned: dict[str, zr.Cleaned]) -> None:
    text = cleaned["000"].text
    s = zr.text_stats(text)
    tags = [t.pos for t in word_tokens(text)]
    content = [p for p in tags if p[0] in "nvad" or p in ("i", "l", "j")]
    assert s["content_word_ratio"] == pytest.approx(len(content) / len(tags))
    assert s["noun_ratio"] == pytest.approx(sum(p.startswith("n") for p in tags) / len(tags))
    assert s["verb_ratio"] == pytest.approx(sum(p.startswith("v") for p in tags) / len(tags))
    assert 0 < s["noun_ratio"] < s["content_word_ratio"] <= 1


def test_mention_counts_equal_the_extractors(cleaned: dict[str, zr.Cleaned]) -> None:
    text = cleaned["004"].text
    s = zr.text_stats(text)
    entities = zr.extract_entities(text)
    assert s["quantities"] == len(zr.extract_quantities(text))
    assert s["dates"] == len(zr.extract_dates(text))
    assert s["people"] == sum(e.kind == "person" for e in entities)
    assert s["organizations"] == sum(e.kind == "organization" for e in entities)
    assert s["places"] == sum(e.kind == "place" for e in entities)


def test_report_stats_are_the_stats_of_its_body(samples: dict[str, str]) -> None:
    for key in ("001", "003"):
        report = zr.analyze(samples[key])
        alone = zr.text_stats(report.text)
        # Dates are counted as analyze resolves them, against the publication date.
        assert report.stats["dates"] == len(report.dates), key
        assert {k: v for k, v in report.stats.items() if k != "dates"} == {k: v for k, v in alone.items() if k != "dates"}
        assert report.to_dict()["stats"] == report.stats


def test_required_keys_and_types() -> None:
    s = zr.text_stats("测试。")
    required = """chars han_chars punctuation digits latin paragraphs sentences tokens types
        mean_sentence_chars median_sentence_chars ttr mtld content_word_ratio
        quantities_per_1000_chars""".split()
    assert set(required) <= set(s)
    assert all(isinstance(s[k], int) for k in ("chars", "tokens", "sentences", "lexicon_hits"))
    assert all(isinstance(s[k], float) for k in ("ttr", "mtld", "mean_sentence_chars"))


def test_empty_and_whitespace_text_give_zeros() -> None:
    for text in ("", "\n \n"):
        s = zr.text_stats(text)
        assert s["chars"] == s["tokens"] == s["sentences"] == 0
        assert s["ttr"] == s["mtld"] == s["quantities_per_1000_chars"] == 0.0


def test_lexicon_counts_across_scripts_longest_first() -> None:
    s = zr.text_stats("堅持不忘初心、牢記使命,增強四個意識,做好疫情防控。")
    assert (s["lexicon.mission"], s["lexicon.loyalty"], s["lexicon.epidemic"]) == (1, 1, 1)
    assert s["lexicon_hits"] == 3
    assert zr.Lexicon.political().categories == [
        "epidemic",
        "loyalty",
        "mission",
        "party_building",
        "people_first",
        "style",
    ]


def test_user_lexicon_in_either_script() -> None:
    lexicon = zr.Lexicon({"物资": ["口罩", "消毒液"], "人": ["志願者"]})
    assert lexicon.count("志愿者发放口罩,口罩和消毒液") == {"人": 1, "物资": 3}
    s = zr.text_stats("志愿者发放口罩", lexicon=lexicon)
    assert (s["lexicon.物资"], s["lexicon.人"], s["lexicon_hits"]) == (1, 1, 2)
    assert "lexicon.mission" not in s
    copy = pickle.loads(pickle.dumps(lexicon))
    assert copy.count("口罩") == {"人": 0, "物资": 1}
    assert pickle.loads(pickle.dumps(zr.Lexicon.political())).categories == zr.Lexicon.political().categories


def test_bad_lexicons_raise() -> None:
    with pytest.raises(zr.DictionaryError):
        zr.Lexicon({"空": ["", "  "]})
    with pytest.raises(TypeError):
        zr.Lexicon({"x": "口罩"})  # type: ignore[dict-item]
