"""Dala News: a small multilingual regional news site, played on 127.0.0.1 for the tests.

The site has what real outlets have: a paginated latest-news list, article pages
in Russian, Kazakh and English inside a full layout (header, sidebar lists,
share buttons, comments, footer), a robots.txt, and links the crawler must not
store (about, tag and author pages, a removed story, a disallowed section).

The articles vary the way outlets do: one page is served as windows-1251 with
the charset only in a <meta> tag, one declares its metadata only in JSON-LD,
one only in meta tags, one is laid out like the shared reference article (a
translated English piece with a photo credit, an "Original Author:" byline, a
disclaimer and a "Latest news" list); :func:`newsportal` adds one more page
around the reference article's own text when the caller passes it in.

The tests take their expectations from here: :attr:`NewsPortal.article_paths`,
:meth:`NewsPortal.expected_facets` and the constants below.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import quote, urlsplit

from tests.sites.server import Page, Site

SOURCE = "dala-news"
SOURCE_NAME = "Dala News"
TIMEZONE = "Asia/Almaty"
ARTICLE_PATTERN = r"/news/[a-z0-9-]+-\d+/$"
LIST_PATH = "/news/"
LIST_PAGE_2 = "/news/?page=2"

# Linked from the list, shaped like articles, and never to be stored.
DISALLOWED_ARTICLE = "/private/news/draft-budget-memo-1098/"  # robots.txt: Disallow /private/
MISSING_ARTICLE = "/news/retracted-story-1099/"  # 404
# Linked from the list and served, but not articles.
NOT_ARTICLES = (
    "/",
    "/news/",
    "/news/?page=2",
    "/about/",
    "/news/tag/elections-2026/",
    "/tag/obshchestvo/",
    "/author/aygerim-tulegenova/",
)

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\nDisallow: /search/\n"


@dataclass(frozen=True)
class Article:
    slug: str
    lang: str
    title: str
    lead: str | None
    paragraphs: tuple[str, ...]
    author: str
    published: str  # ISO 8601 with offset, as the page declares it
    section: str
    metadata: str = "full"  # "full" (JSON-LD and meta tags), "json-ld", "meta" or "reference"
    encoding: str = "utf-8"
    photo_credit: str | None = None  # reference layout only
    disclaimer: str | None = None  # reference layout only
    latest: tuple[str, ...] = ()  # reference layout only: the "Latest news" headlines

    @property
    def path(self) -> str:
        return f"/news/{self.slug}/"


def _text(block: str) -> tuple[str, ...]:
    """Paragraphs written as wrapped lines, separated by blank lines."""
    paragraphs = re.split(r"\n\s*\n", block.strip())
    return tuple(" ".join(p.split()) for p in paragraphs)


# --- the articles -------------------------------------------------------------------

SEL_WARNING = Article(
    slug="selevye-datchiki-almaty-1001",
    lang="ru",
    title="В горах над Алматы установили новые датчики селевой опасности",
    lead="Система раннего оповещения охватит все крупные ущелья Заилийского Алатау к лету.",
    paragraphs=_text(
        """
        Специалисты «Казселезащиты» завершили монтаж двадцати четырёх автоматических датчиков
        в ущельях Малой и Большой Алматинки, Аксая и Каскелена. Приборы круглосуточно измеряют
        уровень воды в горных реках, количество осадков и температуру воздуха у ледников и
        передают данные на единый диспетчерский пункт.

        По словам руководителя ведомства, раньше наблюдатели на постах снимали показания
        вручную несколько раз в сутки, и между замерами могли пройти часы. Теперь сигнал о
        резком подъёме воды поступает в диспетчерскую в течение минуты, а сирены в предгорных
        посёлках включаются автоматически.

        В прошлом году сели дважды сходили в Талгарском районе, повредив мосты и участок дороги
        к туристическим базам. Жертв удалось избежать, однако жители жаловались, что узнали об
        угрозе слишком поздно.

        До конца мая датчики установят ещё в шести ущельях. Жителей и туристов просят не
        игнорировать сигналы сирен и заранее уточнять маршруты эвакуации в акиматах своих
        районов.
        """
    ),
    author="Айгерим Тулегенова",
    published="2026-03-12T09:20:00+05:00",
    section="Город",
)

KAPCHAGAY = Article(
    slug="kapchagay-uroven-vody-1002",
    lang="ru",
    title="Уровень воды в Капшагае опустился до минимума за десять лет",
    lead="Гидрологи объясняют обмеление малоснежной зимой и ростом забора воды в Китае.",
    paragraphs=_text(
        """
        По данным «Казгидромета», уровень Капшагайского водохранилища на начало марта оказался
        на полтора метра ниже среднемноголетнего значения. Это самый низкий показатель с
        2016 года.

        Гидрологи связывают обмеление с малоснежной зимой в горах Тянь-Шаня и увеличением забора
        воды из реки Или на территории Китая. Переговоры о распределении трансграничного стока
        стороны ведут уже несколько лет, но обязательного соглашения пока нет.

        Министерство водных ресурсов заверило, что водохранилище обеспечит поливной сезон для
        фермеров Алматинской области, однако попросило хозяйства перейти на графики полива и
        сократить потери в открытых каналах.

        Экологи напоминают, что от стока Или зависит и озеро Балхаш. По их оценкам, если
        нынешняя тенденция сохранится, солёность восточной части озера продолжит расти, а рыбные
        запасы сократятся.

        В акимате Алматинской области сообщили, что на побережье Капшагая в этом году не будут
        выдавать новые разрешения на строительство баз отдыха, пока не завершится проверка
        береговой линии.
        """
    ),
    author="Марат Искаков",
    published="2026-03-11T18:45:00+05:00",
    section="Экология",
)

# Served as windows-1251 bytes; the charset is only in <meta charset>.
HOSPICE_CP1251 = Article(
    slug="detskiy-hospis-shymkent-1003",
    lang="ru",
    title="В Шымкенте открылся первый на юге страны детский хоспис",
    lead="Учреждение рассчитано на двадцать мест и будет принимать детей из трёх областей.",
    paragraphs=_text(
        """
        Детский хоспис на двадцать коек открылся в Шымкенте на средства благотворительного
        фонда и городского бюджета. До сих пор семьям из Туркестанской, Жамбылской и
        Кызылординской областей приходилось везти тяжелобольных детей в Алматы или Астану.

        В хосписе работают врачи паллиативной помощи, психологи и социальные работники.
        Родители смогут жить рядом с детьми в отдельных комнатах, а для братьев и сестёр
        пациентов оборудовали игровую зону.

        «Наша задача — не только облегчить боль, но и поддержать семью, которая часто остаётся
        один на один с бедой», — рассказала главный врач учреждения Гульнара Есимова.

        Фонд планирует открыть выездную службу, чтобы медики могли навещать детей на дому в
        отдалённых сёлах. Для этого ищут ещё три автомобиля и набирают волонтёров.

        Фонд собирал деньги на строительство три года и существует в основном на пожертвования
        жителей региона. По словам его директора, около половины суммы собрали небольшими
        переводами через мобильные приложения.
        """
    ),
    author="Светлана Ким",
    published="2026-03-10T11:00:00+05:00",
    section="Общество",
    encoding="windows-1251",
)

# Title, date, author and description only in JSON-LD: no og or meta tags, no visible byline.
BASE_RATE_JSON_LD = Article(
    slug="bazovaya-stavka-1004",
    lang="ru",
    title="Нацбанк сохранил базовую ставку на уровне 16,5 процента",
    lead="Регулятор ожидает замедления инфляции во втором полугодии.",
    paragraphs=_text(
        """
        Национальный банк оставил базовую ставку без изменений — 16,5 процента годовых с
        коридором плюс-минус один процентный пункт. Решение совпало с ожиданиями большинства
        аналитиков.

        В заявлении регулятора говорится, что годовая инфляция в феврале замедлилась до
        11,2 процента, однако цены на услуги и продовольствие продолжают расти быстрее прогноза.
        Давление на цены оказывают также повышение коммунальных тарифов и ослабление тенге в
        начале года.

        По прогнозу Нацбанка, инфляция вернётся в целевой коридор не раньше следующего года.
        Снижение ставки возможно во втором полугодии, если внешние условия останутся
        стабильными, а бюджетные расходы не будут расти.

        Следующее решение по базовой ставке будет объявлено в апреле. Банки второго уровня пока
        не меняют условия по депозитам и кредитам.

        Аналитики отмечают, что высокая ставка сдерживает кредитование малого бизнеса, но
        помогает удерживать вклады в тенге. По их оценкам, рынок ждёт первого снижения не
        раньше июля.
        """
    ),
    author="Даурен Абдрахманов",
    published="2026-03-09T16:00:00+06:00",
    section="Экономика",
    metadata="json-ld",
)

ACCESS_TO_INFORMATION = Article(
    slug="zaprosy-zhurnalistov-1005",
    lang="ru",
    title="Депутаты предложили сократить сроки ответов на запросы журналистов",
    lead="Поправки в закон о доступе к информации вынесут на обсуждение в апреле.",
    paragraphs=_text(
        """
        Группа депутатов мажилиса внесла поправки, по которым государственные органы должны
        будут отвечать на запросы журналистов в течение трёх рабочих дней вместо семи. Для
        сложных запросов срок можно будет продлить, но не более чем на десять дней.

        Инициаторы ссылаются на жалобы редакций: ответы на запросы часто приходят тогда, когда
        тема уже потеряла актуальность, а отказы редко объясняют. По данным фонда «Адил Соз»,
        в прошлом году журналисты жаловались на нарушение права на доступ к информации более
        ста раз.

        Представители медиасообщества в целом поддержали проект, но предложили ввести
        ответственность должностных лиц за необоснованные отказы. Без этого, считают они, новые
        сроки останутся на бумаге.

        Журналисты также предлагают обязать госорганы публиковать ответы на типовые запросы на
        своих сайтах, чтобы не отвечать на одни и те же вопросы по нескольку раз.

        Рабочая группа рассмотрит поправки вместе с заключением правительства. Если документ
        одобрят, он вступит в силу с начала следующего года.
        """
    ),
    author="Айгерим Тулегенова",
    published="2026-03-08T13:30:00+05:00",
    section="Политика",
)

DRIP_IRRIGATION = Article(
    slug="kapelnoe-oroshenie-1006",
    lang="ru",
    title="Фермеры Туркестанской области переходят на капельное орошение",
    lead="Государство компенсирует до половины затрат на оборудование.",
    paragraphs=_text(
        """
        В Туркестанской области капельное орошение за два года внедрили на сорока тысячах
        гектаров — в основном под хлопок, овощи и сады. В управлении сельского хозяйства
        рассчитывают к 2028 году удвоить эту площадь.

        Переход на новые технологии ускорили засушливые годы. Бадамское водохранилище, из
        которого питаются каналы нескольких районов, прошлым летом наполнилось лишь на две
        трети, и часть хозяйств осталась без полива в самый ответственный период.

        По словам фермера из Сайрамского района Бахтияра Юлдашева, капельная система окупилась
        за три сезона: расход воды сократился почти вдвое, а урожай томатов вырос на треть.
        Дорогим остаётся только стартовое оборудование, поэтому без субсидий небольшим хозяйствам
        не обойтись.

        Государство возмещает до пятидесяти процентов стоимости систем, однако фермеры жалуются
        на долгое рассмотрение заявок. В акимате обещают перевести приём документов в
        электронный формат уже в этом году.
        """
    ),
    author="Марат Искаков",
    published="2026-03-07T10:10:00+05:00",
    section="Экономика",
)

CHILDREN_HOSPITAL = Article(
    slug="balalar-auruhanasy-1007",
    lang="kk",
    title="Астанада 300 орындық жаңа балалар ауруханасы ашылды",
    lead="Аурухана елордадағы балалар стационарларындағы кезекті азайтады деп күтілуде.",
    paragraphs=_text(
        """
        Елордада үш жүз орынға арналған көпбейінді балалар ауруханасы пайдалануға берілді.
        Мұнда хирургия, кардиология, неврология және жаңа туған нәрестелерге арналған
        реанимация бөлімдері жұмыс істейді.

        Қалалық денсаулық сақтау басқармасының мәліметінше, соңғы жылдары Астана тұрғындарының
        саны тез өскендіктен, балалар стационарларында орын жетіспей келген. Жаңа аурухана
        жылына он бес мыңға дейін науқасты қабылдай алады.

        Ауруханада заманауи диагностикалық жабдықтар орнатылған, ал ата-аналарға арналған
        демалыс бөлмелері мен асхана бар. Дәрігерлердің басым бөлігі шетелдік клиникаларда
        біліктілігін арттырған.

        Басқарма өкілдері алдағы айларда ауруханада балаларға арналған оңалту орталығы
        ашылатынын хабарлады. Сонымен қатар қашықтағы аудандардың дәрігерлеріне онлайн кеңес
        беру қызметі іске қосылмақ.

        Аурухана құрылысы екі жыл бұрын басталған еді. Жоба республикалық және жергілікті
        бюджет қаражаты есебінен жүзеге асырылды.

        Бүгінде ауруханада жүзден астам дәрігер мен мейірбике жұмыс істейді. Басқарма алдағы екі
        жылда тағы елу маманды жұмысқа қабылдауды жоспарлап отыр.
        """
    ),
    author="Нұрлан Сәрсенбаев",
    published="2026-03-12T14:00:00+05:00",
    section="Қоғам",
)

# Title, date, author and description only in meta tags: no JSON-LD, no visible byline.
DESALINATION_META = Article(
    slug="tushshy-su-zauyty-1008",
    lang="kk",
    title="Маңғыстауда теңіз суын тұщыландыратын зауыттың құрылысы басталды",
    lead="Зауыт тәулігіне елу мың текше метр ауыз су өндіреді.",
    paragraphs=_text(
        """
        Маңғыстау облысында Каспий теңізінің суын тұщыландыратын жаңа зауыттың құрылысы
        басталды. Кәсіпорын іске қосылғаннан кейін тәулігіне елу мың текше метр ауыз су
        өндіреді деп жоспарлануда.

        Өңір тұрғындары жазда ауыз судың тапшылығына жиі шағымданады. Облыс қазір суды
        негізінен Астрахань – Маңғышлақ магистральдық су құбыры арқылы алады, алайда құбырдың
        тозуы салдарынан апаттар жиілеп кетті.

        Облыс әкімдігінің хабарлауынша, зауыт құрылысы екі жылға созылады. Жобаға шетелдік
        инвестор қатысады, ал жабдықтың бір бөлігі жергілікті кәсіпорындарда жасалмақ.

        Сарапшылар тұщыландыру технологиясы қымбат екенін, бірақ құрғақ өңір үшін оның баламасы
        жоқ екенін айтады. Олардың пікірінше, су тарифін есептегенде тұрғындардың әлеуметтік
        жағдайы ескерілуі тиіс.

        Зауыт салынып біткенше әкімдік ескі құбырдың ең тозған учаскелерін ауыстыруды
        жалғастырады. Сонымен қатар әкімдік тұрғындарды суды үнемдеуге шақырып, жазғы
        айларда көпқабатты үйлерге су беру кестесін жариялайтынын мәлімдеді.
        """
    ),
    author="Әсел Жұмабаева",
    published="2026-03-09T17:40:00+05:00",
    section="Экономика",
    metadata="meta",
)

FLOOD_PREPARATION = Article(
    slug="koktemgi-su-tasqyny-1009",
    lang="kk",
    title="Шығыс Қазақстанда көктемгі су тасқынына дайындық күшейтілді",
    lead="Құтқарушылар өзен арналарын тазартып, қауіпті елді мекендерде бөгет салып жатыр.",
    paragraphs=_text(
        """
        Шығыс Қазақстан облысында көктемгі су тасқынына дайындық жұмыстары күшейтілді. Төтенше
        жағдайлар департаментінің мәліметінше, биыл таулы аудандарда қар қалыңдығы орташа
        көрсеткіштен едәуір жоғары.

        Құтқарушылар мен коммуналдық қызметтер өзен арналарын мұздан тазартып, су басуы мүмкін
        ауылдарда уақытша бөгеттер салып жатыр. Қауіпті аймақтарда тұратын тұрғындарға
        эвакуация жоспары таратылды.

        Облыс әкімі барлық аудан басшыларына тәулік бойы кезекшілік ұйымдастыруды тапсырды.
        Әрбір ауылда құм толтырылған қаптар, су сорғыштар мен қайықтар дайындалып, құтқарушылар
        тұрғындармен бірге оқу-жаттығу өткізді.

        Өткен жылы су тасқыны облыстың бірнеше ауданында жүздеген үйді басып, көпірлер мен
        жолдарды бүлдірген еді. Сол оқиғадан кейін өңірде гидрологиялық бекеттердің саны екі
        есеге көбейді.

        Синоптиктердің болжамы бойынша, наурыздың соңында ауа температурасы күрт көтеріліп, қар
        қарқынды ери бастайды. Сондықтан алдағы үш апта ең қауіпті кезең саналады.

        Департамент тұрғындарды ресми хабарламаларды қадағалап, өзен жағасына жақындамауға
        шақырады. Шұғыл жағдайда 112 нөміріне хабарласу қажет.
        """
    ),
    author="Ерлан Қасымов",
    published="2026-03-10T03:30:00+00:00",
    section="Аймақ",
)

BOOK_FAIR = Article(
    slug="kitap-kormesi-1010",
    lang="kk",
    title="Алматыда халықаралық кітап көрмесі өтті",
    lead="Көрмеге он екі елдің жүзден астам баспасы қатысты.",
    paragraphs=_text(
        """
        Алматыда үш күнге созылған халықаралық кітап көрмесі аяқталды. Оған Қазақстан,
        Өзбекстан, Қырғызстан, Түркия және басқа да елдердің жүзден астам баспасы қатысты.

        Көрмеде қазақ тіліндегі балалар әдебиеті мен аударма кітаптарға ерекше көңіл бөлінді.
        Ұйымдастырушылардың айтуынша, соңғы үш жылда қазақ тіліне аударылған шетел
        кітаптарының саны екі есе артқан.

        Жас жазушыларға арнап шеберлік сабақтары мен баспагерлермен кездесулер ұйымдастырылды.
        Бірнеше автор өз қолжазбаларын баспаларға тікелей ұсынып, келісімшарт жасасты.

        Көрменің басты оқиғасы қазақ ақындары өлеңдерінің ағылшын тіліндегі жинағының
        тұсаукесері болды. Кітапты Ұлыбританиядағы баспа шығарып, оны еуропалық кітап
        дүкендерінде сатуды жоспарлап отыр.

        Сондай-ақ көрмеде электронды және аудиокітаптарға арналған бөлім ашылды. Жас оқырмандар
        арасында аудиокітаптарға сұраныс жыл сайын өсіп келеді, сондықтан ұйымдастырушылар бұл
        бөлімді келесі жылы кеңейтуге уәде берді.

        Ұйымдастырушылар келесі жылы көрмені Астанада да өткізуді жоспарлап отыр. Биыл
        көрмеге келушілердің саны отыз мыңнан асты.
        """
    ),
    author="Гүлмира Ахметова",
    published="2026-03-08T19:15:00+05:00",
    section="Мәдениет",
)

WATER_SHARING = Article(
    slug="toktogul-water-releases-1011",
    lang="en",
    title="Kazakhstan and Kyrgyzstan agree on summer water releases from Toktogul",
    lead="The deal sets release volumes for the irrigation season in exchange for electricity.",
    paragraphs=_text(
        """
        Kazakhstan and Kyrgyzstan have agreed on how much water will be released from the
        Toktogul reservoir during this year's irrigation season, the two governments said on
        Tuesday after talks in Bishkek.

        Under the agreement, Kyrgyzstan will release additional water in June and July, when
        farmers in southern Kazakhstan need it most. In return, Kazakhstan will supply
        electricity to Kyrgyzstan in the autumn and winter, when the Kyrgyz grid struggles to
        meet demand.

        Officials from both sides described the talks as constructive, but farmers' associations
        in the Turkestan region said the volumes would cover only part of their needs after a
        dry winter. They urged the government to speed up the repair of irrigation canals, where
        up to a third of the water is lost.

        Similar annual arrangements have been in place since the collapse of the Soviet
        water-sharing system. Experts have long argued for a permanent regional mechanism that
        would also include Uzbekistan and Tajikistan.
        """
    ),
    author="Timur Akhmetov",
    published="2026-03-11T12:00:00+06:00",
    section="Region",
)

PROCUREMENT_AWARD = Article(
    slug="bishkek-newsroom-award-1012",
    lang="en",
    title="Bishkek newsroom wins regional award for investigation into public procurement",
    lead="The jury praised the team's use of open data to trace overpriced contracts.",
    paragraphs=_text(
        """
        An independent newsroom in Bishkek has won this year's Central Asian award for
        investigative journalism for a series on public procurement in Kyrgyzstan's health
        sector.

        Over eight months, the team analysed thousands of tender documents published on the
        state procurement portal and found that several hospitals had paid up to three times the
        market price for medical equipment. Some of the winning bidders were linked to relatives
        of officials.

        The jury, made up of editors and media lawyers from five countries, said the series
        showed how open data could be used to hold institutions to account even with a small
        team and limited resources.

        After the publications, the prosecutor's office opened an inquiry into two of the
        contracts. The newsroom's editor said the award would help the team continue its work at
        a time when independent media in the region face growing financial and legal pressure.
        """
    ),
    author="Aizada Kasymova",
    published="2026-03-10T16:20:00+06:00",
    section="Media",
)

ALMATY_BUSES = Article(
    slug="almaty-gas-buses-smog-1013",
    lang="en",
    title="Almaty replaces diesel buses as winter smog prompts health warnings",
    lead="The city plans to run only gas and electric buses on its main routes by 2027.",
    paragraphs=_text(
        """
        Almaty has taken delivery of two hundred new gas-powered buses, the city's transport
        department said, as it tries to cut the winter smog that regularly places the city among
        the most polluted in the region.

        Diesel buses will be withdrawn from the main routes by the end of next year, and the city
        plans to buy electric buses for the central districts. Officials said public transport
        accounts for a significant share of nitrogen dioxide emissions along busy avenues.

        Environmental activists welcomed the move but said the main source of pollution remained
        coal burned in private homes and the city's old combined heat and power plant. They
        called on the authorities to speed up the plant's conversion to gas, which has been
        delayed several times.

        Doctors have advised residents, especially children and older people, to limit outdoor
        activity on days when air quality monitors show high levels of fine particulate matter.
        """
    ),
    author="Dana Sarsenova",
    published="2026-03-07T09:00:00+05:00",
    section="City",
)

# Our own story in the reference article's layout (see the shared fixtures' README).
ROAD_CONTRACTS_REFERENCE_LAYOUT = Article(
    slug="almaty-road-contracts-court-1014",
    lang="en",
    title="Almaty Court Orders City Hall to Disclose Road Repair Contracts to Journalist",
    lead=None,
    paragraphs=_text(
        """
        A specialised interdistrict administrative court in Almaty has ordered the city's akimat
        to hand over copies of road repair contracts to a journalist who requested them last
        year, reports Vlast.kz.

        The journalist had asked for the contracts after residents complained that several
        streets repaved in the summer were already crumbling by November. The akimat refused,
        saying the documents contained the contractors' commercial secrets.

        The court disagreed, ruling that contracts paid for from the city budget are public
        information and that the names of contractors, the scope of works and their cost cannot
        be classified as commercial secrets.

        According to media lawyers, the ruling is one of the few cases in which a court has
        sided with a journalist in a dispute over access to information in Kazakhstan. The
        akimat can appeal the decision within one month.

        The journalist said she intends to publish the contracts in full once she receives them
        and to compare their terms with the actual condition of the roads.
        """
    ),
    author="Madina Omarova",
    published="2026-03-06T15:45:00+05:00",
    section="Society",
    metadata="reference",
    photo_credit="Photo: pexels.com",
    disclaimer=(
        "DISCLAIMER: This is a translated piece. It has been edited for length; "
        "please refer to the original piece in Russian for accuracy."
    ),
    latest=(
        "Astana Airport Opens Second Runway After Two Years of Construction",
        "Kyrgyzstan Raises Minimum Pension From April",
        "Uzbekistan Lifts Restrictions on Flour Exports",
        "Tajik Teachers to Receive Salary Increase in September",
        "Karaganda Residents Complain of Heating Outages Amid Late Frosts",
        "Kazakhstan Plans to Digitise Land Registry by 2027",
    ),
)

ARTICLES: tuple[Article, ...] = (
    SEL_WARNING,
    KAPCHAGAY,
    HOSPICE_CP1251,
    BASE_RATE_JSON_LD,
    ACCESS_TO_INFORMATION,
    DRIP_IRRIGATION,
    CHILDREN_HOSPITAL,
    DESALINATION_META,
    FLOOD_PREPARATION,
    BOOK_FAIR,
    WATER_SHARING,
    PROCUREMENT_AWARD,
    ALMATY_BUSES,
    ROAD_CONTRACTS_REFERENCE_LAYOUT,
)

# Behind robots.txt's Disallow: served (so fetching it would store it), never to be fetched.
DISALLOWED = Article(
    slug="draft-budget-memo-1098",
    lang="ru",
    title="Служебная записка: проект бюджета на следующий год",
    lead=None,
    paragraphs=_text(
        """
        Черновик для редакции, не для публикации. Цифры проекта бюджета ещё уточняются в
        министерстве финансов и могут измениться до внесения документа в парламент.
        """
    ),
    author="Марат Искаков",
    published="2026-03-12T08:00:00+05:00",
    section="Экономика",
)

REFERENCE_SLUG = "cpj-cyber-attacks-media-1015"


def reference_article(text: str) -> Article:
    """The shared reference article's text as a page of this site, in the reference layout.

    The text reads as a reader sees the page: title, photo credit, the paragraphs,
    "Original Author: ...", a disclaimer, "Latest news" and "- headline" lines.
    """
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    byline = next(i for i, line in enumerate(lines) if line.startswith("Original Author:"))
    latest = lines.index("Latest news")
    return Article(
        slug=REFERENCE_SLUG,
        lang="en",
        title=lines[0],
        lead=None,
        paragraphs=tuple(lines[2:byline]),
        author=lines[byline].split(":", 1)[1].strip(),
        published="2026-03-05T18:00:00+05:00",
        section="Media",
        metadata="reference",
        photo_credit=lines[1],
        disclaimer=lines[byline + 1],
        latest=tuple(line.removeprefix("- ") for line in lines[latest + 1 :]),
    )


# --- the layout ---------------------------------------------------------------------

LABELS = {
    "ru": {
        "news": "Новости",
        "latest": "Последние новости",
        "popular": "Популярное",
        "share": "Поделиться",
        "comments": "Комментарии",
        "send": "Отправить",
        "author": "Автор",
        "tags": "Теги",
        "about": "О редакции",
        "contacts": "Контакты",
        "ads": "Реклама",
        "home": "Главная",
        "next": "Следующая страница",
        "rights": "Все права защищены. При использовании материалов ссылка на Dala News "
        "обязательна.",
    },
    "kk": {
        "news": "Жаңалықтар",
        "latest": "Соңғы жаңалықтар",
        "popular": "Көп оқылғандар",
        "share": "Бөлісу",
        "comments": "Пікірлер",
        "send": "Жіберу",
        "author": "Авторы",
        "tags": "Тегтер",
        "about": "Редакция туралы",
        "contacts": "Байланыс",
        "ads": "Жарнама",
        "home": "Басты бет",
        "next": "Келесі бет",
        "rights": "Барлық құқықтар қорғалған. Материалдарды пайдаланғанда Dala News "
        "сілтемесі міндетті.",
    },
    "en": {
        "news": "News",
        "latest": "Latest news",
        "popular": "Popular",
        "share": "Share",
        "comments": "Comments",
        "send": "Send",
        "author": "Author",
        "tags": "Tags",
        "about": "About us",
        "contacts": "Contacts",
        "ads": "Advertising",
        "home": "Home",
        "next": "Next page",
        "rights": "All rights reserved. Republication only with a link to Dala News.",
    },
}

# fmt: off
MONTHS = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
# fmt: on

COMMENTS = {
    "ru": (
        ("Ерлан", "Спасибо за материал. Хорошо бы узнать, что будет дальше."),
        ("Наталья К.", "У нас в районе об этом никто ничего не слышал, надо больше говорить."),
    ),
    "kk": (
        ("Айбек", "Жақсы жаңалық, рахмет. Жалғасын күтеміз."),
        ("Сәуле", "Біздің ауылда да осындай мәселе бар, назар аударыңыздаршы."),
    ),
    "en": (
        ("reader_77", "Thanks for covering this. Please keep us posted."),
        ("Askar B.", "Good to see someone asking these questions."),
    ),
}

# fmt: off
_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
     "a", "g", "q", "n", "o", "u", "u", "h", "i"],
    strict=True,
))
# fmt: on


def slugify(text: str) -> str:
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")


def _human_date(value: str, lang: str, with_time: bool = True) -> str:
    when = datetime.fromisoformat(value)
    month = MONTHS[lang][when.month - 1]
    day = f"{when.day} {month} {when.year}"
    return f"{day}, {when:%H:%M}" if with_time else day


def _json_ld(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _meta(**tags: str) -> str:
    lines = []
    for key, value in tags.items():
        attr = "name" if key in ("description", "author") else "property"
        name = key.replace("__", ":")
        lines.append(f'<meta {attr}="{name}" content="{escape(value)}">')
    return "\n".join(lines)


def _headline_list(articles: list[Article], with_time: bool = False) -> str:
    items = []
    for a in articles:
        time = f' <span class="time">{a.published[11:16]}</span>' if with_time else ""
        items.append(f'<li><a href="{a.path}">{escape(a.title)}</a>{time}</li>')
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


@dataclass
class _Layout:
    """The chrome every page shares, filled with headlines of the site's articles."""

    articles: tuple[Article, ...]

    def sidebar(self, lang: str, exclude: str = "") -> str:
        own = [a for a in self.articles if a.lang == lang and a.slug != exclude]
        latest = sorted(own, key=lambda a: datetime.fromisoformat(a.published), reverse=True)
        labels = LABELS[lang]
        return f"""<aside class="sidebar">
<section class="popular"><h3>{labels["popular"]}</h3>
{_headline_list(own[:4])}
</section>
<section class="latest"><h3>{labels["latest"]}</h3>
{_headline_list(latest[:5], with_time=True)}
</section>
<div class="banner"><a href="/about/#ads"><img src="/static/banner-300x250.png" alt=""></a></div>
</aside>"""

    def page(
        self,
        lang: str,
        title: str,
        main: str,
        head: str = "",
        sidebar: str = "",
        charset: str = "utf-8",
    ) -> str:
        labels = LABELS[lang]
        return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head}
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header class="site-header">
<a class="logo" href="/">{SOURCE_NAME}</a>
<nav class="main-nav">
<a href="{LIST_PATH}">{labels["news"]}</a>
<a href="/tag/politika/">Политика</a>
<a href="/tag/ekonomika/">Экономика</a>
<a href="/tag/obshchestvo/">Общество</a>
<a href="/about/">{labels["about"]}</a>
</nav>
<form class="search" action="/search/"><input name="q" type="search"></form>
</header>
<div class="container">
<main>
{main}
</main>
{sidebar}
</div>
<footer class="site-footer">
<p>© 2026 {SOURCE_NAME}. {labels["rights"]}</p>
<a href="/about/">{labels["about"]}</a> <a href="/about/#contacts">{labels["contacts"]}</a>
<a href="/about/#ads">{labels["ads"]}</a>
</footer>
</body>
</html>"""


def _share(article: Article, lang: str) -> str:
    target = quote(article.path, safe="")
    return f"""<div class="share">{LABELS[lang]["share"]}:
<a href="https://www.facebook.com/sharer/sharer.php?u={target}">Facebook</a>
<a href="https://t.me/share/url?url={target}">Telegram</a>
<a href="https://wa.me/?text={target}">WhatsApp</a>
</div>"""


def _comments(lang: str) -> str:
    labels = LABELS[lang]
    items = "\n".join(
        f'<div class="comment"><b class="comment-author">{escape(who)}</b>'
        f"<p>{escape(text)}</p></div>"
        for who, text in COMMENTS[lang]
    )
    return f"""<section class="comments" id="comments">
<h3>{labels["comments"]} ({len(COMMENTS[lang])})</h3>
{items}
<form class="comment-form" action="/comments/" method="post">
<textarea name="text"></textarea><button type="submit">{labels["send"]}</button>
</form>
</section>"""


def _full_head(a: Article) -> str:
    tags = _meta(
        description=a.lead or "",
        og__type="article",
        og__site_name=SOURCE_NAME,
        og__title=a.title,
        og__description=a.lead or "",
        og__image=f"/media/{a.slug}.jpg",
        article__published_time=a.published,
        article__section=a.section,
        author=a.author,
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.lead,
        "datePublished": a.published,
        "author": {"@type": "Person", "name": a.author, "url": f"/author/{slugify(a.author)}/"},
        "publisher": {"@type": "Organization", "name": SOURCE_NAME},
        "articleSection": a.section,
        "inLanguage": a.lang,
        "image": f"/media/{a.slug}.jpg",
        "mainEntityOfPage": a.path,
    }
    return f'<link rel="canonical" href="{a.path}">\n{tags}\n{_json_ld(data)}'


def _json_ld_head(a: Article) -> str:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": SOURCE_NAME, "url": "/"},
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": LABELS[a.lang]["home"]},
                    {"@type": "ListItem", "position": 2, "name": a.section},
                ],
            },
            {
                "@type": "NewsArticle",
                "headline": a.title,
                "description": a.lead,
                "datePublished": a.published,
                "author": [{"@type": "Person", "name": a.author}],
                "publisher": {"@type": "Organization", "name": SOURCE_NAME},
                "articleSection": a.section,
                "mainEntityOfPage": {"@type": "WebPage", "@id": a.path},
            },
        ],
    }
    return _json_ld(data)


def _meta_head(a: Article) -> str:
    return _meta(
        og__type="article",
        og__title=a.title,
        og__description=a.lead or "",
        article__published_time=a.published,
        author=a.author,
    )


def article_html(a: Article, layout: _Layout) -> str:
    """An article page in the site's usual layout (metadata as ``a.metadata`` says)."""
    labels = LABELS[a.lang]
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    section = f'<a href="/tag/{slugify(a.section)}/">{escape(a.section)}</a>'
    if a.metadata == "full":
        head = _full_head(a)
        title = f"{a.title} | {SOURCE_NAME}"
        meta_line = (
            f'<time datetime="{a.published}">{_human_date(a.published, a.lang)}</time>\n'
            f'<span class="author">{labels["author"]}: '
            f'<a href="/author/{slugify(a.author)}/">{escape(a.author)}</a></span>'
        )
        lead = f'<p class="lead"><strong>{escape(a.lead or "")}</strong></p>'
    else:  # metadata only in the head: the page shows neither byline nor machine dates
        head = _json_ld_head(a) if a.metadata == "json-ld" else _meta_head(a)
        title = SOURCE_NAME
        meta_line = f'<span class="date">{_human_date(a.published, a.lang, False)}</span>'
        lead = ""
    main = f"""<article class="post">
<div class="breadcrumbs"><a href="/">{labels["home"]}</a> / {section}</div>
<h1>{escape(a.title)}</h1>
<div class="post-meta">{meta_line} <span class="views">1 245</span></div>
{lead}
<figure><img src="/media/{a.slug}.jpg" alt=""></figure>
<div class="post-body">
{paragraphs}
</div>
<div class="tags">{labels["tags"]}: {section}</div>
{_share(a, a.lang)}
</article>
{_comments(a.lang)}"""
    charset = "windows-1251" if a.encoding != "utf-8" else "utf-8"
    return layout.page(a.lang, title, main, head, layout.sidebar(a.lang, a.slug), charset)


def reference_layout_html(a: Article, layout: _Layout) -> str:
    """An article page laid out like the shared reference article.

    Title, photo credit, the paragraphs, an "Original Author:" byline and a
    translation disclaimer inside the article, then a "Latest news" list of
    headlines that link to other stories.
    """
    head = _meta(
        og__type="article",
        og__site_name=SOURCE_NAME,
        og__title=a.title,
        og__description=a.paragraphs[0],
        article__published_time=a.published,
        article__section=a.section,
    )
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    latest = "\n".join(f'<li><a href="/en/{slugify(h)}/">{escape(h)}</a></li>' for h in a.latest)
    main = f"""<article class="post">
<h1 class="post-title">{escape(a.title)}</h1>
<div class="post-meta"><time datetime="{a.published}">{_human_date(a.published, "en")}</time>
<a href="/tag/{slugify(a.section)}/">{escape(a.section)}</a></div>
<figure class="post-thumbnail"><img src="/media/{a.slug}.jpg" alt="{escape(a.title)}">
<figcaption>{escape(a.photo_credit or "")}</figcaption></figure>
<div class="post-content">
{paragraphs}
<p><strong>Original Author: {escape(a.author)}</strong></p>
<p><em>{escape(a.disclaimer or "")}</em></p>
</div>
{_share(a, "en")}
</article>
<section class="latest-news">
<h2>Latest news</h2>
<ul>
{latest}
</ul>
</section>"""
    head = f'<link rel="canonical" href="{a.path}">\n{head}'
    title = f"{a.title} - {SOURCE_NAME}"
    return layout.page("en", title, main, head, layout.sidebar("en", a.slug))


def list_html(items: list[Article], extra: str, next_path: str | None, layout: _Layout) -> str:
    labels = LABELS["ru"]
    entries = []
    for a in items:
        entries.append(f"""<div class="news-item">
<a class="title" href="{a.path}">{escape(a.title)}</a>
<div class="meta"><time>{_human_date(a.published, a.lang)}</time> ·
<a href="/tag/{slugify(a.section)}/">{escape(a.section)}</a> ·
<a href="/author/{slugify(a.author)}/">{escape(a.author)}</a></div>
{f"<p>{escape(a.lead)}</p>" if a.lead else ""}
</div>""")
    pager = f'<a class="next" href="{next_path}">{labels["next"]}</a>' if next_path else ""
    main = f"""<h1>{labels["latest"]}</h1>
<div class="news-list">
{"".join(entries)}
{extra}
</div>
<div class="pager">{pager}</div>"""
    return layout.page("ru", f"{labels['latest']} | {SOURCE_NAME}", main)


# --- the site -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewsPortal:
    """The site to serve and what a correct crawl of it stores."""

    site: Site
    articles: tuple[Article, ...]
    pages: dict[str, str] = field(default_factory=dict)  # article path -> HTML text

    @property
    def article_paths(self) -> frozenset[str]:
        return frozenset(a.path for a in self.articles)

    @property
    def languages(self) -> dict[str, str]:
        """Article path -> ISO 639-1 code of its language."""
        return {a.path: a.lang for a in self.articles}

    def expected_facets(self) -> dict[str, dict[str, int]]:
        return {
            "source": {SOURCE: len(self.articles)},
            "language": dict(Counter(self.languages.values())),
        }


def newsportal(reference_text: str | None = None) -> NewsPortal:
    """Dala News; with ``reference_text``, plus a page around the shared reference article."""
    articles = ARTICLES + ((reference_article(reference_text),) if reference_text else ())
    layout = _Layout(articles)
    site = Site()
    pages: dict[str, str] = {}
    for a in articles:
        html = (reference_layout_html if a.metadata == "reference" else article_html)(a, layout)
        pages[a.path] = html
        if a.encoding == "utf-8":
            site.add(a.path, Page.html(html))
        else:
            site.add(a.path, Page(html.encode(a.encoding), content_type="text/html"))
    site.add(DISALLOWED_ARTICLE, Page.html(article_html(DISALLOWED, layout)))

    newest = sorted(articles, key=lambda a: datetime.fromisoformat(a.published), reverse=True)
    first, second = newest[:8], newest[8:]
    top = first[0]
    extra = f"""<div class="news-item exclusive">
<a class="title" href="{DISALLOWED_ARTICLE}">{escape(DISALLOWED.title)}</a>
</div>
<div class="news-item">
<a class="title" href="{MISSING_ARTICLE}">Материал снят с публикации по решению редакции</a>
</div>
<div class="more">
<a href="{top.path}?utm_source=main&amp;utm_medium=list">{escape(top.title)}</a>
<a href="{top.path}#comments">{LABELS["ru"]["comments"]}</a>
<a href="/news/tag/elections-2026/">#выборы2026</a>
</div>"""
    site.add(LIST_PATH, Page.html(list_html(first, extra, LIST_PAGE_2, layout)))
    site.add(LIST_PAGE_2, Page.html(list_html(second, "", None, layout)))

    site.add("/robots.txt", Page(ROBOTS_TXT.encode(), content_type="text/plain"))
    site.add("/", Page.html(list_html(first, "", None, layout)))
    about = f"<h1>{LABELS['ru']['about']}</h1><p>{SOURCE_NAME} — независимое издание.</p>"
    site.add("/about/", Page.html(layout.page("ru", SOURCE_NAME, about)))
    site.add(
        "/news/tag/elections-2026/",
        Page.html(layout.page("ru", "#выборы2026", "<h1>#выборы2026</h1>")),
    )
    for a in articles:
        tag = f"/tag/{slugify(a.section)}/"
        author = f"/author/{slugify(a.author)}/"
        same_section = [b for b in articles if b.section == a.section]
        by_author = [b for b in articles if b.author == a.author]
        site.add(tag, Page.html(list_html(same_section, "", None, layout)))
        site.add(author, Page.html(list_html(by_author, "", None, layout)))
    return NewsPortal(site, articles, pages)


def profile_toml(base_url: str) -> str:
    """The site's profile, for the site served at ``base_url`` (http://127.0.0.1:PORT)."""
    host = urlsplit(base_url).hostname
    return f"""name = "{SOURCE}"
source_name = "{SOURCE_NAME}"
domains = ["{host}"]
languages = ["ru", "kk", "en"]
timezone = "{TIMEZONE}"

[lists]
urls = ["{base_url}{LIST_PATH}"]
article_pattern = '{ARTICLE_PATTERN}'
next_page = "a.next::attr(href)"
max_pages = 5
"""
