"""Files shaped like those Get Information about Schools (GIAS) gives: every column of the
"all establishment data" download, in its order, the coded fields as (code)/(name) pairs from the
published code lists, Windows-1252 as downloaded or UTF-8 as Excel re-saves it. Every school, name
and place in them is made up; no real GIAS data is kept here.

    gias_csv([Establishment("700001", "Ashgrove Primary School")], la_code="990")
    write_national(path, rows=50_000, la_code="990", own=[...])
"""

import csv
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

# The columns of edubasealldataYYYYMMDD.csv, in the order GIAS writes them.
COLUMNS = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
    "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
    "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
    "OfficialSixthForm (name)", "Gender (code)", "Gender (name)", "ReligiousCharacter (code)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
    "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity", "SpecialClasses (code)",
    "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls",
    "PercentageFSM", "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)",
    "Trusts (name)", "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)",
    "Federations (code)", "Federations (name)", "UKPRN", "FEHEIdentifier",
    "FurtherEducationType (name)", "OfstedLastInsp", "OfstedSpecialMeasures (code)",
    "OfstedSpecialMeasures (name)", "LastChangedDate", "Street", "Locality", "Address3", "Town",
    "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum", "HeadTitle (name)",
    "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "BSOInspectorateName (name)",
    "InspectorateReport", "DateOfLastInspectionVisit", "NextInspectionVisit", "TeenMoth (name)",
    "TeenMothPlaces", "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
    "EdByOther (name)", "Section41Approved (name)", *(f"SEN{n} (name)" for n in range(1, 14)),
    "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity",
    "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "GOR (name)", "DistrictAdministrative (code)",
    "DistrictAdministrative (name)", "AdministrativeWard (code)", "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)", "UrbanRural (code)",
    "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)", "LSOA (name)",
    "InspectorateName (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)", "PropsName",
    "PreviousLA (code)", "PreviousLA (name)", "PreviousEstablishmentNumber", "OfstedRating (name)",
    "RSCRegion (name)", "Country (name)", "UPRN", "SiteName", "QABName (code)", "QABName (name)",
    "EstablishmentAccredited (code)", "EstablishmentAccredited (name)", "QABReport", "CHNumber",
    "MSOA (code)", "LSOA (code)", "FSM",
]

# The published code lists: TypeOfEstablishment with its EstablishmentTypeGroup, PhaseOfEducation,
# EstablishmentStatus.
TYPES = {
    "1": ("Community school", "4", "Local authority maintained schools"),
    "2": ("Voluntary aided school", "4", "Local authority maintained schools"),
    "3": ("Voluntary controlled school", "4", "Local authority maintained schools"),
    "5": ("Foundation school", "4", "Local authority maintained schools"),
    "6": ("City technology college", "3", "Independent schools"),
    "7": ("Community special school", "5", "Special schools"),
    "8": ("Non-maintained special school", "5", "Special schools"),
    "10": ("Other independent special school", "5", "Special schools"),
    "11": ("Other independent school", "3", "Independent schools"),
    "12": ("Foundation special school", "5", "Special schools"),
    "14": ("Pupil referral unit", "4", "Local authority maintained schools"),
    "15": ("Local authority nursery school", "4", "Local authority maintained schools"),
    "18": ("Further education", "1", "Colleges"),
    "24": ("Secure units", "9", "Other types"),
    "25": ("Offshore schools", "9", "Other types"),
    "26": ("Service children's education", "9", "Other types"),
    "27": ("Miscellaneous", "9", "Other types"),
    "28": ("Academy sponsor led", "10", "Academies"),
    "29": ("Higher education institutions", "2", "Universities"),
    "30": ("Welsh establishment", "6", "Welsh schools"),
    "31": ("Sixth form centres", "1", "Colleges"),
    "32": ("Special post 16 institution", "9", "Other types"),
    "33": ("Academy special sponsor led", "10", "Academies"),
    "34": ("Academy converter", "10", "Academies"),
    "35": ("Free schools", "11", "Free Schools"),
    "36": ("Free schools special", "11", "Free Schools"),
    "37": ("British schools overseas", "9", "Other types"),
    "38": ("Free schools alternative provision", "11", "Free Schools"),
    "39": ("Free schools 16 to 19", "11", "Free Schools"),
    "40": ("University technical college", "11", "Free Schools"),
    "41": ("Studio schools", "11", "Free Schools"),
    "42": ("Academy alternative provision converter", "10", "Academies"),
    "43": ("Academy alternative provision sponsor led", "10", "Academies"),
    "44": ("Academy special converter", "10", "Academies"),
    "45": ("Academy 16-19 converter", "10", "Academies"),
    "46": ("Academy 16 to 19 sponsor led", "10", "Academies"),
    "49": ("Online provider", "13", "Online provider"),
    "56": ("Institution funded by other government department", "9", "Other types"),
    "57": ("Academy secure 16 to 19", "10", "Academies"),
}
PHASES = {"0": "Not applicable", "1": "Nursery", "2": "Primary", "3": "Middle deemed primary",
          "4": "Secondary", "5": "Middle deemed secondary", "6": "16 plus", "7": "All-through"}
STATUSES = {"1": "Open", "2": "Closed", "3": "Open, but proposed to close", "4": "Proposed to open"}

TYPE_CODE = {name: code for code, (name, _, _) in TYPES.items()}
PHASE_CODE = {name: code for code, name in PHASES.items()}
STATUS_CODE = {name: code for code, name in STATUSES.items()}


@dataclass(frozen=True)
class Establishment:
    urn: str
    name: str
    type: str = "Community school"  # by name, from TYPES
    phase: str = "Primary"
    status: str = "Open"
    la_code: str = "990"
    la_name: str = "Northmere"

    def cells(self) -> dict[str, str]:
        type_code = TYPE_CODE.get(self.type, "")
        _, group_code, group = TYPES.get(type_code, ("", "", ""))
        n = int(self.urn) if self.urn.isdigit() else 0
        return {
            "URN": self.urn, "LA (code)": self.la_code, "LA (name)": self.la_name,
            "EstablishmentNumber": str(2000 + n % 8000), "EstablishmentName": self.name,
            "TypeOfEstablishment (code)": type_code, "TypeOfEstablishment (name)": self.type,
            "EstablishmentTypeGroup (code)": group_code, "EstablishmentTypeGroup (name)": group,
            "EstablishmentStatus (code)": STATUS_CODE.get(self.status, ""),
            "EstablishmentStatus (name)": self.status,
            "ReasonEstablishmentOpened (code)": "0", "ReasonEstablishmentOpened (name)": "Not applicable",
            "OpenDate": "01-09-2012" if n % 3 == 0 else "",
            "ReasonEstablishmentClosed (code)": "0", "ReasonEstablishmentClosed (name)": "Not applicable",
            "PhaseOfEducation (code)": PHASE_CODE.get(self.phase, ""), "PhaseOfEducation (name)": self.phase,
            "StatutoryLowAge": "4", "StatutoryHighAge": "11", "Boarders (code)": "1",
            "Boarders (name)": "No boarders", "NurseryProvision (name)": "No Nursery Classes",
            "OfficialSixthForm (code)": "2", "OfficialSixthForm (name)": "Does not have a sixth form",
            "Gender (code)": "3", "Gender (name)": "Mixed", "ReligiousCharacter (code)": "99",
            "ReligiousCharacter (name)": "Does not apply", "ReligiousEthos (name)": "Does not apply",
            "Diocese (code)": "0000", "Diocese (name)": "Not applicable",
            "AdmissionsPolicy (code)": "0", "AdmissionsPolicy (name)": "Not applicable",
            "SchoolCapacity": str(200 + n % 900), "CensusDate": "16-01-2025",
            "NumberOfPupils": str(180 + n % 800), "NumberOfBoys": str(90 + n % 400),
            "NumberOfGirls": str(90 + n % 400), "PercentageFSM": f"{n % 60}.{n % 10}",
            "TrustSchoolFlag (code)": "0", "TrustSchoolFlag (name)": "Not applicable",
            "SchoolSponsorFlag (name)": "Not applicable", "FederationFlag (name)": "Not under a federation",
            "UKPRN": str(10000000 + n), "OfstedLastInsp": "12-03-2023",
            "OfstedSpecialMeasures (code)": "0", "OfstedSpecialMeasures (name)": "Not applicable",
            "LastChangedDate": "02-01-2025", "Street": f"{n % 200} Made-up Road",
            "Locality": "Nowhere Green", "Town": f"{self.la_name} Town", "County (name)": "Not recorded",
            "Postcode": f"ZZ{n % 90 + 1} {n % 9}ZZ", "SchoolWebsite": f"https://school-{n}.example",
            "TelephoneNum": f"0{1000000000 + n}", "HeadTitle (name)": "Ms", "HeadFirstName": "Alex",
            "HeadLastName": "Example", "HeadPreferredJobTitle": "Headteacher",
            "TeenMoth (name)": "Not applicable", "CCF (name)": "Not applicable",
            "SENPRU (name)": "Not applicable", "EBD (name)": "Not applicable",
            "FTProv (name)": "Not applicable", "EdByOther (name)": "Not applicable",
            "Section41Approved (name)": "Not approved", "GOR (code)": "Z", "GOR (name)": "Made-up Region",
            "DistrictAdministrative (code)": "E0" + f"{n % 10000000:07d}",
            "DistrictAdministrative (name)": self.la_name, "AdministrativeWard (code)": f"E05{n % 1000000:06d}",
            "AdministrativeWard (name)": "Made-up Ward", "ParliamentaryConstituency (code)": f"E14{n % 1000000:06d}",
            "ParliamentaryConstituency (name)": f"{self.la_name} Central", "UrbanRural (code)": "A1",
            "UrbanRural (name)": "(England/Wales) Urban major conurbation", "GSSLACode (name)": f"E0900{n % 1000:04d}",
            "Easting": str(400000 + n % 100000), "Northing": str(300000 + n % 100000),
            "MSOA (name)": f"{self.la_name} 001", "LSOA (name)": f"{self.la_name} 001A",
            "InspectorateName (name)": "Not applicable", "SENStat": str(n % 20), "SENNoStat": str(n % 60),
            "BoardingEstablishment (name)": "Not applicable", "PreviousLA (code)": "999",
            "PreviousLA (name)": "Not applicable", "OfstedRating (name)": "Good",
            "RSCRegion (name)": "Made-up Region", "Country (name)": "Not applicable",
            "UPRN": str(100000000000 + n), "QABName (code)": "0", "QABName (name)": "Not applicable",
            "EstablishmentAccredited (code)": "0", "EstablishmentAccredited (name)": "Not applicable",
            "MSOA (code)": f"E02{n % 1000000:06d}", "LSOA (code)": f"E01{n % 1000000:06d}", "FSM": str(n % 90),
        }


def rows(establishments: Iterable[Establishment]) -> Iterator[list[str]]:
    yield COLUMNS
    for e in establishments:
        cells = e.cells()
        yield [cells.get(column, "") for column in COLUMNS]


def gias_csv(establishments: Iterable[Establishment], encoding: str = "cp1252", bom: bool = False) -> bytes:
    """A GIAS file: Windows-1252 as downloaded; "utf-8" (with `bom`, as Excel's 'CSV UTF-8' saves)."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows(establishments))
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


# Other LAs of a national file, by code and name: made-up names, GIAS-like codes.
OTHER_LAS = [(str(code), f"Elsewhere {code}") for code in range(201, 401)]


def national(total: int, la_code: str, own: list[Establishment], seed: int = 13) -> Iterator[Establishment]:
    """`total` establishments across many LAs, with the LA's own (`own`) scattered among them,
    closed schools and independent ones included, as in the national file."""
    pick = random.Random(seed)
    places = sorted(pick.sample(range(total), len(own)))
    own_at = dict(zip(places, own, strict=True))
    kinds = [("Community school", "Primary"), ("Academy converter", "Secondary"),
             ("Other independent school", "Not applicable"), ("Voluntary aided school", "Primary"),
             ("Further education", "16 plus"), ("Community special school", "Not applicable")]
    for n in range(total):
        if n in own_at:
            yield own_at[n]
            continue
        code, name = OTHER_LAS[n % len(OTHER_LAS)]
        if code == la_code:
            code, name = "400", "Elsewhere 400"
        school_type, phase = kinds[n % len(kinds)]
        yield Establishment(str(100000 + n), f"Made-up School {n}", school_type, phase,
                            "Closed" if n % 3 == 0 else "Open", code, name)


def write_national(path: Path, total: int, la_code: str, own: list[Establishment],
                   encoding: str = "cp1252") -> int:
    """Write a national file to `path` (streamed, not built in memory); its size in bytes."""
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(rows(national(total, la_code, own)))
    return path.stat().st_size


def renamed(e: Establishment, **changes) -> Establishment:
    return replace(e, **changes)
