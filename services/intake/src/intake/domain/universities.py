"""The universities of the program, seeded as reference data; more are added in the database."""

from pydantic import BaseModel


class University(BaseModel):
    university_id: str
    name_ko: str
    short_name_ko: str
    name_en: str


SEED_UNIVERSITIES = (
    University(
        university_id="kangseo-univ",
        name_ko="강서대학교",
        short_name_ko="강서대",
        name_en="Gangseo University",
    ),
    University(
        university_id="dongyang-mirae",
        name_ko="동양미래대학교",
        short_name_ko="동양미래대",
        name_en="Dongyang Mirae University",
    ),
    University(
        university_id="snu",
        name_ko="서울대학교",
        short_name_ko="서울대",
        name_en="Seoul National University",
    ),
    University(
        university_id="soongsil",
        name_ko="숭실대학교",
        short_name_ko="숭실대",
        name_en="Soongsil University",
    ),
    University(
        university_id="cau",
        name_ko="중앙대학교",
        short_name_ko="중앙대",
        name_en="Chung-Ang University",
    ),
    University(
        university_id="chongshin",
        name_ko="총신대학교",
        short_name_ko="총신대",
        name_en="Chongshin University",
    ),
)
