"""Pattern tables for the urgent screen (same-day attention, not 911); see `mojoe.assistant.safety`.

Kept apart from the emergency rules in `safety_patterns` (which re-exports `URGENT_RULES`) so that each table
module stays a readable size. The patterns run on the same normalized text as the emergency rules (see
`safety_context`).
"""

from __future__ import annotations

from mojoe.assistant.safety_context import Rule, rules

# --- Urgent rules (same-day attention, not 911) -------------------------------------------------------------

_HIGH_TEMP = r"(?:10[2-9]|39|4[0-2])\b"
URGENT_RULES: list[Rule] = [
    *rules(
        "fever",
        [
            rf"\b(?:fever|temp|temperature|fiebre|calentura)(?: of| is| de| was| at| in| en| reads)? {_HIGH_TEMP}",
            r"\b(?:high|very high) fever\b|\bfiebre alta\b",
            r"\b(?:\d+|two|three|four|six|eight) (?:weeks?|wks?|months?|mos?) old\b.{0,60}\b(?:fever|temp|hot)\b",
            r"\b(?:newborn|infant)\b.{0,40}\b(?:fever|temp)\b",
            r"\bbebe de (?:\d+|un|dos|tres) (?:meses|mes|semanas)\b.{0,40}\b(?:fiebre|calentura)\b",
            r"\b(?:chemo|chemotherapy|quimio|quimioterapia)\b.{0,40}\b(?:fever|fiebre)\b",
            r"\bfever\b.{0,40}\b(?:for|since) (?:\d+|two|three|four|five) days\b",
            r"\b(?:fiebre|calentura)\b.{0,20}\bdesde\b",
            r"\bfever (?:and|with) (?:chills|body aches|painful|swollen)\b",
        ],
    ),
    *rules(
        "infection",
        [
            r"\bpus\b",
            r"\bred streaks?\b",
            r"\b(?:incision|wound|cut|sore|stitches|toenail|bite)\b.{0,50}\b(?:leaking|oozing|draining|"
            r"redder|infected|smells|bigger|hot|opened up|(?<!little )(?<!bit )(?:swelling|swollen))\b",
            r"\b(?:oozing|draining|leaking)\b",
            r"\b(?:abscess|boil)\b",
            r"\b(?:lump|bump|swelling|sore|spot)\b.{0,40}\b(?:getting bigger|growing|spreading)\b",
            r"\bbullseye\b",
            r"\bred hot and swollen\b",
            r"\bswollen shut\b",
            r"\binfectad[ao]\b",
            r"\b(?:sale|le sale|tiene) pus\b",
            r"\bwhite spots\b.{0,30}\bfever\b|\bplacas blancas\b",
        ],
    ),
    *rules(
        "vomiting",
        [
            r"\bcant keep (?:anything|water|fluids|food|it|liquids) down\b",
            r"\b(?:throwing up|vomiting|puking)\b.{0,30}\b(?:since|all night|for (?:\d+|a day|two|24))\b",
            r"\bvomited (?:\d+|several|many) times\b",
            r"\b(?:diarrhea|diarrea)\b.{0,40}\b(?:\d+ times|for (?:\d+|24|three|two)|since|desde)\b",
            r"\b(?:vomitando|vomitos) desde\b",
            r"\bno retengo\b",
            r"\bno wet diaper\b|\bhasnt had a wet diaper\b",
            r"\bcant (?:eat or drink|drink)\b|\bcant eat or drink much\b",
        ],
    ),
    *rules(
        "urinary",
        [
            r"\bburn(?:s|ing)? when (?:i|he|she) (?:pee|urinate)\b",
            r"\buti\b",
            r"\burinary tract infection\b",
            r"\bblood in (?:my |his |her )?urine\b",
            r"\b(?:cant|havent been able to|unable to) (?:pee|urinate)\b",
            r"\b(?:me arde|ardor) al orinar\b",
            r"\binfeccion (?:de orina|urinaria)\b",
        ],
    ),
    *rules(
        "asthma",
        [
            r"\basthma (?:is )?(?:flare\w*|acting up|bad|worse)\b",
            r"\binhaler every \d+\b",
            r"\bneeded (?:his|her|my) (?:albuterol|inhaler) \w+ times\b",
            r"\bwheez\w*\b",
            r"\bcroup\b",
            r"\bel asma\b.{0,20}\bmolest\w*\b",
            r"\b(?:uso|usando) el inhalador (?:a cada rato|mucho)\b",
        ],
    ),
    *rules(
        "wound",
        [
            r"\bstitches\b(?! (?:removal|removed|out))",
            r"\b(?:deep|gaping) (?:cut|puncture|wound|gash)\b|\bgaping\b",
            r"\brusty nail\b",
            r"\b(?:necesito|necesita|ponerme|ponerle|poner|lleva|requiere) puntos\b",
            r"\b(?:dog|cat) bit\b|\bbit by a (?:dog|cat)\b|\bbroke the skin\b|\bme mordio un (?:perro|gato)\b",
        ],
    ),
    *rules(
        "injury",
        [
            r"\bcant (?:put|bear) (?:any )?weight\b",
            r"\b(?:wrist|arm|leg|ankle|toe|finger|foot|hand|rib|ribs|nose|collarbone|hip|elbow|knee) "
            r"(?:is |might be |may be |could be |looks )?(?:broken|fractured)\b",
            r"\bbroke my (?:toe|finger|wrist|arm|ankle|foot)\b",
            r"\bfractur\w*\b",
            r"\bswollen\b.{0,40}\bcant (?:bend|walk|move)\b",
            r"\bno puedo pisar\b",
            r"\bhit (?:my|his|her) head\b",
            r"\bhit in the eye\b",
            r"\bme torci\b",
            r"\bfell\b.{0,40}\b(?:hurts|pain)\b",
        ],
    ),
    *rules(
        "pain",
        [
            r"\b(?:severe|terrible|really bad|so bad|unbearable|excruciating) (?:\w+ )?(?:pain|headache|ache|"
            r"earache)\b",
            r"\b(?:pain|ache)\b.{0,30}\b(?:so bad|cant sleep|crying all night|can barely walk|cant get "
            r"comfortable)\b",
            r"\b(?:headache|throat|back|tooth|ear|stomach|belly) (?:is )?killing me\b",
            r"\bkidney stone\b",
            r"\bmigraine for \w+ days\b",
            r"\b(?:lower right|right lower)\b.{0,30}\b(?:pain|side)\b",
            r"\bdolor (?:de \w+ )?muy fuerte\b|\bmucho dolor\b|\bme duele mucho\b",
            r"\bcasi no puedo caminar\b|\bcan barely walk\b",
            r"\b(?:really|very|so|extremely) painful\b",
            r"\bshingles (?:rash|pain|outbreak|blisters)\b|\b(?:have|has|got|think i have) shingles\b",
            r"\b(?:rash|pain|blisters)\b.{0,30}\bshingles\b",
            r"\bgout\b",
        ],
    ),
    *rules(
        "eye",
        [
            r"\bpink eye\b",
            r"\bcrusted shut\b",
            r"\bsomething (?:flew )?in my eye\b",
            r"\beye is (?:swollen|red)\b",
            r"\bojo rojo\b|\bojo hinchado\b",
        ],
    ),
    *rules(
        "ear",
        [
            r"\b(?:ear ?ache|ear pain)\b",
            r"\bdolor de oido\b",
            r"\bfluid coming out of my ear\b",
            r"\bcant hear out of\b",
        ],
    ),
    *rules(
        "allergy",
        [
            r"\bhives\b",
            r"\brash (?:is |that is |keeps |keeps on )?spreading\b|\bspreading (?:fast|quickly)\b",
            r"\bronchas\b",
            r"\bswelling around (?:my |his |her )?eyes\b",
            r"\b(?:face|eyes|lips|eyelids) (?:is |are |look |looks )?(?:(?:a little|a bit|kind of) )?puffy\b",
        ],
    ),
    *rules(
        "diabetes",
        [
            r"\bbloodsugar\b.{0,30}\b(?:[3-9]\d\d)\b",
            r"\bazucar en (?:[3-9]\d\d)\b",
            r"\b(?:ran|run|am|is) out of (?:my |his |her )?insulin\b",
        ],
    ),
    *rules(
        "blood_pressure",
        [
            r"\b(?:bloodpressure|bp|presion|presionalta)\b.{0,20}\b(?:1[6-9]\d|2\d\d) (?:over )?\d{2,3}\b",
        ],
    ),
    *rules(
        "medication",
        [
            r"\bout of (?:my |his |her )?(?:seizure|anti seizure|bloodthinner|insulin|rescue)"
            r"(?: meds| medication| medicine| pills| inhaler)?\b",
            r"\b(?:rescue )?inhaler is empty\b",
            r"\bmissed (?:two|three|\d+) doses\b",
            r"\bse (?:me|le) acab(?:o|aron) (?:la insulina|las pastillas de las convulsiones|el inhalador)\b",
        ],
        strong=True,
    ),
    *rules(
        "pregnancy",
        [
            r"\bbaby (?:hasnt|has not|isnt|is not)? ?(?:been )?mov\w*\b.{0,20}\b(?:much|less|all day|today)\b",
            r"\bhavent felt the baby move\b",
            r"\bse mueve menos\b",
            r"\bspotting\b.{0,30}\b(?:cramps|weeks)\b",
            r"\bpregnant\b.{0,40}\bcant keep\b",
        ],
    ),
    *rules(
        "mental_health",
        [
            r"\b(?:panic|anxiety) attacks\b.{0,40}\b(?:every day|worse|getting worse|daily|cant sleep)\b",
            r"\bcan barely function\b",
        ],
    ),
    *rules(
        "circulation",
        [
            r"\bswelling in (?:my |his |her )?(?:left|right) calf\b|\bone leg only\b|\bjust the one leg\b",
            r"\bheart (?:is )?(?:racing|pounding|fluttering)\b",
            r"\b(?:dizzy|lightheaded) (?:and lightheaded |and dizzy )?since\b",
            r"\bdizzy when i stand\b|\bme mareo al pararme\b",
            r"\bmore confused than usual\b",
        ],
    ),
    *rules(
        "bleeding",
        [
            r"\b(?:changing|soaking) (?:a |my )?pads? every \d+ hours?\b",
            r"\b(?:black|tarry) (?:stool|stools|poop)\b",
        ],
    ),
    *rules(
        "burn",
        [
            r"\bburn(?:ed|t)? (?:my|his|her) (?:hand|arm|finger|leg)\b",
            r"\bblister\w*\b.{0,30}\bchills\b",
            r"\bme queme\b|\bse quemo\b",
        ],
    ),
    *rules(
        "infection",
        [
            r"\btick bite\b",
            r"\blymph node\b",
            r"\bgreen phlegm\b",
            r"\b(?:sinus|ear|eye|kidney) infection\b",
            r"\bstrep\b",
            r"\bthrobbing\b",
            r"\bcara hinchada\b",
            r"\bdiabetic foot\b",
        ],
    ),
]
