"""Writes the offline sample site: ``site/night-1``, ``night-2``, ``night-3``.

Each night folder is the whole site as a nightly fetch would have found it at
10:00 Moscow time (07:00 UTC) on the mornings of 18, 19 and 20 July 2025. The
texts below are written for this project in the exact forms of real statements
(see ``README.md`` for the figures each one carries); they are not captures of
the real channels and feeds.

Regenerate after editing a text with ``python -m intercepts.samples.build_site``;
the generated files are committed, so the pipeline never runs this.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SITE = Path(__file__).with_name("site")
MSK = ZoneInfo("Europe/Moscow")
KYIV = ZoneInfo("Europe/Kyiv")
SNAPSHOT_AT = {
    1: datetime(2025, 7, 18, 7, 0, tzinfo=UTC),
    2: datetime(2025, 7, 19, 7, 0, tzinfo=UTC),
    3: datetime(2025, 7, 20, 7, 0, tzinfo=UTC),
}
SAMPLE_NOTE = "intercepts sample site: texts written for the project, not captured from the source"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --------------------------------------------------------------------------- Telegram


@dataclass
class Post:
    """One channel post. ``texts`` maps the first night a version is visible to its text;
    a post with two versions was edited between those nights."""

    id: int
    at: datetime
    texts: dict[int, str] = field(default_factory=dict)
    media: str | None = None  # "photo" or "video"
    service: bool = False
    forwarded_from: tuple[str, str] | None = None  # (title, permalink)
    views: str = "100K"

    def text_on(self, night: int) -> tuple[str | None, bool]:
        """The text shown on ``night`` and whether the page marks it edited."""
        visible = [n for n in sorted(self.texts) if n <= night]
        if not visible:
            return None, False
        return self.texts[visible[-1]], visible[-1] != min(self.texts)


@dataclass
class Channel:
    username: str
    title: str
    description: str
    subscribers: str
    posts: list[Post]


MOD_NIGHT_18_FIRST = (
    "В период с 23.00 мск 17 июля до 7.00 мск 18 июля дежурными средствами ПВО перехвачены "
    "и уничтожены 46 украинских беспилотных летательных аппаратов самолетного типа:\n"
    "▪️ 21 – над территорией Брянской области,\n"
    "▪️ 12 – над территорией Курской области,\n"
    "▪️ 8 – над территорией Орловской области,\n"
    "▪️ 5 – над территорией Калужской области."
)
# The ministry corrected the Kursk figure later that day: 12 -> 14, total 46 -> 48.
MOD_NIGHT_18_EDITED = (
    "В период с 23.00 мск 17 июля до 7.00 мск 18 июля дежурными средствами ПВО перехвачены "
    "и уничтожены 48 украинских беспилотных летательных аппаратов самолетного типа:\n"
    "▪️ 21 – над территорией Брянской области,\n"
    "▪️ 14 – над территорией Курской области,\n"
    "▪️ 8 – над территорией Орловской области,\n"
    "▪️ 5 – над территорией Калужской области."
)

MOD_RUSSIA = Channel(
    username="mod_russia",
    title="Минобороны России",
    description="Официальный канал Министерства обороны Российской Федерации",
    subscribers="1.1M",
    posts=[
        Post(52100, utc("2025-07-17T09:02:00"), {1: "Channel photo updated"}, service=True),
        Post(
            52101,
            utc("2025-07-17T17:25:12"),
            {
                1: "С 8.00 до 20.00 мск дежурными средствами ПВО перехвачены и уничтожены 22 "
                "украинских беспилотных летательных аппарата самолетного типа:\n"
                "▪️ 10 – над территориями Брянской области и Республики Крым,\n"
                "▪️ 7 – над территорией Курской области,\n"
                "▪️ 5 – над территорией Белгородской области."
            },
            views="212K",
        ),
        Post(
            52102,
            utc("2025-07-17T18:40:05"),
            {
                1: "🇷🇺Сводка Министерства обороны Российской Федерации о ходе проведения "
                "специальной военной операции (по состоянию на 17 июля 2025 г.)\n\n"
                "Всего с начала проведения специальной военной операции уничтожено: "
                "662 самолета, 283 вертолета, 57318 беспилотных летательных аппаратов, "
                "619 зенитных ракетных комплексов, 24104 танка и других боевых бронированных "
                "машин, 1573 боевые машины реактивных систем залпового огня."
            },
            views="301K",
        ),
        Post(52103, utc("2025-07-17T19:10:44"), media="photo", views="188K"),
        Post(
            52104,
            utc("2025-07-18T04:12:40"),
            {1: MOD_NIGHT_18_FIRST, 2: MOD_NIGHT_18_EDITED},
            views="264K",
        ),
        Post(
            52105,
            utc("2025-07-18T17:20:09"),
            {
                1: "С 8.00 до 20.00 мск дежурными средствами ПВО перехвачены и уничтожены 4 "
                "украинских беспилотных летательных аппарата самолетного типа над территорией "
                "Белгородской области."
            },
            views="197K",
        ),
        Post(
            52106,
            utc("2025-07-19T04:25:51"),
            {
                1: "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены "
                "38 украинских беспилотных летательных аппаратов самолетного типа:\n"
                "▪️ 14 – над территорией Брянской области,\n"
                "▪️ 9 – над территорией Смоленской области,\n"
                "▪️ 8 – над территорией Тульской области,\n"
                "▪️ 6 – над акваторией Черного моря,\n"
                "▪️ 1 – над территорией Калужской области."
            },
            views="251K",
        ),
        Post(52107, utc("2025-07-19T15:03:27"), media="video", views="402K"),
        Post(
            52108,
            utc("2025-07-20T04:20:31"),
            {
                1: "В период с 23.00 мск 19 июля до 7.00 мск 20 июля дежурными средствами ПВО "
                "перехвачены и уничтожены 73 украинских беспилотных летательных аппарата "
                "самолетного типа:\n"
                "▪️ 31 – над территорией Брянской области,\n"
                "▪️ 17 – над территорией Орловской области,\n"
                "▪️ 10 – над территорией Московской области, в том числе 3, летевших на Москву."
            },
            views="318K",
        ),
    ],
)

SHAPSHA = Channel(
    username="shapsha_vv",
    title="Владислав Шапша",
    description="Губернатор Калужской области",
    subscribers="61.4K",
    posts=[
        Post(
            7801,
            utc("2025-07-17T14:30:00"),
            {
                1: "Провёл совещание о ходе уборочной кампании.\n\n"
                "В области уже обмолочено 38 тысяч гектаров зерновых, средняя урожайность – "
                "31 центнер с гектара. Поручил обеспечить хозяйства топливом и не допускать "
                "простоя техники."
            },
            media="photo",
            views="9.8K",
        ),
        Post(
            7802,
            utc("2025-07-18T04:40:18"),
            {
                1: "Сегодня в период с 23:30 до 06:10 мск силами ПВО уничтожены пять БПЛА над "
                "территориями Людиновского и Кировского районов. Пострадавших и повреждений нет."
            },
            views="24.1K",
        ),
        Post(
            7803,
            utc("2025-07-18T12:05:00"),
            {
                1: "Приглашаем на донорскую акцию в субботу с 9:00 до 13:00 в областной станции "
                "переливания крови. В прошлый раз кровь сдали 120 калужан – спасибо вам!"
            },
            forwarded_from=("Минздрав Калужской области", "https://t.me/minzdrav40/2211"),
            views="7.2K",
        ),
        Post(
            7804,
            utc("2025-07-19T05:10:02"),
            {
                1: "Сегодня ночью над территорией Малоярославецкого района силами ПВО уничтожены "
                "два БПЛА. Пострадавших нет, повреждений нет."
            },
            views="19.5K",
        ),
        Post(7805, utc("2025-07-19T16:44:10"), media="photo", views="8.1K"),
        Post(
            7806,
            utc("2025-07-20T05:05:00"),
            {
                1: "Сегодня в период с 21:00 до 07:50 мск силами ПВО уничтожены три БПЛА над "
                "территориями Жуковского и Тарусского районов. Пострадавших и повреждений нет. "
                "Доступ к местам падения обломков ограничен, работают специалисты."
            },
            views="27.9K",
        ),
    ],
)

KPSZSU = Channel(
    username="kpszsu",
    title="Повітряні Сили ЗС України / Air Force of the Armed Forces of Ukraine",
    description="Офіційний канал Повітряних Сил ЗС України",
    subscribers="1.3M",
    posts=[
        Post(
            14201,
            utc("2025-07-18T06:10:00"),
            {
                1: "У ніч на 18 липня (з 18:00 17 липня) противник атакував 57 ударними БпЛА типу "
                "Shahed та дронами-імітаторами з напрямків Брянськ, Курськ, Міллерово.\n\n"
                "Станом на 08:30 протиповітряною обороною збито/подавлено 39 ворожих БпЛА на "
                "півночі, півдні та сході країни.\n\n"
                "Зафіксовано влучання 18 ударних БпЛА на 6 локаціях."
            },
            views="301K",
        ),
        Post(
            14202,
            utc("2025-07-19T05:52:00"),
            {
                1: "У ніч на 19 липня (з 18:00 18 липня) противник атакував 44 ударними БпЛА типу "
                "Shahed та дронами-імітаторами з напрямків Курськ, Орел, Приморсько-Ахтарськ.\n\n"
                "Станом на 08:30 протиповітряною обороною збито/подавлено 31 ворожий БпЛА на "
                "півночі та сході країни.\n\n"
                "Зафіксовано влучання 13 ударних БпЛА на 5 локаціях."
            },
            views="287K",
        ),
        Post(
            14203,
            utc("2025-07-20T05:48:00"),
            {
                1: "У ніч на 20 липня (з 18:00 19 липня) противник атакував 64 ударними БпЛА типу "
                "Shahed та дронами-імітаторами з напрямків Брянськ, Курськ, Міллерово, Гвардійське "
                "– ТОТ Криму.\n\n"
                "Станом на 08:30 протиповітряною обороною збито/подавлено 48 ворожих БпЛА на "
                "півночі, сході та в центрі країни.\n\n"
                "Зафіксовано влучання 16 ударних БпЛА на 7 локаціях."
            },
            views="295K",
        ),
    ],
)

_PHOTO_URL = "https://cdn4.cdn-telegram.org/file/{}.jpg"


def _emoji_markup(char: str) -> str:
    code = char.rstrip("\ufe0f").encode("utf-8").hex().upper()
    return (
        f'<i class="emoji" style="background-image:url(\'//telegram.org/img/emoji/40/{code}.png\')">'
        f"<b>{char}</b></i>"
    )


_EMOJI = ("▪️", "🇷🇺")


def _telegram_text(text: str) -> str:
    body = html.escape(text, quote=False)
    for emoji in _EMOJI:
        body = body.replace(emoji, _emoji_markup(emoji))
    return body.replace("\n", "<br/>")


def _local_clock(moment: datetime, channel: Channel) -> str:
    zone = KYIV if channel.username == "kpszsu" else MSK
    return moment.astimezone(zone).strftime("%H:%M")


def _telegram_post(channel: Channel, post: Post, night: int) -> str | None:
    if post.at > SNAPSHOT_AT[night]:
        return None
    text, edited = post.text_on(night)
    permalink = f"https://t.me/{channel.username}/{post.id}"
    classes = "tgme_widget_message text_not_supported_wrap js-widget_message"
    if post.service:
        return (
            '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            f'<div class="tgme_widget_message service_message js-widget_message" '
            f'data-post="{channel.username}/{post.id}" data-view="">\n'
            f'  <div class="tgme_widget_message_bubble"><div class="tgme_widget_message_text '
            f'js-message_text" dir="auto">{html.escape(text or "")}</div></div>\n'
            "</div></div>"
        )
    parts = [
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="{classes}" data-post="{channel.username}/{post.id}" data-view="'
        f'eyJjIjotMTAwMTA4OTc1NzY3OCwicCI6{post.id}fQ">',
        '  <div class="tgme_widget_message_user"><a href="https://t.me/'
        f'{channel.username}"><i class="tgme_widget_message_user_photo bgcolor1" '
        f'data-content="{channel.title[0]}"><img src="{_PHOTO_URL.format(channel.username)}">'
        "</i></a></div>",
        '  <div class="tgme_widget_message_bubble">',
        '    <i class="tgme_widget_message_bubble_tail"><svg class="bubble_icon" width="9px" '
        'height="20px" viewBox="0 0 9 20"><g fill="none"><path class="background" '
        'fill="#ffffff" d="M8,1 L9,1 L9,20 L8,20 L8,18 C7.807,15.161 7.124,12.233 5.950,9.218 '
        "C5.046,6.893 3.504,4.733 1.325,2.738 L1.325,2.738 C0.917,2.365 0.89,1.732 1.263,1.325 "
        'C1.452,1.118 1.72,1 2,1 L8,1 Z"></path></g></svg></i>',
        '    <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_'
        f'owner_name" href="https://t.me/{channel.username}"><span dir="auto">'
        f"{html.escape(channel.title)}</span></a></div>",
    ]
    if post.forwarded_from:
        name, link = post.forwarded_from
        parts.append(
            '    <div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;'
            f'<a class="tgme_widget_message_forwarded_from_name" href="{link}"><span dir="auto">'
            f"{html.escape(name)}</span></a></div>"
        )
    if post.media == "photo":
        parts.append(
            f'    <a class="tgme_widget_message_photo_wrap blured" href="{permalink}" '
            f"style=\"width:800px;background-image:url('{_PHOTO_URL.format(post.id)}')\">"
            '<div class="tgme_widget_message_photo" style="padding-top:66.625%"></div></a>'
        )
    elif post.media == "video":
        parts.append(
            f'    <a class="tgme_widget_message_video_player blured js-message_video_player" '
            f'href="{permalink}"><i class="tgme_widget_message_video_thumb" '
            f"style=\"background-image:url('{_PHOTO_URL.format(post.id)}')\"></i>"
            '<div class="tgme_widget_message_video_wrap"><video class="tgme_widget_message_video '
            f'js-message_video" src="https://cdn4.cdn-telegram.org/file/{post.id}.mp4" '
            'width="100%" height="100%"></video></div>'
            '<time class="message_video_duration js-message_video_duration">0:42</time></a>'
        )
    if text:
        parts.append(
            '    <div class="tgme_widget_message_text js-message_text" dir="auto">'
            f"{_telegram_text(text)}</div>"
        )
    edited_mark = "edited&nbsp;" if edited else ""
    parts += [
        '    <div class="tgme_widget_message_footer compact js-message_footer">',
        '      <div class="tgme_widget_message_info short js-message_info">',
        f'        <span class="tgme_widget_message_views">{post.views}</span>'
        '<span class="copyonly"> views</span>'
        f'<span class="tgme_widget_message_meta">{edited_mark}'
        f'<a class="tgme_widget_message_date" href="{permalink}"><time datetime="'
        f'{post.at.isoformat()}" class="time">{_local_clock(post.at, channel)}</time></a></span>',
        "      </div>",
        "    </div>",
        "  </div>",
        "</div></div>",
    ]
    return "\n".join(parts)


def telegram_page(channel: Channel, night: int) -> str:
    posts = [p for p in (_telegram_post(channel, post, night) for post in channel.posts) if p]
    first_id = min(post.id for post in channel.posts)
    return f"""<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>{html.escape(channel.title)} – Telegram</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no" />
    <meta property="og:title" content="{html.escape(channel.title)}">
    <meta property="og:image" content="{_PHOTO_URL.format(channel.username)}">
    <meta property="og:site_name" content="Telegram">
    <meta property="og:description" content="{html.escape(channel.description)}">
    <link rel="canonical" href="https://t.me/s/{channel.username}"/>
    <link href="//telegram.org/css/widget-frame.css?71" rel="stylesheet">
    <link href="//telegram.org/css/telegram-web.css?40" rel="stylesheet">
  </head>
  <body class="widget_frame_base tgme_webpage emoji_image nodesktop">
    <!-- {SAMPLE_NOTE} -->
    <header class="tgme_header search_collapsed">
      <div class="tgme_header_search"><form class="tgme_header_search_form" action="" method="get"><input class="tgme_header_search_form_input js-header_search" placeholder="Search" name="q" autocomplete="off"></form></div>
      <div class="tgme_header_info"><a class="tgme_header_link" href="https://t.me/{channel.username}"><div class="tgme_header_title"><span dir="auto">{html.escape(channel.title)}</span></div><div class="tgme_header_counter">{channel.subscribers} subscribers</div></a></div>
    </header>
    <main class="tgme_main">
      <div class="tgme_container">
        <div class="tgme_channel_info">
          <div class="tgme_channel_info_header"><div class="tgme_channel_info_header_title"><span dir="auto">{html.escape(channel.title)}</span></div><div class="tgme_channel_info_header_username"><a href="https://t.me/{channel.username}">@{channel.username}</a></div></div>
          <div class="tgme_channel_info_description">{html.escape(channel.description)}</div>
          <div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">{channel.subscribers}</span> <span class="counter_type">subscribers</span></div></div>
        </div>
        <section class="tgme_channel_history js-message_history">
          <div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/{channel.username}?before={first_id}" class="tme_messages_more js-messages_more" data-before="{first_id}"></a></div>
{chr(10).join(posts)}
        </section>
      </div>
    </main>
    <script src="//telegram.org/js/tgwallpaper.min.js?3"></script>
    <script>TWidgetHistory.init({{"before": {first_id}}});</script>
  </body>
</html>
"""


# --------------------------------------------------------------------------- RSS (TASS, English)


@dataclass
class Article:
    key: str
    at: datetime
    title: str
    paragraphs: list[str]
    modified: datetime | None = None


TASS_ITEMS = [
    Article(
        "https://tass.com/defense/1990412",
        utc("2025-07-18T05:02:11"),
        "Russian air defences down 46 Ukrainian drones over four regions overnight",
        [
            "MOSCOW, July 18. /TASS/. Russian air defence systems intercepted and destroyed "
            "46 Ukrainian fixed-wing drones over four Russian regions overnight, the Russian "
            "Defence Ministry said.",
            '"In the period from 11:00 p.m. Moscow time on July 17 to 7:00 a.m. Moscow time on '
            "July 18, air defence systems on duty intercepted and destroyed 46 Ukrainian "
            "fixed-wing unmanned aerial vehicles: 21 over the Bryansk Region, 12 over the Kursk "
            'Region, 8 over the Oryol Region and 5 over the Kaluga Region," the ministry said '
            "in a statement.",
        ],
    ),
    Article(
        "https://tass.com/economy/1990533",
        utc("2025-07-18T12:15:40"),
        "Russia's grain harvest passes 20 mln tonnes — Agriculture Ministry",
        [
            "MOSCOW, July 18. /TASS/. Russian farmers have threshed more than 20 mln tonnes of "
            "grain from 4.1 mln hectares, the Agriculture Ministry said on Friday.",
            "The average yield is 4.9 tonnes per hectare, up 0.3 tonnes on last year.",
        ],
    ),
    Article(
        "https://tass.com/defense/1990701",
        utc("2025-07-19T05:10:37"),
        "Air defences destroy 38 Ukrainian UAVs over Russian regions, Black Sea overnight",
        [
            "MOSCOW, July 19. /TASS/. Russian air defences destroyed 38 Ukrainian drones "
            "overnight, the Russian Defence Ministry said on Saturday.",
            # The misquote: the ministry put the Tula figure at 8.
            "According to the ministry, 14 drones were downed over the Bryansk Region, 9 over "
            "the Smolensk Region, 6 over the Tula Region and 6 over the Black Sea, while one "
            "more was destroyed over the Kaluga Region.",
        ],
    ),
    Article(
        "https://tass.com/defense/1990958",
        utc("2025-07-20T04:55:02"),
        "Air defences intercept 73 Ukrainian drones overnight, three were heading for Moscow",
        [
            "MOSCOW, July 20. /TASS/. Russian air defences intercepted and destroyed 73 "
            "Ukrainian fixed-wing drones between 11:00 p.m. Moscow time on July 19 and 7:00 a.m. "
            "on July 20, the Russian Defence Ministry said.",
            "The ministry said 31 drones were destroyed over the Bryansk Region, 17 over the "
            "Oryol Region and 10 over the Moscow Region, including three that were flying "
            "towards Moscow.",
        ],
    ),
]


def tass_feed(night: int) -> str:
    items = [a for a in TASS_ITEMS if a.at <= SNAPSHOT_AT[night]]
    rendered = []
    for article in reversed(items):  # newest first, as feeds list them
        description = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in article.paragraphs)
        rendered.append(
            "    <item>\n"
            f"      <title>{html.escape(article.title, quote=False)}</title>\n"
            f"      <link>{article.key}</link>\n"
            f'      <guid isPermaLink="true">{article.key}</guid>\n'
            f"      <pubDate>{format_datetime(article.at.astimezone(MSK))}</pubDate>\n"
            f"      <category>{'Military &amp; Defense' if '/defense/' in article.key else 'Economy'}</category>\n"
            f"      <description><![CDATA[{description}]]></description>\n"
            "    </item>"
        )
    newest = items[-1].at if items else SNAPSHOT_AT[night]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- {SAMPLE_NOTE} -->
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>TASS</title>
    <link>https://tass.com</link>
    <description>TASS news in English</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(newest.astimezone(MSK))}</lastBuildDate>
    <atom:link href="https://tass.com/rss/v2.xml" rel="self" type="application/rss+xml"/>
{chr(10).join(rendered)}
  </channel>
</rss>
"""


# --------------------------------------------------------------------------- HTML article

SEED_ARTICLE = Path(__file__).with_name("seed_article.txt")
ARTICLE_PUBLISHED = utc("2025-07-20T06:30:00")


def kaluga_article(night: int) -> str | None:
    """The seed article; it appears at 06:30 UTC on 20 July, so only in night-3."""
    if ARTICLE_PUBLISHED > SNAPSHOT_AT[night]:
        return None
    paragraphs = SEED_ARTICLE.read_text(encoding="utf-8").strip().split("\n")
    body = "\n".join(f"        <p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    title = "Drones downed over Kaluga Region as Moscow claims 73 intercepts overnight"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Open Wire News</title>
  <meta name="description" content="Three drones were destroyed over the Zhukovsky and Tarussky districts, Governor Vladislav Shapsha said.">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{title}">
  <meta property="og:url" content="https://openwire.example/news/kaluga-drones">
  <meta property="article:published_time" content="{ARTICLE_PUBLISHED.isoformat()}">
  <meta property="article:section" content="World">
  <link rel="canonical" href="https://openwire.example/news/kaluga-drones">
  <link rel="stylesheet" href="/static/site.css">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>
<body>
  <!-- {SAMPLE_NOTE} -->
  <header class="site-header">
    <a class="logo" href="/">Open Wire News</a>
    <nav class="primary-nav"><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/live">Live: Russia-Ukraine war</a></li></ul></nav>
  </header>
  <main id="content">
    <nav class="breadcrumbs"><a href="/">Home</a> › <a href="/world">World</a> › <a href="/world/europe">Europe</a></nav>
    <article class="story">
      <header class="story-header">
        <h1>{title}</h1>
        <p class="byline">By Staff Writer · <time datetime="{ARTICLE_PUBLISHED.isoformat()}">20 July 2025, 06:30 GMT</time></p>
      </header>
      <div class="share-tools"><button>Share</button><button>Copy link</button></div>
      <div class="story-body" itemprop="articleBody">
{body}
      </div>
      <aside class="related"><h2>Read more</h2><ul><li><a href="/news/bryansk-drones">Bryansk governor reports overnight drone attack</a></li><li><a href="/news/moscow-airports">Moscow airports briefly restrict flights</a></li></ul></aside>
      <footer class="story-footer"><p>Topics: Russia, Ukraine, drones</p></footer>
    </article>
  </main>
  <aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Markets close higher</a></li><li><a href="/b">Heatwave in southern Europe</a></li></ol></aside>
  <footer class="site-footer"><p>© 2025 Open Wire News. All rights reserved.</p><nav><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></nav></footer>
  <script src="/static/analytics.js" async></script>
</body>
</html>
"""


# --------------------------------------------------------------------------- JSON Feed (Russian)

OKA_ITEMS = [
    Article(
        "oka-2025-07-18-pvo",
        utc("2025-07-18T05:30:00"),
        "Пять беспилотников уничтожены над Калужской областью",
        [
            "Силы ПВО ночью уничтожили пять БПЛА над Людиновским и Кировским районами, сообщил "
            "губернатор Владислав Шапша.",
            "По его словам, пострадавших и повреждений нет.",
        ],
    ),
    Article(
        "oka-2025-07-19-pvo",
        utc("2025-07-19T06:02:00"),
        "Над Малоярославецким районом сбиты два беспилотника",
        [
            "Два БПЛА уничтожены ночью над Малоярославецким районом, сообщил глава региона "
            "Владислав Шапша. Пострадавших нет."
        ],
    ),
    Article(
        "oka-2025-07-20-pvo",
        utc("2025-07-20T05:40:00"),
        "Три БПЛА уничтожены над Жуковским и Тарусским районами",
        [
            "В период с 21:00 до 07:50 мск силами ПВО над территориями Жуковского и Тарусского "
            "районов уничтожены три беспилотника, сообщил губернатор Владислав Шапша.",
            "Доступ к местам падения обломков ограничен, на месте работают специалисты.",
        ],
        modified=utc("2025-07-20T06:15:00"),
    ),
]


def oka_feed(night: int) -> str:
    items = []
    for article in reversed([a for a in OKA_ITEMS if a.at <= SNAPSHOT_AT[night]]):
        entry = {
            "id": article.key,
            "url": f"https://okskie-vesti.example/news/{article.key}",
            "title": article.title,
            "date_published": article.at.astimezone(MSK).isoformat(),
        }
        if len(article.paragraphs) > 1:
            entry["content_html"] = "".join(
                f"<p>{html.escape(p, quote=False)}</p>" for p in article.paragraphs
            )
        else:
            entry["content_text"] = article.paragraphs[0]
        if article.modified and article.modified <= SNAPSHOT_AT[night]:
            entry["date_modified"] = article.modified.astimezone(MSK).isoformat()
        items.append(entry)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Окские вести",
        "home_page_url": "https://okskie-vesti.example/",
        "feed_url": "https://okskie-vesti.example/feed.json",
        "language": "ru",
        "_intercepts": SAMPLE_NOTE,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- writing


def site_files(night: int) -> dict[str, str]:
    """Relative path -> content of every file on the site that morning."""
    files = {
        "t.me/s/mod_russia.html": telegram_page(MOD_RUSSIA, night),
        "t.me/s/shapsha_vv.html": telegram_page(SHAPSHA, night),
        "t.me/s/kpszsu.html": telegram_page(KPSZSU, night),
        "feeds/tass_en.xml": tass_feed(night),
        "feeds/okskie_vesti.json": oka_feed(night),
    }
    article = kaluga_article(night)
    if article is not None:
        files["news/kaluga-drones.html"] = article
    return files


def main() -> None:
    for night in SNAPSHOT_AT:
        root = SITE / f"night-{night}"
        for relative, content in site_files(night).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            print(path.relative_to(SITE.parent))


if __name__ == "__main__":
    main()
