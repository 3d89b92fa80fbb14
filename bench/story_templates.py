"""The wording of the invented story set (bench/story_set.py): per kind of event, the lead
person's role and, per phase (0 the first report, 1 the next days' developments, 2 the outcome),
headline, lede and body sentence templates; and comments by people who appear in many stories.
All written by the team for this benchmark."""

from __future__ import annotations

# -- the kinds of event: slots, headlines, ledes and body sentences per phase ------------------
# Phase 0 is the first report, 1 the next day's developments, 2 the outcome. Templates use
# {slot} names filled from the event's slots; "|" separates alternatives of a phrase.

KINDS: dict[str, dict] = {
    "strike": {
        "lead_role": "general secretary of the {union}",
        "headline": [
            ["Dockers walk out at {town} over pay", "{town} port strike halts cargo",
             "Port workers strike at {town}", "Strike shuts {town} docks"],
            ["{town} strike enters second day as talks stall", "Ships queue off {town} as "
             "dock strike goes on", "No end in sight for {town} port walkout"],
            ["{town} dockers back at work after pay deal", "Deal ends {town} port strike",
             "{town} strike called off after {company} offer"],
        ],
        "lede": [
            ["About {n} dockers at {town} walked off the job on {weekday}, halting cargo "
             "traffic after pay talks with operator {company} collapsed.",
             "Cargo handling at {town} came to a standstill on {weekday} when {n} port "
             "workers went on strike over a pay offer from {company} they called an insult.",
             "Some {n} members of the {union} at the port of {town} stopped work on "
             "{weekday} in a dispute over wages."],
            ["The strike at {town} port entered its second day with {ships} ships waiting "
             "offshore and no new talks scheduled between the {union} and {company}.",
             "Container ships were anchored off {town} on {weekday} as the dockers' walkout "
             "over pay went into a second day."],
            ["Dockers at {town} returned to work on {weekday} after accepting a pay rise of "
             "{pct} percent from {company}, ending a strike that had stranded {ships} ships.",
             "The port strike at {town} is over: members of the {union} voted to accept an "
             "improved offer of {pct} percent from {company}."],
        ],
        "body": [
            ["“Our members have had enough of promises,” said {lead}, {lead_role}.",
             "{lead} told reporters at the picket line that the workers would stay out "
             "“until there is a fair offer on the table”.",
             "{company} said in a statement that it regretted the action and remained open "
             "to talks.",
             "The port handles much of the coast's grain and timber exports.",
             "Pickets gathered at the main gate of the container terminal from dawn."],
            ["“We are losing money every hour the cranes stand still,” a spokesperson for "
             "{company} said.",
             "{lead} said the union had not been invited back to the table.",
             "Hauliers reported lorries backed up on the approach road to the docks.",
             "Local businesses said deliveries of fresh goods had been held up."],
            ["“This is a good deal won by solidarity,” said {lead}.",
             "{company} said the agreement would run for two years.",
             "The first cranes were moving again by mid-morning, port staff said.",
             "The backlog of ships is expected to clear within a week."],
        ],
    },
    "fire": {
        "lead_role": "the chief fire officer",
        "headline": [
            ["Huge fire at {company} plant in {town}", "Blaze rips through {town} factory",
             "Fire crews battle {town} factory fire", "Residents told to stay indoors as "
             "{town} plant burns"],
            ["{town} factory fire: cause under investigation", "Investigators at scene of "
             "{town} factory blaze", "Smoke warning lifted after {town} fire"],
            ["{company} says {town} plant will rebuild after fire", "{n} jobs at risk after "
             "{town} factory fire", "{town} fire was electrical fault, investigators say"],
        ],
        "lede": [
            ["Firefighters spent the night fighting a large blaze at the {company} plant in "
             "{town}, where {injured} workers were treated for smoke inhalation.",
             "A fire broke out at the {company} factory in {town} late on {weekday}, sending "
             "a column of black smoke over the town.",
             "More than {crews} fire crews were called to the {company} works on the edge "
             "of {town} on {weekday} evening."],
            ["Fire investigators began sifting through the remains of the {company} plant in "
             "{town} on {weekday} as residents were told it was safe to open their windows.",
             "The cause of the fire that gutted the {company} factory in {town} is still "
             "unknown, the fire service said on {weekday}."],
            ["An electrical fault in a storage hall caused the fire that destroyed much of "
             "the {company} plant in {town}, investigators concluded on {weekday}.",
             "{company} said on {weekday} that it would rebuild its fire-damaged plant in "
             "{town} and keep paying its {n} staff."],
        ],
        "body": [
            ["“The crews worked through the night in very difficult conditions,” said "
             "{lead}, {lead_role}.",
             "Police closed the ring road near the industrial estate.",
             "Neighbours described hearing a series of loud bangs before the flames appeared.",
             "{company} said all staff on the night shift had been accounted for."],
            ["{lead} said crews would stay at the site to damp down hot spots.",
             "Air quality readings around the site returned to normal levels.",
             "A spokesperson for {company} said it was too early to say when production "
             "could resume."],
            ["“We owe our workers certainty,” the company's chief executive {ceo} said.",
             "{lead} praised the crews who stopped the fire reaching a nearby fuel depot.",
             "The plant's {n} workers will be paid while the site is rebuilt."],
        ],
    },
    "flood": {
        "lead_role": "the mayor of {town}",
        "headline": [
            ["{river} bursts its banks in {town}", "Homes flooded as {river} rises in {town}",
             "{town} evacuates streets as floodwater rises"],
            ["Clean-up begins in flooded {town}", "{town} counts cost of flooding",
             "Flood warnings stay in place along the {river}"],
            ["{town} flood victims promised help", "Funds for {town} flood repairs",
             "{town} residents return home after floods"],
        ],
        "lede": [
            ["The {river} burst its banks in {town} on {weekday} after two days of heavy rain, "
             "flooding about {homes} homes.",
             "Residents of {homes} homes in low-lying streets of {town} were moved to safety "
             "as the {river} rose above its defences.",
             "Floodwater poured into the centre of {town} on {weekday} when the {river} "
             "overtopped its banks."],
            ["Residents of {town} began clearing mud from their homes on {weekday} as the "
             "{river} fell back.",
             "Council workers in {town} handed out sandbags and cleaning kits as the floods "
             "receded."],
            ["Households in {town} hit by the {river} floods will receive grants for "
             "repairs, the council said on {weekday}.",
             "Most of the {homes} families who left their flooded homes in {town} were back "
             "by {weekday}."],
        ],
        "body": [
            ["“Nobody has seen the river this high in living memory,” said {lead}, "
             "{lead_role}.",
             "A rest centre was opened in the town's sports hall.",
             "Rescue teams used boats to reach people trapped upstairs."],
            ["{lead} said the council would inspect every damaged property.",
             "Insurers set up a help desk in the town square.",
             "Several roads remained closed because of debris."],
            ["“No family will be left to cope alone,” {lead} said.",
             "The council will review the flood defences along the river.",
             "Volunteers have collected donations of furniture and clothes."],
        ],
    },
    "bridge": {
        "lead_role": "the council's chief engineer",
        "headline": [
            ["{bridge} closed after cracks found", "Cracks shut {town}'s {bridge}",
             "{town} bridge closed to traffic"],
            ["Drivers face long detours around closed {bridge}", "Inspectors examine "
             "{town}'s {bridge}", "{town} bridge closure hits businesses"],
            ["{bridge} to reopen after repairs", "Repairs approved for {town}'s {bridge}",
             "{bridge} in {town} reopens to cars"],
        ],
        "lede": [
            ["The {bridge} in {town} was closed to all traffic on {weekday} after inspectors "
             "found cracks in one of its supports.",
             "Engineers shut the {bridge}, the main road crossing in {town}, on {weekday} "
             "when routine checks revealed structural cracks."],
            ["Drivers in {town} faced detours of up to {miles} miles on {weekday} after the "
             "closure of the {bridge}.",
             "Specialist inspectors spent {weekday} examining the damaged support of "
             "{town}'s {bridge}."],
            ["The {bridge} in {town} will reopen to cars once temporary supports are fitted, "
             "the council said on {weekday}.",
             "Repairs costing {cost} million were approved for the {bridge} on {weekday}."],
        ],
        "body": [
            ["“Safety must come first,” said {lead}, {lead_role}.",
             "Pedestrians can still use the footway on the eastern side.",
             "The bridge carries about {n} vehicles a day."],
            ["{lead} said the cracks were wider than first thought.",
             "Bus routes have been diverted through the industrial estate.",
             "Shopkeepers on the south bank reported falling trade."],
            ["{lead} said the temporary supports were a first step.",
             "Heavy lorries will remain banned from the bridge for now.",
             "Work on a permanent repair is due to start in the spring."],
        ],
    },
    "layoffs": {
        "lead_role": "chief executive of {company}",
        "headline": [
            ["{company} to cut {n} jobs in {town}", "{n} jobs to go at {company} in {town}",
             "Blow for {town} as {company} announces job cuts"],
            ["Union vows to fight {company} job cuts in {town}", "Anger in {town} over "
             "{company} plan", "Workers rally against {town} job losses"],
            ["{company} agrees to talks over {town} cuts", "{company} reduces {town} job "
             "cuts after union talks", "Fewer {town} jobs to go, {company} says"],
        ],
        "lede": [
            ["{company} said on {weekday} it would cut {n} jobs at its plant in {town}, "
             "blaming falling orders.",
             "About {n} workers at the {company} site in {town} will lose their jobs under "
             "a restructuring announced on {weekday}."],
            ["The {union} said on {weekday} it would fight plans by {company} to cut {n} "
             "jobs in {town}.",
             "Hundreds of workers rallied outside the {company} gates in {town} on {weekday} "
             "against the planned job cuts."],
            ["{company} agreed on {weekday} to reduce the number of job losses at its {town} "
             "plant after talks with the {union}.",
             "Fewer jobs than planned will go at {company} in {town}, the company said "
             "after meeting union leaders on {weekday}."],
        ],
        "body": [
            ["“These are difficult decisions,” said {lead}, {lead_role}.",
             "The plant is one of the largest employers in {town}.",
             "{union_lead} of the {union} called the announcement “a hammer blow”."],
            ["“We will not let these jobs go without a fight,” said {union_lead}.",
             "Local shops said the cuts would hit the whole town.",
             "{lead} said the company had no choice."],
            ["{union_lead} said the revised plan was “a step in the right direction”.",
             "{lead} said voluntary redundancy would be offered first.",
             "The company will keep its research centre in the town."],
        ],
    },
    "derailment": {
        "lead_role": "head of the rail accident investigators",
        "headline": [
            ["Freight train derails near {town}", "{company} train comes off tracks at "
             "{town}", "Derailment blocks line at {town}"],
            ["Line near {town} stays shut after derailment", "Investigators at {town} "
             "derailment site", "Commuters stranded after {town} derailment"],
            ["Line through {town} reopens after derailment", "Worn rail blamed for {town} "
             "derailment", "Trains running again at {town}"],
        ],
        "lede": [
            ["A {company} freight train carrying {cargo} came off the tracks near {town} "
             "on {weekday}, blocking the main coastal line.",
             "{wagons} wagons of a freight train derailed outside {town} station early on "
             "{weekday}; nobody was hurt."],
            ["The coastal line near {town} remained closed on {weekday} as crews worked to "
             "lift the derailed wagons.",
             "Rail accident investigators arrived at {town} on {weekday} to examine the "
             "derailed {company} train."],
            ["Passenger trains ran through {town} again on {weekday} after engineers "
             "replaced a damaged stretch of track.",
             "A worn section of rail caused the derailment near {town}, investigators said "
             "in a first report on {weekday}."],
        ],
        "body": [
            ["“We are relieved no one was injured,” a spokesperson for {company} said.",
             "Replacement buses were running between {town} and the next station.",
             "{lead}, {lead_role}, said a team had been sent to the site."],
            ["{lead} said the wagons' brakes would be examined.",
             "Cranes were brought in to lift the wagons from the track.",
             "{company} apologised to passengers for the delays."],
            ["{lead} said a full report would follow within months.",
             "{company} said it would check the track along the whole coast line.",
             "Commuters said they were glad the line was open again."],
        ],
    },
    "festival": {
        "lead_role": "the festival director",
        "headline": [
            ["{town} harbour festival opens", "Crowds flock to {town} festival",
             "{town} festival begins with parade"],
            ["Record crowds at {town} festival", "{town} festival hailed a success",
             "Music and boats draw thousands to {town}"],
            ["{town} festival ends with fireworks", "Curtain falls on {town} festival",
             "{town} festival to return next year"],
        ],
        "lede": [
            ["The {town} harbour festival opened on {weekday} with a parade of boats and "
             "music on the quay.",
             "Thousands of visitors filled the streets of {town} on {weekday} for the first "
             "day of the town's summer festival."],
            ["Organisers of the {town} festival said on {weekday} that more than {n} people "
             "had attended so far.",
             "The {town} harbour festival drew record crowds on its second day."],
            ["The {town} festival ended on {weekday} with fireworks over the harbour.",
             "Organisers said on {weekday} the {town} festival would return next summer."],
        ],
        "body": [
            ["“It is wonderful to see the town so full of life,” said {lead}, {lead_role}.",
             "{mayor}, the mayor of {town}, cut the ribbon at the harbour.",
             "Street food stalls lined the promenade."],
            ["{lead} thanked the volunteers who ran the stalls.",
             "Hotels in the town reported no vacancies.",
             "A sailing race drew crowds to the harbour wall."],
            ["{lead} said the festival had raised money for the lifeboat station.",
             "{mayor} said the town would support next year's event.",
             "Clean-up crews worked through the night."],
        ],
    },
    "trial": {
        "lead_role": "the prosecutor",
        "headline": [
            ["Former {company} manager goes on trial in {town}", "{defendant} denies fraud "
             "at {town} court", "Fraud trial opens in {town}"],
            ["{town} fraud trial hears from accountant", "Jury hears of missing funds in "
             "{defendant} trial", "Witness tells {town} court of false invoices"],
            ["{defendant} found guilty of fraud", "Jury convicts former {company} manager",
             "{defendant} jailed for {years} years"],
        ],
        "lede": [
            ["{defendant}, a former finance manager at {company}, went on trial at {town} "
             "Crown Court on {weekday} accused of stealing {cost} million.",
             "The fraud trial of {defendant} began in {town} on {weekday}; {defendant} denies "
             "taking {cost} million from {company}."],
            ["An accountant told the trial of {defendant} in {town} on {weekday} that false "
             "invoices had been paid for three years.",
             "The jury in the {town} fraud trial heard on {weekday} how money meant for "
             "suppliers ended up in private accounts."],
            ["{defendant} was found guilty on {weekday} of stealing {cost} million from "
             "{company} and jailed for {years} years.",
             "A jury in {town} convicted {defendant} of fraud on {weekday}."],
        ],
        "body": [
            ["“This was a deliberate and sustained deception,” said {lead}, {lead_role}.",
             "{defendant} pleaded not guilty to all charges.",
             "The trial is expected to last two weeks."],
            ["{lead} showed the jury bank statements from the period.",
             "The defence said {defendant} had been following instructions.",
             "The judge reminded jurors not to discuss the case."],
            ["{lead} said the verdict sent a clear message.",
             "{company} said it welcomed the verdict.",
             "The judge said the fraud had caused real harm."],
        ],
    },
}

#: comments that outlets add to stories of many kinds, by people who appear in many stories
COMMENTS = {
    "strike": "{minister_t}, the transport minister, urged both sides to return to talks.",
    "derailment": "{minister_t}, the transport minister, said she had asked for a full report.",
    "bridge": "{minister_t}, the transport minister, promised help with the repair bill.",
    "flood": "{minister_e}, the environment minister, visited the town and met residents.",
    "fire": "{police} of the regional police said there was no sign of foul play.",
    "layoffs": "{minister_e}, the economy minister, said the government would support the "
               "workers.",
    "festival": "{police} of the regional police said the crowds had been good-humoured.",
    "trial": "{police} of the regional police led the original investigation.",
}

