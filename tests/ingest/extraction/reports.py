"""Invented reports and an invented negotiation for the extraction tests.

Nothing here comes from a real report: the countries, people and talks are
made up, in the styles of different outlets (wire copy, a broadsheet, a state
agency, a web portal with page furniture).
"""
import datetime as dt
import tomllib
from pathlib import Path

import pytest

from ingest.extraction import Context, IssueRef, PartyRef, PersonRef, RoundRef, find_statements

CONTEXT = Context(
    parties=(
        PartyRef("ALD", "Aldoria", ("Marensk", "the Aldorian government", "Aldorian Foreign Ministry"), ("Aldorian", "Aldoria's")),
        PartyRef("BOR", "Borvania", ("Kestrel City", "the Borvanian side"), ("Borvanian", "Borvania's")),
        PartyRef("RIV", "River Basin Commission", ("the commission", "RBC"), ("commission",)),
    ),
    people=(
        PersonRef("Tomasz Wielgosz", "ALD", "Foreign Minister", ("Wielgosz",)),
        PersonRef("Helena Marquardt", "BOR", "Prime Minister", ("Marquardt",)),
        PersonRef("Yuri Antonenko", "RIV", "Commission chair", ("Yuriy Antonenko", "Antonenko")),
    ),
    issues=(
        IssueRef("dam-moratorium", "No new dams upstream on the Varta", "ALD",
                 "Borvania builds no new dams or reservoirs upstream on the Varta river without Aldoria's consent."),
        IssueRef("water-quota", "A fixed share of the river's water", "ALD",
                 "A guaranteed minimum flow: at least 40 percent of the river's water reaches Aldoria every season."),
        IssueRef("navigation-rights", "Free navigation for Borvanian barges", "BOR",
                 "Borvanian barges navigate the lower Varta freely, without tolls or inspections."),
        IssueRef("joint-monitoring", "Joint monitoring of the river", "BOR",
                 "Shared gauging stations and data on flow and pollution, open to both sides.",
                 cues=("gauging stations",)),
    ),
    rounds=(RoundRef("r1", dt.date(2030, 3, 4)), RoundRef("r2", dt.date(2030, 3, 18)), RoundRef("r3", dt.date(2030, 4, 8))),
)

# A wire report, published Wednesday 20 March 2030.
WIRE = (
    "Aldoria, Borvania trade blame as river talks stall\n\n"
    "By Staff Reporter\n\n"
    "MARENSK, March 20 (Wire) - Aldoria on Tuesday accused Borvania of stalling the talks on the Varta river, "
    "saying no agreement was possible while new dams were being built upstream.\n\n"
    "\u201cWe will not sign anything as long as the bulldozers keep working on the Varta,\u201d Foreign Minister "
    "Tomasz Wielgosz told reporters in Marensk on Tuesday. \u201cThe construction of new dams must stop.\u201d\n\n"
    "\u201cOur farmers cannot wait another season,\u201d he added.\n\n"
    "Borvanian Deputy Foreign Minister Ivan Petrov said the dam programme was not negotiable but that his "
    "government was ready to discuss joint monitoring of the river's flow.\n\n"
    "Anna Sidorova, the ministry's spokeswoman, said on Monday that Borvania had no plans to reduce the flow "
    "reaching Aldoria.\n\n"
    "The two delegations met for six hours in a lakeside hotel. Photographs showed the ministers shaking hands.\n\n"
    "\u201cThe water does not belong to one country. It belongs to the people who live along the river,\u201d said "
    "Maria Gomez, an analyst at the Institute for Water Policy.\n\n"
    "Share this article\n\n"
    "Reporting by Staff Reporter; Editing by Desk Editor"
)

# A broadsheet report, published Saturday 6 April 2030.
BROADSHEET = (
    "The Borvanian prime minister, Helena Marquardt, struck a conciliatory tone on Friday, insisting that her "
    "country respected the river's downstream users.\n\n"
    "\u201cWe have never sought to deprive our neighbours of water,\u201d Marquardt told parliament. \u201cBut "
    "Borvania will decide for itself where it builds reservoirs.\n\n"
    "\u201cNobody in Marensk can dictate that to us.\u201d\n\n"
    "Last week, the Aldorian foreign minister, Tomasz Wielgosz, laid out three demands: no new dams on the "
    "upstream Varta, a guaranteed share of 40 percent of the flow, and an end to the drilling near the border.\n\n"
    "Aldoria's leader has said little in public. Officials in Kestrel City expressed openness to a temporary "
    "quota for the summer months, if Aldoria lifts the tolls on Borvanian barges.\n\n"
    "According to the commission, the draft treaty said the barges should navigate the lower river freely.\n\n"
    "A river we share is a river we protect Yuri Antonenko Commission chair\n\n"
    "The chair, speaking yesterday, warned of a long dry summer."
)

# A state-agency report with page furniture, published Monday 18 March 2030.
AGENCY = (
    "Advertisement\n\n"
    "Kestrel City, 18 March. In mid-February 2030, Borvania handed Aldoria a draft agreement on the Varta. The "
    "document said that Aldoria should allow Borvanian barges to use the lower river without inspections.\n\n"
    "Wielgosz, in an interview published on 10 March, rejected the proposal. \u201cTolls are a matter for our "
    "parliament, not for Kestrel City,\u201d the minister said.\n\n"
    "Premier Marquardt, for her part, said the barges were carrying grain for Aldorian markets as well.\n\n"
    "Read more: Drought hits the Varta valley\n\n"
    "Comments\n\n"
    "Great article, thanks! said reader Bob"
)

# A web portal report with abbreviations, anonymous officials and quotes attributed around them,
# published Thursday 4 April 2030.
PORTAL = (
    "Home | World | Water\n\n"
    "Mr. Wielgosz was blunt. \u201cThe dams must go, all of them.\u201d\n\n"
    "On Jan. 10 the commission had proposed gauging stations at every crossing. In a statement on "
    "Wednesday, the commission said it would install the stations without waiting for the treaty.\n\n"
    "Aldorian officials, speaking on condition of anonymity, said Marensk was open to a seasonal water "
    "quota if the dam works were suspended.\n\n"
    "Dr. Jane Roe, a hydrologist at Northfield University, said the river had lost a fifth of its flow "
    "in a decade.\n\n"
    "\u201cThis is a question of survival for our farmers.\u201d Wielgosz made the remark at a rally in the "
    "southern valley.\n\n"
    "Marquardt, who met the commission on Tuesday, told a news conference that Borvania would never accept "
    "inspections of its barges. She added that the tolls were illegal.\n\n"
    "Subscribe to our newsletter\n\n"
    "Photo: Staff"
)


DAY = dt.date(2030, 3, 20)  # a Wednesday: the day a test's own text is published unless it says otherwise


def found_in(text: str, *, context: Context = CONTEXT):
    """The statements found in a text published on DAY, about the invented negotiation."""
    return find_statements(text, published=DAY, context=context)


def cases(name: str, *, keys: set[str]) -> list:
    """The cases of cases/NAME.toml, each a `pytest.param` of its table with the case's `id` as the test id.

    Every case must have its `id` and `text` and no key outside `keys`: a misspelt one would check nothing."""
    with open(Path(__file__).with_name("cases") / f"{name}.toml", "rb") as f:
        table = tomllib.load(f)["case"]
    for case in table:
        assert {"id", "text"} <= set(case) <= {"id", "text"} | keys, case
    return [pytest.param(case, id=case["id"]) for case in table]
