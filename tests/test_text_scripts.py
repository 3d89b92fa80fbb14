"""The text path in scripts without spaces between words (Chinese, Japanese, Thai) and in Korean.

Pages written by the dateline team; word counts worked out by hand from the character counts
(Chinese and Japanese: characters / 1.7; Thai: code points / 5; rounded down).
"""

from __future__ import annotations

import pytest

import dateline
from dateline.errors import ExtractionError
from dateline.extract.lines import FEATURE_NAMES, line_features, split_lines
from dateline.extract.words import word_count

ZH = """首页

新闻

体育

港口议会投票决定关闭渡轮码头

港口议会星期三晚上以七票对五票通过决定，将在明年春天关闭使用了八十年的渡轮码头。议员们说，码头的维修费用太高，\
市政府无法继续承担。

岛上的居民对这个决定表示失望。一位店主说，冬天没有渡轮，岛上的商店将很难得到新鲜的食物和药品。

议会表示，将在未来几个月内与交通部门讨论新的航线方案，并听取居民的意见。

分享到微博

版权所有 © 2024 海岸日报
"""

JA = """ホーム

ニュース

港湾議会、フェリー乗り場の閉鎖を決定

港湾議会は水曜日の夜、八十年間使われてきたフェリー乗り場を来年の春に閉鎖することを七対五で可決した。議員らは、\
修理費用が高すぎて市が負担し続けることはできないと説明した。

島の住民はこの決定に失望している。ある店主は、冬にフェリーがなければ島の店に新鮮な食品や薬が届きにくくなると話した。

議会は今後数か月の間に交通当局と新しい航路について話し合い、住民の意見を聞くとしている。
"""

KO = """홈

뉴스

항구 의회, 페리 터미널 폐쇄 결정

항구 의회는 수요일 밤 80년 동안 사용된 페리 터미널을 내년 봄에 폐쇄하기로 7대 5로 \
의결했다. 의원들은 수리 비용이 너무 많이 들어 시가 계속 부담할 수 없다고 밝혔다.

섬 주민들은 이 결정에 실망감을 나타냈다. 한 상점 주인은 겨울에 페리가 없으면 섬의 \
가게에 신선한 식품과 약이 들어오기 어려울 것이라고 말했다.
"""

TH = """หน้าแรก

ข่าว

สภาท่าเรือมีมติปิดท่าเรือข้ามฟาก

สภาท่าเรือลงมติเมื่อคืนวันพุธให้ปิดท่าเรือข้ามฟากที่ใช้งานมาแปดสิบปีในฤดูใบไม้ผลิปีหน้า \
สมาชิกสภากล่าวว่าค่าซ่อมแซมสูงเกินกว่าที่เมืองจะรับภาระต่อไปได้

ชาวเกาะรู้สึกผิดหวังกับการตัดสินใจครั้งนี้ เจ้าของร้านค้าคนหนึ่งกล่าวว่าหากไม่มีเรือข้ามฟากในฤดูหนาว \
ร้านค้าบนเกาะจะได้รับอาหารสดและยายากขึ้น
"""


def _blocks(page: str) -> list[str]:
    return [b.strip() for b in page.split("\n\n") if b.strip()]


def test_word_counts() -> None:
    assert word_count("The ferry sailed.") == 3
    assert word_count("港口议会投票") == 3             # 6 characters
    assert word_count("東京で雨が降った。") == 4        # 8 characters, the full stop not counted
    assert word_count("สวัสดีครับ") == 2               # 10 code points
    assert word_count("항구 의회는 결정했다") == 3      # Korean is spaced
    assert word_count("BBC 中文网报道") == 3            # 1 + 5 characters


def test_chinese_line_is_not_one_word() -> None:
    line = _blocks(ZH)[4]  # 60 Han characters: 35 words
    X = line_features(split_lines(line))
    assert X[0, FEATURE_NAMES.index("log_words")] == pytest.approx(3.5835, abs=1e-4)  # log(36)
    assert word_count(line) == 35


def test_thai_long_line_ends_a_sentence() -> None:
    line = _blocks(TH)[3]
    X = line_features(split_lines(line))
    assert X[0, FEATURE_NAMES.index("sentence_end")] == 1.0
    assert X[0, FEATURE_NAMES.index("stop_ratio")] > 0.0   # ที่, ให้, ได้ ...
    short = line_features(split_lines("หน้าแรก"))
    assert short[0, FEATURE_NAMES.index("sentence_end")] == 0.0


@pytest.mark.parametrize(("page", "language"), [(ZH, "zh"), (JA, "ja"), (KO, "ko"), (TH, "th")])
def test_article_in_unspaced_or_korean_script(page: str, language: str) -> None:
    # before: Chinese, Japanese and Thai pages failed as "3 words, not an article"
    article = dateline.extract(page, format="text", nlp=False)
    blocks = _blocks(page)
    assert article.headline == blocks[2 if language != "zh" else 3]
    body = blocks[3:] if language != "zh" else blocks[4:7]
    assert article.paragraphs == body
    assert article.language == language


def test_chinese_publisher_from_copyright_line() -> None:
    assert dateline.extract(ZH, format="text", nlp=False).publisher == "海岸日报"


def test_short_chinese_page_is_no_article() -> None:
    # 4 menu lines and one short line: 16 characters in all, at most 9 words
    with pytest.raises(ExtractionError):
        dateline.extract("首页\n\n新闻\n\n体育\n\n分享到微博\n\n今天下雨了。\n", format="text",
                         nlp=False)
