"""Pattern tables for the emergency screen (see `mojoe.assistant.safety`).

Every pattern runs on *normalized* text (see `safety_context` for the normalization and context tables).

Two kinds of emergency rules:

* strong rules describe an acute state in the present ("cant breathe", "wont stop bleeding", "want to die");
  an administrative context (a bill, a refill, a letter) never silences them, only a negation, a past-event
  marker or a hypothetical question does;
* topic rules name a condition ("chest pain", "stroke", "seizure") that patients also mention when they
  ask for results, records, refills or bills; those are silenced by such a context unless the message
  also says that something is happening now.

This module holds the emergency and pregnancy rules. The urgent rules live in `safety_urgent`, and the
`Rule` type, normalization and context patterns in `safety_context`; both are re-exported here so that
`safety` reads every table from this one module.
"""

from __future__ import annotations

from mojoe.assistant.safety_context import (
    ADMIN,
    AFTER_EVENT,
    AFTERCARE,
    ATTACHED_AFTER,
    EPISODIC,
    HYPOTHETICAL,
    IDIOM_BEFORE,
    LAUGH,
    NEGATION_BEFORE,
    NOT_A_PERSON,
    PAST,
    PRE_SPELLINGS,
    PRESENT,
    SPELLINGS,
    Rule,
    _rx,
    rules,
)
from mojoe.assistant.safety_urgent import URGENT_RULES

# --- Emergency rules ---------------------------------------------------------------------------------------

# Chest pain only when coughing, in a febrile cold, is for the nurse the same day, not for 911.
_NOT_COUGH = r"(?! (?:only )?when (?:i|he|she) coughs?| al toser| cuando toso)"
# Placed before the second finding of a co-occurrence rule: "mild headache but no vomiting" is not a match.
_NOT_NEG = r"(?<!no )(?<!not )(?<!without )(?<!sin )(?<!ni )(?<!never )"
_WHO = r"(?:my|his|her|their|the|your|our)"
_NOT_IDIOM_DIE = r"(?! (?:of|from) (?:embarrassment|boredom|laughter|laughing|hunger|shame))"
_NOT_IDIOM_MORIR = (
    r"(?! de (?:la )?(?:verguenza|pena|risa|hambre|sueno|cansancio|aburrimiento|ganas|calor|frio|amor))"
)

EMERGENCY_RULES: list[Rule] = [
    # Suicide and self-harm first: their reply is different (988).
    *rules(
        "suicide",
        [
            r"\bkill(?:ing)? (?:myself|himself|herself|themselves|themself)\b",
            r"\bend (?:it all|my life|his life|her life)\b",
            r"\bending (?:it all|my life)\b",
            r"\btak(?:e|ing) (?:my|his|her) (?:own )?life\b",
            r"\bsuicid(?:e|al)\b(?! (?:prevention|squad|doors?|risk|screening|awareness|hotline|program))",
            rf"\bwant(?:s|ed)? to die\b{_NOT_IDIOM_DIE}",
            rf"\bi (?:just )?want to die\b{_NOT_IDIOM_DIE}",
            r"\bwish i (?:was|were) dead\b",
            r"\bwish i (?:wasnt|werent|was not|were not) (?:alive|here|born)\b",
            r"\bbetter off (?:dead|without me)\b",
            r"\b(?:dont|do not|no longer) want to (?:live|be alive|be here|exist|wake up|keep living)\b",
            r"\b(?:dont|do not) want to be alive\b",
            r"\b(?:no|any|the) (?:reason|point) (?:to|in) (?:keep )?(?:live|living|go on|going on)\b",
            r"\b(?:want|wanted|wanting|going|thinking|thoughts|urge|urges|plan|planning|might|afraid|scared|"
            r"feel like|tempted|need) (?:to |about |of |i will |i might )?(?:hurt|hurting|harm|harming) myself\b",
            r"\b(?:harm|harming) myself\b",
            r"\bself ?harm(?:ing)?\b",
            r"\bcutting myself\b",
            r"\bcut myself (?:on purpose|again|deep)",
            r"\bjump(?:ing)? (?:off|from) (?:a|the) (?:bridge|building|roof|overpass)\b",
            r"\bgoodbye (?:letters?|notes?)\b",
            r"\b(?:plan|planning|going) to (?:kill|end|overdose|take my|hang)\b",
            r"\b(?:suicid\w*|kill\w*|die|dying|end it)\b.{0,40}\bhave a plan\b",
            r"\bhave a plan (?:to|for (?:ending|killing|how))\b",
            r"\bnever wake up\b",
            r"\boverdose on purpose|on purpose overdose\b",
            # Spanish.
            rf"\b(?:quiero|quisiera|me quiero|me voy a|ganas de) morir(?:me)?\b{_NOT_IDIOM_MORIR}",
            r"\b(?:ya )?no quiero (?:vivir|seguir viviendo|estar aqui|despertar)\b",
            r"\bno tengo ganas de vivir\b",
            r"\bquitar(?:me|se|le)? la vida\b",
            r"\b(?:me voy a|me quiero|se quiere|se va a|quiero) matar\b",
            r"\bmatarme\b",
            r"\bsuicid(?:arme|arse|io|a|ar)\b",
            r"\bacabar con (?:todo|mi vida)\b",
            r"\b(?:hacerme|me hago|me estoy haciendo) dano\b",
            r"\blastimarme\b",
            r"\b(?:me estoy cortando|cortarme)\b",
            r"\bmejor sin mi\b",
            r"\bsentido (?:a|de) (?:la|mi) vida\b",
            r"\b(?:veo|encuentro|tiene) sentido (?:a |en )?(?:seguir|vivir)\b",
            r"\bcartas? de despedida\b",
        ],
        strong=True,
    ),
    *rules(
        "overdose",
        [
            r"\btook (?:too many|too much) (?:pills|tablets|capsules|meds|medicine|of (?:my|his|her|the))\b",
            r"\b(?:took|swallowed|ate|drank) (?:a |an |the |my |his |her |their )?(?:whole|entire) (?:bottle|pack|"
            r"box|week|month|package|packet|supply|prescription)\b",
            r"\b(?:took|swallowed) (?:a |my |his |her )?(?:weeks?|months?) (?:worth )?of (?:\w+ )?(?:pills|meds|"
            r"medicine|medication|tablets)\b",
            r"\b(?:took|swallowed|ate) (?:a lot|a bunch|a handful|lots|tons|all) of (?:\w+ ){0,3}?"
            r"(?:pills|tablets|meds|medicine|medication|vitamins|gummies|xanax|oxy\w*|tylenol|advil|"
            r"ibuprofen|insulin)\b",
            r"\btook (?:like |about |around |maybe )?(?:\d{2,}|ten|fifteen|twenty|thirty|forty|fifty) "
            r"(?:of |pills|tablets|advil|tylenol|ibuprofen|aspirin|\w+ pills)",
            r"\bswallowed (?:some of |one of |a few of |a |the )?(?:my |his |her |the |grandmas |\w+s )?"
            r"(?:\w+ )?(?:pills|tablets|meds|medicine|medication|battery|batteries|magnets?|detergent|pod|"
            r"bleach)\b",
            r"\b(?:drank|swallowed|ate|drinking) (?:some |the )?(?:bleach|antifreeze|drain cleaner|"
            r"detergent|lighter fluid|gasoline|poison|rat poison|windshield fluid)\b",
            r"\boverdos(?:e|ed|ing)\b",
            r"(?<!food )\bpoison(?:ed|ing)\b",
            r"\bcarbon monoxide\b",
            r"\bsobredosis\b",
            r"\b(?:me tome|se tomo|tome|se trago|me trague) (?:todas|un frasco|una caja|muchas|demasiadas|"
            r"un monton de|\d{2,})\b",
            r"\b(?:tome|se tomo|tomo|bebio|se trago) (?:cloro|veneno|lejia|destapacanos)\b",
            r"\bdemasiadas pastillas\b",
            r"\benvenen\w*\b",
        ],
        strong=True,
    ),
    *rules(
        "cardiac",
        [
            rf"\bchest (?:pain|hurts?|hurting|pressure|tightness|discomfort|heaviness)\b{_NOT_COUGH}",
            rf"\b(?:pain|pressure|tightness|squeezing|heaviness) (?:in|on|behind) (?:the (?:middle|center) of )?"
            rf"{_WHO} (?:chest|breastbone)\b",
            rf"\bchest (?:(?:has|have|had|been|is|keeps|kept|was|started|really|so)\s+){{1,3}}(?:hurting|hurt|aching|"
            rf"killing)\b{_NOT_COUGH}",
            rf"\b{_WHO} chest (?:is|feels) (?:so |super |very |really |all )?(?:tight|heavy|like|crushed)",
            r"\bcrushing (?:pain|pressure|feeling|sensation|chest)\b|\bcrushing\b.{0,20}\bchest\b",
            r"\bbehind (?:my|the) breastbone\b",
            rf"\belephant (?:sitting )?on {_WHO} chest\b",
            rf"\bclutching {_WHO} chest\b",
            r"\bheart attack\b",
            r"\bcardiac arrest\b",
            r"\bno pulse\b",
            # Spanish.
            r"\bdolor (?:fuerte |muy fuerte )?(?:de|en el) pecho\b",
            rf"\b(?:me|le) duele (?:mucho |el )?(?:el )?pecho\b{_NOT_COUGH}",
            r"\b(?:presion|opresion|apreton) en el pecho\b",
            r"\bpecho apretado\b",
            r"\binfarto\b",
            r"\bataque (?:al corazon|cardiaco)\b",
        ],
    ),
    *rules(
        "cardiac",
        [
            r"\bheart (?:is )?(?:racing|pounding)\b.{0,60}\b(?:pass out|faint|passing out|chest)\b",
            r"\btearing (?:pain|feeling|sensation)\b|\bfeels like (?:something )?tearing\b",
            r"\b(?:going to|about to|gonna) (?:pass out|faint)\b.{0,40}\bchest\b",
        ],
        strong=True,
    ),
    *rules(
        "stroke",
        [
            r"\bstrokes?\b(?! of (?:luck|genius|brilliance|fate|midnight|the pen|a pen|inspiration))",
            r"\b(?:derrame|embolia|ataque) cerebral\b",
            r"\bderrame\b",
            r"\bictus\b",
            r"\bembolia\b",
        ],
    ),
    *rules(
        "stroke",
        [
            r"\bhaving a stroke\b",
            r"\b(?:me|le|te) (?:esta|estan) dando (?:un|una) (?:derrame|embolia|ataque|infarto)\b",
            r"\b(?:face|mouth|smile) (?:is |looks |went |seems )?(?:\w+ )?(?:droop\w*)",
            r"\bdroop\w* (?:on )?(?:one|the left|the right|left|right) side\b",
            r"\bdroopy (?:face|mouth|smile|on one side)\b|\b(?:face|mouth|smile) (?:looks |is )?droopy\b",
            r"\bslurr(?:ed|ing)\b",
            r"\b(?:speech|words|talking|talk) (?:(?:is|are|got|suddenly|coming|came|come|out|keep)\s+){0,3}"
            r"(?:slurred|garbled|weird|funny|wrong|strange|jumbled)\b",
            r"\b(?:went|gone|going|goes) numb\b.{0,30}\b(?:out of nowhere|suddenly|all of a sudden)\b",
            r"\b(?:out of nowhere|suddenly|all of a sudden)\b.{0,30}\b(?:went|gone|going|goes) numb\b",
            r"\btalking funny\b",
            r"\bcant (?:smile|talk) (?:on one side|right)\b",
            rf"\bcant (?:move|lift|feel) {_WHO} (?:right|left) (?:arm|leg|side|hand)\b",
            r"\b(?:left|right|one) side (?:of (?:my|his|her) (?:body|face) )?(?:(?:went|is|suddenly|feels|has|"
            r"gone|got|just|all of a sudden|kind of)\s+){0,3}(?:weak|numb|limp)\b",
            r"\bsudden(?:ly)? (?:numbness|weakness|confusion|confused|cant (?:talk|speak|see))\b",
            r"\bsudden (?:loss of vision|vision loss|blindness)\b",
            r"\bcant find (?:the |his |her |my )?words\b",
            r"\bcant (?:speak|talk) and (?:his|her|my) (?:right|left) arm\b",
            r"\b(?:arm|hand|leg) (?:is |went )?limp\b",
            r"\bdragging (?:his|her|my) (?:right|left) (?:leg|foot)\b",
            r"\bworst headache of (?:my|his|her) life\b",
            r"\bthunderclap\b",
            rf"\bnumb\w* (?:on )?(?:the )?(?:left|right) (?:side )?of {_WHO} face\b",
            # Spanish.
            r"\bse (?:le|me) (?:torcio|cayo|chueco) (?:la cara|la boca)\b",
            r"\bboca (?:chueca|torcida|caida)\b",
            r"\bcara (?:chueca|torcida|caida)\b",
            r"\bhabla (?:raro|arrastrando|mal|chistoso)\b",
            r"\bhablo raro\b",
            r"\bno (?:puede|puedo) hablar bien\b",
            r"\barrastra las palabras\b",
            r"\bno (?:puede|puedo) (?:mover|levantar) el brazo\b",
            r"\bse me durmio la mitad\b",
        ],
        strong=True,
    ),
    *rules(
        "breathing",
        [
            r"\b(?:cant|could not|couldnt|can barely|can hardly|barely|hardly|unable to|struggling to|"
            r"hard to|trouble to) breathe\b(?! (?:a word|through (?:my|his|her|the) nose|out of))",
            r"\b(?:struggling|fighting|gasping) for (?:air|breath)\b",
            r"\bgasping\b",
            r"\b(?:trouble|difficulty|hard time|problems?) breathing\b(?! at night| when (?:i|he|she) sleep)",
            r"\b(?:not|isnt|wasnt|stopped|barely|hardly) breathing\b(?! at night| when (?:he|she|i) sleeps?)",
            r"\bcant get (?:enough )?air\b",
            r"\bcant catch (?:my|his|her|their) breath\b",
            r"\b(?:suddenly|severely|very|really|extremely) short of breath\b",
            r"\bshort of breath (?:all of a sudden|suddenly|at rest|sitting|lying)\b",
            r"\blips (?:are |look |looks |turning |turned |going |went )?(?:blue|purple|gray|grey)\b",
            r"\bturning (?:blue|gray|grey)\b",
            r"\bchok(?:ing|ed|es)\b(?! (?:up|back)| on (?:the|this|that|my|a|his|her|their|your) (?:\w+ )?"
            r"(?:price|bill|copay|cost|fee|news|words|tears|lines))",
            rf"\bsomething (?:is )?stuck in {_WHO} throat\b",
            r"\bsuffocating\b(?! (?:paperwork|lol))",
            r"\binhaler (?:isnt|is not|not|doesnt|does not|wont|didnt) (?:working|helping|help|work)\b",
            r"\basthma attack\b(?! plan)",
            r"\bwheezing so (?:hard|bad)\b",
            r"\bribs (?:are )?(?:sucking|pulling) in\b",
            r"\bdrown(?:ing|ed)?\b(?! in (?:paperwork|work|bills|debt|papers|emails|forms))",
            r"\b(?:fell|fallen) in(?:to)? the (?:pool|lake|river|water)\b",
            # Spanish.
            r"\bno (?:puedo|puede|podia) respirar\b(?! por la nariz)",
            r"\bno respira\b",
            r"\bdejo de respirar\b",
            r"\b(?:me|le) falta (?:mucho )?el aire\b",
            r"\b(?:me|le|nos) cuesta (?:mucho )?respirar\b",
            r"\bdificultad para respirar\b",
            r"\b(?:se esta|me estoy|se) ahog(?:a|ando)\b(?! en (?:papeles|trabajo|deudas|cuentas))",
            r"\batragant\w*\b",
            r"\blabios morados\b",
            r"\bse (?:esta poniendo|puso) morad[oa]\b",
            r"\bel inhalador no (?:me |le )?(?:hace nada|funciona|sirve|ayuda)\b",
        ],
        strong=True,
    ),
    *rules(
        "bleeding",
        [
            r"\b(?:wont|will not|doesnt|does not|hasnt|has not|not|cant|cannot|wouldnt) stop (?:the )?bleed\w*",
            r"\bbleed\w*.{0,30}\b(?:wont|will not|doesnt|does not|hasnt|has not|isnt|is not|not) "
            r"(?:stop|stopping|slowing)\b",
            r"\bbleeding (?:heavily|badly|a lot|profusely|so much|everywhere|really bad|very bad|through|"
            r"really badly|nonstop|non stop)\b",
            r"\b(?:lots|a lot|so much|tons|too much) of blood\b|\b(?:so much|too much) blood\b",
            r"\bblood (?:is )?(?:everywhere|spurting|pouring|gushing)\b",
            r"\b(?:spurting|gushing)\b",
            r"\bpouring (?:out )?(?:blood|of (?:my|his|her|the))\b",
            r"\bsoaked through\b",
            r"\bbleeding (?:(?:right|straight|all the way)\s+)?through (?:the|my|his|her|a|\w+) ?(?:bandage|dressing|"
            r"towels?|gauze|clothes|shirt|pants)\b",
            r"\b(?:vomiting|throwing up|coughing up|puking|vomited|threw up|coughed up) (?:some )?blood\b",
            r"\bblood in (?:my|his|her) vomit\b",
            rf"\b(?:black|tarry)\b.{{0,40}}\b{_NOT_NEG}(?:faint\w*|dizzy|pass out|passed out|lightheaded)\b",
            r"\bnose ?bleed\b.{0,40}\b(?:wont|will not|doesnt|not) stop\b",
            r"\bsoaking (?:through )?(?:a |one |\d+ )?(?:pad|pads)\b.{0,20}\bevery (?:\d+ min|hour|few min)",
            # Spanish.
            r"\bno (?:para|deja) de sangrar\b",
            r"\b(?:sangrando|sangra|sangre) (?:mucho|muchisimo|demasiado|a chorros)\b",
            r"\bmucha sangre\b",
            r"\bsangre por todos lados\b",
            r"\b(?:vomitando|vomito|vomite|tosiendo|escupiendo) sangre\b",
            r"\b(?:sangrado|hemorragia) (?:abundante|fuerte|que no para)\b",
            r"\bmucho sangrado\b",
            r"\bhemorragia\b",
        ],
        strong=True,
    ),
    *rules(
        "anaphylaxis",
        [
            r"\bthroat (?:is |feels )?(?:swelling|swollen|closing|tight|tightening|closing up)\b",
            r"\b(?:tongue|lips?) (?:is |are )?(?:swelling|swollen|puffy)\b",
            r"\b(?:lips|tongue) and (?:tongue|lips|throat) (?:are |is )?(?:swelling|swollen)\b",
            r"\bused (?:my|his|her|the|an|a) epi ?pen\b",
            r"\b(?:gave|give|giving|injected) (?:him|her|me|them) (?:my|his|her|the|an|a) epi ?pen\b",
            r"\bepi ?pen\b.{0,40}\bstill\b",
            r"\bswelling shut\b",
            rf"\b(?:face|eyes?) (?:is |are )?(?:swelling|swollen|puffy)\b.{{0,60}}\b{_NOT_NEG}(?:sting|stung|ate|"
            rf"eating|trouble breathing|cant breathe|hives|swallow)\b",
            r"\b(?:sting|stung|ate|eating|peanuts?|shrimp|shellfish|cashews?)\b.{0,60}\b(?:face|eyes) "
            r"(?:is |are )?(?:swelling|swollen|puffy)\b",
            r"\b(?:hard|cant|difficult|trouble) (?:to )?swallow\w*\b.{0,40}\b(?:swell\w*|swollen|allergic|"
            r"hives)\b",
            r"\b(?:swell\w*|swollen|allergic)\b.{0,40}\b(?:hard|cant|difficult|trouble) (?:to )?swallow\w*\b",
            rf"\b(?:sting|stung|ate|eating|peanuts?|shrimp|shellfish|nuts|cashews?)\b.{{0,60}}\b{_NOT_NEG}(?:wheez\w*|"
            rf"throat|lips|tongue|cant breathe|faint\w*)\b",
            r"\b(?:wheez\w*|throat|lips|tongue|cant breathe)\b.{0,60}\b(?:sting|stung|ate|eating|peanuts?|"
            r"shrimp|shellfish|cashews?)\b",
            rf"\bhives (?:everywhere|all over)\b.{{0,60}}\b{_NOT_NEG}(?:dizzy|throat|short of breath|trouble breathing|"
            rf"cant breathe|wheez\w*|faint\w*)\b",
            # Spanish.
            r"\b(?:se me|se le|me|le) (?:esta )?cerr(?:a|ando) la garganta\b",
            r"\bgarganta cerrada\b",
            r"\bse (?:me|le) (?:hincho|hincharon|esta hinchando|estan hinchando) (?:la lengua|los labios|"
            r"la garganta)\b",
            r"\bno (?:puedo|puede) tragar\b",
            r"\breaccion allergic\w* (?:fuerte|grave|severa)\b",
        ],
        strong=True,
    ),
    *rules(
        "anaphylaxis",
        [
            r"\banaphylaxis\b",
            r"\bsevere allergic reaction\b",
            r"\bse (?:me|le) hincho la cara\b",
        ],
    ),
    *rules(
        "unresponsive",
        [
            r"\bunresponsive\b",
            r"\b(?:not|isnt|wont|wasnt|is not) (?:responding|responsive|respond)\b",
            r"\b(?:wont|cant|can not|cannot|not|isnt) (?:wake|waking|woken) (?:\w+ )?up\b",
            r"\bcant wake (?:him|her|them|\w+)\b",
            r"\bhasnt woken up\b",
            r"\bunconscious\b",
            r"\bknocked out\b",
            r"\bcollapsed\b(?! (?:umbrella|stroller|tent|box))",
            r"\b(?:is|went|gone|looks) limp\b",
            r"\bpassed out\b(?! (?:flyers|papers|forms|candy|leaflets|samples|pamphlets|the))",
            # Spanish.
            r"\bno (?:despierta|reacciona|responde)\b",
            r"\binconsciente\b",
            r"\bperdio el conocimiento\b",
            r"\bse desmayo\b",
        ],
        strong=True,
    ),
    *rules(
        "seizure",
        [
            r"\bseizures?\b(?! of (?:my|the|your|his|her) (?:bank|account|assets|property|car|funds|house))",
            r"\bconvulsion(?:es)?\b",
            r"\bataque epileptico\b",
        ],
    ),
    *rules(
        "seizure",
        [
            r"\b(?:seizing|convulsing|convulsions|having a seizure|convulsionando)\b",
            r"\bshaking all over\b.{0,40}\b(?:respond|wake|seizure)\b",
        ],
        strong=True,
    ),
    *rules(
        "burn",
        [
            r"\b(?:boiling|scalding) (?:water|oil)\b",
            r"\bhot (?:oil|grease)\b",
            r"\bskin (?:is )?(?:peeling off|white and charred|charred|black|melting|coming off)\b",
            r"\bcharred\b",
            r"\b(?:third|3rd) degree\b",
            r"\bchemical burn\b",
            r"\bburn blisters all over\b",
            r"\belectrocuted\b",
            r"\b(?:burned|burnt) (?:by|in|from) (?:a |the )?(?:fire|flames|explosion)\b",
            r"\bagua hirviendo\b",
            r"\baceite (?:caliente|hirviendo)\b",
            r"\bse (?:me|le) (?:cayo|cae|esta cayendo|pelo) la piel\b",
            r"\b(?:se me despego|se le despego|despegada) (?:la )?piel\b",
            r"\bquemadura (?:grave|de tercer grado|quimica)\b",
        ],
        strong=True,
    ),
    *rules(
        "trauma",
        [
            rf"\bcant (?:feel|move) {_WHO} (?:legs|arms|fingers|feet|toes)\b",
            rf"\bhit (?:his|her|my|their) head\b.{{0,60}}\b{_NOT_NEG}(?:vomit\w*|confused|unconscious|passed out|"
            rf"seizure|wont wake)\b",
            rf"\bse (?:pego|golpeo) en la cabeza\b.{{0,60}}\b{_NOT_NEG}(?:vomit\w*|confundid[oa]|inconsciente)\b",
            r"\b(?:bitten by a|bit by a) (?:rattle)?snake\b|\brattlesnake\b|\bsnake ?bite\b",
        ],
        strong=True,
    ),
    *rules("pregnancy", [r"\bwater broke\b.{0,60}\bcord\b", r"\b(?:see|feel) the cord\b"], strong=True),
    *rules(
        "diabetic",
        [
            r"\bbloodsugar (?:is |reads |of |at )?(?:[1-4]\d)\b",
            r"\b(?:meter|glucometer) (?:just )?(?:says|reads|shows) lo\b",
            r"\bazucar (?:en |de )?(?:[1-4]\d)\b",
        ],
        strong=True,
    ),
    *rules(
        "meningitis",
        [
            rf"\bstiff neck\b.{{0,60}}\b{_NOT_NEG}fever\b.{{0,60}}\b{_NOT_NEG}rash\b",
            r"\brash that (?:doesnt|does not|wont) fade\b",
        ],
        strong=True,
    ),
    *rules(
        "fainting",
        [
            r"\b(?:feel|feels|feeling) (?:like )?(?:i am |im |he is |she is )?(?:going to|about to) "
            r"(?:pass out|faint)\b",
            r"\bme (?:voy a|siento que me voy a) desmayar\b",
        ],
        strong=True,
    ),
]

# Pregnancy: bleeding or the warning signs of pre-eclampsia in a message that mentions a pregnancy.
PREGNANCY_CUE = _rx(
    r"\b(?:pregnant|pregnancy|\d+ (?:weeks|wks|months) (?:along|pregnant)|gave birth|giving birth|"
    r"postpartum|i am \d+ (?:weeks|wks|months)|embarazada|embarazo|di a luz|dar a luz|dio a luz)\b"
)
PREGNANCY_RULES: list[Rule] = rules(
    "pregnancy",
    [
        r"(?<!light )(?<!little )(?<!bit of )(?<!slight )\bbleeding\b",
        r"\b(?:sangrando|sangrado)\b(?! leve)",
        r"\b(?:blurry|blurred) vision\b",
        r"\bvision borrosa\b",
        r"\b(?:severe|sudden|terrible|intense) (?:belly|stomach|abdominal) pain\b",
        r"\bdolor (?:fuerte|muy fuerte|intenso) (?:en el|de) (?:vientre|panza|estomago)\b",
    ],
    strong=True,
)


__all__ = [
    "ADMIN",
    "AFTERCARE",
    "AFTER_EVENT",
    "ATTACHED_AFTER",
    "EMERGENCY_RULES",
    "EPISODIC",
    "HYPOTHETICAL",
    "IDIOM_BEFORE",
    "LAUGH",
    "NEGATION_BEFORE",
    "NOT_A_PERSON",
    "PAST",
    "PREGNANCY_CUE",
    "PREGNANCY_RULES",
    "PRESENT",
    "PRE_SPELLINGS",
    "SPELLINGS",
    "URGENT_RULES",
    "Rule",
    "rules",
]
