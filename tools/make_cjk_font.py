"""Regenerate python/zhreport/fonts/zhreport-cjk.ttf, the CJK font zr.plot uses.

Source: WenQuanYi Micro Hei 0.2.0-beta, face 0 of ``wqy-microhei.ttc`` from Debian's
``fonts-wqy-microhei`` package (Apache-2.0 or GPL-3+ with font exception; used under
Apache-2.0). Modifications: kept only Latin, general punctuation and symbols, CJK
punctuation, kana, the whole CJK Unified Ideographs block (U+4E00–U+9FFF, Simplified
and Traditional) and half/full-width forms; dropped the hinting; renamed the family to
"zhreport CJK" so it cannot be confused with an installed WenQuanYi.

Usage: python tools/make_cjk_font.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+2000-206F,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2460-24FF,"
    "U+25A0-25FF,U+3000-303F,U+3040-30FF,U+3200-32FF,U+4E00-9FFF,U+FF00-FFEF"
)
FAMILY = "zhreport CJK"


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    font = TTCollection(source).fonts[0]
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = [0x409]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    if "FFTM" in font:
        del font["FFTM"]
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 16):
            name.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            name.setName(FAMILY, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            name.setName("zhreportCJK-Regular", 6, record.platformID, record.platEncID, record.langID)
    out = Path(__file__).resolve().parent.parent / "python" / "zhreport" / "fonts" / "zhreport-cjk.ttf"
    font.save(str(out))
    print(out, out.stat().st_size)


if __name__ == "__main__":
    main()
