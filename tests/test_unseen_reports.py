"""Reports the code has never seen: other sites, layouts, encodings and damage.

The fixtures under tests/fixtures/unseen/ were written for these tests (see
make_fixtures.py there). Every expected value below is read off the text as written
-- the title line, the date, the editor names -- and normalised by hand (half-width
digits and letters, entities decoded, single spaces, trimmed lines), never pasted
from the program's output.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import zhreport as zr

FIXTURES = Path(__file__).parent / "fixtures" / "unseen"
SKIP = object()  # "no expectation for this field in this report"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    codec: str  # the Python codec the fixture was written with
    title: str
    published: dt.date | dt.datetime
    source: str
    editors: list[str]
    dateline: Any  # str, None, or SKIP
    paragraphs: list[str]  # body paragraphs and headings, in order, normalised
    furniture: list[str]  # boilerplate / caption / related / editor / meta lines, normalised
    captions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # must be among .authors
    traditional: bool = False
    mojibake_lines: tuple[int, ...] = ()  # 0-based raw line numbers broken by the test

    def raw_bytes(self) -> bytes:
        return (FIXTURES / self.file).read_bytes()

    def text(self) -> str:
        if not self.mojibake_lines:
            return zr.decode(self.raw_bytes())
        lines = self.raw_bytes().decode("utf-8").split("\n")
        for number in self.mojibake_lines:
            lines[number] = lines[number].encode("gbk").decode("latin-1")
        return "\n".join(lines)


CASES = [
    Case(
        name="xinhua_gbk",
        file="xinhua_gbk.txt",
        codec="gbk",
        title="全国各地党员干部下沉一线 筑牢联防联控严密防线",
        published=dt.datetime(2020, 3, 1, 16, 25, 30),
        source="新华网",
        editors=["王晓明"],
        dateline="新华社北京3月1日电",
        authors=["张三", "李四"],
        paragraphs=[
            "新华社北京3月1日电（记者 张三、李四）记者1日从中央组织部获悉，全国各地组织部门动员机关企事业单位党员干部下沉社区，"
            "协助开展人员排查、卡口值守、物资配送等工作，累计已有数百万名党员干部投身一线。",
            "在湖北武汉，来自市直机关的党员干部编入社区网格，每天逐户上门测量体温、登记信息。"
            "“大家都是一家人，多跑几步路，群众就少一分风险。”一名下沉干部说。",
            "在浙江杭州，各街道社区推行“红黄绿”三色健康码管理，党员突击队分班值守小区出入口，做到进出登记全覆盖。",
            "中央组织部有关负责同志表示，要在疫情防控一线考察识别干部，对表现突出的及时表扬表彰，对作风漂浮、敷衍塞责的严肃问责。",
        ],
        captions=["图为3月1日，志愿者在武汉市江岸区一小区门口为居民配送生活物资。新华社记者 王五 摄"],
        furniture=[
            "新华网 | 首页 | 时政 | 国际 | 财经 | 军事 | 图片 | 视频",
            "2020-03-01 16:25:30 来源：新华网",
            "图为3月1日，志愿者在武汉市江岸区一小区门口为居民配送生活物资。新华社记者 王五 摄",
            "【纠错】 责任编辑： 王晓明",
            "责任编辑",
            "【打印】【关闭窗口】",
            "相关新闻",
            "·中央组织部：在疫情防控第一线考察识别干部",
            "·各地党员干部冲锋在前守护群众健康",
            "Copyright 2000-2020 XINHUANET.com All rights reserved.",
            "京ICP证010042号",
        ],
    ),
    Case(
        name="taiwan_big5",
        file="taiwan_big5.txt",
        codec="big5",
        title="中央流行疫情指揮中心宣布 即日起加強社區防疫措施",
        published=dt.date(2020, 3, 5),
        source="衛生福利部疾病管制署",
        editors=["陳美玲"],
        dateline=None,
        traditional=True,
        paragraphs=[
            "中央流行疫情指揮中心今（5）日表示，為因應國際疫情持續升溫，即日起加強社區防疫措施，請民眾落實勤洗手、咳嗽戴口罩等衛生習慣。",
            "指揮中心指出，國內今日新增2例確定病例，均為境外移入，目前已安排於醫院隔離治療，並匡列接觸者共45人，均已進行居家隔離。",
            "指揮中心呼籲，民眾如有發燒或呼吸道症狀，應主動撥打防疫專線1922，並依指示就醫，就醫時務必告知醫師旅遊史、職業別、接觸史及是否群聚。",
        ],
        captions=["圖：指揮中心召開記者會說明最新疫情"],
        furniture=[
            "衛生福利部疾病管制署",
            "首頁 | 最新消息 | 新聞稿 | 疫情資訊 | English",
            "發布日期：2020-03-05 來源：衛生福利部疾病管制署",
            "圖：指揮中心召開記者會說明最新疫情",
            "責任編輯：陳美玲",
            "【列印】【關閉視窗】",
            "上一則：指揮中心說明口罩實名制第二階段措施",
            "下一則：疾管署提醒民眾注意手部衛生",
            "本網站版權所有 請尊重智慧財產權",
        ],
    ),
    Case(
        name="hongkong_utf16",
        file="hongkong_utf16.txt",
        codec="utf-16",
        title="國家衛健委：全國新增治癒出院病例持續增加",
        published=dt.datetime(2020, 3, 8, 18, 30),
        source="大公網",
        editors=["黃家明", "李詠詩"],
        dateline="新華社北京3月8日電",
        authors=["周明"],
        traditional=True,
        paragraphs=[
            "新華社北京3月8日電（記者 周明）國家衛生健康委員會8日通報，3月7日0至24時，全國31個省（自治區、直轄市）"
            "和新疆生產建設兵團報告新增治癒出院病例1535例。",
            "國家衛健委新聞發言人表示，目前疫情防控形勢積極向好的態勢正在拓展，但仍不能放鬆警惕，各地要繼續落實分區分級精準防控措施。",
            "專家指出，隨著治癒出院病例增多，各地要做好康復患者的跟蹤隨訪和健康管理工作。",
        ],
        captions=["△醫護人員在病房內為患者進行檢查。（新華社資料圖片）"],
        furniture=[
            "大公網 | 首頁 | 港聞 | 內地 | 國際 | 財經 | 評論",
            "大公網 > 內地 > 正文",
            "2020年03月08日 18:30 來源：大公網",
            "△醫護人員在病房內為患者進行檢查。（新華社資料圖片）",
            "責任編輯：黃家明、李詠詩",
            "相關新聞",
            "國務院聯防聯控機制：有序推動復工復產",
            "港府宣布延長停課安排",
            "大公網版權所有，未經書面授權禁止轉載",
        ],
    ),
    Case(
        name="chinanews_utf8_bom",
        file="chinanews_utf8_bom.txt",
        codec="utf-8-sig",
        title="多地推出援企稳岗措施 助力中小企业复工复产",
        published=dt.datetime(2020, 3, 2, 10, 15),
        source="中国新闻网",
        editors=["刘欢"],
        dateline="中新网北京3月2日电",
        authors=["王芳"],
        paragraphs=[
            "中新网北京3月2日电 （记者 王芳）随着疫情防控形势持续向好，多地相继出台援企稳岗政策，通过减免房租、延期缴纳社保费、"
            "发放稳岗补贴等方式，帮助中小企业渡过难关。",
            "上海市日前发布支持服务企业的28条措施，对承租国有企业经营用房的中小企业，免收2个月房租。",
            "广东省则明确，对不裁员或少裁员的参保企业，返还其上年度实际缴纳失业保险费的50%。",
            "受访专家认为，各地政策“组合拳”将有效缓解企业现金流压力，稳定就业基本盘。(完)",
        ],
        furniture=[
            "中国新闻网 | 首页 | 滚动 | 时政 | 国际 | 社会 | 财经 | 图片 | 视频",
            "2020年03月02日 10:15 来源：中国新闻网",
            "【编辑:刘欢】",
            "上一篇：国家统计局：2月份制造业采购经理指数回落",
            "下一篇：交通运输部：全国收费公路免收车辆通行费",
            "本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。",
            "未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。",
            "[京ICP证040655号]",
        ],
    ),
    Case(
        name="cctv_crlf",
        file="cctv_crlf.txt",
        codec="utf-8",
        title="湖北武汉：方舱医院陆续休舱 患者治愈出院",
        published=dt.datetime(2020, 3, 9, 19, 45),
        source="央视网",
        editors=["刘亮"],
        dateline=SKIP,  # "央视网消息：" is a news lead, whether it counts as a dateline is open
        paragraphs=[
            "央视网消息：记者从武汉市新冠肺炎防控指挥部获悉，截至3月9日，武汉市已有11家方舱医院休舱，累计收治患者1.2万余人。",
            "武昌方舱医院是武汉首批改造建成的方舱医院之一，自2月5日开舱以来，共收治患者1124人。",
            "医护人员表示，休舱不等于休战，医疗队将继续坚守岗位，随时准备投入新的救治任务。",
        ],
        captions=["△3月9日，武昌方舱医院最后一批患者治愈出院。"],
        furniture=[
            "央视网 | 新闻 | 体育 | 综艺 | 纪录 | 少儿 | 直播",
            "首页 > 新闻频道 > 国内新闻",
            "2020年03月09日 19:45 来源：央视网",
            "[图片]",
            "△3月9日，武昌方舱医院最后一批患者治愈出院。",
            "责任编辑：刘亮",
            "分享到：微信 微博 QQ空间",
            "返回顶部",
        ],
    ),
    Case(
        name="county_html_entities",
        file="county_html_entities.txt",
        codec="utf-8",
        title="云溪县“三个一”工作法织密基层疫情防控网",
        published=dt.datetime(2020, 2, 20, 9, 30, 0),
        source="云溪县卫生健康局",
        editors=["赵敏"],
        dateline=None,
        paragraphs=[
            "今年以来，中共云溪县委坚持把疫情防控作为头等大事，创新推行“一户一档、一日一访、一事一办”工作法，"
            "全县12个乡镇、186个村（社区）全部落实网格化管理。",
            "一、一户一档，底数清",
            "各村（社区）组织党员干部逐户摸排，建立返乡人员、居家观察人员、重点人群三类台账，做到户不漏人、人不漏项。",
            "二、一日一访，情况明",
            "网格员每天上门或电话回访居家观察人员，测量体温并记录健康状况，发现异常第一时间报告乡镇卫生院。",
            "三、一事一办，服务优",
            "对居家观察群众提出的买菜、购药等生活需求，由村（社区）党员志愿服务队代购代送，截至目前已办理群众诉求3200余件。",
            "县委书记表示，下一步将持续巩固“三个一”工作成果，坚决打赢疫情防控人民战争、总体战、阻击战。",
        ],
        captions=["图为云溪县城关镇网格员入户登记返乡人员信息"],
        furniture=[
            "首页 | 政务公开 | 政务服务 | 互动交流 | 走进云溪",
            "发布时间：2020-02-20 09:30:00 信息来源：云溪县卫生健康局 浏览次数：1024",
            "【字体：大 中 小】",
            "图为云溪县城关镇网格员入户登记返乡人员信息",
            "20200220093001.jpg",
            "责任编辑：赵敏",
            "【打印本页】 【关闭窗口】",
            "主办单位：云溪县人民政府办公室 承办单位：云溪县大数据中心",
            "版权所有：云溪县人民政府 备案号：湘ICP备12345678号-1",
            "湘公网安备 43062402000123号",
        ],
    ),
    Case(
        name="partymember_fullwidth_zw",
        file="partymember_fullwidth_zw.txt",
        codec="utf-8",
        title="1200余名党员干部下沉社区 筑牢疫情防控“红色防线”",
        published=dt.date(2020, 2, 10),
        source="共产党员网",
        editors=["周文涛"],
        dateline=None,
        paragraphs=[
            "连日来，某市组织1200余名机关党员干部下沉到36个街道、218个社区，与社区工作者并肩作战，共同守好疫情防控“第一道关口”。",
            "下沉干部通过APP和网格相结合的模式开展线上摸排，利用微信群、QQ群向居民推送防疫知识，累计发放N95口罩和医用外科口罩5万余只。",
            "在某社区，党员突击队员每天工作超过12小时，为居家隔离群众提供CT检查预约、代购药品等服务。",
            "该市委组织部负责人表示，将把下沉干部在疫情防控中的表现作为年度考核的重要依据。",
        ],
        furniture=[
            "共产党员网 | 首页 | 要闻 | 党建 | 学习 | 视频",
            "2020年02月10日 来源：共产党员网",
            "（责任编辑：周文涛）",
        ],
    ),
    Case(
        name="shaanxi_mojibake",
        file="shaanxi_mojibake_source.txt",
        codec="utf-8",
        title="汉滨区：“流动党支部”开到复工复产第一线",
        published=dt.date(2020, 3, 12),
        source="汉滨区委组织部",
        editors=["杨帆"],
        dateline=None,
        mojibake_lines=(2, 6, 8, 12),  # title, two body paragraphs, editor line
        paragraphs=[
            "连日来，汉滨区针对企业复工复产中党员分散、组织生活难以开展等问题，在重点项目工地和园区企业成立流动党支部28个，"
            "把党的组织覆盖到复工复产最前沿。",
            "流动党支部由乡镇（街道）选派党建指导员担任第一书记，帮助企业协调解决用工、原料、运输等困难问题86个。",
            "区委组织部相关负责人表示，将继续发挥流动党支部作用，推动疫情防控和经济社会发展两手抓、两不误。",
        ],
        furniture=[
            "陕西党建网 | 首页 | 要闻 | 基层党建 | 组工动态 | 党员教育",
            "发布时间：2020-03-12 来源：汉滨区委组织部",
            "责任编辑：杨帆",
            "上一篇：商洛市：党员先锋岗助力春耕生产",
            "下一篇：宝鸡市：“三包一”机制压实防控责任",
        ],
    ),
    Case(
        name="guangming_related",
        file="guangming_related.txt",
        codec="utf-8",
        title="小岗村：疫情防控和春耕生产两不误",
        published=dt.datetime(2020, 3, 6, 5, 30),
        source="光明日报",
        editors=["王振"],
        dateline=None,
        paragraphs=[
            "惊蛰刚过，安徽省凤阳县小岗村的田野里一派繁忙景象。村党委组织党员成立春耕服务队，为村民送种子、送化肥、送技术。",
            "春耕服务队",
            "“今年疫情特殊，我们党员就多跑几趟，让乡亲们安心种地。”服务队队长说。截至目前，服务队已为全村农户配送化肥80余吨。",
            "错峰下田",
            "村里实行错峰下田、分散作业，村干部每天在田间地头巡查，提醒村民保持间距、做好防护。",
        ],
        captions=["图为小岗村党员春耕服务队为村民配送化肥。 本报记者 吴刚摄"],
        furniture=[
            "光明网 首页 > 时政 > 正文",
            "来源：光明日报 2020-03-06 05:30",
            "图为小岗村党员春耕服务队为村民配送化肥。 本报记者 吴刚摄",
            "[责编：王振]",
            "相关新闻",
            "安徽：全力推进春耕备耕",
            "凤阳县：复工复产按下“快进键”",
            "光明网版权所有",
        ],
    ),
]

BY_NAME = {case.name: case for case in CASES}
_CLEANED: dict[str, zr.Cleaned] = {}


def cleaned(case: Case) -> zr.Cleaned:
    if case.name not in _CLEANED:
        _CLEANED[case.name] = zr.clean(case.text())
    return _CLEANED[case.name]


# Genuine program defects found by these tests: (case name, check) -> reason.
_NAV43 = (
    "a navigation bar of 43 characters before the title ('中国新闻网 | 首页 | 滚动 | 时政 | 国际 | 社会 | "
    "财经 | 图片 | 视频') makes the title line and the meta line '2020年03月02日 10:15 来源：中国新闻网' kind "
    "'heading', so title/published/source are None; with a 38-character bar the same report parses"
)
_PRINT_CLOSE = "page furniture '{line}' is classified 'heading' and left in text (should be boilerplate)"
_FOOTER_CNS = (
    "copyright footer lines '本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。' and "
    "'未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。' are classified 'body'"
)
_XINHUA_EDITOR = (
    "editor line '【纠错】 责任编辑： 王晓明' (纠错 button + editor on one line) is classified 'boilerplate', "
    "so editors == [] instead of ['王晓明']"
)
_TAIWAN = (
    _PRINT_CLOSE.format(line="【列印】【關閉視窗】")
    + "; Taiwan prev/next links '上一則：指揮中心說明口罩實名制第二階段措施' and '下一則：疾管署提醒民眾注意手部衛生' "
    "are 'heading' and left in text (上一篇/下一篇 are recognised, 上一則/下一則 are not)"
)
_COUNTY = (
    _PRINT_CLOSE.format(line="【字体：大 中 小】")
    + "; likewise '【打印本页】 【关闭窗口】' and the footer '主办单位：云溪县人民政府办公室 承办单位：云溪县大数据中心'"
)
# Known defects as (report, check) → reason; empty since the classifier fixes of issue 2.
XFAIL: dict[tuple[str, str], str] = {}


def params(check: str, cases: list[Case] = CASES) -> list[Any]:
    out = []
    for case in cases:
        reason = XFAIL.get((case.name, check))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


# --- the fixtures are what they claim to be ------------------------------------------


def test_at_least_eight_reports() -> None:
    assert len(CASES) >= 8
    assert len({case.file for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", params("decode", [c for c in CASES if not c.mojibake_lines]))
def test_decode_autodetects(case: Case) -> None:
    data = case.raw_bytes()
    expected = data.decode(case.codec)
    assert zr.decode(data) == expected
    assert not expected.startswith("\ufeff")


def test_fixture_encodings() -> None:
    assert BY_NAME["chinanews_utf8_bom"].raw_bytes().startswith(b"\xef\xbb\xbf")
    assert BY_NAME["hongkong_utf16"].raw_bytes()[:2] == b"\xff\xfe"
    assert b"\r\n" in BY_NAME["cctv_crlf"].raw_bytes()
    with pytest.raises(UnicodeDecodeError):
        BY_NAME["xinhua_gbk"].raw_bytes().decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        BY_NAME["taiwan_big5"].raw_bytes().decode("utf-8")


# --- metadata --------------------------------------------------------------------------


@pytest.mark.parametrize("case", params("title"))
def test_title(case: Case) -> None:
    assert cleaned(case).title == case.title


@pytest.mark.parametrize("case", params("published"))
def test_published(case: Case) -> None:
    published = cleaned(case).published
    assert published == case.published
    assert type(published) is type(case.published)


@pytest.mark.parametrize("case", params("source"))
def test_source(case: Case) -> None:
    assert cleaned(case).source == case.source


@pytest.mark.parametrize("case", params("editors"))
def test_editors(case: Case) -> None:
    assert cleaned(case).editors == case.editors


@pytest.mark.parametrize("case", params("dateline", [c for c in CASES if c.dateline is not SKIP]))
def test_dateline(case: Case) -> None:
    assert cleaned(case).dateline == case.dateline


@pytest.mark.parametrize("case", params("authors", [c for c in CASES if c.authors]))
def test_reporter_in_authors(case: Case) -> None:
    authors = cleaned(case).authors
    for name in case.authors:
        assert name in authors


@pytest.mark.parametrize("case", params("traditional", [c for c in CASES if c.traditional]))
def test_traditional_stays_traditional(case: Case) -> None:
    report = cleaned(case)
    assert report.script == "traditional"
    assert report.title == case.title and zr.detect_script(case.title) == "traditional"
    assert report.source == case.source and zr.detect_script(case.source) == "traditional"
    assert report.editors == case.editors
    assert all(zr.detect_script(name) == "traditional" for name in report.editors)
    assert all(paragraph in report.text for paragraph in case.paragraphs)


# --- body ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params("body"))
def test_every_body_paragraph_present(case: Case) -> None:
    text_lines = cleaned(case).text.split("\n")
    for paragraph in case.paragraphs:
        assert paragraph in text_lines
    # ...and in the order written
    positions = [text_lines.index(paragraph) for paragraph in case.paragraphs]
    assert positions == sorted(positions)


@pytest.mark.parametrize("case", params("text_exact"))
def test_text_is_exactly_the_body(case: Case) -> None:
    assert cleaned(case).text.split("\n") == case.paragraphs


@pytest.mark.parametrize("case", params("furniture"))
def test_no_furniture_in_text(case: Case) -> None:
    text = cleaned(case).text
    for line in case.furniture:
        assert line not in text
    for editor in case.editors:
        assert editor not in text


@pytest.mark.parametrize("case", params("captions", [c for c in CASES if c.captions]))
def test_captions_collected(case: Case) -> None:
    captions = cleaned(case).captions
    for caption in case.captions:
        assert caption in captions


# --- lines cover the normalised text ---------------------------------------------------


@pytest.mark.parametrize("case", params("lines"))
def test_lines_cover_normalized(case: Case) -> None:
    report = cleaned(case)
    assert "\n".join(line.text for line in report.lines) == report.normalized
    for line in report.lines:
        assert report.normalized[line.start : line.end] == line.text
    body_kinds = {"body", "heading"}
    assert [line.text for line in report.lines if line.kind in body_kinds] == report.text.split("\n")


# --- the damage each fixture carries is repaired ---------------------------------------


FULLWIDTH_OR_INVISIBLE = re.compile("[０-９Ａ-Ｚａ-ｚ\u200b\u200c\u200d\u2060\ufeff\r\x00]")


@pytest.mark.parametrize("case", params("clean_chars"))
def test_no_fullwidth_alnum_invisible_or_cr(case: Case) -> None:
    report = cleaned(case)
    for value in [report.text, report.normalized, report.title or "", report.source or "", *report.editors]:
        assert not FULLWIDTH_OR_INVISIBLE.search(value), value


def test_entities_and_tags_gone() -> None:
    report = cleaned(BY_NAME["county_html_entities"])
    assert not re.search(r"&[#a-zA-Z0-9]+;|<[^>]*>", report.normalized)
    assert report.repairs.get("html_entity", 0) > 0


def test_fullwidth_and_invisible_counted() -> None:
    repairs = cleaned(BY_NAME["partymember_fullwidth_zw"]).repairs
    assert repairs.get("fullwidth_alnum", 0) > 0
    assert repairs.get("invisible_char", 0) > 0


@pytest.mark.parametrize("case", params("mojibake", [BY_NAME["shaanxi_mojibake"]]))
def test_mojibake_lines_repaired_and_counted(case: Case) -> None:
    report = cleaned(case)
    source = case.raw_bytes().decode("utf-8").split("\n")
    normalized = report.normalized.split("\n")
    for number in case.mojibake_lines:
        assert normalized[number] == source[number].strip().replace("\u3000", "")
    assert report.repairs.get("mojibake_latin1") == len(case.mojibake_lines)
