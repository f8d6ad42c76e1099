"""Names a person reads: institutions, stages and kinds of support in Korean and English.

Ids stay the codes the services use; an id not listed here is shown as it is.
"""

INSTITUTIONS: dict[str, tuple[str, str]] = {
    "kangseo-univ": ("강서대", "Gangseo University"),
    "dongyang-mirae": ("동양미래대", "Dongyang Mirae University"),
    "snu": ("서울대", "Seoul National University"),
    "soongsil": ("숭실대", "Soongsil University"),
    "cau": ("중앙대", "Chung-Ang University"),
    "chongshin": ("총신대", "Chongshin University"),
    "gangseo": ("강서구", "Gangseo-gu"),
    "gwanak": ("관악구", "Gwanak-gu"),
    "guro": ("구로구", "Guro-gu"),
    "geumcheon": ("금천구", "Geumcheon-gu"),
    "dongjak": ("동작구", "Dongjak-gu"),
    "yeongdeungpo": ("영등포구", "Yeongdeungpo-gu"),
    "yangcheon": ("양천구", "Yangcheon-gu"),
    "sba": ("서울경제진흥원", "SBA"),
    "kosme": ("중소벤처기업진흥공단", "KOSME"),
    "kicox": ("한국산업단지공단", "KICOX"),
    "council": ("협의체 사무국", "council program office"),
    "operator": ("운영자", "operator"),
}

WORDS: dict[str, tuple[str, str]] = {
    "pre_startup": ("예비창업", "pre-startup"),
    "early": ("초기창업", "early startup"),
    "leap": ("도약기", "leap stage"),
    "mentoring": ("멘토링", "mentoring"),
    "education": ("교육", "education"),
    "prototyping": ("시제품 제작", "prototyping"),
    "rent_subsidy": ("임대료 지원", "rent subsidy"),
    "settlement_grant": ("정착 지원금", "settlement grant"),
    "consulting": ("컨설팅", "consulting"),
    "admin_help": ("행정 지원", "administrative help"),
    "investment_matching": ("투자 연계", "investment matching"),
    "export": ("수출", "export"),
    "open_innovation": ("오픈이노베이션", "open innovation"),
    "rnd": ("R&D", "R&D"),
    "patent": ("특허", "patents"),
    "hiring": ("인력", "hiring"),
    "business_registration_number": ("사업자등록번호", "business registration number"),
    "ceo_and_company_name": ("대표자·기업명", "CEO and company name"),
}


def institution_name(institution_id: str, language: str) -> str:
    names = INSTITUTIONS.get(institution_id)
    if names is None:
        return institution_id
    return names[0] if language == "ko" else names[1]


def word(code: str, language: str) -> str:
    names = WORDS.get(code)
    if names is None:
        return code
    return names[0] if language == "ko" else names[1]


UNIVERSITIES = ("kangseo-univ", "dongyang-mirae", "snu", "soongsil", "cau", "chongshin")
DISTRICTS = ("gangseo", "gwanak", "guro", "geumcheon", "dongjak", "yeongdeungpo", "yangcheon")
AGENCIES = ("sba", "kosme", "kicox")
