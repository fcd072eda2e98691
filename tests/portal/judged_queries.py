"""Queries a citizen types into the site search, with the results that must come back.

Each entry: the query, what the first result must be, and what else must be on the first
page. A result is named by a piece of its URL or of its title (a procedure's code path,
an article's category path, a contact's name), so the set reads without the database.
Every answer is among the demo content (`load_demo`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    # One piece, or a tuple of pieces when several results are equally right.
    first: str | tuple[str, ...]
    on_first_page: tuple[str, ...] = ()
    # Why the ranking puts another result first, when it does; still counted as a miss.
    known_miss: str = ""

    def is_first(self, result: str) -> bool:
        """Return True when the result is one that may come first."""
        pieces = (self.first,) if isinstance(self.first, str) else self.first
        return any(piece in result for piece in pieces)

    def wanted_on_page(self) -> tuple[str, ...]:
        return (
            self.on_first_page
            if not isinstance(self.first, str)
            else (self.first, *self.on_first_page)
        )


def procedure(code: str) -> str:
    return f"/thu-tuc-hanh-chinh/{code}/"


# The four procedures of a household business: any of them is a right first answer.
BUSINESS_CODES = ("2.000720", "2.000575", "2.000614", "2.000626")

JUDGED_QUERIES = [
    JudgedQuery("khai sinh", procedure("1.001193"), (procedure("1.001695"),)),
    JudgedQuery("Đăng ký khai sinh", procedure("1.001193"), (procedure("1.001695"),)),
    JudgedQuery("dang ky khai sinh", procedure("1.001193"), (procedure("1.001695"),)),
    JudgedQuery("khai sin", procedure("1.001193"), (procedure("1.001695"),)),
    JudgedQuery("KHAI SINH", procedure("1.001193")),
    JudgedQuery("kết hôn", procedure("1.000894")),
    JudgedQuery("ket hon", procedure("1.000894")),
    JudgedQuery("khai tử", procedure("1.000656")),
    JudgedQuery("tinh trang hon nhan", procedure("1.004873")),
    JudgedQuery("1.001193", procedure("1.001193")),
    JudgedQuery("2.000488", procedure("2.000488")),
    JudgedQuery("lý lịch tư pháp", procedure("2.000488")),
    JudgedQuery("ly lich tu phap", procedure("2.000488")),
    JudgedQuery("chung thuc ban sao", procedure("2.000815"), (procedure("2.000908"),)),
    JudgedQuery(
        "giay phep xay dung nha o",
        procedure("1.009974"),
        (procedure("1.009975"),),
        known_miss="The article “Rút ngắn thời gian cấp giấy phép xây dựng nhà ở” holds the "
        "query as a phrase in its title; the procedure's title has words between them.",
    ),
    JudgedQuery("thành lập hộ kinh doanh", procedure("2.000720")),
    JudgedQuery(
        "ho kinh doanh",
        tuple(procedure(code) for code in BUSINESS_CODES),
        tuple(procedure(code) for code in BUSINESS_CODES),
    ),
    JudgedQuery("tro cap xa hoi", procedure("1.001776")),
    JudgedQuery("mai táng", procedure("1.001758")),
    JudgedQuery("khuyet tat", procedure("1.001699")),
    JudgedQuery("chuyen truong", procedure("1.005099")),
    JudgedQuery("giay chung nhan quyen su dung dat", procedure("1.012775")),
    JudgedQuery("hộ tịch", procedure("2.000635"), (procedure("2.000748"),)),
    JudgedQuery(
        "cai cach hanh chinh",
        "/tin-tuc/cai-cach-hanh-chinh/",
    ),
    JudgedQuery(
        "dich vu cong truc tuyen",
        "/tin-tuc/cai-cach-hanh-chinh/tap-huan-su-dung-dich-vu-cong-truc-tuyen-cho-can-bo-xa/",
    ),
    JudgedQuery("đua ghe ngo", "/le-hoi-dua-ghe-ngo-thu-hut-dong-dao-nguoi-xem/"),
    JudgedQuery("hoc bong", "/trao-hoc-bong-cho-hoc-sinh-vuot-kho-hoc-gioi/"),
    JudgedQuery("Phòng Tư pháp", "Phòng Tư pháp huyện An Phú", (procedure("1.001695"),)),
    JudgedQuery("so tu phap", procedure("2.000488")),
    JudgedQuery("0919272108", "Huỳnh Hưng Thượng"),
    JudgedQuery("0919.272.108", "Huỳnh Hưng Thượng"),
    JudgedQuery("113", "Công an (báo tin an ninh, trật tự)"),
    JudgedQuery("cong an", "Công an (báo tin an ninh, trật tự)"),
    JudgedQuery("kiem soat thu tuc hanh chinh", "Phòng Kiểm soát thủ tục hành chính tỉnh"),
]
