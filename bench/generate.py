"""A deterministic, seeded generator of realistic landed documents, at any size.

The statement forms are the ones the extractor reads (see /work/shared/corpus/dev.jsonl and
intercepts/samples/build_site.py): the ministry's itemised night posts and daytime bulletins,
its inline lists and cumulative-losses bulletins, governors' first-person posts, the Moscow
mayor's running 'ещё N' series and night summary, the Belgorod headquarters' per-district
round-up, Russian and English agency restatements, the Ukrainian Air Force's report and its
English and Ukrainian restatements, and posts with no claim at all (harvests, roads, donor
drives, all-clears with phone numbers). Each night has one set of figures per region, so a
restatement carries the ministry's figures (a replica), the ministry's website replicates its
Telegram posts word for word, a governor now and then disagrees by a drone or two, and about
3 % of official posts are edited (a second version of the same document, fetched later).

Document ``i`` depends only on ``(seed, i)`` and the night's figures only on ``(seed, date)``:
any slice of a corpus can be generated alone, in any process, and is the same every time.

Volume: ``per_day`` documents a day across the 27 sources of the bundled catalog (600 by
default, about what they publish together), so N documents span N / per_day days and the
warehouse has as many date partitions per source as a real history of that length.

Three ways out:

- ``documents(n, seed)``: rows of ``landing.DOCUMENT_SCHEMA`` (dicts), in time order;
- ``items_by_source(...)``: ``(Source, [Item])`` chunks for ``landing.land_items`` (what a
  backfill through the real landing code sees);
- ``write_history(warehouse, n, seed)``: landed Parquet written directly in the warehouse
  layout, optionally with the claims the generator put into each document written as
  extraction files (``with_claims=True``): a large history that is already "extracted"
  without spending an hour in the extractor. Those claims are the generator's ground truth,
  not the extractor's reading; benchmarks that time the extractor never use them.

    python -m bench.generate --n 1000 --seed 7 --print 5     # look at a few documents
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from intercepts import landing
from intercepts.config import Source, load_sources
from intercepts.sources.base import Item

CATALOG = Path(landing.__file__).parent / "catalog" / "real.toml"
START = datetime(2023, 1, 1, tzinfo=UTC)
PER_DAY = 600
GEN_RUN_ID = "bench-generate"
MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_UK = (
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WORDS_RU = {
    1: "один",
    2: "два",
    3: "три",
    4: "четыре",
    5: "пять",
    6: "шесть",
    7: "семь",
    8: "восемь",
    9: "девять",
    10: "десять",
}
WORDS_RU_GEN = {2: "двух", 3: "трёх", 4: "четырёх", 5: "пяти", 6: "шести", 7: "семи"}
WORDS_EN = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
}

# Regions the ministry names, weighted by how often they appear in real night posts.
BORDER = {
    "RU-BRY": 20,
    "RU-KRS": 16,
    "RU-BEL": 16,
    "RU-VOR": 8,
    "RU-ORL": 7,
    "RU-KLU": 6,
    "RU-TUL": 5,
    "RU-MOS": 6,
    "RU-ROS": 6,
    "RU-KDA": 5,
    "RU-SMO": 4,
    "RU-LIP": 4,
    "UA-43": 5,
    "SEA-BLACK": 4,
    "SEA-AZOV": 2,
    "RU-RYA": 2,
    "RU-TAM": 2,
    "RU-NIZ": 1,
    "RU-TVE": 2,
    "RU-LEN": 1,
    "RU-PSK": 1,
    "RU-VGG": 2,
    "RU-SAR": 1,
    "RU-NGR": 1,
}
# Source → the region its official speaks for.
OFFICIAL_REGION = {
    "moscow_region_governor": "RU-MOS",
    "belgorod_governor": "RU-BEL",
    "bryansk_governor": "RU-BRY",
    "kursk_governor": "RU-KRS",
    "oryol_governor": "RU-ORL",
    "voronezh_governor": "RU-VOR",
    "kaluga_governor": "RU-KLU",
    "tula_governor": "RU-TUL",
    "rostov_governor": "RU-ROS",
    "krasnodar_opershtab": "RU-KDA",
    "crimea_head": "UA-43",
    "sevastopol_governor": "UA-40",
}
# Posts a day per source (relative); the ministry, agencies and the Air Force post most.
SOURCE_WEIGHT = {
    "mod_russia": 8,
    "mod_russia_web": 4,
    "moscow_mayor": 4,
    "kpszsu": 5,
    "general_staff_zsu": 2,
    "tass_ru": 6,
    "ria_ru": 6,
    "interfax_ru": 5,
    "rbc_ru": 3,
    "tass_en": 3,
    "ukrinform_uk": 4,
    "ukrinform_en": 2,
    "pravda_ua": 4,
    "kyiv_independent": 2,
    "meduza_en": 2,
}
DISTRICTS = {
    "RU-KLU": ("Жуковского", "Тарусского", "Людиновского", "Кировского", "Козельского"),
    "RU-BEL": ("Шебекинском", "Валуйском", "Ровеньском", "Яковлевском", "Грайворонском"),
    "RU-VOR": ("Лискинском", "Острогожском", "Россошанском"),
    "RU-ROS": ("Тарасовском", "Чертковском", "Миллеровском", "Кашарском"),
}
BELGOROD_VILLAGES = (
    "Бершаково",
    "Новая Таволжанка",
    "Уразово",
    "Томаровка",
    "Головчино",
    "Журавлёвка",
)


@dataclass(frozen=True)
class Place:
    code: str
    ru_gen: str  # "Брянской области"
    uk_loc: str  # "Брянській області"
    en: str  # "Bryansk Region"


def _places() -> dict[str, Place]:
    from intercepts.extract.gazetteer import all_regions

    out = {}
    for r in all_regions():
        ru, uk = r.name_ru, r.name_uk
        if r.kind == "oblast" and ru.endswith("ая область"):
            ru_gen = ru[: -len("ая область")] + "ой области"
        elif r.kind == "krai" and ru.endswith("ий край"):
            ru_gen = ru[: -len("ий край")] + "ого края"
        elif r.kind == "krai" and ru.endswith("ый край"):
            ru_gen = ru[: -len("ый край")] + "ого края"
        elif r.code == "UA-43":
            ru_gen = "Республики Крым"
        elif r.kind == "sea":
            ru_gen = {"SEA-BLACK": "Черного моря", "SEA-AZOV": "Азовского моря"}.get(r.code, "")
        else:
            continue
        uk_loc = uk[: -len("ська область")] + "ській області" if uk.endswith("ська область") else uk
        out[r.code] = Place(r.code, ru_gen, uk_loc, r.name_en)
    return {code: p for code, p in out.items() if p.ru_gen}


def _plural_ru(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _ru_date(d: date) -> str:
    return f"{d.day} {MONTHS_RU[d.month - 1]}"


def _en_date(d: date) -> str:
    return f"{MONTHS_EN[d.month - 1]} {d.day}"


@dataclass
class Night:
    """The figures of one night: what the ministry itemises, what Kyiv reports."""

    night_ending: date
    regions: list[tuple[str, int]]
    unallocated: int
    towards_moscow: int
    launched_ua: int
    downed_ua: int

    @property
    def total(self) -> int:
        return sum(c for _, c in self.regions) + self.unallocated


class Generator:
    def __init__(self, seed: int = 1, per_day: int = PER_DAY, start: datetime = START):
        self.seed, self.per_day, self.start = seed, per_day, start
        self.sources = {s.id: s for s in load_sources(CATALOG)}
        self.places = _places()
        ids = list(self.sources)
        weights = [SOURCE_WEIGHT.get(sid, 2) for sid in ids]
        self._source_ids, self._cum = ids, _cumulative(weights)
        self._border = [c for c in BORDER if c in self.places]
        self._border_w = _cumulative([BORDER[c] for c in self._border])
        self._nights: dict[date, Night] = {}

    # ---------------------------------------------------------------- figures
    def night(self, d: date) -> Night:
        if d not in self._nights:
            rng = random.Random(f"{self.seed}/night/{d.isoformat()}")
            k = rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 9))
            codes: list[str] = []
            while len(codes) < k:
                c = self._border[_pick(rng, self._border_w)]
                if c not in codes:
                    codes.append(c)
            regions = [(c, max(1, int(rng.expovariate(1 / 8)))) for c in codes]
            regions.sort(key=lambda rc: -rc[1])
            launched = rng.randint(20, 400)
            self._nights[d] = Night(
                d,
                regions,
                rng.choice((0, 0, 0, rng.randint(1, 60))),
                rng.choice((0, 0, 0, 1, 2, 3)),
                launched,
                int(launched * rng.uniform(0.6, 0.97)),
            )
            if len(self._nights) > 4096:
                self._nights.pop(next(iter(self._nights)))
        return self._nights[d]

    # ---------------------------------------------------------------- documents
    def document(self, i: int, n: int | None = None) -> list[dict]:
        """The version rows of document ``i`` (two when it was edited), with ``_claims``."""
        rng = random.Random(self.seed * 1_000_003 + i)
        at = self.start + timedelta(days=i / self.per_day, seconds=rng.randint(0, 3000))
        sid = self._source_ids[_pick(rng, self._cum)]
        if sid == "mod_russia_web":  # the website replicates a Telegram post word for word
            src = self.sources[sid]
            title, text, claims = self._mod(rng, at, form=0.0)
        else:
            src = self.sources[sid]
            title, text, claims = self._compose(src, rng, at)
        key = f"{sid}/{i}"
        rows = [
            self._row(
                src,
                key,
                i,
                title,
                text,
                at,
                at + timedelta(hours=rng.randint(1, 20)),
                False,
                claims,
            )
        ]
        if src.claimant_kind != "media" and claims and rng.random() < 0.03:
            c0 = claims[0]
            if c0["count"]:
                fixed = c0["count"] + rng.randint(1, 3)
                edited = text.replace(str(c0["count"]), str(fixed), 1)
                new_claims = [dict(c) for c in claims]
                new_claims[0]["count"] = fixed
                if edited != text:  # a figure written in words is left as it was
                    rows.append(
                        self._row(
                            src,
                            key,
                            i,
                            title,
                            edited,
                            at,
                            at + timedelta(hours=22),
                            True,
                            new_claims,
                        )
                    )
        return rows

    def _row(
        self, src: Source, key: str, i: int, title, text, published, fetched, edited, claims
    ) -> dict:
        doc_id = landing.doc_id_for(src.id, key)
        sha = landing.content_sha256(title, text)
        raw = _raw_body(src.kind, key, title, text)
        return {
            "doc_id": doc_id,
            "version_id": f"{doc_id}-{sha[:12]}",
            "content_sha256": sha,
            "raw_sha256": hashlib.sha256(raw.encode()).hexdigest(),
            "source_id": src.id,
            "source_kind": src.kind,
            "publisher": src.publisher,
            "claimant_kind": src.claimant_kind,
            "url": f"{src.url.rstrip('/')}/{i}",
            "fetch_url": src.url,
            "title": title,
            "published_at": published,
            "fetched_at": fetched,
            "run_id": GEN_RUN_ID,
            "language": src.language,
            "timezone": src.timezone,
            "edited": edited,
            "raw_body": raw,
            "text": text,
            "_claims": claims,
        }

    def _compose(self, src: Source, rng: random.Random, at: datetime):
        sid = src.id
        if rng.random() < _NOISE_SHARE.get(src.claimant_kind, 0.3):
            return _noise(src.language, rng, at)
        if sid == "mod_russia":
            return self._mod(rng, at)
        if sid == "moscow_mayor":
            return self._mayor(rng, at)
        if sid == "belgorod_governor":
            return self._belgorod(rng, at)
        if sid in OFFICIAL_REGION:
            return self._governor(rng, at, OFFICIAL_REGION[sid])
        if src.language == "uk" or sid == "general_staff_zsu":
            return self._air_force_uk(rng, at, src.claimant_kind == "media")
        if src.language == "en":
            if rng.random() < 0.35:
                return self._air_force_en(rng, at)
            return self._media_en(rng, at, src.publisher)
        return self._media_ru(rng, at, src.publisher)

    def _night_of(self, at: datetime) -> Night:
        local = at + timedelta(hours=3)
        return self.night(local.date() if local.hour < 14 else local.date() + timedelta(days=1))

    def _mod(self, rng, at, form: float | None = None):
        n = self._night_of(at)
        P = self.places
        local = (at + timedelta(hours=3)).date()
        form = rng.random() if form is None else form
        claims = [_claim("total", [], n.total, n.night_ending, None)] if form < 0.85 else []
        if form < 0.45:  # itemised list under a night total
            head = "В течение прошедшей ночи"
            # one wording per night, so the website's copy is a replica of the Telegram post
            if random.Random(f"{self.seed}/mod/{n.night_ending}").random() < 0.4:
                head = (
                    f"В период с 23.00 мск {_ru_date(n.night_ending - timedelta(days=1))} до 7.00 мск "
                    f"{_ru_date(n.night_ending)}"
                )
            lines = []
            for code, c in n.regions:
                where = "над акваторией" if code.startswith("SEA") else "над территорией"
                line = f"▪️ {c} – {where} {P[code].ru_gen}"
                if code == "RU-MOS" and n.towards_moscow:
                    line += f", в том числе {n.towards_moscow}, {'летевший' if n.towards_moscow == 1 else 'летевших'} на Москву"
                lines.append(line)
                claims.append(_claim("region", [code], c, n.night_ending, 0))
                if code == "RU-MOS" and n.towards_moscow:
                    claims.append(
                        _claim(
                            "subset", ["RU-MOW"], n.towards_moscow, n.night_ending, len(claims) - 1
                        )
                    )
            noun = _plural_ru(n.total, "аппарат", "аппарата", "аппаратов")
            text = (
                f"{head} дежурными средствами ПВО перехвачены и уничтожены {n.total} украинских "
                f"беспилотных летательных {noun} самолетного типа:\n" + ",\n".join(lines) + "."
            )
        elif form < 0.70:  # inline list, the last count in words (dev-01)
            parts = []
            for j, (code, c) in enumerate(n.regions[:5]):
                num = WORDS_RU.get(c, str(c)) if j == len(n.regions[:5]) - 1 and c == 1 else str(c)
                where = "над акваторией" if code.startswith("SEA") else "над территорией"
                parts.append(f"{num} БПЛА {where} {P[code].ru_gen}")
                claims.append(_claim("region", [code], c, n.night_ending, None))
            claims = claims[1:]
            text = (
                "В течение прошедшей ночи предпринятая киевским режимом попытка осуществления "
                "террористических атак с использованием беспилотных летательных аппаратов самолетного "
                "типа на объекты на территории Российской Федерации пресечена. Дежурными средствами ПВО "
                "перехвачены и уничтожены "
                + ", ".join(parts[:-1])
                + (" и " if len(parts) > 1 else "")
                + parts[-1]
                + "."
            )
        elif form < 0.85:  # daytime bulletin: one count over one or two places
            code = n.regions[0][0]
            c = rng.randint(1, 25)
            claims = [_claim("region", [code], c, None, None, period="day", event_date=local)]
            noun = _plural_ru(c, "аппарат", "аппарата", "аппаратов")
            text = (
                f"С 8.00 до 20.00 мск дежурными средствами ПВО перехвачены и уничтожены {c} "
                f"украинских беспилотных летательных {noun} самолетного типа над территорией "
                f"{P[code].ru_gen}."
            )
        else:  # cumulative losses bulletin: numbers, no claim
            text = (
                "🇷🇺Сводка Министерства обороны Российской Федерации о ходе проведения специальной "
                f"военной операции (по состоянию на {_ru_date(local)} {local.year} г.)\n\n"
                f"Всего с начала проведения специальной военной операции уничтожено: "
                f"{600 + rng.randint(0, 80)} самолетов, 283 вертолета, {40000 + rng.randint(0, 50000)} "
                f"беспилотных летательных аппаратов, {600 + rng.randint(0, 30)} зенитных ракетных "
                f"комплексов, {20000 + rng.randint(0, 5000)} танков и других боевых бронированных машин."
            )
        return None, text, claims

    def _mayor(self, rng, at):
        n = self._night_of(at)
        c = rng.randint(1, 12)
        form = rng.random()
        if form < 0.45:
            text = (
                f"Ещё {c} БПЛА, {'летевший' if c == 1 else 'летевших'} на Москву, уничтожены силами ПВО "
                "Минобороны. Специалисты экстренных служб работают на месте падения обломков."
            )
            claims = [_claim("region", ["RU-MOW"], c, n.night_ending, None, increment=True)]
        elif form < 0.75 and c in WORDS_RU_GEN:
            text = (
                f"ПВО Минобороны отражена атака {WORDS_RU_GEN[c]} БПЛА, летевших на Москву. "
                "На месте падения обломков работают специалисты экстренных служб."
            )
            claims = [_claim("region", ["RU-MOW"], c, n.night_ending, None)]
        else:
            c = c * rng.randint(3, 9)
            text = (
                f"Отражена массированная атака на столицу. С вечера на подлёте к Москве сбиты {c} "
                f"{_plural_ru(c, 'беспилотник', 'беспилотника', 'беспилотников')}. Спасибо бойцам ПВО! "
                "Пострадавших нет."
            )
            claims = [_claim("region", ["RU-MOW"], c, n.night_ending, None, running_total=True)]
        return None, text, claims

    def _governor(self, rng, at, code):
        n = self._night_of(at)
        figure = dict(n.regions).get(code) or rng.randint(1, 9)
        if rng.random() < 0.15:
            figure += rng.choice((-1, 1, 2))  # the governor's count differs from the ministry's
        figure = max(figure, 1)
        noun = _plural_ru(
            figure,
            "беспилотный летательный аппарат",
            "беспилотных летательных аппарата",
            "беспилотных летательных аппаратов",
        )
        form = rng.random()
        if code in DISTRICTS and form < 0.4:
            d1, d2 = rng.sample(DISTRICTS[code], 2)
            num = WORDS_RU.get(figure, str(figure))
            text = (
                f"Сегодня в период с 21:00 до 07:50 мск силами ПВО уничтожены {num} БПЛА над "
                f"территориями {d1} и {d2} районов. Пострадавших и повреждений нет. Доступ к местам "
                "падения обломков ограничен, работают специалисты."
            )
        elif form < 0.8:
            text = (
                f"Вчера вечером и в течение прошедшей ночи перехвачены и уничтожены {figure} {noun} "
                "самолетного типа. Пострадавших и разрушений нет. Благодарю наших военнослужащих, "
                f"выполняющих задачи по защите {self.places[code].ru_gen if code in self.places else 'региона'} "
                "и всей России!"
            )
        else:
            acc = (
                self.places[code].ru_gen.replace("ой области", "ую область")
                if code in self.places
                else "регион"
            )
            text = (
                f"Минувшей ночью в ходе отражения воздушной атаки на {acc} "
                f"беспилотники уничтожены в {rng.randint(2, 5)} районах области. Информация о "
                "пострадавших не поступала."
            )
            return None, text, [_claim("region", [code], None, n.night_ending, None)]
        return None, text, [_claim("region", [code], figure, n.night_ending, None)]

    def _belgorod(self, rng, at):
        n = self._night_of(at)
        paras, claims = (
            ["🖥 Информация о нанесённых ВСУ ударах по нашему региону за прошедшие сутки:"],
            [],
        )
        for okrug in rng.sample(DISTRICTS["RU-BEL"], rng.randint(2, 4)):
            attacks = rng.randint(1, 40)
            down = rng.randint(0, attacks)
            village = rng.choice(BELGOROD_VILLAGES)
            if down:
                paras.append(
                    f"📍 В {okrug} округе село {village} атаковано {attacks} "
                    f"{_plural_ru(attacks, 'беспилотником', 'беспилотниками', 'беспилотниками')}, "
                    f"{down} из которых {'сбит' if down == 1 else 'сбиты'}."
                )
            else:
                paras.append(
                    f"📍 В {okrug} округе посёлок {village} атакован {attacks} "
                    f"{_plural_ru(attacks, 'беспилотником', 'беспилотниками', 'беспилотниками')}."
                )
            claims.append(
                _claim("region", ["RU-BEL"], attacks, n.night_ending, None, action="attacked")
            )
            if down:
                claims.append(_claim("region", ["RU-BEL"], down, n.night_ending, None))
            if rng.random() < 0.4:
                paras.append(
                    f"В ходе {rng.randint(2, 9)} обстрелов выпущено {rng.randint(5, 60)} боеприпасов."
                )
        return None, "\n\n".join(paras), claims

    def _air_force_uk(self, rng, at, media):
        n = self._night_of(at)
        d = n.night_ending
        e = d - timedelta(days=1)
        text = (
            f"У ніч на {d.day} {MONTHS_UK[d.month - 1]} (з 18:00 {e.day} {MONTHS_UK[e.month - 1]}) "
            f"противник атакував {n.launched_ua} ударними БпЛА типу Shahed та дронами-імітаторами з "
            "напрямків Брянськ, Курськ, Міллерово. Станом на 08:30 протиповітряною обороною "
            f"збито/подавлено {n.downed_ua} ворожих БпЛА на півночі, півдні та сході країни. "
            f"Зафіксовано влучання {rng.randint(1, 20)} ударних БпЛА на {rng.randint(1, 9)} локаціях."
        )
        if media:
            text = (
                "Повітряні сили ЗСУ повідомили про результати відбиття нічної атаки.\n\n"
                + text
                + "\n\nУ кількох областях оголошували повітряну тривогу."
            )
        claims = [
            _claim("total", ["UA"], n.launched_ua, d, None, action="launched"),
            _claim("total", ["UA"], n.downed_ua, d, None, action="shot_down_or_suppressed"),
        ]
        return None, text, claims

    def _air_force_en(self, rng, at):
        n = self._night_of(at)
        weekday = n.night_ending.strftime("%A")
        title = f"Ukraine says it downed {n.downed_ua} of {n.launched_ua} Russian drones"
        text = (
            f"KYIV, {_en_date(n.night_ending)}. Ukraine's air defences shot down or suppressed "
            f"{n.downed_ua} of {n.launched_ua} drones Russia launched overnight, the Ukrainian Air Force "
            f"said on {weekday}.\n\n" + _filler_en(rng, 2)
        )
        return (
            title,
            text,
            [
                _claim("total", ["UA"], n.launched_ua, n.night_ending, None, action="launched"),
                _claim(
                    "total",
                    ["UA"],
                    n.downed_ua,
                    n.night_ending,
                    None,
                    action="shot_down_or_suppressed",
                ),
            ],
        )

    def _media_en(self, rng, at, publisher):
        n = self._night_of(at)
        P = self.places
        regs = [(c, k) for c, k in n.regions if not c.startswith("SEA")][:4] or [("RU-BRY", 3)]
        parts = [f"{k} over the {P[c].en}" for c, k in regs]
        title = f"Air defences down {n.total} Ukrainian drones overnight"
        total = WORDS_EN.get(n.total, str(n.total))
        text = (
            f"MOSCOW, {_en_date(n.night_ending)}. Russian air defence forces intercepted and destroyed "
            f"{total} Ukrainian drones overnight, the Russian Defence Ministry said. By its account, "
            + ", ".join(parts[:-1])
            + (" and " if len(parts) > 1 else "")
            + parts[-1]
            + ".\n\n"
            + _filler_en(rng, rng.randint(1, 4))
        )
        claims = [_claim("total", [], n.total, n.night_ending, None)]
        claims += [_claim("region", [c], k, n.night_ending, 0) for c, k in regs]
        return title, text, claims

    def _media_ru(self, rng, at, publisher):
        n = self._night_of(at)
        P = self.places
        regs = n.regions[:6]
        title = f"ПВО за ночь сбила {n.total} украинских беспилотников"
        body = [
            f"МОСКВА, {n.night_ending.day} {MONTHS_RU[n.night_ending.month - 1]}. Силы ПВО за ночь "
            f"перехватили и уничтожили {n.total} украинских беспилотников, сообщило Минобороны России."
        ]
        body += [
            f"{k} – над территорией {P[c].ru_gen}"
            if not c.startswith("SEA")
            else f"{k} – над акваторией {P[c].ru_gen}"
            for c, k in regs
        ]
        text = "\n".join(body) + "\n\n" + _filler_ru(rng, rng.randint(1, 3))
        claims = [_claim("total", [], n.total, n.night_ending, None)]
        claims += [_claim("region", [c], k, n.night_ending, 0) for c, k in regs]
        return title, text, claims


_NOISE_SHARE = {
    "official_federal": 0.25,
    "official_regional": 0.45,
    "official_foreign": 0.3,
    "media": 0.35,
}

_NOISE = {
    "ru": (
        "Провёл совещание о ходе уборочной кампании. В области уже обмолочено {a} тысяч гектаров "
        "зерновых, средняя урожайность – {b} центнер с гектара.",
        "Приглашаем на донорскую акцию в субботу с 9:00 до 13:00 в областной станции переливания крови.",
        "ОТБОЙ ОПАСНОСТИ АТАКИ БПЛА в г. Старый Оскол, Губкинском ГО и Прохоровском МО 0{b}:4{b}. "
        "Единый номер экстренных служб — 112.",
        "В этом году отремонтируем ещё {a} участков улиц. Выплату при рождении третьего ребёнка уже "
        "получили {c} семей.",
        "Министр обороны провёл селекторное совещание с руководящим составом. На совещании "
        "рассмотрены вопросы выполнения {a} мероприятий по обеспечению войск.",
    ),
    "uk": (
        "Увага! Загроза застосування ударних БпЛА для {a} областей. Пройдіть в укриття!",
        "Тривога в Києві триває. Інформація уточнюється, очікуйте на оновлення.",
        "Сили оборони продовжують знищувати ворога: за добу {c} бойових зіткнень на {a} напрямках.",
    ),
    "en": (
        "The central bank kept its key rate at {a} percent on Friday, citing persistent inflation.",
        "Officials said {c} people were evacuated after a fire at a warehouse; no casualties were reported.",
        "The summit will take place on {a} June, the foreign ministry said in a statement.",
    ),
}


def _noise(language: str, rng: random.Random, at: datetime):
    pool = _NOISE.get(language, _NOISE["ru"])
    text = rng.choice(pool).format(
        a=rng.randint(2, 60), b=rng.randint(1, 9), c=rng.randint(10, 900)
    )
    if rng.random() < 0.3:
        text += "\n\n" + (_filler_en(rng, 2) if language == "en" else _filler_ru(rng, 2))
    title = None if language != "en" else text.split(",")[0][:80]
    return title, text, []


_FILLER_RU = (
    "Ранее глава региона сообщал о повреждениях линий электропередачи, восстановительные "
    "работы продолжаются.",
    "Режим беспилотной опасности в регионе сохраняется, жителей просят не подходить к обломкам.",
    "В аэропортах Москвы вводились временные ограничения на приём и выпуск воздушных судов.",
    "Информация о последствиях уточняется.",
)
_FILLER_EN = (
    "Kyiv did not immediately comment on the report. Neither side's figures could be "
    "independently verified.",
    "Airports in the capital briefly suspended flights, the aviation authority said.",
    "The governor said debris damaged several houses and a power line; nobody was hurt.",
    "Ukraine has stepped up long-range drone attacks on Russian territory "
    "in recent months, targeting refineries and airfields.",
)


def _filler_ru(rng, k):
    return "\n\n".join(rng.choice(_FILLER_RU) for _ in range(k))


def _filler_en(rng, k):
    return "\n\n".join(rng.choice(_FILLER_EN) for _ in range(k))


def _claim(
    scope,
    codes,
    count,
    night_ending,
    parent,
    *,
    action="intercepted",
    period="night",
    event_date=None,
    increment=False,
    running_total=False,
) -> dict:
    return {
        "scope": scope,
        "region_codes": codes,
        "count": count,
        "action": action,
        "night_ending": night_ending.isoformat() if night_ending else None,
        "period": period if night_ending else "day",
        "parent": parent,
        "increment": increment,
        "running_total": running_total,
        "event_date": event_date.isoformat() if event_date else None,
    }


def _raw_body(kind: str, key: str, title, text: str) -> str:
    body = html.escape(text).replace("\n", "<br/>")
    if kind == "telegram":
        return (
            f'<div class="tgme_widget_message" data-post="{key}"><div class="tgme_widget_message_text '
            f'js-message_text" dir="auto">{body}</div><span class="tgme_widget_message_views">'
            f"{len(text) % 97}K</span></div>"
        )
    return f"<item><guid>{key}</guid><title>{html.escape(title or '')}</title><description>{body}</description></item>"


def _cumulative(weights):
    out, s = [], 0
    for w in weights:
        s += w
        out.append(s)
    return out


def _pick(rng: random.Random, cum: list[int]) -> int:
    import bisect

    return bisect.bisect_right(cum, rng.random() * cum[-1])


# -------------------------------------------------------------------- outputs


def documents(
    n: int,
    seed: int = 1,
    *,
    per_day: int = PER_DAY,
    start: int = 0,
    generator: Generator | None = None,
) -> Iterator[dict]:
    """Document version rows of documents ``start .. start+n-1`` (edits add a row), in time order."""
    gen = generator or Generator(seed, per_day)
    for i in range(start, start + n):
        yield from gen.document(i)


def items_by_source(
    n: int, seed: int = 1, *, per_day: int = PER_DAY, start: int = 0, chunk: int = 20_000
) -> Iterator[tuple[Source, list[Item], datetime]]:
    """``(source, items, fetched_at)`` for ``land_items``: every ``chunk`` documents, one call per
    source, as a backfill through the real landing code would make them."""
    gen = Generator(seed, per_day)
    for lo in range(start, start + n, chunk):
        by_source: dict[str, list[Item]] = {}
        fetched = None
        for row in documents(min(chunk, start + n - lo), seed, start=lo, generator=gen):
            key = row["url"].rsplit("/", 1)[-1]
            by_source.setdefault(row["source_id"], []).append(
                Item(
                    key=f"{row['source_id']}/{key}",
                    url=row["url"],
                    title=row["title"],
                    published_at=row["published_at"],
                    raw=row["raw_body"],
                    text=row["text"],
                    edited=row["edited"],
                )
            )
            fetched = row["fetched_at"]
        for sid in sorted(by_source):
            yield gen.sources[sid], by_source[sid], fetched


def _write(table: pa.Table, directory: Path, stem: str) -> None:
    # No fsync: a benchmark fixture, not the pipeline's landing (which is atomic and durable).
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, directory / f"{stem}.parquet", compression="zstd")


def write_history(
    warehouse: Path,
    n: int,
    seed: int = 1,
    *,
    per_day: int = PER_DAY,
    start: int = 0,
    rows_per_batch: int = 50_000,
    with_claims: bool = False,
) -> dict:
    """Land documents ``start .. start+n-1`` as Parquet in the warehouse layout, ``rows_per_batch``
    rows at a time (one file per source and date within a batch). With ``with_claims`` also write
    the generator's own claims as extraction files, so the history counts as extracted."""
    from intercepts.extract.model import EXTRACTOR_VERSION
    from intercepts.extraction import EXTRACTION_SCHEMA, claims_dir

    gen = Generator(seed, per_day)
    stats = {"documents": n, "versions": 0, "files": 0, "claims": 0, "bytes_text": 0}
    extracted_at = datetime.now(UTC)
    for lo in range(start, start + n, rows_per_batch):
        rows = list(documents(min(rows_per_batch, start + n - lo), seed, start=lo, generator=gen))
        stats["versions"] += len(rows)
        stats["bytes_text"] += sum(len(r["text"].encode()) for r in rows)
        claims = [r.pop("_claims") for r in rows]
        table = pa.Table.from_pylist(rows, schema=landing.DOCUMENT_SCHEMA)
        days = pc.strftime(table["published_at"], format="%Y-%m-%d")
        keys = pc.binary_join_element_wise(table["source_id"], days, "|")
        order = pc.sort_indices(keys)
        table, keys = table.take(order), keys.take(order)
        bounds = _run_bounds(keys)
        for a, b in bounds:
            sid, day = keys[a].as_py().split("|")
            _write(
                table.slice(a, b - a),
                warehouse / "raw" / "documents" / f"source_id={sid}" / f"published_date={day}",
                f"part-{GEN_RUN_ID}-{lo:09d}",
            )
        stats["files"] += len(bounds)
        if with_claims:
            out = []
            for r, cs in zip(rows, claims, strict=True):
                nested = _nested_claims(r, cs)
                stats["claims"] += len(nested)
                out.append(
                    {
                        "version_id": r["version_id"],
                        "doc_id": r["doc_id"],
                        "extractor_version": EXTRACTOR_VERSION,
                        "run_id": GEN_RUN_ID,
                        "extracted_at": extracted_at,
                        "error": None,
                        "claims": nested,
                        "rejects": [],
                    }
                )
            _write(
                pa.Table.from_pylist(out, schema=EXTRACTION_SCHEMA),
                claims_dir(warehouse),
                f"part-gen-{lo:09d}",
            )
    return stats


def _run_bounds(keys: pa.Array) -> list[tuple[int, int]]:
    values = keys.to_pylist()
    bounds, a = [], 0
    for j in range(1, len(values) + 1):
        if j == len(values) or values[j] != values[a]:
            bounds.append((a, j))
            a = j
    return bounds


def _nested_claims(row: dict, claims: list[dict]) -> list[dict]:
    ids = [
        hashlib.sha256(f"{row['version_id']}\x1f{k}".encode()).hexdigest()[:20]
        for k in range(len(claims))
    ]
    out = []
    for k, c in enumerate(claims):
        claimant = row["publisher"]
        out.append(
            {
                "claim_id": ids[k],
                "claim_key": f"g{k}",
                "parent_claim_id": ids[c["parent"]] if c["parent"] is not None else None,
                "claimant": claimant,
                "claimant_kind": row["claimant_kind"]
                if row["claimant_kind"] != "media"
                else "official_federal",
                "scope": c["scope"] if c["parent"] is None or c["scope"] != "region" else "region",
                "region_codes": c["region_codes"],
                "region_names_raw": [],
                "count": c["count"],
                "count_qualifier": None,
                "action": c["action"],
                "weapon": "uav",
                "window_start": None,
                "window_end": None,
                "window_precision": "part_of_day" if c["night_ending"] else None,
                "night_ending": c["night_ending"],
                "period": c["period"],
                "direction": None,
                "districts": [],
                "increment": c["increment"],
                "running_total": c["running_total"],
                "char_start": 0,
                "char_end": min(len(row["text"]), 200),
                "quote": row["text"][:200],
                "extra": None,
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-day", type=int, default=PER_DAY)
    ap.add_argument(
        "--print", type=int, default=0, help="print this many documents instead of writing"
    )
    ap.add_argument("--warehouse", type=Path, help="write the history here")
    ap.add_argument("--with-claims", action="store_true")
    args = ap.parse_args(argv)
    if args.print:
        for row in documents(args.print, args.seed, per_day=args.per_day):
            print(
                f"--- {row['source_id']} {row['language']} {row['published_at']:%Y-%m-%d %H:%M} "
                f"edited={row['edited']} claims={len(row['_claims'])}\n{row['text']}\n"
            )
        return
    if args.warehouse:
        print(
            write_history(
                args.warehouse,
                args.n,
                args.seed,
                per_day=args.per_day,
                with_claims=args.with_claims,
            )
        )
    os.sys.stdout.flush()


if __name__ == "__main__":
    main()
