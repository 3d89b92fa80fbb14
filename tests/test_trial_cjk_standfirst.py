"""A Chinese or Japanese standfirst (session 8's trial): a 13-character standfirst was under the
25 code points a standfirst needs, so it stayed in the body as its first paragraph, and the
page's timestamp line after it with it. Its characters now count as long as English words."""

from __future__ import annotations

import dateline
from dateline.extract.html import STANDFIRST_CHARS, standfirst_length

LEDE = ("卡洛韦港的码头工人罢工周三进入第三天，四十多艘集装箱船仍在海上等待进港，"
        "港务局表示谈判将在周末恢复。")
SECOND = ("零售商警告说，如果罢工继续下去，一周之内超市的货架可能就会变空，"
          "进口水果和服装的价格也可能上涨。")
THIRD = ("工会秘书长在码头大门外对记者说，工人们不会为了一点点加薪就回去上班，"
         "罢工将持续到资方提出合理方案为止。")


def _page(headline: str, standfirst: str, lang: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{headline}'
            f'</title></head><body><article><h1>{headline}</h1><p class="standfirst">{standfirst}'
            '</p><time datetime="2025-03-05T10:00:00+08:00">2025-03-05T10:00:00+08:00</time>'
            f'<div class="article-body"><p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p></div>'
            "</article></body></html>").encode()


def test_a_short_chinese_standfirst_is_the_standfirst():
    page = _page("卡洛韦港码头工人罢工进入第三天", "四十多艘集装箱船在海上等待", "zh")
    article = dateline.extract(page, nlp=False)
    assert article.standfirst == "四十多艘集装箱船在海上等待"
    assert article.paragraphs == [LEDE, SECOND, THIRD]
    assert article.published == "2025-03-05T10:00:00+08:00"


def test_a_short_japanese_standfirst_is_the_standfirst():
    page = _page("港の労働者がストライキ", "四十隻以上の船が沖合で待機", "ja")
    article = dateline.extract(page, nlp=False)
    assert article.standfirst == "四十隻以上の船が沖合で待機"
    assert article.paragraphs[0] == LEDE


def test_the_length_counts_a_cjk_character_as_about_three_and_a_half_code_points():
    low, high = STANDFIRST_CHARS
    assert standfirst_length("Ferry sails again") == 17  # English: its code points
    assert low <= standfirst_length("四十多艘集装箱船在海上等待") <= high  # 13 characters: about 45
    assert standfirst_length("四" * 120) > high  # a paragraph of 120 characters is no standfirst
