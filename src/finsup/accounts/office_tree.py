"""Reference data: the office tree of Shandong → Linyi → its twelve county-level divisions and
three development zones (codes from the national statistical division codes)."""

PROVINCE = ("370000", "山东省地方金融监督管理局", "省金融办", "province", "鲁金监")
CITY = ("371300", "临沂市金融工作办公室", "市金融办", "city", "临金办")
COUNTIES = [
    ("371302", "兰山区金融工作办公室", "兰山区", "county", "兰金办"),
    ("371311", "罗庄区金融工作办公室", "罗庄区", "county", "罗金办"),
    ("371312", "河东区金融工作办公室", "河东区", "county", "河金办"),
    ("371321", "沂南县金融工作办公室", "沂南县", "county", "沂南金办"),
    ("371322", "郯城县金融工作办公室", "郯城县", "county", "郯金办"),
    ("371323", "沂水县金融工作办公室", "沂水县", "county", "沂水金办"),
    ("371324", "兰陵县金融工作办公室", "兰陵县", "county", "兰陵金办"),
    ("371325", "费县金融工作办公室", "费县", "county", "费金办"),
    ("371326", "平邑县金融工作办公室", "平邑县", "county", "平金办"),
    ("371327", "莒南县金融工作办公室", "莒南县", "county", "莒南金办"),
    ("371328", "蒙阴县金融工作办公室", "蒙阴县", "county", "蒙金办"),
    ("371329", "临沭县金融工作办公室", "临沭县", "county", "临沭金办"),
    ("371371", "临沂高新技术产业开发区金融工作办公室", "高新区", "zone", "高新金办"),
    ("371372", "临沂经济技术开发区金融工作办公室", "经开区", "zone", "经开金办"),
    ("371373", "临沂临港经济开发区金融工作办公室", "临港区", "zone", "临港金办"),
]


CITY_SUPERVISION_PHONE = "0539-8726072"


def ensure_office_tree(Office) -> None:
    """Create the offices that are missing (idempotent). Takes the model class so that the
    migration can pass its historical model."""

    def make(row, parent):
        code, name, short, level, prefix = row
        path = (parent.path if parent else "") + f"{code}/"
        office, _ = Office.objects.get_or_create(
            code=code,
            defaults=dict(name=name, short_name=short, level=level, parent=parent, path=path, document_prefix=prefix),
        )
        return office

    province = make(PROVINCE, None)
    city = make(CITY, province)
    if not city.supervision_phone:
        city.supervision_phone = CITY_SUPERVISION_PHONE
        city.save(update_fields=["supervision_phone"])
    for row in COUNTIES:
        make(row, city)
