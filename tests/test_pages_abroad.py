"""Records of news pages in other languages and styles, as a new user met them (session 7's
trial): pages we wrote, each expected value worked out by hand from the page in the test."""

from __future__ import annotations

import pytest

import dateline

FR_LEDE = ("La grève des agents de collecte des déchets de Valmorin est entrée lundi dans sa "
           "deuxième semaine. Dans plusieurs rues du centre, les sacs s'empilent sur les "
           "trottoirs.")
FR_SECOND = ("Le maire a estimé mardi que les revendications étaient irréalistes au vu du budget "
             "municipal. Une réunion avec la préfecture est prévue jeudi.")
ES_LEDE = ("El puerto de Almenara permanecerá cerrado al menos hasta el sábado por el temporal que "
           "azota la costa, según informó este jueves la Capitanía Marítima.")
ES_SECOND = ("Los pescadores de la cofradía local calculan pérdidas de varios miles de euros por "
             "cada día de cierre del puerto.")


def news_page(lang: str, headline: str, head_blocks: str, paragraphs: list[str]) -> str:
    """A small news page: a menu, an article (headline, the blocks under it, its paragraphs)
    and a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{headline}</title></head><body>
<nav><a href="/">Accueil</a> <a href="/a">Actualité</a> <a href="/b">Sport</a></nav>
<article><h1>{headline}</h1>{head_blocks}{body}</article>
<footer><p>© 2025 Les éditions du littoral</p></footer></body></html>"""


@pytest.mark.parametrize(("lang", "markup", "standfirst", "byline", "paragraphs"), [
    ("fr", '<h2 class="chapo">{}</h2>',
     "Les poubelles s'accumulent dans le centre-ville, et la mairie refuse toujours de rouvrir "
     "les négociations.", '<p class="auteur">Par Claire Dumoulin</p>', [FR_LEDE, FR_SECOND]),
    ("es", '<p class="subtitulo">{}</p>',
     "Las autoridades esperan olas de hasta seis metros durante la noche del jueves.",
     '<span class="autor">Por Lucía Ferrándiz</span>', [ES_LEDE, ES_SECOND]),
])
def test_a_standfirst_named_in_the_pages_language_is_filled(lang, markup, standfirst, byline,
                                                           paragraphs):
    # the standfirst was the first paragraph, and the byline under it stayed in the body
    html = news_page(lang, "Une page de test pour le chapô et la signature",
                     markup.format(standfirst) + byline, paragraphs)
    record = dateline.extract(html, nlp=False)
    assert record.standfirst == standfirst
    assert record.paragraphs == paragraphs


def test_a_visible_timestamp_beside_a_headline_just_under_body_is_read():
    # <body><article><h1>: the timestamp scopes (2 and 4 levels up) ended at body, no visible
    # time was read, and htmldate gave the day without its time and without the update
    html = news_page("fr-FR", "La grève des éboueurs entre dans sa deuxième semaine",
                     '<p class="date">Publié le 12 mars 2025 à 09h30, mis à jour le 12 mars '
                     "2025 à 17h05</p>", [FR_LEDE, FR_SECOND])
    record = dateline.extract(html, nlp=False)
    assert record.published == "2025-03-12T09:30:00+01:00"  # Paris, winter time (fr-FR)
    assert record.updated == "2025-03-12T17:05:00+01:00"


def test_a_live_blog_is_published_at_its_first_entry_and_updated_at_its_latest():
    entries = [("2025-09-08T23:52:00+02:00", "Turnout reached 78.4 percent, the highest in almost "
                "three decades, and queues were still forming when the doors closed."),
               ("2025-09-08T23:05:00+02:00", "The first result came in from Fjordheim, where the "
                "Centre Party held the seat with a majority of 1,240 votes."),
               ("2025-09-08T22:40:00+02:00", "Good evening and welcome to our live coverage of "
                "election night; polls closed at nine and counting is under way.")]
    blocks = "".join(f'<div class="entry"><time datetime="{when}">{when[11:16]}</time>'
                     f"<p>{text}</p></div>" for when, text in entries)
    html = (f'<html lang="en"><head><title>Live: election night</title></head><body><main>'
            f"<article><h1>Live: election night as results come in</h1>{blocks}</article>"
            f"</main></body></html>")
    record = dateline.extract(html, nlp=False)
    # entries newest first: the first in page order (23:52) was taken as the publication time
    assert record.published == "2025-09-08T22:40:00+02:00"
    assert record.updated == "2025-09-08T23:52:00+02:00"


@pytest.mark.parametrize(("line", "expected"), [
    ("2025年1月21日 18時05分", "2025-01-21T18:05:00+09:00"),
    ("2025年3月5日 9时05分", "2025-03-05T09:05:00+09:00"),
    ("2025년 3월 5일 14시 30분", "2025-03-05T14:30:00+09:00"),
])
def test_a_cjk_time_of_day_is_read(line, expected):
    # "18時05分" was no time: the day alone came out
    html = ('<html lang="ja"><head><title>北浜町で記録的な大雪</title></head><body><article>'
            f'<h1>北浜町で記録的な大雪 交通機関に乱れ</h1><p class="date">{line}</p>'
            "<p>北浜町では二十一日、朝から記録的な大雪となり、町内の積雪は午後五時現在で百二十センチに"
            "達した。気象台によると、観測史上最も多い値だという。</p>"
            "<p>この雪の影響で、北浜線は始発から全線で運転を見合わせている。町は小中学校を臨時休校とし、"
            "住民に不要不急の外出を控えるよう呼びかけた。</p></article></body></html>")
    assert dateline.extract(html, nlp=False).published == expected  # Tokyo (lang ja), no DST


def test_a_timestamp_in_a_span_classed_fecha_is_read():
    # <span class="fecha"> was no timestamp element: the Spanish page had no date at all
    html = news_page("es", "El puerto de Almenara cierra por el temporal",
                     '<span class="autor">Por Lucía Ferrándiz</span> <span class="fecha">Almenara, '
                     "20 de febrero de 2025 - 18:45 CET</span>", [ES_LEDE, ES_SECOND])
    record = dateline.extract(html, nlp=False)
    assert record.published == "2025-02-20T18:45:00+01:00"
    assert record.authors == ["Lucía Ferrándiz"]
    assert record.paragraphs == [ES_LEDE, ES_SECOND]


IT_SCRAPE = """Il Corriere di Valtorre
Cronaca Politica Sport

Chiusa per frana la strada provinciale 42

Di Giulia Ferraresi
25 marzo 2025 - 16:10

La strada provinciale 42 tra Valtorre e San Bassano è stata chiusa nella notte a causa di una \
frana che ha invaso la carreggiata per circa trenta metri.

"I lavori di messa in sicurezza richiederanno almeno due settimane", ha spiegato l'assessore \
alla viabilità Marco Bellini.

I residenti delle frazioni più alte dovranno utilizzare un percorso alternativo di circa \
quindici chilometri.
"""


@pytest.mark.parametrize("menu", ["Cronaca Politica Sport", "Het Dijkland Dagblad"])
def test_a_menu_row_over_the_headline_is_no_headline_over_a_standfirst(menu):
    # the two title-like lines over the byline were taken as headline and standfirst
    record = dateline.extract(IT_SCRAPE.replace("Cronaca Politica Sport", menu), format="text",
                              nlp=False)
    assert record.headline == "Chiusa per frana la strada provinciale 42"
    assert record.standfirst is None
    assert record.authors == ["Giulia Ferraresi"]
    assert record.published == "2025-03-25T16:10:00"  # no zone on the page: wall-clock time


HU_SCRAPE = """Dunavölgyi Hírek

Új híd épül Szentmárton és Kövesd között

{byline}
2025.03.25. 16:10 CET

A kormány kedden bejelentette, hogy új közúti híd épül a Dunán Szentmárton és Kövesd között. \
A beruházás várhatóan 2028-ra készül el.

„A híd a régió gazdaságának egyik legfontosabb fejlesztése lesz” – mondta Tóth Gábor \
polgármester a sajtótájékoztatón.

A tervek szerint a híd kétszer két sávos lesz, kerékpárúttal és gyalogosjárdával.
"""


@pytest.mark.parametrize(("byline", "authors"), [
    ("Szerző: Kovács Anna", ["Kovács Anna"]),
    ("Írta: Nagy Péter és Szabó Éva", ["Nagy Péter", "Szabó Éva"]),
    ("Yazar: Ayşe Yılmaz", ["Ayşe Yılmaz"]),  # Turkish, Finnish and Polish openings too
    ("Teksti: Matti Virtanen", ["Matti Virtanen"]),
    ("Autorka: Anna Nowak", ["Anna Nowak"]),
])
def test_a_hungarian_byline_gives_its_authors(byline, authors):
    # "Szerző:" opened no byline: no authors, the line listed as navigation
    record = dateline.extract(HU_SCRAPE.format(byline=byline), format="text", nlp=False)
    assert record.authors == authors
    assert record.headline == "Új híd épül Szentmárton és Kövesd között"
    assert record.published == "2025-03-25T16:10:00+01:00"
    assert byline not in [b.text for b in record.boilerplate]


JA_BODY = ("<p>北浜町では二十一日、朝から記録的な大雪となり、"
           "町内の積雪は午後五時現在で百二十センチに達した。"
           "気象台によると、観測史上最も多い値だという。</p>"
           "<p>町は記者会見で、小中学校を臨時休校とし、"
           "住民に不要不急の外出を控えるよう呼びかけた。</p>")
ZH_BODY = ("<p>本报讯 青岚市地铁三号线于今天上午九时正式开通运营。"
           "该线路全长二十八公里，共设车站二十二座，连接城市东部新区与老城区。</p>"
           "<p>记者了解到，三号线于二〇二〇年开工建设，历时近五年。</p>")
ZH_INFO = "<div><span>来源：青岚日报</span> <span>记者 林晓雯</span></div>"


@pytest.mark.parametrize(("lang", "byline", "body", "authors"), [
    ("ja", '<p class="author">山本 花子 記者</p>', JA_BODY, ["山本 花子"]),
    ("ja", "<p>佐藤太郎特派員（ロンドン）</p>", JA_BODY, ["佐藤太郎"]),
    ("zh-CN", ZH_INFO, ZH_BODY, ["林晓雯"]),
    ("zh-CN", "<p>本报记者：王伟</p>", ZH_BODY, ["王伟"]),
])
def test_a_japanese_or_chinese_byline_gives_its_author(lang, byline, body, authors):
    # the byline gave no authors (on the Japanese page it was listed nowhere, the Chinese one
    # stayed in the body); "記者会見" (a press conference) and "记者了解到" name nobody
    html = (f'<html lang="{lang}"><head><title>t</title></head><body><nav><a href="/">首页</a>'
            f"</nav><article><h1>北浜町で記録的な大雪 交通機関に乱れ</h1>{byline}{body}</article>"
            "</body></html>")
    record = dateline.extract(html, nlp=False)
    assert record.authors == authors
    assert len(record.paragraphs) == 2
    assert authors[0] not in " ".join(record.paragraphs)


@pytest.mark.parametrize(("title", "publisher"), [
    ("El puerto de Almenara cierra por el temporal | Diario del Litoral", "Diario del Litoral"),
    ("El puerto de Almenara cierra por el temporal - Diario del Litoral", "Diario del Litoral"),
    ("北浜町で記録的な大雪\u3000交通機関に乱れ｜北浜新聞", None),  # another headline
    ("Diario del Litoral | El puerto de Almenara cierra por el temporal", None),
    ("El puerto de Almenara cierra por el temporal", None),
])
def test_the_publisher_is_the_site_name_after_the_headline_in_the_title(title, publisher):
    # with no og:site_name or JSON-LD publisher the HTML path had no publisher at all
    html = (f'<html lang="es"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            "<article><h1>El puerto de Almenara cierra por el temporal</h1>"
            f"<p>{ES_LEDE}</p><p>{ES_SECOND}</p></article></body></html>")
    assert dateline.extract(html, nlp=False).publisher == publisher


def test_an_unmarked_timestamp_line_under_the_headline_is_read():
    # <span>2025年03月18日 09:30</span> in an unclassed <div>: no element was read, and htmldate
    # found nothing on the Chinese page
    info = ("<div><span>来源：青岚日报</span> <span>记者 林晓雯</span> "
            "<span>2025年03月18日 09:30</span></div>")
    html = (f'<html lang="zh-CN"><head><title>t</title></head><body><article>'
            f"<h1>青岚市地铁三号线今日开通运营</h1>{info}{ZH_BODY}</article></body></html>")
    record = dateline.extract(html, nlp=False)
    assert record.published == "2025-03-18T09:30:00+08:00"  # Shanghai (zh-CN)
    assert record.authors == ["林晓雯"]


@pytest.mark.parametrize(("line", "published", "updated"), [
    ("Opublikowano: 12 marca 2025, 10:15 | Aktualizacja: 13 marca 2025, 08:00",
     "2025-03-12T10:15:00", "2025-03-13T08:00:00"),
    ("12 марта 2025, 10:15", "2025-03-12T10:15:00", None),
    ("Yayınlanma: 12 Mart 2025 10:15", "2025-03-12T10:15:00", None),
    ("12. března 2025 10:15", "2025-03-12T10:15:00", None),
])
def test_polish_russian_turkish_and_czech_month_names_are_read(line, published, updated):
    # their month names were unknown: no date at all (two Russian pages of
    # text-scrapes-modern, "Текст: NAME · 24 сентября 2018", now have theirs)
    record = dateline.extract(IT_SCRAPE.replace("25 marzo 2025 - 16:10", line), format="text",
                              nlp=False)
    assert (record.published, record.updated) == (published, updated)


@pytest.mark.parametrize(("caption", "expected"), [
    ("Le pont au matin. Crédit : AFP", ("Le pont au matin.", "AFP")),
    ("Die Brücke am Morgen. Bild: Keystone", ("Die Brücke am Morgen.", "Keystone")),
    ("Most töltve a híd. Fotó: MTI", ("Most töltve a híd.", "MTI")),
    ("El puente al amanecer. Crédito: EFE", ("El puente al amanecer.", "EFE")),
    ("The bridge at dawn © Reuters", ("The bridge at dawn", "Reuters")),
    ("Copyright © Coastline Media", ("Copyright © Coastline Media", None)),  # no caption
])
def test_a_caption_credit_labelled_in_another_language_or_by_a_copyright_sign(caption,
                                                                             expected):
    # "Crédit :", "Bild:", "Fotó:" and "© NAME" stayed in the caption, with no credit
    html = ('<html><head><title>t</title></head><body><article><h1>Une page de test pour '
            f'les légendes</h1><figure><img src="/a.jpg"><figcaption>{caption}</figcaption>'
            f"</figure><p>{FR_LEDE}</p><p>{FR_SECOND}</p></article></body></html>")
    [image] = dateline.extract(html, nlp=False).images
    assert (image.caption, image.credit) == expected


def test_visible_times_months_apart_are_no_live_blog():
    stamps = "".join(f'<p><time datetime="{when}">{when[:10]}</time> {text}</p>' for when, text in [
        ("2025-09-08T10:00:00+02:00", "The council published its plan for the harbour today."),
        ("2025-03-02T09:00:00+01:00", "A first draft of the plan was shown to residents."),
        ("2024-11-20T18:00:00+01:00", "The storm that damaged the harbour wall struck the town."),
    ])
    html = (f'<html lang="en"><head><title>t</title></head><body><main><article>'
            f"<h1>The harbour plan is published at last</h1>{stamps}"
            f"<p>{'The plan sets out how the wall will be rebuilt over the next three years. ' * 3}"
            "</p></article></main></body></html>")
    record = dateline.extract(html, nlp=False)
    assert (record.published, record.updated) == ("2025-09-08T10:00:00+02:00", None)


@pytest.mark.parametrize(("byline", "authors"), [
    ("Por Lucía Ferrándiz / Madrid", ["Lucía Ferrándiz"]),
    ("By Jane Doe / John Roe", ["Jane Doe", "John Roe"]),
])
def test_a_byline_split_by_a_spaced_slash_keeps_its_names(byline, authors):
    # "NAME / PLACE" gave no author at all
    html = news_page("es", "El puerto de Almenara cierra por el temporal",
                     f'<p class="byline">{byline}</p>', [ES_LEDE, ES_SECOND])
    record = dateline.extract(html, nlp=False)
    assert record.authors == authors
    assert record.paragraphs == [ES_LEDE, ES_SECOND]
