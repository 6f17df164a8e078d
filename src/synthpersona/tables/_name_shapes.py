"""The shapes person names take in a column's values: Chinese/Korean names, "Given Family" pairs.

Role detection (:mod:`synthpersona.tables._roles`) reads these beside the header's meaning; they
live apart because they are about how names are written, not about which role a header names.
"""

from __future__ import annotations

import re

# The most common family names (Chinese in simplified and traditional script, Korean in Hangul):
# a closed set that covers most people, unlike given names
_CJK_FAMILY = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "張劉陳楊黃趙吳許鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒閻龍賀顧龔萬錢嚴湯"
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변염"
)
_CJK_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\uac00-\ud7a3]{2,4})$")


def cjk_name_share(sample: list[str]) -> float:
    """Share of values written as a Chinese or Korean name: a common family name and 1-3 more syllables."""
    hits = sum(bool(_CJK_NAME.match(v)) and v[0] in _CJK_FAMILY for v in sample)
    distinct = {v for v in sample if len(v) >= 3}
    endings: dict[str, int] = {}
    for v in distinct:
        endings[v[-2:]] = endings.get(v[-2:], 0) + 1
    if distinct and max(endings.values()) >= max(2, len(distinct) / 2):
        return 0.0  # "黄金会员"/"白金会员" share an ending: tiers of one thing, not names
    return hits / len(sample) if sample else 0.0


def two_part_names(sample: list[str]) -> bool:
    """Most values are two or three capitalised words, as "Given Family" names are.

    Scripts without case (``中村 浩``: family and given name apart) count as capitalised.
    """
    parts = [v.split() for v in sample]
    shaped = sum(2 <= len(p) <= 3 and all(_capital(w) for w in p) for p in parts)
    return shaped >= 0.8 * len(sample)


def _capital(word: str) -> bool:
    first = word[:1]
    return first.isupper() or (first.isalpha() and not first.islower())
