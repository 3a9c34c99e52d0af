"""Pattern tables for the emergency screen (see `mojoe.assistant.safety`).

Every pattern runs on *normalized* text (see `safety_context` for the normalization and context tables).

Two kinds of emergency rules:

* strong rules describe an acute state in the present ("cant breathe", "wont stop bleeding", "want to die");
  an administrative context (a bill, a refill, a letter) never silences them, only a negation, a past-event
  marker or a hypothetical question does;
* topic rules name a condition ("chest pain", "stroke", "seizure") that patients also mention when they
  ask for results, records, refills or bills; those are silenced by such a context unless the message
  also says that something is happening now.

Many emergencies are two findings that are harmless apart: a head injury *and* drowsiness, a fall *and*
tingling hands, a fever *and* a stiff neck, a weak arm *and* a crooked face, a child *and* pills. Those
co-occurrence rules are strong rules marked `window`: patients tell such a story in two or three sentences
("He fell off the trampoline. Now he won't answer me."), so they run on every run of up to three
consecutive sentences. Each is written as "first finding, then the second one not negated" (`_NOT_NEG_V`),
and a month-or-more-old date or a "what should I watch for" inside the matched span silences it. Their
`requires` is a cheap keyword test of the whole message that every rule of the group needs ("head|cabeza"
for head injuries); it only saves time.

This module holds the emergency and pregnancy rules. The urgent rules live in `safety_urgent`, and the
`Rule` type, normalization and context patterns in `safety_context`; both are re-exported here so that
`safety` reads every table from this one module.
"""

from __future__ import annotations

from mojoe.assistant.safety_context import (
    ADMIN,
    AFTER_EVENT,
    AFTERCARE,
    ANIMAL,
    ATTACHED_AFTER,
    EPISODIC,
    HYPOTHETICAL,
    IDIOM,
    IDIOM_BEFORE,
    LAUGH,
    LONG_AGO,
    MEDIA,
    NEGATION_BEFORE,
    NOT_A_PERSON,
    PAST,
    PRE_SPELLINGS,
    PRESENT,
    REASSURED,
    SPELLINGS,
    WATCH_FOR,
    WINDOW,
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
_NOT_TIRES = r"(?! (?:in|into) (?:my|the|his|her) (?:\w+ )?(?:tires?|balloons?|mattress|ball))"
_NOT_IDIOM_DIE = r"(?! (?:of|from) (?:embarrassment|boredom|laughter|laughing|hunger|shame))"
_NOT_IDIOM_MORIR = (
    r"(?! de (?:la )?(?:verguenza|pena|risa|hambre|sueno|cansancio|aburrimiento|ganas|calor|frio|amor))"
)

# --- Building blocks for the rules written by category (ingestion, head and spine, FAST, headache...) -------

# Placed before the second finding of a co-occurrence rule, wider than `_NOT_NEG`: "hit his head, hasn't
# thrown up", "no ha vomitado", "not vomiting or sleepy".
_NOT_NEG_V = (
    _NOT_NEG + r"(?<!isnt )(?<!hasnt )(?<!didnt )(?<!wasnt )(?<!doesnt )(?<!dont )(?<!not been )(?<!or been )"
    r"(?<!or )(?<!nor )(?<!no ha )(?<!no se ha )(?<!no esta )(?<!no se )(?<!no le )(?<!no me )"
)
# A child, told by a parent or someone beside them.
_CHILD = (
    r"(?:toddler|baby|infant|son|daughter|kid|kiddo|child|boy|girl|grandson|granddaughter|grandbaby|grandkid|"
    r"nephew|niece|little one|twins?|\d+ ?(?:yr|year|yo|month|mo)s?(?: old)?|\d+yo|hij[oa]|nin[oa]|bebe|nene|nena|"
    r"niet[oa]|sobrin[oa]|chamac[oa]|chiquit[oa]|chiquill[oa]|escuincle|huerc[oa])"
)
# Someone else's (normalized possessives lose the apostrophe: "grandma's" -> "grandmas").
_SOMEONE_ELSES = (
    r"(?:grandmas|grandpas|grandmothers|grandfathers|grannys|nanas|papaws|mamaws|moms|mommys|mamas|dads|daddys|"
    r"papas|mothers|fathers|parents|aunts|uncles|sisters|brothers|husbands|wifes|boyfriends|girlfriends|"
    r"roommates|neighbors|babysitters|friends|someone elses|somebody elses|(?:great )?grandparents)"
)
_OTHER_ES = (
    r"(?:abuel[oa]s?|mama|papa|mami|papi|tia|tio|herman[oa]|espos[oa]|suegr[oa]|vecin[oa]|novi[oa]|"
    r"otra persona|alguien mas)"
)
_MEDS = r"(?:pills?|tablets?|capsules?|caplets?|meds|medicines?|medications?)"
_MEDS_ES = r"(?:pastillas?|pildoras?|capsulas?|tabletas?|medicinas?|medicamentos?|jarabe)"
_NOT_CANDY = r"(?! de (?:menta|miel|goma|chicle|dulce|chocolate|anis))"
_QTY = (
    r"(?:some|a few|few|several|a couple|couple|a bunch|a handful|handful|lots|a lot|all|most|half|one|two|three|"
    r"four|five|six|\d+|a whole bottle|the whole bottle|a bottle|the bottle)"
)
# Household products and objects that are a poisoning when swallowed, whoever swallowed them.
_HOUSEHOLD = (
    r"(?:(?:dishwasher|laundry|detergent|tide|washing machine|cleaning) (?:pods?|packets?|pacs?|tabs?|tablets?|soap|"
    r"liquid)|detergent|bleach|clorox|(?:drain|oven|toilet|toilet bowl|floor|glass|window) cleaner|cleaning (?:stuff|"
    r"products?|solution|spray|supplies)|chemicals|antifreeze|(?:windshield|wiper|lighter) fluid|lamp oil|gasoline|"
    r"kerosene|paint thinner|(?:button |coin |watch )?batter(?:y|ies)|magnets?|(?:rat|mouse|ant|roach|bug) "
    r"(?:poison|bait|killer)|poison|pesticides?|insecticides?|weed killer|nail polish remover|mouthwash|"
    r"hand sanitizer|essential oils?|(?:vape|e ?cig|e ?cigarette) (?:juice|liquid|pods?|cartridge)|nicotine "
    r"(?:gum|pouch|pouches|liquid|patch)|edibles?|(?:thc|pot|weed|cannabis) (?:gummies|edibles?|candy|cookies?|"
    r"brownies?))"
)
_HOUSEHOLD_ES = (
    r"(?:cloro|lejia|blanqueador|destapacanos|detergente|suavizante|jabon (?:de|para) (?:trastes|platos|ropa|"
    r"lavadora|lavavajillas|lavaplatos)|(?:pastillas?|capsulas?|tabletas?) (?:de|para) (?:detergente|lavavajillas|"
    r"lavaplatos|la lavadora|lavadora)|pinol|fabuloso|limpiador(?:es)?|quimicos|anticongelante|gasolina|thinner|"
    r"aguarras|petroleo|veneno|raticida|insecticida|matarratas|pilas?|baterias?|iman|imanes|liquido (?:de|para) "
    r"(?:vapear|vape|cigarro electronico)|enjuague bucal|alcohol en gel|gel antibacterial)"
)
# Medicines patients name by brand or kind.
_DRUGS = (
    r"(?:xanax|valium|ativan|klonopin|benzos?|oxys?|oxycodone|oxycontin|percocets?|vicodin|norco|ambien|benadryl|"
    r"pain ?killers|tylenol|advil|motrin|aspirin|ibuprofen|acetaminophen|melatonin|adderall|zoloft|prozac|lexapro|"
    r"metformin|lisinopril|suboxone|methadone|fentanyl|clonidine|iron pills?|sleeping pills|sleep(?:ing)? aids?)"
)
_PILLS_OD = r"(?:pills|tablets|meds|medicine|" + _DRUGS + ")"
_ALCOHOL = (
    r"(?:vodka|whiskey|whisky|tequila|rum|gin|bourbon|alcohol|wine|beers?|liquor|booze|drinks|shots|everclear|"
    r"fifth|bottle of \w+)"
)
_OD_AMOUNT = (
    r"(?=(?:\w+ ){0,16}?(?:all (?:of )?(?:my|his|her|the|their|them|those|these)|whole|entire|bottle|handful|bunch|"
    r"lots|a lot|too many|several|fifth|\d{2,}|ten|twenty|a dozen)\b)"
)
# Confusion as a state ("acting confused"), not the writer's question ("confused about the bill").
_CONFUSED = (
    r"(?:confused|confusion|confundid[oa])(?! (?:about|by|with|as to|on|over|if|whether|why|what|how|which|where "
    r"to|sobre|con|de|por|si)\b)"
)
# Head injury, and the signs after it that make it a 911 call.
_HEAD_HIT = (
    r"(?:(?:hit|hitting|banged|banging|bumped|smacked|whacked|slammed|cracked|knocked|struck|split) "
    r"(?:the (?:back|side|front|top) of )?(?:his|her|my|their|the) head|"
    r"(?:fell|fallen|falling|landed|landing|dropped|thrown|flew|went) (?:\w+ ){0,6}?(?:on|onto|on to|off) "
    r"(?:the (?:back|side|front|top) of )?(?:his|her|my|their) head|"
    r"(?:fell|landed|went|dove|dived) head ?first|"
    r"(?:hit|kicked|struck|punched|elbowed|smacked|kneed) (?:\w+ ){0,2}?in the head|head (?:injury|trauma)|"
    # A concussion already diagnosed ("since her concussion") is a follow-up, not a new injury.
    r"(?<!with a )(?<!from his )(?<!from her )(?<!from my )(?<!since his )(?<!since her )(?<!since my )"
    r"(?<!after his )(?<!after her )(?<!after my )(?<!post )concussion|"
    r"head (?:hit|smacked|slammed|bounced off|bounced on|struck) (?:the|a|on)|"
    r"se (?:pego|golpeo|dio|lastimo) (?:\w+ ){0,3}?(?:en )?la cabeza|"
    r"(?:golpe|golpazo|madrazo|trancazo|chingadazo|guamazo)s? (?:\w+ )?en la cabeza|"
    r"(?:cayo|cai|caimos) de cabeza|se descalabro)"
)
_HEAD_SIGNS = (
    r"(?:sleepy|drowsy|lethargic|groggy|keeps? (?:falling asleep|dozing off|nodding off|passing out|throwing up|"
    r"vomiting|asking the same)|hard to (?:wake|keep awake)|(?:cant|wont|cannot) (?:stay awake|keep (?:his|her|my) "
    r"eyes open)|(?:wont|cant|doesnt|isnt|is not|not) (?:answer\w*|respond\w*|making sense|make sense|acting right|"
    r"act right|recogni[sz]e|know where)(?! (?:my|the|our|his|her|their) (?:calls?|texts?|phone|messages?|door|"
    r"emails?))|not (?:himself|herself|myself)|"
    + _CONFUSED
    + r"|disoriented|dazed|out of it|vomit\w*|throwing up|"
    r"threw up|thrown up|puk\w*|passed out|blacked out|knocked out|unconscious|seizure|seizing|convuls\w*|(?:wont|"
    r"cant|cannot) wake|inconsciente|(?:doesnt|does not|cant|dont) remember (?:what happened|anything|the fall|"
    r"falling|hitting|how)|slurr\w*|pupils? (?:is|are|look)|clear (?:fluid|liquid)|blood (?:coming )?(?:from|out "
    r"of) (?:his|her|my|the) (?:ear|ears)|seeing double|double vision|stumbling|somnolient\w*|adormilad\w*|"
    r"(?:se|le) (?:quiere|queda|esta quedando) dormid\w*|mucho sueno|no (?:me |nos )?(?:contesta|responde|reacciona|"
    r"despierta|sabe donde|reconoce|se acuerda|habla bien)|desorientad\w*|atontad\w*|aturdid\w*|guacare\w*|"
    r"se desmayo|perdio el conocimiento|ve doble|dice cosas sin sentido)"
)
# A fall or a crash, a neck or back, and tingling, numbness or weakness in the limbs: a spinal injury.
_FALL = (
    r"(?:fell(?! asleep| back asleep| behind| through| apart| in love| for)|fallen|falling|"
    r"slipped(?! (?:a )?dis[ck])|tripped|tumbled|crashed (?:my|his|her|their|the|a|into)|wrecked|"
    r"flipped (?:over|off|the|his|her|my)|dove|dived|diving|landed (?:on|hard|wrong|badly|awkwardly)|"
    r"thrown (?:off|from)|tackled|rear ended|t boned|hit by a (?:car|truck)|car (?:accident|crash|wreck)|"
    r"(?:bike|motorcycle|ski|skiing|horse|trampoline|atv) (?:accident|crash)|accident|collision|(?:ran|crashed|"
    r"drove|rode|went) into (?:a|the) (?:tree|wall|pole|car|truck|post|fence|ditch)|"
    r"(?:hit|banged|smacked|slammed|cracked) (?:the (?:back|side|top) of )?(?:my|his|her|their) head|"
    r"me cai|se cayo|nos caimos|se resbalo|me resbale|choque|chocamos|accidente|clavado|volcadura|atropell\w*)"
)
_SPINE = (
    r"(?:(?:my|his|her|their|the|lower|upper|middle) (?:lower |upper |middle )?(?:neck|back|spine)|neck|spine|"
    r"spinal|back (?:pain|hurts|is killing)|cuello|espalda|columna|nuca)"
)
_LIMB_NEURO = (
    r"(?:tingl\w*|numb\w*|pins and needles|electric (?:shocks?|feeling)|(?:cant|can barely|cannot) (?:feel|move) "
    r"(?:my|his|her|their|either|both) (?:\w+ )?(?:arms?|legs?|hands?|feet|fingers|toes)|(?:arms?|legs?|hands?|feet) "
    r"(?:are |is |feel |feels |went |have gone )?(?:weak|dead|heavy|limp|wont move|not moving)|weak(?:ness)? in "
    r"(?:both |my |his |her )?(?:arms|legs|hands)|(?:lost|no) control of (?:my|his|her) (?:bladder|bowels)|"
    r"hormigue\w*|entumid\w*|entumecid\w*|adormecid\w*|dormid[oa]s (?:los|las|mis|sus) (?:brazos|piernas|manos|pies)|"
    r"no (?:siento|siente|puedo mover|puede mover) (?:los|las|mis|sus) (?:brazos|piernas|manos|pies|dedos))"
)
# Meningitis: fever with a stiff neck, or spots that do not fade under a pressed glass.
_STIFF_NECK = (
    r"(?:stiff neck|neck (?:(?:is|feels|got|gets|has|gotten|been|getting|so|very|really|super|kind|of|kinda|a|bit|"
    r"little|all|and|seems|looks|too|pretty|totally|completely|shoulders|are) ){0,4}(?:stiff|rigid)|(?:cant|wont|"
    r"cannot|can barely) (?:bend|move|touch|put|bring|tuck|lower) (?:his|her|my|their) (?:head|chin|neck) (?:down|"
    r"forward|to (?:his|her|my|their) chest)|(?:cuello|nuca) (?:\w+ ){0,2}?(?:rigid[oa]|ties[oa]|dur[oa]|"
    r"engarrotad[oa])|rigidez (?:en|de|del) (?:el )?(?:cuello|nuca)|no (?:puede|puedo) (?:doblar|bajar|agachar) "
    r"(?:el cuello|la cabeza))"
    # "stiff neck from sleeping wrong", "por dormir chueco": a cause is given, and it is not an infection.
    r"(?! (?:from|because of|due to|after (?:sleeping|the gym|working out|a workout|the flight|driving|lifting)|por "
    r"(?:dormir|el estres|la almohada|el trabajo)|de (?:dormir|tanto))\b)"
)
_FEVER = (
    r"(?:(?<!low grade )(?<!low )(?<!slight )(?<!mild )(?<!little )(?<!bit of a )(?<!hay )fever(?! blisters?| sores?)|"
    r"feverish|burning up|febrile|"
    r"temp(?:erature)? (?:of |is |was |at |reads |hit )?(?:10[0-7]|3[89]|4[01])\b|calentura|fiebre|temperatura "
    r"(?:de |en )?(?:3[89]|4[01]))"
)
_SPOTS = (
    r"(?:rash|spots|dots|marks|bruis\w*|blotch\w*|specks|pinpricks|pinpoints|manchas|manchitas|puntitos|puntos|"
    r"ronchas|ronchitas|sarpullido|salpullido|erupcion|granitos|moretones)"
)
_NO_FADE = (
    r"(?:(?:dont|doesnt|wont|do not|does not|didnt|did not|arent|isnt|not|never|still dont|still didnt) (?:\w+ ){0,2}?"
    r"(?:fade|go away|disappear|turn white|blanch|go pale|pale|lighten|change|go)|no (?:se )?(?:le )?(?:\w+ )?"
    r"(?:quitan|quita|desaparecen|desaparece|borran|blanquean|aclaran|van|cambian|ponen blancas|palidecen))"
)
# Fever and aches the day after a shot are the shot's, not meningitis.
_NOT_VACCINE = (
    r"(?! (?:\w+ ){0,2}?(?:after|since|from|despues de|desde|por) (?:the |my |his |her |a |an |la |su |mi |el )?(?:\w+ )?"
    r"(?:boosters?|vaccines?|vaccination|shots?|jab|immunizations?|vacunas?))"
)
_PRESS = (
    r"(?:press\w*|push\w*|glass|cup|tumbler|squeez\w*|presion\w*|apret\w*|aprieto|vaso|aplast\w*|empuj\w*)"
)
_STILL_THERE = (
    r"(?:(?:are|is) still (?:there|visible|showing|dark|red|purple)|(?:still|can) see (?:them|it|the \w+))"
)
_PURPLE_SPOTS = (
    r"(?:(?:purple|purplish|dark red|red purple|maroon|bruise like|bruise colored|tiny red|pinpoint) (?:\w+ )?"
    r"(?:spots|dots|rash|blotches|specks|pinpricks|marks|bruises)|petechia\w*|purpura|(?:manchas|puntitos|puntos|"
    r"manchitas) (?:\w+ )?(?:moradas|morados|violetas|rojo oscuro|como moretones)|petequias)"
)
# FAST signs in everyday words: a face gone crooked, an arm that will not lift, speech that comes out wrong.
_NOT_NUMBED = (
    r"(?! (?:\w+ ){0,3}?(?:after|from|since) (?:the |my |his |her |a |an )?(?:\w+ ){0,2}?(?:dentist|dental|novocaine|"
    r"filling|root canal|botox|filler|numbing|shot|extraction|injection|surgery|procedure|bells palsy|palsy|stroke|"
    r"birth|braces)|(?: \w+)? in (?:photos|pictures|selfies|videos|the mirror)| since (?:birth|childhood|forever|"
    r"i was born|(?:he|she) was born))"
)
_FACE_SIGN = (
    r"(?:(?:face|mouth|smile|lip|lips)\b(?: (?:just|suddenly|all of a sudden|kind of|kinda|is|looks|look|went|gone|"
    r"has|got|seems|became|turned|all|really|totally|so|now)){0,3} (?:crooked|lopsided|uneven|twisted|sagging|saggy|"
    r"slack|sideways|off center|pulled (?:to one side|over|down)|hanging (?:down|low)|(?:droop\w*|sag\w*|down|numb|"
    r"frozen|slack|paralyzed|not moving|drooping) on (?:one|the (?:left|right)|left|right) side)|(?:one|the (?:left|"
    r"right)) side of (?:his|her|my|their|the) (?:face|mouth) (?:\w+ ){0,3}?(?:droop\w*|sag\w*|down|dropped|fell|"
    r"fallen|numb|slack|frozen|not moving|wont move|paralyz\w*|lower|hanging|limp|dead)|half (?:of )?(?:his|her|my|"
    r"their) face (?:\w+ ){0,3}?(?:droop\w*|sag\w*|numb|dead|frozen|paralyz\w*|down|not moving|wont move|slack))"
    + _NOT_NUMBED
)
_FACE_SIGN_ES = (
    r"(?:(?:cara|boca|sonrisa)\b(?: (?:se le|se me|le|me|esta|se ve|se le ve|la tiene|la tengo|quedo|se puso|"
    r"se fue|toda|muy|como)){0,3} (?:chueca|torcida|caida|de lado|ladeada|desviada|jalada|paralizada)|se (?:le|me) "
    r"(?:torcio|cayo|chueco|ladeo|desvio|fue de lado|jalo|paralizo|durmio|adormecio) (?:\w+ ){0,2}?(?:la cara|la boca|"
    r"media cara|un lado de la cara|la mitad de la cara|el labio)|(?:media cara|la mitad de la cara|un lado de la "
    r"cara) (?:\w+ ){0,3}?(?:caida|dormida|paralizada|chueca|torcida|colgada|no (?:la|lo) mueve|no se (?:le )?mueve))"
    r"(?! (?:\w+ ){0,2}?(?:despues de|desde|por) (?:la |el |una |un |que )?(?:\w+ )?(?:paralisis|dentista|anestesia|"
    r"cirugia|operacion|inyeccion|embolia|derrame|naci\w*|muela|botox)| en (?:las )?fotos)"
)
_SPEECH_SIGN = (
    r"(?:(?:is|are|am|hes|shes|he is|she is|theyre|started|starting|keeps|suddenly|just|now) (?:\w+ )?"
    r"(?:talking|speaking) (?:like (?:hes|shes|he is|she is|i am|they are|theyre) drunk|gibberish|nonsense)"
    r"(?! in (?:his|her|my|their) sleep)|sounds like (?:hes|shes|he is|she is|i am|they are|theyre) drunk|"
    r"(?:gibberish|nonsense) (?:comes? out|when (?:he|she|i) (?:talks?|tries))|"
    r"words (?:are |keep )?(?:coming out )?(?:all )?(?:jumbled|mixed up|scrambled|backwards|not coming out)|"
    r"(?:cant|cannot) get (?:the|his|her|my|any) words out|words wont come out|"
    r"speech (?:is |sounds )?(?:thick|off|garbled|slow and)|slurr\w*|"
    r"habla como (?:borrach[oa]|trabad[oa]|si estuviera borrach[oa])|se (?:le|me) traba la lengua|"
    r"no (?:le|me) salen las palabras|no se le entiende (?:nada de )?(?:lo que dice|cuando habla|al hablar)|"
    r"dice (?:puras )?(?:incoherencias|cosas sin sentido)|"
    r"habla (?:\w+ )?(?:raro|mocho|arrastrado|enredado|trabado|incoherente))"
    r"(?! (?:when|whenever|if) )"
)
_ARM_WEAK = (
    r"(?:(?:cant|cannot|couldnt|unable to|can barely|wont) (?:lift|raise|move|hold up|use|feel|grip with) "
    r"(?:his|her|my|their|the|one) (?:\w+ )?(?:arm|hand|leg)"
    # "can't lift my arm above my head", "because it hurts": a shoulder, not a stroke.
    r"(?! (?:above|over|past|behind|all the way|because|cause|from|due to|without (?:pain|it hurting)))|"
    r"(?:arm|hand|leg) (?:\w+ ){0,2}?(?:went|is|feels|got|gone|just|suddenly) (?:\w+ )?"
    r"(?:weak|heavy|dead|limp|numb|useless)|"
    r"(?:dropped|dropping|keeps dropping) (?:everything|things|(?:his|her) (?:cup|coffee|fork|spoon))|"
    r"(?:arm|hand) (?:keeps )?(?:drifting|falling) down|"
    r"no (?:puede|puedo|podia) (?:levantar|alzar|mover|subir|sostener) (?:el|su|mi) (?:brazo|mano|pierna)|"
    r"(?:el|su|mi) (?:brazo|mano) (?:no (?:le|me) (?:responde|sirve|obedece)|se (?:le|me) (?:cayo|durmio|"
    r"quedo sin fuerza)))"
)
_NONSENSE = (
    r"(?:(?:not making|making no|doesnt make|isnt making|makes no) sense|no tiene sentido lo que dice|"
    r"no (?:se )?le entiendo|dice cosas sin sentido)"
)
_SUDDEN = r"(?:suddenly|all of a sudden|out of nowhere|just now|de repente|de pronto|de la nada|derrepente)"
# Thunderclap headache: sudden, explosive or the worst ever, with signs of the brain.
_HEADACHE_SUDDEN = (
    r"(?:(?:sudden|suddenly|out of nowhere|instant|explosive|exploding|blinding) (?:\w+ ){0,2}?(?:headache|(?:pain|"
    r"ache) in (?:the (?:back|top|side|front) of )?(?:my|his|her|their|the) head)|headache "
    r"(?:\w+ ){0,3}?(?:out of nowhere|all of a sudden|came on (?:fast|suddenly|all at once|in (?:seconds|a second))|"
    r"hit (?:me|him|her) (?:suddenly|out of nowhere|all at once))|(?:dolor de cabeza|me duele la cabeza)(?: \w+){0,4}? "
    r"(?:de repente|de golpe|repentino|subito|de la nada)|(?:de repente|de golpe|de la nada) (?:\w+ ){0,3}?"
    r"(?:dolor de cabeza|me (?:empezo a )?doler la cabeza)|(?:me|le) (?:va a )?(?:explota|estalla|exploto|estallo) "
    r"la cabeza)"
)
_HEADACHE_SEVERE = (
    r"(?:(?:severe|excruciating|terrible|horrible|intense|unbearable|splitting|massive|awful|really bad) (?:\w+ )?"
    r"headache|dolor de cabeza (?:\w+ )?(?:muy fuerte|fortisimo|terrible|horrible|insoportable|espantoso))"
)
_BRAIN_SIGNS = (
    r"(?:seeing double|double vision|see(?:ing)? two of everything|(?:cant|cannot|can barely) see|lost (?:my|his|her) "
    r"vision|vision (?:went|is going|is) (?:black|dark|out)|went blind|stiff neck|neck (?:is |feels )?stiff|"
    + _CONFUSED
    + r"|passed out|fainted|blacked out|numb\w*|weak(?:ness)? (?:on|in) (?:one|my|his|her|the)|slurr\w*|"
    r"cant (?:talk|speak)|seizure|veo doble|vision doble|no (?:puedo|puede) ver|se me nublo|"
    r"(?:cuello|nuca) (?:\w+ )?(?:rigido|tieso|duro)|entumid\w*|adormecid\w*|se desmayo|no (?:puedo|puede) hablar)"
)
_VOMITING = r"(?:throwing up|vomit\w*|threw up|puk\w*|guacare\w*)"

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
            r"\b(?:overdose on purpose|on purpose overdose)\b",
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
            r"\b(?<!food )poison(?:ed|ing)\b",
            r"\bcarbon monoxide\b",
            r"\bsobredosis\b",
            r"\b(?:me tome|se tomo|tome|se trago|me trague) (?:todas|un frasco|una caja|muchas|demasiadas|"
            r"un monton de|(?:como |unas |unos |casi |mas de |alrededor de )?\d{2,})\b",
            r"\b(?:tome|se tomo|tomo|bebio|se trago) (?:cloro|veneno|lejia|destapacanos)\b",
            r"\bdemasiadas pastillas\b",
            r"\benvenen\w*\b",
        ],
        strong=True,
    ),
    # Ingestion and poisoning: household products swallowed by anyone; a child's ingestion of medicine or of
    # someone else's; someone else's medicine taken by mistake; pills taken in quantity with alcohol.
    *rules(
        "overdose",
        [
            rf"\b(?:swallowed|ate|drank|chewed(?: on| up)?|bit into|bit open|sucked on|licked|ingested|got into|"
            rf"got ahold of|got hold of|has been chewing on|was chewing on|found and (?:ate|swallowed))\b "
            rf"(?:\w+ ){{0,4}}?{_HOUSEHOLD}\b",
            rf"\b{_HOUSEHOLD}\b.{{0,60}}?\b(?:drank|ate|swallowed|chewed|licked|bit) (?:some|one|it|a little|a bit|"
            rf"a sip|a few|part of (?:it|one))\b",
            rf"\b(?:se |me )?(?:trago|trague|comio|comi|bebio|bebi|tomo|tome|chupo|mordio|metio a la boca)\b "
            rf"(?:\w+ ){{0,4}}?{_HOUSEHOLD_ES}\b",
            rf"\b(?:accidentally|mistakenly|by mistake|by accident|on accident) (?:took|swallowed|ate|gave (?:him|her|"
            rf"them|me|my \w+)) (?:{_QTY} (?:of )?)?(?:(?:my|his|her|their|the) )?{_SOMEONE_ELSES} (?:\w+ ){{0,2}}?"
            rf"{_MEDS}\b",
            rf"\b(?:took|swallowed|ate|gave (?:him|her|them|me|my \w+)) (?:{_QTY} (?:of )?)?(?:(?:my|his|her|their|the) )?"
            rf"{_SOMEONE_ELSES} (?:\w+ ){{0,2}}?{_MEDS}\b.{{0,40}}\b(?:by mistake|by accident|accidentally|"
            rf"on accident|instead of)\b",
            rf"\b(?:took|swallowed|ate) {_QTY} (?:of )?(?:(?:my|his|her|their|the) )?{_SOMEONE_ELSES} (?:\w+ ){{0,2}}?"
            rf"{_MEDS}\b",
            rf"\b(?:se tomo|se trago|me tome|me trague|tomo|trago|le di)\b (?:\w+ ){{0,3}}?{_MEDS_ES} (?:\w+ ){{0,2}}?de "
            rf"(?:su|mi|sus|mis|la|el|los) {_OTHER_ES}\b.{{0,30}}\b(?:por error|por equivocacion|por accidente|"
            rf"sin querer|en vez de)\b",
            rf"\b(?:por error|por equivocacion|por accidente|sin querer) (?:se |me )?(?:tomo|tome|trago|trague|le di)\b "
            rf"(?:\w+ ){{0,3}}?{_MEDS_ES} (?:\w+ ){{0,2}}?de (?:su|mi|sus|mis|la|el|los) {_OTHER_ES}\b",
            # Pills in quantity with alcohol, either order.
            rf"\b(?:took|swallowed|popped|downed|ate|had|mixed|chased)\b {_OD_AMOUNT}(?:\w+ ){{0,6}}?{_PILLS_OD}\b"
            rf" (?:\w+ ){{0,8}}?(?:with|and|plus|on top of|then)\b (?:\w+ ){{0,5}}?{_ALCOHOL}\b",
            rf"\b(?:drank|had|downed|finished)\b {_OD_AMOUNT}(?:\w+ ){{0,5}}?{_ALCOHOL}\b (?:\w+ ){{0,8}}?(?:and|then|"
            rf"plus|with)\b (?:\w+ ){{0,3}}?(?:took|swallowed|popped|ate)\b (?:\w+ ){{0,6}}?{_PILLS_OD}\b",
            r"\btook (?:all|the rest) (?:of )?(?:my|his|her|their|the) (?:sleeping pills|sleep(?:ing)? (?:meds|medicine|"
            r"aids?)|xanax|valium|ativan|klonopin|ambien|oxy\w*|percocets?|vicodin|norco|pain ?killers|benzos|"
            r"anxiety (?:pills|meds))\b",
            r"\b(?:me tome|se tomo|tome|tomo|me trague|se trago)\b (?=(?:\w+ ){0,14}?(?:todas|muchas|varias|un monton|"
            r"un frasco|una botella|media botella|toda|demasiad\w*|\d{2,}|un puno)\b)(?:\w+ ){0,5}?(?:pastillas|"
            r"pildoras|clonazepam|rivotril|alprazolam|tafil|diazepam|valium|calmantes)\b (?:\w+ ){0,6}?(?:con|y|mas)\b "
            r"(?:\w+ ){0,4}?(?:alcohol|tequila|vodka|cervezas?|vino|licor|mezcal|ron|whisky|aguardiente|guaro|tragos?|"
            r"chelas|pisto)\b",
        ],
        strong=True,
    ),
    *rules(
        "overdose",
        [
            # A child and what it swallowed, often in two sentences ("my 3yo got into my purse. she ate some pills").
            rf"\b{_CHILD}\b.{{0,60}}?\b(?:swallowed|ate|chewed(?: on| up)?|bit into|bit open|sucked on|licked|"
            rf"found and (?:ate|swallowed)|has been chewing on|was chewing on)\b (?:{_QTY} (?:of )?)?(?:(?:my|the|our|"
            rf"your|some|those|these|a|an|{_SOMEONE_ELSES}|(?:his|her|their) {_SOMEONE_ELSES}) )?(?:(?!his |her |"
            rf"their )\w+ ){{0,2}}?(?:pills|tablets|capsules|meds)\b"
            rf"(?!(?: \w+){{0,4}}? (?:but |and )?(?:didnt|did not|nothing|none) )",
            rf"\b{_CHILD}\b.{{0,60}}?\b(?:swallowed|ate|chewed(?: on| up)?|took|got into|got ahold of|got hold of)\b "
            rf"(?:{_QTY} (?:of )?(?:(?:my|the|our) (?:{_SOMEONE_ELSES} )?|(?:his|her|their) {_SOMEONE_ELSES} |"
            rf"{_SOMEONE_ELSES} )?|(?:my|our) (?:{_SOMEONE_ELSES} )?|"
            rf"(?:his|her|their|the|some) {_SOMEONE_ELSES} |{_SOMEONE_ELSES} )(?:(?!his |her |their )\w+ ){{0,2}}?"
            rf"(?:pills?|tablets?|capsules?|meds|medicines?|medications?|vitamins|gummies|{_DRUGS})\b"
            rf"(?!(?: \w+){{0,4}}? (?:but |and )?(?:didnt|did not|nothing|none) )",
            rf"\b{_CHILD}\b.{{0,60}}?\bgot (?:into|ahold of|hold of) (?:the |my |our |a |an |his |her |their )?"
            rf"(?:{_SOMEONE_ELSES} )?(?:\w+ )?(?:pills|meds|medicine|medications|medicine cabinet|pill (?:bottle|box|"
            rf"organizer|case))\b(?!(?: \w+){{0,4}}? (?:but |and )?(?:didnt|did not|nothing|none) )",
            rf"\b{_CHILD}\b.{{0,60}}?\b(?:got into|found|opened|got ahold of|got hold of|into)\b.{{0,40}}?"
            rf"(?<!his )(?<!her )(?<!their )\b(?:{_MEDS}|{_DRUGS}|{_HOUSEHOLD}|medicine cabinet|pill (?:bottle|box|"
            rf"organizer|case))\b.{{0,60}}?\b(?:ate|swallowed|chewed|drank)\b (?:some|a few|one|two|three|several|"
            rf"a couple|it|them|a bunch|a handful|\d+)\b",
            rf"\b{_CHILD}\b.{{0,80}}?\b(?:frasco|bote|botella|pastillero|botiquin|{_MEDS_ES}|{_HOUSEHOLD_ES})\b"
            rf"{_NOT_CANDY}.{{0,60}}?\b(?:se )?(?:comio|trago|bebio) (?:varias|unas|algunas|muchas|todas|una|dos|tres|"
            rf"\d+|un poco|un trago)\b",
            rf"\b{_CHILD}\b.{{0,60}}?(?<!ya )(?<!por fin )(?<!finalmente )\b(?:se )?(?:trago|comio|chupo|mordio|"
            rf"metio a la boca)\b (?:(?!su |sus )\w+ ){{0,3}}?(?:pastillas|pildoras|capsulas|tabletas|medicinas|"
            rf"medicamentos)\b{_NOT_CANDY}",
            rf"\b{_CHILD}\b.{{0,60}}?\b(?:se )?(?:tomo|bebio|trago|comio)\b (?:(?:unas|varias|muchas|todas|un monton|"
            rf"un frasco|el frasco|la botella|media botella|\d+|dos|tres|cuatro|mis|las|los) )(?:\w+ ){{0,2}}?"
            rf"{_MEDS_ES} (?:\w+ ){{0,2}}?de (?:su|mi|sus|mis|la|el|los) {_OTHER_ES}\b",
            rf"\b{_CHILD}\b.{{0,60}}?\b(?:se )?(?:tomo|bebio|trago|comio)\b (?:(?:unas|varias|muchas|todas|un monton de|"
            rf"un frasco de|el frasco de|la botella de|media botella de|\d+|dos|tres|cuatro|mis) )(?:\w+ ){{0,2}}?"
            rf"(?:{_MEDS_ES}|vitaminas|gomitas)\b{_NOT_CANDY}",
        ],
        strong=True,
        window=True,
        requires=rf"\b{_CHILD}\b",
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
            r"(?:slurred|garbled|weird|funny|wrong|strange|jumbled)\b(?! (?:when|whenever|if) )",
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
    # Stroke signs in everyday words (FAST): a face gone crooked, speech that comes out wrong, thunderclap.
    *rules(
        "stroke",
        [
            rf"\b{_FACE_SIGN}",
            rf"\b{_FACE_SIGN_ES}\b",
            rf"\b{_SPEECH_SIGN}\b",
            r"\b(?:explosive|exploding|thunderclap|sudden (?:explosive|severe|excruciating|blinding)) (?:\w+ )?"
            r"(?:headache|(?:pain|ache) in (?:the (?:back|top|side|front) of )?(?:my|his|her|their|the) head)\b",
            r"\bheadache (?:\w+ ){0,3}?like (?:a (?:bomb|gunshot|explosion|thunderclap|lightning bolt|baseball bat)|"
            r"(?:being|getting|i got|i was|he got|she got|he was|she was) (?:hit|struck|shot)|something (?:burst|popped|"
            r"exploded))\b",
            r"\bworst (?:headache|head pain) (?:of (?:my|his|her|their) (?:entire |whole )?life|(?:that )?(?:i|ive|"
            r"i have|i had|he|hes|he has|she|shes|she has) ever (?:had|felt|experienced))\b",
            r"\bfeels? like (?:something|a (?:vein|blood vessel)) (?:burst|popped|exploded) in (?:my|his|her) head\b",
            r"\b(?:el )?peor dolor de cabeza de (?:mi|su|toda su|toda mi) vida\b",
            r"\bdolor de cabeza (?:\w+ ){0,2}?(?:como (?:un (?:balazo|golpe|trueno|rayo|martillazo|batazo|cachazo)|si me "
            r"(?:hubieran|dieran) (?:pegado|dado|golpeado)|una explosion)|explosivo)\b",
        ],
        strong=True,
    ),
    *rules(
        "stroke",
        [
            # Arm weakness with a face or speech sign, or sudden; a thunderclap headache with signs of the brain.
            rf"\b{_ARM_WEAK}\b.{{0,100}}?\b{_NOT_NEG_V}(?:{_FACE_SIGN}|{_FACE_SIGN_ES}|{_SPEECH_SIGN}|{_SUDDEN}|"
            rf"{_NONSENSE}|"
            rf"(?:face|mouth|smile|cara|boca) (?:\w+ ){{0,3}}?(?:droop\w*|crooked|lopsided|chueca|torcida|caida))",
            rf"\b(?:{_FACE_SIGN}|{_FACE_SIGN_ES}|{_SPEECH_SIGN}|{_SUDDEN}|{_NONSENSE})\b.{{0,100}}?\b{_NOT_NEG_V}"
            rf"{_ARM_WEAK}\b",
        ],
        strong=True,
        window=True,
        requires=r"arm|hand|leg|dropp|brazo|mano|pierna",
    ),
    *rules(
        "stroke",
        [
            rf"\b{_HEADACHE_SUDDEN}\b.{{0,100}}?\b{_NOT_NEG_V}(?:{_BRAIN_SIGNS}|{_VOMITING})",
            rf"\b(?:{_BRAIN_SIGNS}|{_VOMITING})\b.{{0,80}}?\b{_HEADACHE_SUDDEN}\b",
            rf"\b{_HEADACHE_SEVERE}\b.{{0,100}}?\b{_NOT_NEG_V}{_BRAIN_SIGNS}",
            rf"\b{_BRAIN_SIGNS}\b.{{0,80}}?\b{_HEADACHE_SEVERE}\b",
        ],
        strong=True,
        window=True,
        requires=r"head|cabeza",
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
            rf"\bcant get (?:enough )?air\b{_NOT_TIRES}",
            r"\bcant catch (?:my|his|her|their) breath\b",
            r"\b(?:suddenly|severely|very|really|extremely) short of breath\b",
            r"\bshort of breath (?:all of a sudden|suddenly|at rest|sitting|lying)\b",
            r"\blips (?:are |look |looks |turning |turned |going |went )?(?:blue|purple|gray|grey)\b",
            r"\bturning (?:blue|gray|grey)\b",
            r"\bchok(?:ing|ed|es)\b(?! (?:up|back)| on (?:all )?(?:the|this|that|these|those|my|a|his|her|their|your) "
            r"(?:\w+ )?"
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
            # Everyday ways to say it.
            r"\b(?:cant|cannot|can barely|couldnt|can hardly) (?:get|take|pull|draw|suck) (?:in )?(?:a |any |enough |"
            r"my |his |her )?(?:full |real |deep |good )?(?:breath|air)\b(?! (?:without|when|after|of|through (?:my|his|"
            rf"her|the) nose)){_NOT_TIRES}",
            r"\b(?:air|breath) (?:wont|isnt|is not|cant|doesnt|does not) (?:go|going|get|getting|come|coming) (?:in|into)\b"
            r"(?! (?:well |good )?through (?:my|his|her|the) nose)",
            rf"\b{_WHO} (?:chest|lungs|airway) (?:is |are |feels |feel )?(?:like (?:its|it is|they are|theyre) )?"
            r"(?:closing|shutting)\b",
            r"\b(?:gulping|sucking|heaving|straining|fighting|struggling) (?:for|to get|to catch) (?:air|(?:my|his|her|a) "
            r"breath)\b",
            r"\bbreathing (?:\w+ ){0,2}?through a (?:straw|coffee stirrer)\b",
            r"\bno (?:puedo|puede|podia|pude|alcanzo a|alcanza a) (?:jalar|agarrar|tomar|meter|recuperar|cobrar|coger) "
            r"(?:el |bien el |bien |nada de )?(?:aire|aliento)\b",
            r"\bno (?:me|le) (?:entra|llega|pasa) (?:el |nada de |bien el )?aire\b",
            r"\bse (?:me|le) (?:esta )?(?:cerrando|cierra) el pecho\b",
            r"\b(?:me|le) (?:esta )?(?:faltando|falta) (?:la respiracion|el aliento)\b",
            r"\b(?:me estoy|se esta) asfixiando\b|\bme asfixio\b|\bse (?:esta )?asfixia(?:ndo)?\b(?! (?:con|de) "
            r"(?:el|este|tanto) (?:calor|humo))",
            r"\b(?:me ahogo|se ahoga)\b(?! en | de (?:calor|risa|tanto))",
            r"\b(?:boquea|boqueando)\b",
            r"\bme estoy quedando sin aire\b",
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
            r"\bepi ?pen\b.{0,40}\bstill\b(?! (?:right|good|ok|okay|valid|current|in date|the right))",
            r"\bswelling shut\b",
            rf"\b(?:face|eyes?) (?:is |are )?(?:swelling|swollen|puffy)\b.{{0,60}}\b{_NOT_NEG}(?:sting|stung|ate|"
            rf"eating|trouble breathing|cant breathe|hives|swallow)\b",
            r"\b(?:sting|stung|ate|eating|peanuts?|shrimp|shellfish|cashews?)\b.{0,60}\b(?:face|eyes) "
            r"(?:is |are )?(?:swelling|swollen|puffy)\b",
            r"\b(?:hard|cant|difficult|trouble) (?:to )?swallow\w*\b.{0,40}\b(?:swell\w*|swollen|allergic|"
            r"hives)\b",
            r"\b(?:swell\w*|swollen|allergic)\b.{0,40}\b"
            + _NOT_NEG
            + r"(?:hard|cant|difficult|trouble) (?:to )?swallow\w*\b",
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
            r"\b(?:bitten by a|bit by a) (?:rattle)?snake\b|\brattlesnake\b|\bsnake ?bite\b",
        ],
        strong=True,
    ),
    *rules(
        "trauma",
        [
            # A head injury and a sign of the brain after it, or a fall or crash with a neck or back and numb,
            # tingling or weak limbs; often told in two or three sentences.
            rf"\b{_HEAD_HIT}\b.{{0,120}}?\b{_NOT_NEG_V}{_HEAD_SIGNS}",
            rf"\b{_HEAD_SIGNS}\b.{{0,60}}?\b(?:after|since|from|despues de|desde que)\b.{{0,20}}?{_HEAD_HIT}\b",
        ],
        strong=True,
        window=True,
        requires=r"head|cabeza|concussion|descalabr",
    ),
    *rules(
        "trauma",
        [
            rf"\b{_FALL}\b.{{0,100}}?\b{_SPINE}\b.{{0,80}}?\b{_NOT_NEG_V}{_LIMB_NEURO}",
            rf"\b{_FALL}\b.{{0,100}}?\b{_NOT_NEG_V}{_LIMB_NEURO}.{{0,60}}?\b{_SPINE}\b",
            rf"\b{_SPINE}\b.{{0,60}}?\b{_NOT_NEG_V}{_LIMB_NEURO}.{{0,80}}?\b(?:after|since|from|despues de|desde)\b "
            rf"(?:\w+ ){{0,3}}?{_FALL}\b",
        ],
        strong=True,
        window=True,
        requires=r"neck|back|spin|cuello|espalda|columna|nuca",
    ),
    *rules(
        "meningitis",
        [
            rf"\b{_STIFF_NECK}\b.{{0,120}}?\b{_NOT_NEG_V}{_FEVER}\b{_NOT_VACCINE}",
            rf"\b{_FEVER}\b.{{0,120}}?\b{_NOT_NEG_V}{_STIFF_NECK}\b{_NOT_VACCINE}",
        ],
        strong=True,
        window=True,
        requires=r"neck|chin|head|cuello|nuca|cabeza",
    ),
    *rules(
        "meningitis",
        [
            rf"\b{_PURPLE_SPOTS}\b.{{0,120}}?\b{_NOT_NEG_V}{_FEVER}",
            rf"\b{_FEVER}\b.{{0,120}}?\b{_NOT_NEG_V}{_PURPLE_SPOTS}",
        ],
        strong=True,
        window=True,
        requires=r"spots|dots|rash|blotch|speck|pinprick|marks|bruise|petechia|purpura|manch|punt|petequia",
    ),
    *rules(
        "meningitis",
        [
            rf"\b{_SPOTS}\b.{{0,60}}?\b{_NO_FADE}\b.{{0,50}}?\b{_PRESS}",
            rf"\b{_PRESS}\b.{{0,60}}?\b{_SPOTS}\b.{{0,40}}?\b{_NO_FADE}\b",
            rf"\b{_PRESS}\b.{{0,40}}?\b(?:they|it|spots|rash)\b.{{0,20}}?\b{_NO_FADE}\b",
            r"\b(?:still )?see (?:the |them |it |\w+ ){0,3}?through (?:the|a) (?:glass|cup)\b",
            rf"\b(?:glass|tumbler|cup) (?:test|trick)\b.{{0,60}}?\b{_STILL_THERE}\b",
            rf"\b{_SPOTS}\b.{{0,40}}?\b{_STILL_THERE}\b.{{0,40}}?\b(?:glass|tumbler|cup)\b",
            r"\bnon ?blanching\b|\bno (?:se )?(?:quitan|borran|desaparecen) con (?:la )?prueba del vaso\b",
        ],
        strong=True,
        window=True,
        requires=r"press|push|glass|cup|tumbler|squeez|presion|apret|aprieto|vaso|aplast|empuj|blanch",
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
    "ANIMAL",
    "ATTACHED_AFTER",
    "EMERGENCY_RULES",
    "EPISODIC",
    "HYPOTHETICAL",
    "IDIOM",
    "IDIOM_BEFORE",
    "LAUGH",
    "LONG_AGO",
    "MEDIA",
    "NEGATION_BEFORE",
    "NOT_A_PERSON",
    "PAST",
    "PREGNANCY_CUE",
    "PREGNANCY_RULES",
    "PRESENT",
    "PRE_SPELLINGS",
    "REASSURED",
    "SPELLINGS",
    "URGENT_RULES",
    "WATCH_FOR",
    "WINDOW",
    "Rule",
    "rules",
]
