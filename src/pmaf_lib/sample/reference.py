"""Reference lists of the fictional Borough of Ashdown, grown with the scale factor.

Directorates, portfolios (Cabinet Members), officers, the four balanced-scorecard lenses,
the four equality objectives (modelled on Thurrock's), six improvement Directions (modelled
on the Secretary of State's Directions to Thurrock) and the benchmark comparator group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

COUNCIL = "Borough of Ashdown"

LENSES = (
    ("customer", "Customer", "Are residents and service users getting what they need?"),
    ("finance", "Finance", "Are we using money wisely and staying financially sustainable?"),
    ("process", "Process", "Are our processes timely, reliable and right first time?"),
    ("people", "People", "Do we have capable, valued and motivated staff?"),
)

EQUALITY_OBJECTIVES = (
    (
        "EO1",
        "Access to services",
        "Everyone can reach and use our services, online or in person, whatever their "
        "age, disability, language or circumstances.",
    ),
    (
        "EO2",
        "Building cohesion and integration",
        "Communities get on well together and residents have a voice in what happens in "
        "their neighbourhood.",
    ),
    (
        "EO3",
        "Improving resilience",
        "Residents and families facing disadvantage are supported early so that they can "
        "cope with shocks and stay independent.",
    ),
    (
        "EO4",
        "Developing our workforce",
        "Our workforce reflects the borough it serves and everyone can progress.",
    ),
)

DIRECTIONS = (
    (
        "D1",
        "Best value duty",
        "Prepare and deliver an improvement and recovery plan that secures continuous "
        "improvement in the way the council's functions are exercised, having regard to "
        "economy, efficiency and effectiveness.",
        dt.date(2022, 12, 1),
        ("best value", "improvement"),
    ),
    (
        "D2",
        "Financial sustainability and debt reduction",
        "Secure a balanced budget and a sustainable medium-term financial strategy, reduce "
        "borrowing and deliver the savings agreed in the MTFS.",
        dt.date(2022, 12, 1),
        ("finance",),
    ),
    (
        "D3",
        "Governance, scrutiny and decision-making",
        "Embed effective governance, internal control, audit and scrutiny so that decisions "
        "are lawful, transparent and well informed.",
        dt.date(2022, 12, 1),
        ("governance",),
    ),
    (
        "D4",
        "Leadership, culture and workforce capacity",
        "Build the leadership, culture and workforce capacity the council needs, reducing "
        "reliance on interim and agency staff.",
        dt.date(2023, 9, 12),
        ("workforce", "culture"),
    ),
    (
        "D5",
        "Service delivery and transformation",
        "Improve the delivery of statutory and frontline services and transform the "
        "operating model around residents' needs.",
        dt.date(2023, 9, 12),
        ("services", "transformation"),
    ),
    (
        "D6",
        "Commercial activity, assets and data",
        "Review commercial investments and the use of assets, and build the performance "
        "data and insight needed to evidence improvement.",
        dt.date(2023, 9, 12),
        ("commercial", "data"),
    ),
)

BENCHMARK_GROUP = ("NN15", "CIPFA-style nearest neighbours (15 councils)")

COMPARATORS = (
    "Borough of Hollinmere",
    "Corriebank District Council",
    "Dunmarsh Borough Council",
    "Elverstone City Council",
    "Kestonleigh Borough Council",
    "Marrowdene District Council",
    "Pellbrook Borough Council",
    "Quenby Marsh District Council",
    "Ravensholt Borough Council",
    "Sallowby Borough Council",
    "Stannerford City Council",
    "Thistlegate Borough Council",
    "Wyldecote District Council",
    "Fennick Vale Borough Council",
    "Oxbarrow Borough Council",
)

# id, name, portfolio mainly answering for it
BASE_DIRECTORATES = (
    ("ASC", "Adults, Health and Wellbeing", "PF-ADULTS"),
    ("CHS", "Children's Services and Education", "PF-CHILDREN"),
    ("HSG", "Housing and Communities", "PF-HOUSING"),
    ("PLA", "Place and Environment", "PF-ENV"),
    ("RES", "Resources", "PF-FINANCE"),
    ("CEX", "Chief Executive's Office", "PF-LEADER"),
)

BASE_PORTFOLIOS = (
    (
        "PF-LEADER",
        "Leader of the Council: Strategy, Governance and Improvement",
        "Cllr Margaret Okafor-Reyes",
    ),
    ("PF-FINANCE", "Finance, Resources and Customer Delivery", "Cllr Dafydd Rhys-Morgan"),
    ("PF-ADULTS", "Adult Social Care and Public Health", "Cllr Siobhán Kavanagh"),
    ("PF-CHILDREN", "Children, Education and Skills", "Cllr Anjali Deshpande"),
    ("PF-HOUSING", "Housing and Homelessness", "Cllr Tomás Ferreira"),
    ("PF-ENV", "Environment, Waste and Climate", "Cllr Henrietta Clough"),
    ("PF-COMMUNITY", "Communities, Safety and Culture", "Cllr Bartholomew N'Diaye"),
    ("PF-GROWTH", "Regeneration, Planning and Growth", "Cllr Yusuf Karimi-Holt"),
)

# Officers per base directorate: (name, job title); the first is the director.
BASE_OFFICERS = {
    "CEX": (
        ("Dr Siân Pritchard", "Chief Executive"),
        ("Zoë Okonkwo-Hart", "Director of People and Organisational Development"),
        ("Ólafur Jónsson", "Director of Law and Governance (Monitoring Officer)"),
        ("Grace Thompson", "Head of Strategy, Performance and Insight"),
    ),
    "RES": (
        ("Nguyễn Thị Lan", "Executive Director of Resources (Section 151 Officer)"),
        ("Marcus Bell", "Head of Revenues and Benefits"),
        ("Chloé Dubois", "Head of Customer and Digital Services"),
        ("Imran Chaudhry", "Finance Business Partner"),
    ),
    "ASC": (
        ("Seán Ó Briain", "Executive Director of Adults, Health and Wellbeing"),
        ("Priya Raghunathan", "Director of Public Health"),
        ("Björn Lindqvist", "Head of Adult Social Care Operations"),
        ("Ngozi Eze", "Principal Social Worker (Adults)"),
    ),
    "CHS": (
        ("Małgorzata Nowak", "Executive Director of Children's Services"),
        ("Kwame Mensah", "Head of Children's Social Care"),
        ("Eilidh MacLeod", "Head of SEND and Inclusion"),
        ("Ruth Ashworth", "Children's Performance Lead"),
    ),
    "HSG": (
        ("José Martínez", "Executive Director of Housing and Communities"),
        ("Ayşe Yılmaz", "Head of Housing Solutions"),
        ("Oluwaseun Adeyemi", "Head of Landlord Services"),
        ("Renée Laurent", "Head of Libraries and Community Safety"),
    ),
    "PLA": (
        ("Łukasz Zieliński", "Executive Director of Place"),
        ("Fatima Al-Sayed", "Head of Waste and Street Scene"),
        ("Zsófia Kovács", "Head of Planning and Building Control"),
        ("Hannah O'Connor", "Head of Leisure, Parks and Economy"),
    ),
}

_FIRST = [
    "Aled",
    "Anaïs",
    "Bronwen",
    "Cátia",
    "Dmitri",
    "Efua",
    "Fionnuala",
    "Gareth",
    "Hélène",
    "Idris",
    "Jürgen",
    "Kalinda",
    "Leilani",
    "Mateus",
    "Niamh",
    "Otieno",
    "Paweł",
    "Rhiannon",
    "Saoirse",
    "Thandiwe",
    "Ugo",
    "Viktória",
    "Wen",
    "Xóchitl",
    "Yara",
    "Zainab",
]
_LAST = [
    "Abernethy",
    "Bérubé",
    "Carvalho",
    "Dąbrowski",
    "Ellingham",
    "Fairweather",
    "Gómez",
    "Haddad",
    "Iqbal",
    "Jovanović",
    "Kowalczyk",
    "Llewellyn",
    "Mbeki",
    "Nørgaard",
    "O'Rourke",
    "Pereira",
    "Quinlan",
    "Rousseau",
    "Sørensen",
    "Tănase",
    "Underwood",
    "Vásquez",
    "Whitlock",
    "Xu",
    "Yilmaz",
    "Zapata",
]
_LOCALITIES = (
    "Hollin Vale",
    "Quenby",
    "Stannerford North",
    "Wyldecote",
    "Corriebank",
    "Thistlegate",
    "Marrowdene",
    "Pellbrook",
    "Ashcombe Rise",
    "Dunmarsh",
    "Elverstone",
    "Kestonleigh",
    "Ravensholt",
    "Sallowby",
    "Fennick",
    "Oxbarrow",
    "Brindle Cross",
    "Calder Mead",
    "Gorsefield",
    "Larkhythe",
)


@dataclass(frozen=True)
class Directorate:
    id: str
    name: str
    portfolio: str
    family: str  # the base directorate whose services it runs
    officers: tuple[str, ...] = field(default=())  # officer ids, director first


@dataclass(frozen=True)
class Officer:
    id: str
    name: str
    job_title: str
    directorate: str


@dataclass(frozen=True)
class ReferenceData:
    directorates: tuple[Directorate, ...]
    portfolios: tuple[tuple[str, str, str], ...]
    officers: tuple[Officer, ...]
    localities: tuple[str, ...]

    def directorate(self, directorate_id: str) -> Directorate:
        return next(d for d in self.directorates if d.id == directorate_id)

    def family_members(self, family: str) -> tuple[Directorate, ...]:
        """Directorates running the services of base directorate ``family``."""
        return tuple(d for d in self.directorates if d.family == family)

    def as_yaml_dict(self) -> dict[str, object]:
        """``reference.yaml`` content in the documented layout."""
        return {
            "directorates": [
                {"id": d.id, "name": d.name, "director": d.officers[0]} for d in self.directorates
            ],
            "portfolios": [
                {"id": pid, "title": title, "cabinet_member": member}
                for pid, title, member in self.portfolios
            ],
            "officers": [
                {"id": o.id, "name": o.name, "job_title": o.job_title, "directorate": o.directorate}
                for o in self.officers
            ],
            "lenses": [{"id": lid, "name": name} for lid, name, _ in LENSES],
            "equality_objectives": [
                {"id": eid, "title": title, "description": text}
                for eid, title, text in EQUALITY_OBJECTIVES
            ],
            "directions": [
                {"id": did, "title": title, "text": text, "issued": issued, "themes": list(themes)}
                for did, title, text, issued, themes in DIRECTIONS
            ],
            "benchmark_groups": [{"id": BENCHMARK_GROUP[0], "name": BENCHMARK_GROUP[1]}],
        }


def extra_directorate_count(scale: float) -> int:
    """Directorates beyond the base six: scale 1 gives 6 in all, scale 8.5 about 20."""
    return max(0, round((scale - 1.0) * 14 / 7.5))


def _extra_officer_name(index: int) -> str:
    first = _FIRST[index % len(_FIRST)]
    last = _LAST[(index * 7 + index // len(_FIRST)) % len(_LAST)]
    suffix = "" if index < len(_FIRST) * len(_LAST) else f" {index}"
    return f"{first} {last}{suffix}"


def build_reference(scale: float) -> ReferenceData:
    """The reference lists for ``scale`` (scale 1: 6 directorates, 8 portfolios, 24 officers)."""
    officers: list[Officer] = []
    directorates: list[Directorate] = []

    def add_officer(name: str, title: str, directorate: str) -> str:
        officer = Officer(f"OFF-{len(officers) + 1:02d}", name, title, directorate)
        officers.append(officer)
        return officer.id

    for did, name, portfolio in BASE_DIRECTORATES:
        ids = tuple(add_officer(n, t, did) for n, t in BASE_OFFICERS[did])
        directorates.append(Directorate(did, name, portfolio, did, ids))

    n_extra = extra_directorate_count(scale)
    localities = tuple(
        _LOCALITIES[i % len(_LOCALITIES)] + ("" if i < len(_LOCALITIES) else f" {i}")
        for i in range(n_extra)
    )
    for i, locality in enumerate(localities):
        family_id, family_name, portfolio = BASE_DIRECTORATES[i % len(BASE_DIRECTORATES)]
        did = f"{family_id}-{i // len(BASE_DIRECTORATES) + 2}"
        titles = (f"Locality Director ({locality})", f"Service Manager ({locality})")
        ids = tuple(add_officer(_extra_officer_name(len(officers)), title, did) for title in titles)
        directorates.append(
            Directorate(did, f"{family_name}: {locality}", portfolio, family_id, ids)
        )
    return ReferenceData(tuple(directorates), BASE_PORTFOLIOS, tuple(officers), localities)
