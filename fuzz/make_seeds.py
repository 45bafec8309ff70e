"""Writes the small seed corpus in fuzz/seeds/ (run once; the output is committed).

Each seed is an input that reaches a different corner: excerpts of the sample reports,
pinyin ruby and its damage, mojibake, HTML, dates, quantities, entities, Traditional text,
combining marks, and the same report line encoded in every supported encoding.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).parent
SAMPLES = HERE.parent / "python" / "zhreport" / "samples"

TEXTS = [
    "新冠肺炎疫情發(fā)生以來(lái),在中央的統(tǒng)一領(lǐng)導(dǎo)下",
    "主動(dòng)作為、勇挑重?fù)?dān)、沖鋒在前",
    "堅(jiān)持“日?qǐng)?bào)告、日匯總”",
    "?(?dān)dān) 發?dān)(fā)生 a?dān)\u0304b 字(zì)字(zì) (((((",
    "常務副書記江克美(左二)、工委委員李陽(左一) 习近平(Xi Jinping)",
    "鍙戠敓 Ã©Ã¨ æ–°å† è‚ºç‚Ž ï»¿",
    "<p>疫情&nbsp;防控&amp;宣传&#20013;&#x56FD;</p><script>var a=1;</script>&amp;lt;p&amp;gt;",
    "2020-02-17 来源:人民网 (责编:王浩) 3月12日至28日 腊月二十九 今（5）日 昨天上午",
    "2600余名机关党员干部 近2000套 64.2萬元 百分之十五 三分之一 3至5天 四五個小時",
    "區委書記馮衛華 局长郭方芳同志 湖北省襄阳市 人民网济南2月6日电",
    "\u3000ＡＢ\t\tc  \r\n\r\n\u200b\u00a0\u0000\u0007e\u0301 𠮷鿏😀",
    "推荐阅读\n相关新闻\nCopyright © 2020 人民网 京ICP证000000号",
]


def write(name: str, data: bytes) -> None:
    (HERE / "seeds" / f"{name}-{hashlib.sha1(data).hexdigest()[:8]}").write_bytes(data)


def main() -> None:
    for old in (HERE / "seeds").glob("*"):
        old.unlink()
    for index, text in enumerate(TEXTS):
        write(f"text{index:02}", text.encode("utf-8"))
    for path in sorted(SAMPLES.glob("*.txt")):
        write(f"sample{path.name[:3]}", path.read_text(encoding="utf-8")[:1200].encode("utf-8"))
    line = "黨員幹部下沉社區，堅持“日報告”。"
    for codec in ["gb18030", "gbk", "big5", "utf-16le", "utf-16be", "utf-8-sig"]:
        write(f"bytes-{codec}", line.encode(codec))


if __name__ == "__main__":
    main()
