"""GIAS establishment files for tests, generated with the real DfE header (139 columns, in the DfE order)."""

import csv
import io

_SEN = [f"SEN{n} (name)" for n in range(1, 14)]

GIAS_HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "NurseryProvision (name)",
    "OfficialSixthForm (code)",
    "OfficialSixthForm (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "ReligiousEthos (name)",
    "Diocese (code)",
    "Diocese (name)",
    "AdmissionsPolicy (code)",
    "AdmissionsPolicy (name)",
    "SchoolCapacity",
    "SpecialClasses (code)",
    "SpecialClasses (name)",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)",
    "Trusts (code)",
    "Trusts (name)",
    "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)",
    "FederationFlag (name)",
    "Federations (code)",
    "Federations (name)",
    "UKPRN",
    "FEHEIdentifier",
    "FurtherEducationType (name)",
    "OfstedLastInsp",
    "OfstedSpecialMeasures (code)",
    "OfstedSpecialMeasures (name)",
    "LastChangedDate",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "HeadPreferredJobTitle",
    "BSOInspectorateName (name)",
    "InspectorateReport",
    "DateOfLastInspectionVisit",
    "NextInspectionVisit",
    "TeenMoth (name)",
    "TeenMothPlaces",
    "CCF (name)",
    "SENPRU (name)",
    "EBD (name)",
    "PlacesPRU",
    "FTProv (name)",
    "EdByOther (name)",
    "Section41Approved (name)",
    *_SEN,
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity",
    "SenUnitOnRoll",
    "SenUnitCapacity",
    "GOR (code)",
    "GOR (name)",
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "AdministrativeWard (code)",
    "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)",
    "ParliamentaryConstituency (name)",
    "UrbanRural (code)",
    "UrbanRural (name)",
    "GSSLACode (name)",
    "Easting",
    "Northing",
    "MSOA (name)",
    "LSOA (name)",
    "InspectorateName (name)",
    "SENStat",
    "SENNoStat",
    "PropsName",
    "PreviousLA (code)",
    "PreviousLA (name)",
    "PreviousEstablishmentNumber",
    "OfstedRating (name)",
    "RSCRegion (name)",
    "Country (name)",
    "UPRN",
    "SiteName",
    "QABName (code)",
    "QABName (name)",
    "EstablishmentAccredited (code)",
    "EstablishmentAccredited (name)",
    "QABReport",
    "CHNumber",
    "MSOA (code)",
    "LSOA (code)",
    "FSM",
    "AccreditationExpiryDate",
]

# A typical row; tests override what they care about.
BASE_ROW = {
    "LA (code)": "990",
    "LA (name)": "Demo Borough",
    "TypeOfEstablishment (name)": "Community school",
    "EstablishmentTypeGroup (name)": "Local authority maintained schools",
    "EstablishmentStatus (name)": "Open",
    "OpenDate": "01-09-1974",
    "CloseDate": "",
    "PhaseOfEducation (name)": "Primary",
    "StatutoryLowAge": "4",
    "StatutoryHighAge": "11",
    "Gender (name)": "Mixed",
    "ReligiousCharacter (name)": "Does not apply",
    "Diocese (name)": "Not applicable",
    "NumberOfPupils": "210",
    "PercentageFSM": "18.6",
    "Trusts (code)": "",
    "Trusts (name)": "",
    "LastChangedDate": "12-11-2026",
    "Town": "Demoton",
    "County (name)": "Not recorded",
    "Postcode": "DE1 1AA",
    "SchoolWebsite": "www.school.demo.sch.uk",
    "TelephoneNum": "01632960000",
    "HeadTitle (name)": "Mrs",
    "HeadFirstName": "Jane",
    "HeadLastName": "Smith",
    "HeadPreferredJobTitle": "Headteacher",
    "Country (name)": "United Kingdom",
    "GOR (name)": "West Midlands",
    "UrbanRural (name)": "(England/Wales) Urban city and town",
}


def gias_row(urn, name, **overrides):
    row = dict(BASE_ROW)
    row.update({"URN": str(urn), "EstablishmentName": name, "EstablishmentNumber": str(urn)[-4:]})
    for key, value in overrides.items():
        row[key] = value
    unknown = set(row) - set(GIAS_HEADER)
    assert not unknown, f"not GIAS columns: {unknown}"
    return row


def gias_csv(rows, *, encoding="cp1252", bom=False, header=None, shuffle_columns=False):
    """A GIAS file as bytes. shuffle_columns reverses the column order (matching must be by name)."""
    header = list(header or GIAS_HEADER)
    if shuffle_columns:
        header.reverse()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return data


# Every GIAS "TypeOfEstablishment (name)" of a state-funded school in England, in GIAS's spelling, with its
# "EstablishmentTypeGroup (name)" and whether the local authority maintains it.
STATE_FUNDED_GIAS_TYPES = [
    ("Community school", "Local authority maintained schools", True),
    ("Voluntary aided school", "Local authority maintained schools", True),
    ("Voluntary controlled school", "Local authority maintained schools", True),
    ("Foundation school", "Local authority maintained schools", True),
    ("Local authority nursery school", "Local authority maintained schools", True),
    ("Pupil referral unit", "Local authority maintained schools", True),
    ("Community special school", "Special schools", True),
    ("Foundation special school", "Special schools", True),
    ("Academy converter", "Academies", False),
    ("Academy sponsor led", "Academies", False),
    ("Academy special converter", "Special schools", False),
    ("Academy special sponsor led", "Special schools", False),
    ("Academy alternative provision converter", "Academies", False),
    ("Academy alternative provision sponsor led", "Academies", False),
    ("Academy 16-19 converter", "Academies", False),
    ("Academy 16-19 sponsor led", "Academies", False),
    ("Academy 16 to 19 sponsor led", "Academies", False),
    ("Academy secure 16 to 19", "Academies", False),
    ("City technology college", "Academies", False),
    ("Free schools", "Free Schools", False),
    ("Free schools special", "Free Schools", False),
    ("Free schools alternative provision", "Free Schools", False),
    ("Free schools 16 to 19", "Free Schools", False),
    ("University technical college", "Free Schools", False),
    ("Studio schools", "Free Schools", False),
]

# GIAS establishment types that are not state-funded schools in England (never imported).
OTHER_GIAS_TYPES = [
    ("Other independent school", "Independent schools"),
    ("Other independent special school", "Independent schools"),
    ("Non-maintained special school", "Special schools"),
    ("Further education", "Colleges"),
    ("Sixth form centres", "Colleges"),
    ("Special post 16 institution", "Colleges"),
    ("Higher education institutions", "Universities"),
    ("Welsh establishment", "Welsh schools"),
    ("Service children's education", "Other types"),
    ("Secure units", "Other types"),
    ("Online provider", "Online provider"),
]
