"""The urgent tier: not a call to the emergency number, but a professional should hear of it today.

    detect("my 78-year-old mum on baclofen has been muddled and nearly fell twice this week")
    -> UrgentFlag(category="confusion_or_falls", evidence="muddled and nearly fell")

Categories (the reason staff see in the tracker's `urgent_flag` slot):
- confusion_or_falls: new muddle, confusion or falls, often in an older person;
- weakness: legs giving way, much weaker, especially since a dose change;
- drowsiness: can't stay awake, nodding off at work or at the wheel;
- supply_gap: ran out, or several doses missed, with no red-flag symptom yet (stopping
  suddenly is dangerous, so this cannot wait for a routine appointment);
- vomiting: can't keep tablets down;
- pump_refill: a pump refill is due and cannot happen in time, with no alarm or symptom yet;
- pump_site: the skin over a pump or its wound is red, swollen, sore or leaking (infection needs
  checking the same day; with a fever or other red flag it is an emergency instead).

Like the red-flag report patterns, these only fire when the message is not a general
question ("can baclofen cause weakness?" is answered, not triaged). Also here: whether a
message describes someone's present state in alarming words (`sounds_alarming`), used when
no pattern is sure. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Pattern, Tuple

from safety.red_flags import discounted, is_general_question, is_story, normalise

CATEGORIES: Tuple[str, ...] = (
    "confusion_or_falls",
    "weakness",
    "drowsiness",
    "supply_gap",
    "vomiting",
    "pump_refill",
    "pump_site",
    "dose_instructions",
    "procedure",
    "new_or_worse",  # any other sign told as new or bad in someone now (whole-message check)
)
NEW_OR_WORSE = "new_or_worse"


@dataclass(frozen=True)
class UrgentFlag:
    category: str
    evidence: str


# "confused about the time of day" is disorientation, not being puzzled about something.
_DISORIENTED_ABOUT = r"(?:the )?(?:time|day|date|what day|what time|where)\b"
_MUDDLED = (
    r"(?:muddled|confused|confusion|befuddled|disorientated|disoriented|forgetful|not (?:himself|herself|themselves)|"
    r"not with it|away with the fairies|all over the place|wandering|vague|foggy|in a fog|not making much sense)"
)
_FALL = (
    r"(?:fell|falls|fallen|falling(?! asleep)|fall(?! asleep)|nearly fell|almost fell|keeps falling(?! asleep)|tripp\w*|stumbl\w*|unsteady|wobbly|"
    r"(?:had|having|has had) a (?:little |bit of a |small )?wobble|"
    r"off balance|losing (?:his|her|their|my) balance|lost (?:his|her|their|my) (?:balance|footing)|went over)"
)
_DOSE_CHANGE = (
    r"(?:dose|dosage|it|baclofen|tablets?) (?:was |has been |got |went |were )?(?:up|upped|increased|raised|doubled|"
    r"went up|changed|put up|bumped up)|(?:upped|increased|raised|doubled|put up|bumped up|changed) (?:the |my |his |her |their )?"
    r"(?:dose|dosage|baclofen)|(?:higher|bigger|new|extra) dose|(?:started|starting) (?:on )?(?:it|baclofen)"
)


def _compile(patterns: List[str]) -> List[Pattern[str]]:
    return [re.compile(p) for p in patterns]


_PATTERNS: Dict[str, List[Pattern[str]]] = {
    # new_or_worse has no patterns of its own: it is the whole-message check in detect()
    "confusion_or_falls": _compile(
        [
            # "a little confused since they changed the pump setting"
            r"\b(?:a (?:little|bit)|slightly|bit|more|quite|very|really|so) (?:more )?(?:confused|muddled|disorientated|"
            r"disoriented|foggy|vague|forgetful)\b[^.?!]{0,40}?\bsince (?:they|he|she|we|starting|taking|changing|going on|baclofen|"
            r"(?:the|his|her|my|their) (?:doctor|gp|nurse|consultant|dose|dosage|pump|increase|change|new|baclofen|tablets|"
            r"operation|refill)|yesterday|last|the weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            rf"\b{_MUDDLED}\b[^?!]{{0,80}}?\b{_FALL}\b",
            rf"\b{_FALL}\b[^?!]{{0,80}}?\b{_MUDDLED}\b",
            r"\b(?:had|has had|having|keeps having|been having|another|a couple of|two|three|several) (?:a )?(?:falls?|tumbles?)\b",
            r"\b(?:keeps|kept|been|is|has been) (?:falling over|falling down|falling(?! asleep| off)|tripping|stumbling)\b",
            r"\b(?:nearly|almost) (?:fell|fallen|went over)\b",
            r"\b(?:is|are|has been|have been|'s been|seems|seem|seemed|'s seemed|has seemed|getting|got|become|becoming) "
            r"(?:really |very |a bit |quite |more |so |a little )?"
            r"(?:muddled|confused|forgetful|disorientated|disoriented|vague)\b"
            # not puzzled "about" something, but confused about the time, the day or where one is
            rf"(?! (?:about(?! {_DISORIENTED_ABOUT})|by|with|as to|whether|over|if)\b)",
        ]
    ),
    "pump_site": _compile(
        [
            r"\b(?:pump|implant|port|catheter|wound|scar|incision|stitches|site)\b[^.?!]{0,40}?\b(?:is |are |looks? |"
            r"has gone |gone |got |getting |been )?(?:a bit |quite |really |very )?(?:red|reddish|inflamed|swollen|puffy|"
            r"sore|tender|hot|warm to the touch|oozing|weeping|leaking|seeping|discharg\w*|pus|infected|open|bulging)\b",
            r"\b(?:red|redness|reddish|inflamed|swollen|swelling|puffy|sore|tender|oozing|weeping|leaking|seeping|"
            r"discharging|bleeding)\b[^.?!]{0,25}?\b(?:around|over|"
            r"near|at|by|from|out of|under) (?:where )?(?:the |his |her |their |my )?(?:\w+'s )?(?:baclofen )?(?:pump|implant|wound|scar|"
            r"incision|stitches|site)\b",
            r"\b(?:skin|area) (?:around|over|near|by) (?:it|the pump|the wound|the site|the scar|the incision)\b[^.?!]{0,30}?"
            r"\b(?:red|inflamed|swollen|hot|sore|oozing|weeping|leaking)\b",
            # a headache on sitting or standing up after the pump or a spinal trial (a leak of spinal fluid)
            r"\bheadaches?\b[^.?!]{0,60}?\b(?:sit|sitting|sits|stand|standing|stands|get|getting|gets) up\b[^.?!]{0,60}?"
            r"\b(?:pump|operation|surgery|procedure|implant|trial|test dose|injection|lumbar)\b",
            r"\b(?:pump|operation|surgery|procedure|implant|trial|test dose|injection|lumbar)\b[^.?!]{0,60}?\bheadaches?\b"
            r"[^.?!]{0,60}?\b(?:sit|sitting|sits|stand|standing|stands|get|getting|gets) up\b",
        ]
    ),
    # different instructions for the same medicine: which to follow is for the pharmacist today
    "dose_instructions": _compile(
        [
            r"\b(?:label|leaflet|box|packet|pack|bottle|pharmacy|pharmacist|chemist|prescription)\b[^.?!]{0,50}?\b(?:says?|said|"
            r"states?|tells?)\b[^.?!]{0,60}?\b(?:but|whereas|while|yet)\b[^.?!]{0,50}?\b(?:doctor|gp|consultant|nurse|neuro\w*|"
            r"specialist|hospital|clinic)\b",
            r"\b(?:doctor|gp|consultant|nurse|neuro\w*|specialist|hospital|clinic)\b[^.?!]{0,50}?\b(?:says?|said|told|tells)\b"
            r"[^.?!]{0,60}?\b(?:but|whereas|while|yet)\b[^.?!]{0,50}?\b(?:label|leaflet|box|packet|pack|bottle|pharmacy|"
            r"pharmacist|chemist)\b",
            r"\b(?:given|gave|got|dispensed|sent)\b[^.?!]{0,30}?\b(?:the )?wrong (?:strength|tablets|dose|medicine|pills)\b",
            r"\b(?:took|taken|given|gave|had)\b[^.?!]{0,80}?\b(?:different|wrong|higher|stronger) (?:strength|dose|tablets)\b",
        ]
    ),
    # an operation or test with nothing by mouth: the surgical team must plan the baclofen
    "procedure": _compile(
        [
            r"\bnil by mouth\b",
            r"\b(?:fasting|fast|nothing to eat or drink|no food or drink|not allowed to eat)\b[^.?!]{0,40}?\b(?:before|for) "
            r"(?:my|his|her|their|the|an|a) (?:surgery|operation|op|procedure|anaesthetic|anesthetic|scan|endoscopy)\b",
        ]
    ),
    "weakness": _compile(
        [
            rf"\bweak\w*\b[^?!]{{0,60}}?\bsince\b[^?!]{{0,30}}?(?:{_DOSE_CHANGE})",
            r"\b(?:legs|leg|knees|arms)\b[^.?!]{0,25}?\b(?:giving way|gave way|give way|buckl\w*|like jelly|jelly|won't hold|"
            r"can't hold|don't hold|not holding|collapsing under)\b",
            r"\bjelly legs\b",
            r"\b(?:so|really|very|too|extremely|much|far|super) weak(?:er)?\b[^?!]{0,40}?\b(?:can't|cannot|couldn't|barely|"
            r"hardly|struggl\w*|unable)\b",
            r"\b(?:can't|cannot|couldn't|barely|hardly) (?:stand|walk|get up|lift|climb the stairs|get out of (?:bed|the chair))\b",
            r"\b(?:really|very|so|extremely|terribly) weak (?:legs|arms|muscles)\b",
            r"\bweak(?:er)? (?:legs|arms|muscles)? ?(?:since|after) (?:the|my|his|her) (?:dose|dosage|increase)\b",
        ]
    ),
    "drowsiness": _compile(
        [
            r"\b(?:can't|cannot|can not|struggling to|struggle to|unable to) stay awake\b",
            r"\b(?:falling|fall|fell|dropping|nodding|dozing|drifting) (?:off|asleep)\b[^.?!]{0,30}?\b(?:at work|at my desk|"
            r"at the wheel|driving|while driving|in meetings?|mid[- ]sentence|while eating|standing up|all day|all the time|"
            r"at school|in class)\b",
            r"\b(?:keep|keeps|kept|constantly|always) (?:falling asleep|nodding off|dozing off|dropping off)\b",
            r"\b(?:can't|cannot|can not) keep (?:my|his|her|their) eyes open\b",
            r"\b(?:much|far|way|a lot) (?:more )?(?:drowsier|sleepier|more drowsy|more sleepy) than (?:usual|normal|before)\b",
        ]
    ),
    "supply_gap": _compile(
        [
            r"\b(?:(?:ran|run|running|i'm|i am|we're|he's|she's|is|are|am|be|been) out|have none|got none|none left|"
            r"nothing left)\b[^.?!]{0,30}?\b(?:baclofen|tablets|pills|meds|medication|medicine|prescription|script|lioresal)\b",
            r"\b(?:baclofen|tablets|pills|meds|medication|prescription|script)\b[^.?!]{0,20}?\b(?:ran out|run out|"
            r"running out|has run out|finished|all gone|used up)\b",
            r"\b(?:runs|will run|going to run|gonna run|run) out (?:tomorrow|tonight|today|on \w+|in (?:a|one|two|\d+) days?|"
            r"before)\b",
            r"\b(?:prescription|script)\b[^.?!]{0,20}?\b(?:has |had |is )?(?:expired|run out|lapsed|not ready|won't be ready|"
            r"wont be ready|isn't ready|delayed)\b",
            r"\bdown to (?:my |his |her |their |the )?(?:last |final )?(?:one|two|1|2|a single|last|final)? ?(?:tablet|pill|dose)s?\b",
            r"\b(?:skipped|missed|not taken|stopped taking) (?:my |his |her |their )?(?:baclofen|tablets|pills|meds|doses?) "
            r"(?:for )?(?:most of|all of|all|half of|much of) (?:this|the|last) week\b",
            r"\b(?:have|has|got|with|i've|he's|she's) (?:only )?(?:one|two|1|2|a single|my last|his last|her last|the last) "
            r"(?:\w+ )?(?:dose|tablet|pill)s? left\b",
            r"\b(?:missed|skipped|forgot|forgotten|not taken|haven't taken|hasn't taken|didn't take|not had|haven't had|"
            r"hasn't had)\b[^.?!]{0,40}?\b(?:two|three|four|five|several|a few|a couple of|[2-9]|all (?:of )?(?:his|her|my|their)"
            r"|any (?:of )?(?:his|her|my|their)?) ?(?:doses|days|tablets|of (?:his|her|my|their) doses)\b",
            r"\b(?:haven't|hasn't|have not|has not|not) (?:taken|had) (?:it|any|my|his|her|their|baclofen)\b[^.?!]{0,25}?"
            r"\b(?:since|for) (?:\w+ )?(?:days?|yesterday|the weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
            r"a while|ages|(?:\d+|twelve|twenty[- ]four|24|48) hours)\b",
            # away from home without enough: "forgot to pack my baclofen", "only got one day's worth"
            r"\b(?:forgot|forgotten|didn't|did not|left)\b[^.?!]{0,15}?\b(?:pack|bring|take)?\b[^.?!]{0,10}?"
            r"\b(?:baclofen|lioresal|gablofen|tablets|pills|meds|medication|medicine)\b[^.?!]{0,40}?\b(?:abroad|away|holiday|on holiday|"
            r"at home|home|trip|travelling|traveling|respite|stay|care home|hospital|camp|hotel|sleepover)\b",
            # refusing it for a while: withdrawal can follow as from a gap in supply
            r"\b(?:refused|refusing|refuses|won't take|will not take|not taking)\b[^.?!]{0,30}?\b(?:baclofen|tablets|pills|"
            r"meds|medication|it|his|her|their)\b[^.?!]{0,30}?\b(?:for|since) (?:\w+ )?(?:days?|yesterday|the weekend|"
            r"(?:\d+|24|48) hours)\b",
            # two doses in a row: "missed last night's and this morning's doses"
            r"\b(?:missed|skipped|forgot|lost)\b[^.?!]{0,30}?\b(?:last night's|yesterday's|last evening's) (?:and|&) "
            r"(?:this morning's|today's)\b",
            # not enough for a trip: "travelling abroad tomorrow and I don't have enough baclofen"
            r"\b(?:don't|do not|won't|will not|haven't got|have not got|hasn't got|doesn't have) (?:have )?enough "
            r"(?:baclofen|lioresal|tablets|pills|meds|medication|medicine)\b",
            r"\bmissed all (?:of )?(?:my|his|her|their) (?:\w+ )?doses\b",
            # two doses in a row: "forgot to give him his baclofen yesterday and again this morning"
            r"\b(?:forgot|forgotten|missed|skipped|didn't (?:get|give|have|take)|not given)\b[^.?!]{0,50}?\b(?:yesterday|last night)"
            r" (?:and|&) (?:again )?(?:this morning|today|tonight)\b",
            # the count first: "like 5 or 6 doses missed", "missing my bac all week"
            r"\b(?:two|three|four|five|six|seven|several|a few|a couple of|[2-9]|1\d)(?: or (?:\w+|\d+))? (?:doses|days)"
            r" (?:missed|skipped|forgotten|without (?:it|baclofen|my tablets|his tablets|her tablets))\b",
            r"\b(?:missing|skipping|forgetting|not taking)\b[^.?!]{0,25}?\b(?:all|most of the|the whole) week\b",
            r"\bonly (?:got|have|has|brought) (?:enough for |about )?(?:one|two|a|1|2) (?:day|days)(?:'s|s')? "
            r"(?:worth|supply|left)\b",
            r"\b(?:got|have|has|with|there's|there is) (?:only )?(?:one|two|three|a|1|2|3|half a) (?:day|days)(?:'s|s')? "
            r"(?:worth |supply )?(?:left|remaining)\b",
            r"\bonly (?:got|have|has|had) (?:one|two|three|four|1|2|3|4|a few|a couple of|a couple) (?:\w+ )?"
            r"(?:tablets?|pills?|doses?|tabs) left\b",
            r"\b(?:almost|nearly|practically|just about|about to run) out of (?:\w+ )?(?:baclofen|tablets|pills|meds|medication|it)\b",
            r"\b(?:lost|dropped|left behind|forgot to pack) (?:my|his|her|their|the|all (?:my|his|her|their)) (?:\w+ )?"
            r"(?:baclofen|tablets|pills|meds|medication|medicine)\b",
            # a stop without symptoms yet: withdrawal can follow, so it cannot wait
            r"\b(?:stopped|quit|came off|come off|has stopped|have stopped|'s stopped|'ve stopped) (?:taking )?(?:it|baclofen|"
            r"(?:his|her|their|my) (?:baclofen|tablets|meds|pills))?\s*(?:\w+ )?(?:since (?:last night|yesterday|this morning|"
            r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)|(?:a|one|two|three|\d+) (?:days?|weeks?) ago|"
            r"yesterday|last night|on (?:his|her|their|my) own|by (?:him|her|them|my)self)\b",
            r"\b(?:keeps?|kept|been|is|are|always|often) (?:missing|skipping|forgetting) (?:\w+ ){0,2}(?:doses|tablets|pills|"
            r"baclofen|meds)\b",
            r"\b(?:missed|skipped|not had|hasn't had|haven't had|didn't get|did not get)\b[^.?!]{0,15}?\b(?:morning|lunchtime|"
            r"midday|afternoon|evening|teatime|night|bedtime) and (?:\w+ )?(?:doses?|tablets?|baclofen)\b",
            r"\b(?:baclofen|tablets|pills|meds|medication|medicine|prescription)\b[^.?!]{0,40}?\b(?:wasn't|weren't|was not|"
            r"were not|isn't|didn't come|did not come|never came|hasn't come|hasn't arrived|didn't arrive|not) (?:\w+ )?"
            r"(?:in (?:the |today's |this week's |our )?delivery|delivered|arrived)\b",
            # the pharmacy cannot supply it
            r"\b(?:out of stock|no stock|stock (?:issue|problem)s?|unavailable|on back ?order|shortage|can't get (?:it|any|hold of it) (?:in|till|until))\b",
            # stopped on their own, days ago, nothing bad yet (withdrawal can still come)
            r"\b(?:i|he|she|they|we|mum|mom|dad)\b[^.?!]{0,20}?\b(?:stopped|quit|came off|come off|gave up)\b[^.?!]{0,30}?"
            r"\b(?:\d+|a|one|two|three|four|five|few|couple of) (?:days?|nights?) ago\b",
            r"\b(?:pharmacy|chemist|surgery|gp)\b[^.?!]{0,30}?\b(?:closed|shut|won't|can't|couldn't|no stock|out of stock)\b"
            r"[^?!]{0,60}?\b(?:baclofen|tablets|pills|meds|prescription|dose)\b",
        ]
    ),
    "vomiting": _compile(
        [
            r"\b(?:can't|cannot|couldn't|unable to) keep (?:it|them|anything|the tablets|the pills|my tablets|his tablets|"
            r"her tablets|tablets|pills|food|water|medicine|meds) down\b",
            r"\b(?:keeps|keep|kept|been|has been|is|am|i'm|he's|she's) (?:vomiting|throwing up|being sick)\b",
            r"\b(?:vomited|threw up|brought up|sick up) (?:the|my|his|her|their)? ?(?:tablets?|pills?|dose|baclofen|meds)\b",
            r"\b(?:vomiting|being sick|throwing up|diarrho?ea|d ?& ?v|d and v|a tummy bug|gastro)\b[^.?!]{0,60}?"
            r"\b(?:struggl\w*|can't|cannot|unable|hard|not able) (?:to )?(?:take|keep|swallow)\b",
        ]
    ),
    "pump_refill": _compile(
        [
            r"\brefill\b[^.?!]{0,60}?\b(?:due|booked|needed|scheduled)\b[^.?!]{0,40}?\b(?:can't|cannot|won't|couldn't|no one|"
            r"nobody|cancel\w*|postponed|moved|rescheduled|not until|next week|next month)\b",
            r"\b(?:cancel\w*|postponed|moved|rescheduled)\b[^.?!]{0,40}?\b(?:pump|refill)\b",
            r"\bpump\b[^.?!]{0,40}?\b(?:low|running low|nearly empty|almost empty|due)\b",
            # the pump may not be delivering: spasms back or much worse
            r"\b(?:spasms?|stiffness|tone|spasticity|cramps?)\b[^.?!]{0,30}?\b(?:worse|back|returned|returning|"
            r"increased|come back)\b[^.?!]{0,80}?\bpump\b",
            r"\bpump\b[^.?!]{0,80}?\b(?:spasms?|stiffness|tone|spasticity|cramps?)\b[^.?!]{0,30}?\b(?:worse|back|returned|"
            r"returning|increased|come back)\b",
        ]
    ),
}

# A new or worse problem, told as happening to someone now: a sign, how new or how bad it is,
# and whose it is, anywhere in the message. (The patterns above catch the tightly worded ones.)
_SIGN = re.compile(
    r"\b(?:falls?|fallen|falling|fell|nearly (?:fell|went)|slipped|went from under|unsteady|wobbly|off balance|"
    r"(?:had|having|has had) a (?:little |bit of a |small )?wobble|"
    r"(?:lost|losing|lose) (?:his|her|their|my) balance|balance is|bumping into|dizzy|dizziness|light-?headed|spins|spinning|"
    r"floor is moving|muddled|confused|confusion|mixed up|jumbled|mixing up|forgot (?:her|his|their|my) \w+'?s? name|"
    r"not like (?:him|her|them)|not (?:himself|herself|themselves)|spaced out|weak|weaker|weakness|floppy|legs (?:just )?went|"
    r"spaghetti|jelly|can't (?:stand|walk|get up|weight bear|transfer|hold (?:his|her|their|my) head|get (?:on|off|up|down))|"
    r"barely (?:get|walk|keep|stand)|sleepy|sleepier|dozy|drowsy|drowsier|groggy|woozy|drugged|nodd(?:ed|ing) off|"
    r"drop(?:ping)? off|fell asleep|falling asleep|asleep with|slurr\w*|vomit\w*|being sick|been sick|bringing up|"
    r"brought up|can't swallow|spitting out|none left|nothing left|one tablet left|only (?:got|have) (?:enough|tablets|one)|"
    r"(?:ran|run|running) out|last (?:dose|baclofen|tablet)|left (?:my|his|her|their) baclofen|lost (?:my|his|her|their)|"
    r"missed (?:\w+ )?doses|missed (?:two|three|several|a few|most|all)|skipped (?:a day|\w+ doses|doses|\w+ days)|skipping|"
    r"forgot (?:\w+ )?(?:\w+ )?(?:doses|baclofen)|halving|refusing|can't give|blocked|left off|wrong strength|cancel\w*|"
    r"low in mood|crying all the time|peeing much less|can't go|haven't been able to go|more than usual|can't sleep|"
    r"sleeping most of the day|so tired|all over the place|nearly (?:went down|slid)|can't get (?:herself|himself|myself)|"
    r"acab[oó]|vomitando|olvidad[oa]|oubli[ée]|sonolent[oa]|confus[oa]|schwach|m[uü]de|zdezorientowan\w*|"
    r"spasms?\b[^.?!]{0,20}?\b(?:back|worse|returning)|stiffer|"
    r"cramps? (?:are |is )?back|blurr\w*|bladder|peeing|wee|constipat\w*|headaches?|pregnant|breastfeeding|itchy|"
    r"seizures? (?:seem |are |is )?(?:more|worse)|hyper)\b"
)
_ONSET = re.compile(
    r"\b(?:since|started|starting|increase\w*|went up|put (?:it )?up|going up|new dose|today|tonight|yesterday|"
    r"this (?:week|morning|afternoon|evening)|last night|in the last|(?:\d+|two|three|four|twice) times|keeps?|kept|"
    r"all (?:day|the time)|constantly|so (?:sleepy|dizzy|weak|tired|wobbly|floppy|dozy|groggy|bad)|really|very|much more|"
    r"more than usual|can't|cannot|barely|hardly|no longer|anymore|any more|worse|scared|worried|should i|what do i do|"
    r"something to ring|now|back|again|returning|tomorrow|due|next dose|this weekend|(?:saturday|sunday|monday|friday) (?:night|morning)|"
    r"hoy|ma[ñn]ana|aujourd'hui|heute|desde|depuis|seit)\b"
)
_PERSON = re.compile(
    r"\b(?:i|i'm|i've|im|me|my|he|she|he's|she's|his|her|they're|mum|mom|dad|husband|wife|partner|son|daughter|"
    r"grandad|grandma|nan|aunt|uncle|client|resident|patient|baby|child)\b"
)


def _sign_now(text: str) -> Optional[str]:
    """A sign that is new or bad, in someone, not discounted as history or a hypothetical.

    The article's common side effects (sleepy, dizzy, tired, weak) since starting are expected:
    they count only when told as severe or getting in the way ("so sleepy", "can't stand").
    """
    if not (_ONSET.search(text) and _PERSON.search(text)):
        return None
    for found in _SIGN.finditer(text):
        if discounted(text, found):
            continue
        if _EXPECTED.fullmatch(found.group(0)) and not _SEVERE.search(text):
            continue
        return found.group(0)
    return None


# The article's most common side effects, as people name them.
_EXPECTED = re.compile(
    r"sleepy|sleepier|drowsy|drowsier|dozy|tired|dizzy|dizziness|light-?headed|woozy|weak|weaker|weakness|groggy"
)
# ...and what makes one of them worth a call today.
_SEVERE = re.compile(
    r"\b(?:so|really|very|extremely|too|terribly|incredibly|super|much|far|way) (?:\w+ )?(?:sleepy|sleepier|drowsy|"
    r"drowsier|dozy|tired|dizzy|weak|weaker|groggy|woozy|light-?headed)\b|\b(?:can't|cannot|couldn't|barely|hardly|"
    r"unable to|struggling to|no longer)\b|\ball (?:day|the time)\b|\bconstantly\b|\bkeeps?\b|\bkept\b|\bworse\b|"
    r"\bfall\w*\b|\bfell\b|\bnodd\w* off\b|\bdropp\w* off\b|\bfalling asleep\b|\bat work\b|\bdriving\b|"
    r"\bscared\b|\bworried\b|\bnew dose\b|\bincreas\w*\b|\bput up\b|\bwent up\b|\bmore (?:\w+ )?(?:sleepy|drowsy|"
    r"dozy|dizzy|woozy|tired|weak|groggy)\b|\bthan (?:i |usual|normal|expected|before)|\bdrink\w*\b|\balcohol\b"
)


# "a bit", "slightly": how someone tells of a side effect they find mild.
_MILD = re.compile(r"\b(?:a (?:little )?bit|a little|slightly|mildly|somewhat|a touch|kind of|kinda|sort of)\b")


def only_mild_expected_effects(text: str) -> bool:
    """The message tells only of the article's common side effects (sleepy, dizzy, tired, weak),
    hedged as mild and not as severe: "nan's been a bit woozy since her first dose". Then the
    classifier's emergency or urgent guess is no reason for either reply (components/triage.py)."""
    t = normalise(text)
    signs = [found.group(0) for found in _SIGN.finditer(t)]
    expected = _EXPECTED_OR_SLANG
    return (
        bool(signs)
        and all(expected.fullmatch(sign) for sign in signs)
        and bool(_MILD.search(t))
        and not _SEVERE.search(t)
        and not _NOT_THEMSELVES.search(t)
        and not _ALARMING.search(t)
    )


_NOT_THEMSELVES = re.compile(
    r"\bnot (?:\w+ )?(?:himself|herself|themselves|myself|right|with it|like (?:him|her|them))\b"
)


# The expected effects, with the everyday words _SIGN knows for them.
_EXPECTED_OR_SLANG = re.compile(_EXPECTED.pattern + r"|spaced out")


# Someone's present state in alarming words, without a pattern that is sure what it is.
_ALARMING = re.compile(
    r"\b(?:something(?:'s| is) (?:really |very |seriously |badly )?(?:wrong|not right|off)|not (?:right|himself|herself|"
    r"themselves) (?:at all|today|tonight|since)|(?:isn't|is not|doesn't seem|don't seem) (?:himself|herself|themselves|right)|"
    r"acting (?:really |very )?(?:strange|strangely|weird|weirdly|odd|oddly|funny|out of character)|"
    r"(?:really|very|so|seriously) (?:ill|unwell|poorly|sick|bad|worried|scared|frightened|panick\w*)|"
    r"(?:getting|got|going) (?:much |a lot |really )?worse|(?:panicking|freaking out|terrified)|"
    r"(?:don't|do not) know what to do|(?:please )?help (?:me|us|him|her)?(?: please)?$|"
    r"^(?:please )?help\b(?!\s+(?:me|us)\s+(?:to\s+)?(?:write|with|find|understand|make|draft|plan|choose|pick|"
    r"learn|know|figure|work out|do|cook|fix|translate|read|spell|think)\b)|"
    r"urgent(?:ly)?|doesn't look (?:right|good|well)|(?:looks|look) (?:awful|terrible|grey|gray|really ill|really bad|"
    r"like death)|can't (?:move|speak|talk|see|walk) (?:properly|at all)?|slurr\w*|"
    r"(?:face|mouth|smile) (?:is )?(?:droop\w*|lopsided|fallen)|(?:severe|terrible|unbearable|agonising|agonizing|worst) "
    r"(?:pain|headache|spasms?|cramps?))"
)
_PRESENT_PERSON = re.compile(
    r"\b(?:i|i'm|i've|me|my|he|she|they|he's|she's|they're|him|her|them|mum|mom|dad|husband|wife|partner|son|"
    r"daughter|baby|child|grandma|grandpa|nan|friend|patient|client)\b"
)


# The writer is puzzled, not muddled: "I'm confused, what sort of drug is it?"
_PUZZLED = re.compile(
    r"\b(?:i'm|i am|im|we're|we are)\s+(?:(?:so|a bit|a little|really|very|quite|totally|just|all)\s+)?confused\b"
    # not "confused about the time of day": that is disorientation
    rf"|\bconfus\w*\s+(?:about(?! {_DISORIENTED_ABOUT})|by|as to|over|why|what|how|"
    r"whether|which)\b|\bconfusing\b"
)


def detect(text: str) -> Optional[UrgentFlag]:
    """The urgent reason in `text` (after denied symptoms are masked by the caller), or None."""
    t = _PUZZLED.sub(" ", normalise(text))
    if not t:
        return None
    # an operation ahead: told in the future tense, which the story check would discount
    for pattern in _PATTERNS["procedure"] if _PERSON.search(t) else []:
        found = pattern.search(t)
        if found is not None:
            return UrgentFlag("procedure", found.group(0))
    if is_general_question(t) or is_story(t):
        return None
    for category in CATEGORIES:
        for pattern in _PATTERNS.get(category, []):
            for found in pattern.finditer(t):
                if not discounted(t, found):
                    return UrgentFlag(category, found.group(0))
    sign = _sign_now(t)
    if sign is not None:
        return UrgentFlag(NEW_OR_WORSE, sign)
    return None


def sounds_alarming(text: str) -> bool:
    """Does `text` describe someone's present state in alarming words? (Not a general question.)"""
    t = normalise(text)
    if not t or is_general_question(t):
        return False
    return bool(_ALARMING.search(t) and _PRESENT_PERSON.search(t))
