"""Red flags: the emergency screen's second layer, for emergencies told in words no rule was written for.

The rules in `safety_patterns` are phrases: each one is traceable and precise, and each new wording of the
same emergency needs a new phrase ("every breath is a fight", "sugar is 38", "the rope is ready"). When no
rule matches, `safety.screen` reads the same sentences for *concepts* here. A red flag is found when

* a sentence names a state that is alarming on its own (someone who will not wake, lips going blue, a plan
  to die, blood that will not stop), or
* two findings that are ordinary apart meet within two consecutive sentences: a body part or system and
  an acute descriptor ("chest" with "vise", "sweating" or "jaw"), a child with a swallowed medicine, a sting
  with a swelling throat, a fever with a stiff neck, a pregnancy with a gush of blood, or
* a number the patient reads off a meter is dangerous (blood sugar under 55 or over 450, oxygen under 90%,
  blood pressure of 200 over anything, anything over 120, or 80 or less over anything; a heart rate under
  40 or over 170).

A red flag is an emergency like a rule's (the 911 or 988 answer). It keeps the context checks that matter
most for a false alarm: a negation just before the finding, a reassurance anywhere, a past event months
back, a question about signs to watch for, a laugh (for a single finding), an animal; and nothing else: a
refill or a bill does not silence it, because an emergency mentioned in passing is still an emergency.

Below both, `suspected_emergency` asks the learned net (`nlu.emergency_net`) about what neither layer
called: its suspicion gets a "possible emergency" answer and an ASAP nurse task, not the 911 answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from mojoe.assistant import safety_context as C
from mojoe.assistant.safety_context import sentences


def _any(*words: str) -> str:
    return r"(?:" + "|".join(words) + r")"


_PERSON = _any(
    r"(?:my|his|her|our|the) (?:\w+ )?(?:son|daughter|kid|child|toddler|baby|boy|girl|infant|newborn|twins?)",
    r"\d+ ?(?:yo|y o|year old|yr old|years old|month old|months old|week old|weeks old|mo old)",
    r"(?:mi|su|la|el) (?:hijo|hija|nino|nina|bebe|nieto|nieta|nene|nena)",
    r"(?:hijo|hija|nino|nina|bebe|nieto|nieta) de \d+",
    r"(?:kid|kids|toddler|baby|infant|newborn)",
)
_SWALLOWED = _any(
    r"got into",
    r"swallowed",
    r"ate",
    r"eaten",
    r"drank",
    r"chewed",
    r"drunk",
    r"se tomo",
    r"se trago",
    r"se comio",
    r"se bebio",
    r"tomo",
    r"trago",
    r"comio",
    r"bebio",
)
_SUBSTANCE = _any(
    r"pills?",
    r"tablets?",
    r"capsules?",
    r"meds",
    r"medicines?",
    r"medications?",
    r"tylenol",
    r"advil",
    r"motrin",
    r"ibuprofen",
    r"aspirin",
    r"acetaminophen",
    r"benadryl",
    r"vitamins?",
    r"iron",
    r"gumm(?:y|ies)",
    r"edibles?",
    r"bottle",
    r"batter(?:y|ies)",
    r"magnets?",
    r"bleach",
    r"detergent",
    r"pods?",
    r"cleaner",
    r"antifreeze",
    r"drano",
    r"lye",
    r"oil",
    r"nicotine",
    r"vape",
    r"pastillas?(?! de (?:menta|miel|goma|chicle|dulce|chocolate|anis))",
    r"jarabe",
    r"frasco",
    r"cloro",
    r"medicinas?",
    r"medicamentos?",
    r"pilas?",
    r"veneno",
    r"raticida",
)

# Findings alarming on their own, in a present sentence.
_STATES = {
    "breathing": _any(
        r"(?:cant|cannot|can not|couldnt|barely|hardly|struggling to|unable to|fighting to|hard to) "
        r"(?:breathe(?! (?:a word|through (?:my|his|her|the) nose))|catch (?:my|his|her|their) breath|get (?:air|a breath|enough air|his breath|her breath))",
        r"(?:can|could) barely (?:talk|speak|breathe)",
        r"every breath",
        r"gasping",
        r"fighting for (?:air|breath)",
        r"(?:stopping|stops|stop) (?:for|to catch) (?:air|breath|his breath|her breath)",
        r"(?:cant|cannot|doesnt|wont) (?:finish|complete) a sentence",
        r"through a straw",
        r"lips? (?:are |look |looks |is |turning |going |getting |gone |a bit |kind of |kinda )*"
        r"(?:blue|bluish|purple|purplish|gr[ae]y|dusky)",
        r"turning (?:blue|purple|gr[ae]y)",
        r"(?:grunting|retracting|ribs (?:are )?sucking)",
        r"(?:inhaler|nebuli[sz]er|neb|nebs|puffer|albuterol|inhalador|nebulizador) (?:is |are )?(?:not|isnt|arent|doesnt|"
        r"no (?:le |me )?(?:esta|estan)?) ?(?:helping|working|doing anything|ayudando|funcionando|hace nada)",
        r"breathing (?:is )?(?:really|very|so|super) (?:bad|terrible|awful|hard)",
        r"se le hunden las costillas",
        r"(?:ribs|chest|belly) (?:is |are )?(?:sinking|sucking|pulling|caving) in",
        r"casi no (?:puede|puedo) (?:hablar|respirar)",
        r"no (?:puede|puedo|podemos) respirar(?! (?:por|bien por) la nariz)",
        r"(?:se ahoga|me ahogo|se esta ahogando|me estoy ahogando)(?! de (?:calor|risa|tanto))",
        r"falta (?:muchisimo|mucho|demasiado) el aire",
        r"labios (?:\w+ )?(?:morados|azules|grises)",
        r"(?:se pone|se esta poniendo) (?:morado|morada|azul)",
    ),
    "heart device": _any(
        r"(?:defibrillator|defib|icd|device) (?:has |just )?(?:shocked|fired|went off|zapped|shocking)",
        r"(?:shocked|zapped) (?:me|him|her) (?:\w+ )?(?:times|again|twice)",
    ),
    "labour": _any(
        r"urge to push",
        r"ganas de pujar",
        r"(?:the |her |my )?(?:baby|babys head|head) (?:is )?(?:coming|crowning|out)",
        r"(?:ya )?(?:viene|sale) el bebe",
        r"se le ve la cabecita",
    ),
    "infant": _any(
        r"soft spot (?:is |looks )?(?:bulging|swollen|puffed|sunken)",
        r"fontanela (?:\w+ )?(?:abultada|hinchada|hundida)",
        r"high ?pitched (?:cry|crying|scream)",
    ),
    "violence": _any(
        r"(?:voices|demons?) (?:\w+ ){0,8}(?:knife|gun|weapon|kill|hurt|stop them)",
        r"(?:knife|gun|weapon) (?:\w+ ){0,8}(?:voices|demons?)",
        r"(?:escucha|oye) voces (?:\w+ ){0,10}(?:lastim\w*|mat\w*|cuchillo|pistola|arma)",
        r"(?:threatening|threatens|going) to (?:kill|stab|shoot|hurt) (?:his|her|my|the|someone|everyone|us|them)",
    ),
    "eye": _any(
        r"(?:bleach|chemical|acid|lye|drain cleaner|oven cleaner|cloro|quimico|acido) (?:\w+ ){0,4}"
        r"(?:in|into) (?:my|his|her|the|los|sus|mis) (?:eyes?|ojos?)",
        r"(?:splash\w*|salpic\w*) (?:\w+ ){0,4}(?:eyes?|ojos?)",
        r"(?:stuck|lodged|embedded|sticking out) (?:in|of) (?:my|his|her|the) eye",
        r"(?:clear|jelly|fluid|stuff) (?:\w+ )?(?:leaking|coming|oozing) (?:out )?(?:of )?(?:it|my eye|his eye|her eye)",
        r"no (?:puedo|puede) abrir(?:los| los ojos| el ojo)",
    ),
    "severe pain": _any(
        r"worst pain (?:of|in) (?:my|his|her) (?:life|entire life)",
        r"(?:el )?peor dolor de (?:mi|su) vida",
    ),
    "pregnancy": _any(
        r"(?:havent|hasnt|not|dont|cant|didnt|no longer) (?:felt|feel|feeling) (?:the |my )?baby (?:move|moving|kick\w*)",
        r"baby (?:hasnt|isnt|has not|is not|stopped|not) (?:moved|moving|kicking|kicked)",
        r"no (?:siento|he sentido|sentimos|siente) (?:al |a mi |el |mi )?bebe (?:moverse|mover|patear)",
        r"bebe no se (?:mueve|ha movido)",
    ),
    "cold": _any(
        r"(?:ice|freezing|icy|stone) cold and (?:mumbling|confused|not making sense|blue|stiff|slurring)",
        r"stopped shivering",
        r"(?:helado|congelado|helada|congelada) y (?:no|balbucea|confundid[oa])",
    ),
    "diabetes": _any(
        r"(?:meter|glucometer|glucometro|monitor|cgm|sensor) (?:\w+ )?(?:says|reads|marca|dice|shows|just says) "
        r"(?:hi|high|lo|low)\b(?! (?:for|after|before|this|in))",
        r"fruity (?:breath|smell)",
        r"(?:aliento|huele|olor) a fruta",
    ),
    "unresponsive": _any(
        r"(?:wont|cant|doesnt|isnt|is not|not) (?:wake|waking)(?! (?:up )?(?:that |so |too )?early)(?! up in time)",
        r"(?:he|she|they|hes|shes|theyre|my \w+) (?:\w+ )?(?:wont|cant|doesnt|isnt|is not|not) "
        r"(?:come to|respond|responding|answer me|react|reacting)",
        r"cant (?:wake|rouse|get) (?:him|her|them|my \w+)(?: to (?:wake|stay awake|respond|open))?",
        r"(?:stay|keep) awake",
        r"(?<!portal is )(?<!app is )(?<!website is )(?<!site is )(?<!screen is )(?<!phone is )(?<!office is )"
        r"(?<!system is )(?<!line is )(?<!page is )(?<!computer is )(?<!printer is )(?<!team is )"
        r"unresponsive(?! to (?:emails?|calls?|texts?|messages?))",
        r"unconscious",
        r"passed out(?! (?:the |some |a few |our )?(?:flyers|fliers|papers|candy|cards|samples|invitations|forms|"
        r"brochures|copies|snacks))",
        r"blacked out",
        r"(?:fainted|collapsed|keeled over|went down|dropped) (?:and|on|in|at)",
        r"(?:not|isnt|stopped) making (?:any )?sense",
        r"makes no sense",
        r"acting (?:drunk|really strange|very strange|crazy)",
        r"(?:very|super|really|so|extremely) (?:drowsy|out of it)",
        r"(?:limp|floppy) (?:and|in my arms|baby)",
        r"no (?:despierta|reacciona|abre los ojos)",
        r"no contesta cuando",
        r"(?:se desmayo|perdio el conocimiento|perdio el sentido|se cayo redond[ao])",
        r"esta como perdid[ao]",
        r"(?:doesnt|does not|didnt|cant|cannot) (?:know|recognize|recognise) (?:where (?:she|he|they) (?:is|are)|me|us|"
        r"who (?:i am|we are|she is|he is))",
        r"no (?:sabe|reconoce) (?:donde esta|a nadie|quien soy|quienes somos)",
        r"no me reconoce",
        r"(?:habla|hablando|dice) cosas (?:que no se entienden|sin sentido)",
        r"no (?:tiene|hace) sentido lo que dice",
    ),
    "stroke": _any(
        r"face (?:is |looks |feels |went |gone )?(?:drooping|droopy|droops|crooked|lopsided|uneven|sagging|weird)",
        r"one side of (?:my|his|her) (?:face|body|mouth)",
        r"(?:mouth|smile) (?:is )?(?:crooked|drooping|lopsided|uneven)",
        r"cant (?:lift|raise|move|feel|grip with) (?:my|his|her) (?:left |right )?(?:arm|leg|hand|side)"
        r"(?! (?:above|over|past|up over|all the way|behind|since))",
        r"(?:arm|leg|hand|side) (?:just )?(?:went|is|feels|has gone|gone) (?:totally |completely )?"
        r"(?:numb|dead|limp|weak|heavy)",
        r"slurr(?:ing|ed|s)",
        r"face (?:looks |is |feels )?(?:melted|melting|sliding)",
        r"mouth (?:wont|doesnt|isnt|will not) (?:do what|work|move|cooperate)",
        r"(?:dribbl|drool|spill)\w* (?:\w+ )?out (?:of )?(?:the|one) side",
        r"words (?:are |come |coming )?(?:out )?(?:garbled|jumbled|wrong|mixed up|all wrong)",
        r"cant (?:find|get) (?:the|his|her|my) words",
        r"(?:worst|most horrible|most horrendous|most painful|most terrible|worst ever) headache",
        r"headache (?:of|in) (?:my|his|her) life",
        r"(?:cant|cannot|suddenly cant) see (?:out of|anything|from)",
        r"(?:lost|losing) (?:the )?(?:vision|sight)",
        r"(?:went|gone|going) blind",
        r"curtain (?:came|coming|come|fell|falling) (?:down|over)",
        r"(?:se me|se le) (?:fue|nublo) la vista",
        r"(?:bajara|bajo|cayo|cae) una cortina",
        r"se le (?:durmio|duerme|cayo) (?:el brazo|la pierna|la cara|la boca|medio cuerpo)",
        r"cara (?:chueca|torcida|caida)",
        r"boca (?:chueca|torcida)",
        r"no puede (?:mover|levantar) (?:el|la|su) (?:brazo|pierna|mano)",
        r"arrastra las palabras",
        r"peor dolor de cabeza",
        r"(?:suddenly|all of a sudden|de repente|de pronto) (?:cant|can not|cannot|no puede|no puedo) "
        r"(?:walk|stand|talk|speak|see|caminar|pararse|hablar|ver)",
        r"(?:sudden|suddenly|de repente) (?:very |so |really )?(?:confused|confusion|confundid[oa])",
    ),
    "seizure": _any(
        r"jerking",
        r"(?:shaking|twitching|convulsing) (?:all over|uncontrollably|and (?:wont|not|cant))",
        r"eyes (?:rolled|rolling|are rolling) (?:back|up)",
        r"foaming",
        r"seizing",
        r"convulsing",
        r"ojos en blanco",
        r"temblando (?:todo|todito|entero|entera)",
        r"convulsionando",
        r"esta convulsionando",
    ),
    "bleeding": _any(
        r"(?:vomiting|throwing up|threw up|thrown up|coughing up|coughed up|spitting up|puking|puked) (?:up )?"
        r"(?:\w+ ){0,6}blood",
        r"coffee grounds",
        r"(?:black|tarry|tar) (?:and tarry )?(?:stool|poop|stools)",
        r"(?:heces|popo|caca|excremento|evacuaciones|evacuacion) (?:\w+ )?negr[ao]s?",
        r"como (?:chapopote|alquitran)",
        r"cut (?:my|his|her) (?:own )?wrists?",
        r"(?:down to|see|seeing) the bone",
        r"bone (?:is )?(?:sticking|poking) (?:out|through)",
        r"(?:vomitando|escupiendo|tosiendo) sangre",
        r"hueso (?:de fuera|salido|se ve)",
    ),
    "suicide": _any(
        r"(?:no|dont see a|cant see a|dont see any) way out",
        r"(?:dont|cant|do not|cannot) see (?:the|any) point (?:in|of|to) (?:anything|living|life|going on|it all)",
        r"no (?:le )?veo (?:el )?sentido a (?:nada|la vida|seguir|vivir)",
        r"(?:the|a) rope",
        r"going to jump",
        r"jump (?:off|from|in front)",
        r"end (?:it|it all|my life|things)",
        r"tonight(?: is|s) the night",
        r"sleep forever",
        r"(?:make|making) it look like an accident",
        r"checking out early",
        r"nobody (?:would|will) (?:even )?(?:notice|care|miss me)(?: if i (?:was|were|am) gone)?",
        r"(?:looked|looking|searched|searching) up how (?:many|much) (?:of )?(?:my )?(?:\w+ ){0,2}(?:it would take|"
        r"would kill|to die|pens|pills|tablets)",
        r"nadie me (?:va|iba) a (?:extranar|echar de menos)",
        r"(?:ya )?busque cuant[ao]s (?:pastillas|pildoras|tabletas) (?:necesito|me tengo que tomar)",
        r"(?:wont|will not) be around (?:anymore|any more|much longer|after tonight)",
        r"ya no me (?:va|van) a (?:volver a )?ver",
        r"ya me despedi de (?:todos|todo el mundo|mi familia)",
        r"(?:standing|sitting) on (?:the )?(?:roof|ledge|edge|railing)(?! (?:repair|shingles|gutter))",
        r"(?:the|a|my) (?:gun|razor|knife|blade) (?:is )?(?:in my hand|ready|loaded)",
        r"(?:went|going) to (?:go )?be with (?:my )?(?:late|dead|dear departed) \w+",
        r"cant (?:do|take) (?:this|it) (?:anymore|any more)",
        r"better off without me",
        r"(?:happier|better) if i (?:disappeared|was gone|were gone|wasnt here|werent here|died)",
        r"(?:saving|stockpiling|hoarding|collecting) (?:up )?(?:my |all my )?(?:pills|meds|medication)",
        r"(?:goodbye|suicide) (?:letter|note|message)",
        r"(?:wrote|written|writing|left) (?:a )?(?:letter|letters|note|notes) (?:to|for) (?:my|the)",
        r"dont want to (?:be here|live|wake up|exist|be alive|go on)",
        r"no (?:reason|point) (?:to|in) (?:live|living|going on)",
        r"(?:kill|hang) myself",
        r"(?:want|going|planning|plan|thinking about|urge|urges) to (?:hurt|cut|harm) myself",
        r"(?:take|swallow) (?:all|every one) of (?:my|the|these|those) (?:pills|meds)",
        r"no quiero (?:seguir (?:aqui|viviendo|vivo|viva)|vivir|despertar|estar aqui|existir)",
        r"ya no (?:quiero (?:vivir|despertar|estar aqui|seguir)|puedo mas con (?:la|mi) vida)",
        r"quitarme la vida",
        r"(?:carta|cartas|nota) (?:para|a) mis",
        r"me voy a tomar todas",
        r"acabar con (?:todo|mi vida)",
        r"(?:matarme|suicidarme|colgarme|aventarme|tirarme)",
    ),
    "overdose": _any(
        r"(?:took|taken|swallowed|downed|popped|ate) (?:a bunch|a handful|a lot|a ton|all|the whole|way too many|"
        r"too many|\d{2,}|dozens?)(?: of)?(?: (?:my|his|her|the|those|these))? (?:\w+ )?"
        r"(?:pills|tablets|meds|medicine|medication|bottle|xanax|oxy\w*|percocet|tylenol|advil|insulin|sleeping)",
        r"(?:pill ?box|pill bottle|bottle) (?:is |was )?empty",
        r"empty (?:pill |medicine |meds )?bottle",
        r"(?:took|taken|swallowed|downed) (?:all|the whole|every one|everything)(?: of)? (?:my|his|her|the) "
        r"\w+(?: \w+)? at once",
        r"dont know how (?:many|much) (?:he|she|they|i) (?:ate|took|had|swallowed|drank)",
        r"(?:gave|given|took|taken|had) (?:\w+ ){0,3}(?:the )?(?:wrong|adult) (?:dose|bottle|medicine|medication|pills)",
        r"huffing",
        r"(?:double|triple|two|three|four|\d) (?:doses?|shots?) of (?:my |his |her )?(?:\w+ ){0,2}insulin",
        r"insulin instead of",
        r"\d{2,3} units (?:of (?:my |his |her )?(?:\w+ )?insulin|total)",
        r"(?:me eche|me tome|me trague|se tomo|se trago|se echo) (?:un monton|todas?|todo el|muchas|varias|un punado)",
        r"todo el frasco",
        r"no se cuantas? (?:se )?(?:tomo|comio|trago)",
    ),
    "allergy": _any(
        r"throat (?:is |feels |keeps )?(?:closing|tight|tightening|swelling|swollen|closing up)",
        r"tongue (?:is |feels )?(?:swelling|swollen|thick|huge)",
        r"(?:whole )?face (?:is )?(?:swelling|swollen|puffing up|blowing up)",
        r"voice (?:sounds |is )?(?:weird|funny|hoarse|raspy|strange|muffled)",
        r"garganta (?:\w+ )?(?:apretada|cerrada|cerrando|hinchada)",
        r"se (?:me|le) (?:cierra|esta cerrando) la garganta",
        r"lengua (?:\w+ )?hinchada",
        r"se (?:me|le) (?:hincha|esta hinchando|hincho) (?:toda )?la cara",
    ),
    "injury": _any(
        r"(?:grease fire|set (?:himself|herself) on fire|caught fire)",
        r"burn(?:ed|t|s)? (?:really |very |so )?(?:badly|all over)",
        r"(?:power line|electrocuted|electric shock|got shocked|shocked by)",
        r"(?:pulled|dragged) (?:him|her|them) (?:out of|from) the (?:pool|water|lake|river)",
        r"(?:drowning(?! in (?:paperwork|work|bills|debt|forms|emails|homework|laundry))|almost drowned|"
        r"nearly drowned)",
        r"(?:is|hes|shes|i am|baby|son|daughter|kid|toddler|he|she) (?:is )?choking(?! on (?:this|the|these|my) "
        r"(?:copay|price|bill|paperwork|forms?))",
        r"(?:cant|cannot) swallow (?:anything|my spit|saliva|water)",
        r"(?:se esta atragantando|se atraganto|se esta ahogando con)",
        r"(?:carbon monoxide|co|monoxide) (?:alarm|detector)s? (?:is |are |was |were |keeps |kept |just |has been )?"
        r"(?:going off|went off|beeping|"
        r"sounding)",
        r"alarma de monoxido (?:\w+ )?(?:sonando|suena|sono)",
        r"(?:hit by a car|fell (?:off|from) (?:a|the) (?:roof|ladder|balcony|tree))",
        r"(?:stabbed|(?:got|been|was|is) shot|gunshot|apunalad\w*|le dispararon)",
    ),
}

# Findings that alarm together, within two consecutive sentences: each entry is (first, second).
_PAIRS = {
    "chest": (
        _any(r"chest", r"pecho", r"heart", r"corazon", r"sternum", r"breastbone", r"esternon"),
        _any(
            r"pressure",
            r"tight\w*",
            r"squeez\w*",
            r"crush\w*",
            r"heav(?:y|iness)",
            r"vi[sc]e",
            r"elephant",
            r"belt",
            r"band",
            r"clench\w*",
            r"holding",
            r"clutching",
            r"grabbing",
            r"radiat\w*",
            r"jaw",
            r"quijada",
            r"mandibula",
            r"(?:left|his|her|my) arm",
            r"sweat\w*",
            r"sudando",
            r"clammy",
            r"gr[ae]y",
            r"pale",
            r"palido",
            r"palida",
            r"aprieta",
            r"apretado",
            r"presion",
            r"fuertisimo",
            r"racing",
            r"pounding",
            r"(?:threw|throwing) up",
            r"nause\w*",
            r"short of breath",
            r"faint\w*",
        ),
    ),
    "eye": (
        _any(r"eyes?", r"ojos?"),
        _any(
            r"stuck in (?:it|my eye|his eye|her eye)",
            r"(?:leaking|oozing) (?:out|from)",
            r"(?:clear|jelly) (?:stuff|fluid|liquid)",
            r"(?:bleach|chemical|acid|lye|cleaner|cloro|quimico|acido)",
            r"(?:cant|cannot) (?:open|see)",
            r"no (?:puedo|puede) (?:abrir|ver)",
            r"(?:lost|losing) (?:my |the )?(?:vision|sight)",
        ),
    ),
    "cardiac": (
        _any(
            r"jaw",
            r"(?:left|his left|her left|my left) (?:shoulder|arm)",
            r"shoulder blades",
            r"quijada",
            r"mandibula",
        ),
        _any(
            r"pass(?:ing)? out",
            r"faint\w*",
            r"sweat\w*",
            r"clammy",
            r"short of breath",
            r"cant catch",
            r"nause\w*",
            r"gr[ae]y",
            r"desmay\w*",
            r"sudando",
        ),
    ),
    "after surgery or birth": (
        _any(
            r"surgery",
            r"operation",
            r"c ?section",
            r"gave birth",
            r"had (?:the|my|our) baby",
            r"delivered",
            r"postpartum",
            r"cirugia",
            r"operaron",
            r"cesarea",
            r"di a luz",
            r"dio a luz",
            r"parto",
            r"long (?:flight|drive|car ride)",
        ),
        _any(
            r"(?:cant|cannot|couldnt) (?:get|catch) (?:enough )?(?:air|my breath|a breath)",
            r"short of breath",
            r"(?:heart|pulse) (?:is )?(?:pounding|racing)",
            r"fever (?:of )?10[3-6]",
            r"(?:soaking|soaked|filling) (?:a |through )?(?:\w+ )?pads?",
            r"clots",
            r"coagulos",
            r"sangrando (?:un monton|mucho|muchisimo)",
            r"incision (?:is |looks )?(?:gr[ae]y|black|green)",
            r"(?:feel|feels) like (?:i am|im|she is|shes|he is|hes) dying",
            r"(?:me|se) (?:voy|va) a desmayar",
            r"(?:split|came|opened|busted|ripped) (?:open|apart)",
            r"(?:poking|sticking|coming|bulging) out",
        ),
    ),
    "farewell": (
        _any(
            r"(?:thank you|thanks|thank) (?:\w+ )?for (?:everything|trying|all (?:these|those) years)",
            r"gracias por todo",
            r"last message",
            r"ultimo mensaje",
            r"me despido",
            r"(?:said|texted|sent) (?:me )?(?:a )?goodbye",
            r"signed my will",
            r"(?:giving|gave) (?:away )?(?:my|his|her) (?:dog|cat|pets?|things|stuff)",
            r"made (?:my|his|her) peace",
            r"not (?:your|her|his) fault",
        ),
        _any(
            r"(?:wont|will not|no longer|not going to|dont) (?:be )?need(?:ing)? (?:\w+ ){0,3}(?:appointment|appt|refill|"
            r"any other|anymore|any more)",
            r"ya no (?:voy a )?necesit\w*",
            r"(?:i am|im) done",
            r"made (?:my|his|her) (?:peace|decision)",
            r"(?:signed my will|gave (?:away )?my \w+)",
            r"(?:gun|pills|rope|bridge|knife)",
            r"(?:isnt|not) answering",
            r"checking out",
            r"me despido",
            r"tell (?:my|her|his) \w+ (?:that )?i love",
            r"(?:diganle|dile|digan) a mi \w+ que (?:la|lo|los|las) quiero",
        ),
    ),
    "means": (
        _any(
            r"pills",
            r"pastillas",
            r"gun",
            r"pistola",
            r"razor",
            r"rope",
            r"train tracks",
            r"the tracks",
            r"bridge",
            r"puente",
            r"vias del tren",
        ),
        _any(
            r"counted (?:out|up)",
            r"lined up",
            r"(?:all )?ready",
            r"in my hand",
            r"which (?:train|bridge)",
            r"enough to",
            r"tonight",
            r"just wanted (?:someone|somebody|you) to know",
            r"no point",
            r"dont see the point",
            r"goodbye",
            r"esta noche",
            r"listas?",
        ),
    ),
    "chemotherapy": (
        _any(r"chemo", r"chemotherapy", r"quimio", r"quimioterapia", r"neutropeni\w*"),
        _any(r"fever", r"fiebre", r"temp\w*", r"10[0-5]", r"3[89]", r"chills", r"escalofrios"),
    ),
    "aneurysm": (
        _any(r"aneurysm", r"aneurisma", r"pulsing in (?:my|his|her) (?:stomach|belly|abdomen)"),
        _any(r"pain", r"unbearable", r"pulsing", r"dolor", r"faint\w*", r"back"),
    ),
    "burn": (
        _any(
            r"burn(?:ed|t|s|ing)?",
            r"scald\w*",
            r"kettle",
            r"boiling",
            r"grease",
            r"fire",
            r"hot (?:water|oil|coffee|tea|soup|pan|grease)",
            r"quem\w*",
        ),
        _any(
            r"blistering",
            r"peeling",
            r"charred",
            r"skin (?:is )?(?:coming off|white|black|leathery)",
            r"(?:his|her|my|the babys) (?:face|chest|hands|whole)",
            r"ampollas? (?:en )?(?:la cara|el pecho|todo|toda)",
            r"la cara",
        ),
    ),
    "meningitis": (
        _any(r"fever", r"fiebre", r"temp\w*", r"10[2-5]"),
        _any(
            r"stiff neck",
            r"neck (?:is |feels )?stiff",
            r"cant (?:bend|move|touch) (?:his|her|my) (?:neck|chin)",
            r"chin to (?:his|her|my) chest",
            r"cuello (?:rigido|tieso|duro)",
            r"no puede (?:doblar|mover) el cuello",
            r"(?:rash|spots) (?:that )?(?:dont|doesnt|wont) fade",
            r"purple spots",
            r"manchas moradas",
        ),
    ),
    # A fever in a baby under three months old is a call to go now, not the next day: nurse triage sends such a
    # baby to the emergency room whatever the fever's height.
    "infant fever": (
        _any(
            r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) days? old",
            r"(?:\d|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:weeks?|wks?) old",
            r"(?:1|one|2|two) months? old",
            r"newborn",
            r"baby is (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) (?:days|weeks|wks)",
            r"(?:bebe|nino|nina|hijo|hija) de (?:\d{1,2}|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|diez|quince) "
            r"(?:dias?|semanas?)",
            r"(?:bebe|nino|nina|hijo|hija) de (?:1|un|2|dos) mes(?:es)?",
            r"(?:bebe|nena|nene|nino|nina|hijo|hija|bebita|bebito) tiene (?:\d{1,2}|un|una|dos|tres|cuatro|cinco|seis) "
            r"(?:dias?|semanas?)",
            r"(?:bebe|nena|nene|nino|nina|hijo|hija|bebita|bebito) tiene (?:1|un|2|dos) mes(?:es)?",
            r"(?:baby|son|daughter|infant) is (?:1|one|2|two) months?(?: old)?",
            r"recien nacid[oa]",
        ),
        _any(
            r"fever",
            r"febrile",
            r"temp\w*",
            r"10[0-6]",
            r"3[89]",
            r"fiebre",
            r"calentura",
            r"hot to the touch",
        ),
    ),
    "sepsis": (
        _any(r"fever", r"fiebre", r"temp\w*", r"10[3-6]", r"infection", r"infeccion"),
        _any(
            r"(?:very|really|so|super|more) confused",
            r"confundid[oa]",
            r"(?:not|isnt) making sense",
            r"mottled",
            r"blotchy",
            r"(?:wont|cant) (?:wake|stay awake)",
            r"limp",
            r"(?:hasnt|not) (?:peed|urinated)",
        ),
    ),
    "pregnancy": (
        _any(r"\d+ (?:weeks?|wks?|semanas)", r"pregnant", r"embarazada", r"preggo"),
        _any(
            r"gush\w*",
            r"bleeding",
            r"blood",
            r"sangr\w*",
            r"(?:see|seeing) (?:spots|stars|flashing)",
            r"veo (?:lucecitas|luces|estrellitas|estrellas|manchas|puntitos)",
            r"(?:vista|vision) borrosa",
            r"(?:manos|cara|pies) (?:\w+ )?hinchad[ao]s",
            r"blurry",
            r"vision",
            r"swollen (?:hands|face|feet)",
            r"(?:head|headache) (?:is )?pounding",
            r"pounding (?:head|headache)",
            r"(?:isnt|hasnt|not|stopped) (?:moving|kicking)",
            r"no se (?:mueve|ha movido)",
            r"water (?:broke|broken)",
            r"(?:rompio|rompi) (?:la )?fuente",
            r"contractions",
            r"contracciones",
            r"severe (?:pain|cramps?)",
            r"bad cramps",
        ),
    ),
    "bleeding": (
        _any(r"blood", r"bleed\w*", r"sangr\w*"),
        _any(
            r"wont stop",
            r"doesnt stop",
            r"not stopping",
            r"cant stop",
            r"(?:wont|doesnt|isnt) (?:slow|clot)",
            r"soak\w*",
            r"pump\w*",
            r"spurt\w*",
            r"gush\w*",
            r"pouring",
            r"everywhere",
            r"so much",
            r"a lot of",
            r"puddle",
            r"through (?:the|a|my|his|her) (?:towel|towels|bandage|shirt|gauze)",
            r"no (?:se )?(?:detiene|para|deja|quita|corta)",
            r"much[ia]sima",
            r"chorros?",
            r"empap\w*",
        ),
    ),
    "head injury": (
        _any(
            r"(?:hit|banged|smacked|bumped|knocked|struck) (?:\w+ ){0,2}head",
            r"head (?:injury|on the|against)",
            r"(?:fell|fall|slipped) .{0,40}head",
            r"(?:golpe|golpeo|pegaron|pego|se pego|cayo) .{0,30}cabeza",
            r"(?:rolled|fell|fallen|tumbled) (?:off|down|from) (?:the|a|his|her|my) "
            r"(?:bed|couch|sofa|stairs|changing table|crib|high chair|bunk|counter|ladder|roof)",
            r"se cayo de (?:la|las|el|una|un) (?:cama|escaleras|sillon|cambiador|cuna|silla|litera|escalera|techo)",
        ),
        _any(
            r"confused",
            r"(?:not|isnt) making sense",
            r"perdid[oa]",
            r"vomit\w*",
            r"throwing up",
            r"threw up",
            r"thrown up",
            r"(?:very|so|really|super) sleepy",
            r"drowsy",
            r"(?:wont|cant) (?:wake|stay awake)",
            r"pupils?",
            r"blood ?thinners?",
            r"eliquis",
            r"warfarin",
            r"coumadin",
            r"xarelto",
            r"repeating",
            r"doesnt remember",
            r"no se acuerda",
            r"confundid[oa]",
        ),
    ),
    "child poisoning": (_PERSON + r" .{0,40}" + _SWALLOWED, _SUBSTANCE),
    "allergy": (
        _any(
            r"stung",
            r"sting",
            r"bee",
            r"wasp",
            r"hornet",
            r"peanuts?",
            r"nuts?",
            r"shellfish",
            r"shrimp",
            r"antibiotic",
            r"penicillin",
            r"amoxicillin",
            r"new (?:med|meds|medicine|medication|pill|drug)",
            r"avispa",
            r"abeja",
            r"pico",
            r"mariscos",
            r"cacahuate",
            r"mani",
        ),
        _any(
            r"throat",
            r"tongue",
            r"lips? (?:are |is )?(?:swelling|swollen|puffy)",
            r"face (?:is )?(?:swelling|swollen)",
            r"wheez\w*",
            r"(?:hard|trouble|cant) (?:to )?(?:breathe|swallow)",
            r"dizzy",
            r"garganta",
            r"lengua",
            r"mareo",
            r"mareada",
            r"mareado",
        ),
    ),
    "diabetes": (
        _any(r"diabetic", r"diabetes", r"diabetica", r"diabetico", r"insulin", r"insulina"),
        _any(
            r"confused",
            r"confundid[oa]",
            r"(?:not|isnt) making sense",
            r"sweaty and shaky",
            r"shaky and sweaty",
            r"(?:wont|cant) (?:wake|stay awake)",
            r"(?:very|super|really|so) (?:sleepy|drowsy)",
            r"fruity",
            r"passing out",
            r"unresponsive",
        ),
    ),
    "belly": (
        _any(
            r"belly",
            r"stomach",
            r"abdomen",
            r"abdominal",
            r"testicles?",
            r"testicular",
            r"balls?",
            r"panza",
            r"barriga",
            r"estomago",
            r"vientre",
            r"testiculos?",
        ),
        _any(
            r"rigid",
            r"hard as a (?:rock|board)",
            r"worst pain",
            r"doubled over",
            r"cant (?:stand|move|walk) (?:up|straight)?",
            r"(?:sudden|suddenly) .{0,20}(?:pain|swollen|swelling)",
            r"screaming",
            r"dur[ao] como (?:piedra|tabla|roca)",
            r"insoportable",
            r"no me puedo (?:ni )?enderezar",
        ),
    ),
}

# A number read off a meter: (what it measures, the number), judged by `_dangerous_reading`.
_READINGS = [
    (
        "blood sugar",
        re.compile(
            r"\b(?:sugar|glucose|bloodsugar|bloodglucose|azucar|glucosa|glucometer|meter|bs|bg)"
            r"(?: (?:is|at|was|of|says|reads|reading|level|levels|de|en|esta en|marca|is at|just|only|me|le))*"
            r" (\d{2,3})\b"
        ),
    ),
    (
        "oxygen level",
        re.compile(
            r"\b(?:o2|oxygen|oxigeno|sat|sats|saturation|pulse ox|oximeter|oximetro|spo2)"
            r"(?: (?:is|at|was|of|says|reads|reading|level|de|en|esta en|marca|only|just|down to))*"
            r" (\d{2})\b"
        ),
    ),
    ("blood pressure", re.compile(r"\b(\d{2,3}) over (\d{2,3})\b")),
    (
        "heart rate",
        re.compile(
            r"\b(?:heart|pulse|hr|heart rate|heartrate|pulso|corazon)(?: (?:is|at|was|of|says|reads|rate|going|racing|"
            r"going at|racing at|beating at|esta en|a|de|me))* (\d{2,3})\b(?! (?:over|mg|units|lbs|pounds|steps))"
        ),
    ),
]

_COMPILED_STATES = {category: re.compile(r"\b" + pattern + r"\b") for category, pattern in _STATES.items()}
_COMPILED_PAIRS = {
    category: (re.compile(r"\b" + first + r"\b"), re.compile(r"\b" + second + r"\b"))
    for category, (first, second) in _PAIRS.items()
}

# First looks (see safety_context.FirstLook): a sentence no state or reading matches, a window no pair's first
# finding matches, need not be asked pattern by pattern.
_ANY_STATE_OR_READING = C.FirstLook([*_COMPILED_STATES.values(), *(pattern for _, pattern in _READINGS)])
_ANY_FIRST_FINDING = C.FirstLook(first for first, _ in _COMPILED_PAIRS.values())
_JOKE = re.compile(r"\b(?:lol|lmao|haha\w*|jaja\w*|jeje\w*|rofl|jk|kidding|bromeando)\b")
_WHAT_IF = re.compile(
    r"\b(?:what (?:are|is) the (?:signs?|symptoms?)|signs? of|symptoms? of|(?:what|when) should (?:i|we)|"
    r"what (?:to|do i|do we) do if|if (?:i|he|she|they|my \w+) ever|in case|how (?:do i|can i|to) (?:know|tell)|"
    r"(?:can|could|does|do|will|would) \w+ cause|class|course|training|que hago si|sintomas de|senales de|"
    r"cuales son)\b"
)
# A harmless local cause, or "is that normal?": enough to quiet a single finding ("my arm is numb where they gave
# me the shot, normal?"), never two that meet ("my jaw and left shoulder ache and I might pass out, is that
# normal for anxiety?").
_EXPECTED = re.compile(
    r"\b(?:is (?:it|that|this) normal|es normal|normal$|where (?:they|the nurse|i got)|numbed|novocaine|"
    r"anesthesia)\b"
)
# Something said to be happening now, which outweighs a past date in the same sentence ("knee surgery two
# weeks ago and out of nowhere I can't get enough air").
_NOW = re.compile(
    r"\b(?:out of nowhere|all of a sudden|suddenly|de repente|de pronto|just now|right now|today|tonight|hoy|"
    r"ahorita|for (?:an|the last|about|over) (?:\d+ )?(?:hours?|minutes|mins))\b"
)


# A stuffy nose is not a breathing emergency, whatever the net makes of "cant breathe".
_STUFFY = re.compile(r"\b(?:through (?:my|his|her|the) nose|por la nariz|stuffy|congested|tapada)\b")

# A symptom denied ("no chest pain", "I don't have trouble breathing", "no tengo dolor de pecho ni falta de
# aire"): the learned net reads the symptom words and not the "no" in front of them.
_DENIED = re.compile(
    r"\b(?:no|not|dont have|doesnt have|didnt have|never|without|denies|no tengo|no tiene|sin|ni|nada de) "
    r"(?:\w+ ){0,2}(?:chest|pain|dolor|trouble|problems?|falta|shortness|short of|pensamientos|thoughts|fever|"
    r"fiebre|bleeding|sangrado|vomiting|vomito|numbness|weakness|confusion)\b"
)


@dataclass(frozen=True)
class RedFlag:
    category: str
    matched: str


_AFTER_AN_EVENT = frozenset({"after surgery or birth"})
_ABOUT_ONESELF = frozenset({"farewell", "means"})


def _negated(sentence: str, start: int) -> bool:
    return C.NEGATION_BEFORE.search(sentence[:start]) is not None


def _history(text: str) -> bool:
    """Months or years back, or a hospital stay told afterwards, with nothing said to be happening now."""
    if C.PRESENT.search(text) or _NOW.search(text):
        return False
    return bool(C.LONG_AGO.search(text) or C.PAST.search(text) or C.AFTERCARE.search(text))


def _dangerous_reading(kind: str, match: re.Match[str]) -> bool:
    if kind == "blood sugar":
        return not 55 <= int(match.group(1)) <= 450
    if kind == "oxygen level":
        return 40 <= int(match.group(1)) < 90
    if kind == "heart rate":
        return not 40 <= int(match.group(1)) <= 170
    systolic, diastolic = int(match.group(1)), int(match.group(2))
    if not 20 <= diastolic < systolic:
        return False
    return systolic >= 200 or diastolic >= 120 or systolic <= 80


def _windows(parts: list[str]) -> list[str]:
    return parts + [f"{a} {b}" for a, b in pairwise(parts)]


def red_flag(text: str) -> RedFlag | None:
    """The first red flag in `text`, or None. See the module's docstring for what counts."""
    return red_flag_in(sentences(text or ""))


def red_flag_in(parts: list[str]) -> RedFlag | None:
    """The first red flag in a message already split into normalized sentences (`safety_context.sentences`)."""
    if not parts:
        return None
    message = " ".join(parts)
    if C.REASSURED.search(message):
        return None
    # Laughing it off ("this paperwork is choking me lol") silences a single finding, never two that meet:
    # patients play down real symptoms too ("chest so tight and my arm tingles lol prob stress").
    joking = _JOKE.search(message) is not None
    # A sentence that describes what happens only at times ("sometimes", "it passes") is not an event now.
    parts = [part for part in parts if not C.EPISODIC.search(part)]
    for sentence in parts:
        if not _ANY_STATE_OR_READING.search(sentence):
            continue
        if _WHAT_IF.search(sentence) or _EXPECTED.search(sentence) or _history(sentence):
            continue
        if C.IDIOM.search(sentence) or C.MEDIA.search(sentence):
            continue
        # A number read off a meter is not a figure of speech, laughed off or not ("heart is going 220 lol").
        for kind, pattern in _READINGS:
            for match in pattern.finditer(sentence):
                if _dangerous_reading(kind, match):
                    return RedFlag(kind, match.group(0))
        if joking:
            continue
        for category, pattern in _COMPILED_STATES.items():
            for match in pattern.finditer(sentence):
                pet = category != "suicide" and C.ANIMAL.search(sentence) is not None
                if not pet and not _negated(sentence, match.start()):
                    return RedFlag(category, match.group(0))
    for window in _windows(parts):
        if (
            not _ANY_FIRST_FINDING.search(window)
            or _WHAT_IF.search(window)
            or C.IDIOM.search(window)
            or C.MEDIA.search(window)
        ):
            continue
        history, pet = _history(window), C.ANIMAL.search(window) is not None
        for category, (first, second) in _COMPILED_PAIRS.items():
            # A surgery or a birth is always in the past: what follows it is the finding. A goodbye that gives
            # away a pet is still a goodbye.
            if (history and category not in _AFTER_AN_EVENT) or (pet and category not in _ABOUT_ONESELF):
                continue
            one = next((m for m in first.finditer(window) if not _negated(window, m.start())), None)
            if one is None:
                continue
            for two in second.finditer(window):
                # Two findings, not one read twice ("gave my cat" is both a goodbye and a gift).
                apart = two.start() >= one.end() or two.end() <= one.start()
                if apart and not _negated(window, two.start()):
                    return RedFlag(category, f"{one.group(0)} … {two.group(0)}")
    return None


def _calm(message: str) -> bool:
    """Said to be over, harmless, a joke, a question about what to watch for, or history: no alarm."""
    return bool(C.REASSURED.search(message) or _JOKE.search(message) or _WHAT_IF.search(message)) or _history(
        message
    )


def suspected_emergency(text: str) -> str | None:
    """Why the message may be an emergency the screen did not call ("learned net"), or None.

    The caller has already run the screen (rules, then red flags). The net is not asked about a calm message
    (see `_calm`) or one that denies the symptom it names, which the net cannot read.
    """
    message = " ".join(sentences(text or ""))
    if not message or _calm(message) or _DENIED.search(message) or _STUFFY.search(message):
        return None
    # Imported here: the net loads scikit-learn, which the screen itself never needs.
    from mojoe.assistant.nlu.emergency_net import emergency_suspected

    return "learned net" if emergency_suspected(text) else None


__all__ = ["RedFlag", "red_flag", "red_flag_in", "suspected_emergency"]
