"""The words the office topics are recognised by: days, holidays, languages, insurers, services, stop words.

Everything is written as `office_topics.normalize` leaves text: lower case, no accents, no punctuation.
"""

from __future__ import annotations


def alternatives(*choices: str) -> str:
    """One regular expression group that matches any of `choices`."""
    return "(?:" + "|".join(choices) + ")"


WEEKDAY_WORDS: dict[int, tuple[str, ...]] = {
    0: ("monday", "mondays", "mon", "lunes"),
    1: ("tuesday", "tuesdays", "tue", "tues", "martes"),
    2: ("wednesday", "wednesdays", "wed", "weds", "miercoles"),
    3: ("thursday", "thursdays", "thu", "thur", "thurs", "jueves"),
    4: ("friday", "fridays", "fri", "viernes"),
    5: ("saturday", "saturdays", "sat", "sabado", "sabados"),
    6: ("sunday", "sundays", "domingo", "domingos"),
}
DAYS = alternatives(*(word for words in WEEKDAY_WORDS.values() for word in words))
HOLIDAY_WORDS = (
    "(?:"
    r"holidays?|christmas( eve)?|thanksgiving|new years( eve| day)?|easter|memorial day|labor day|"
    r"july 4(th)?|4th of july|fourth of july|independence day|juneteenth|columbus day|veterans day|"
    r"mlk day|presidents day|navidad|nochebuena|ano nuevo|accion de gracias|dias? festivos?|feriados?"
    ")"
)
# Who a question is addressed to: the practice, in the ways people write it.
YOU = (
    "(?:"
    r"you|u|ya|yall|you guys|you all|the office|your office|ur office|the clinic|your clinic|"
    r"the practice|your practice"
    ")"
)
PLACE = alternatives(YOU, "the building", "your building", "your location", "the location")
MEDICATION = (
    r"\b(med|meds|medication|medications|medicine|medicines|pill|pills|prescription|dose|dosage|inhaler|"
    r"insulin|taking|medicamentos?|medicinas?|pastillas?|receta|dosis)\b"
)
# "Is anything open on Friday?" asks for an appointment, not for the office's hours.
SLOTS = (
    r"\b(anything|something|spots?|slots?|appointments?|openings?|availability|available|citas?|espacios?)\b"
)
# "The link won't open" is about a link.
DEVICES = r"\b(link|links|app|portal|file|attachment|enlace|archivo|aplicacion|pdf|document|documento)\b"

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    # folded name as written by the practice or the patient -> (English, Spanish)
    "english": ("English", "inglés"),
    "ingles": ("English", "inglés"),
    "spanish": ("Spanish", "español"),
    "espanol": ("Spanish", "español"),
    "portuguese": ("Portuguese", "portugués"),
    "portugues": ("Portuguese", "portugués"),
    "haitian creole": ("Haitian Creole", "criollo haitiano"),
    "creole": ("Haitian Creole", "criollo haitiano"),
    "criollo haitiano": ("Haitian Creole", "criollo haitiano"),
    "french": ("French", "francés"),
    "frances": ("French", "francés"),
    "mandarin": ("Mandarin", "mandarín"),
    "cantonese": ("Cantonese", "cantonés"),
    "chinese": ("Chinese", "chino"),
    "chino": ("Chinese", "chino"),
    "vietnamese": ("Vietnamese", "vietnamita"),
    "vietnamita": ("Vietnamese", "vietnamita"),
    "russian": ("Russian", "ruso"),
    "ruso": ("Russian", "ruso"),
    "arabic": ("Arabic", "árabe"),
    "arabe": ("Arabic", "árabe"),
    "italian": ("Italian", "italiano"),
    "italiano": ("Italian", "italiano"),
    "korean": ("Korean", "coreano"),
    "polish": ("Polish", "polaco"),
    "hindi": ("Hindi", "hindi"),
    "somali": ("Somali", "somalí"),
    "cape verdean creole": ("Cape Verdean Creole", "criollo caboverdiano"),
    "american sign language": ("American Sign Language", "lengua de señas americana"),
    "asl": ("American Sign Language", "lengua de señas americana"),
}
LANGUAGE = alternatives(
    *sorted(LANGUAGE_NAMES, key=len, reverse=True), "haitian", "mandarin", "sign language"
)

# Services people ask for by name ("do you have a lab?", "¿ponen vacunas?").
SERVICE_NOUNS = (
    "(?:"
    r"lab|labs|laboratory|blood work|blood draws?|pharmacy|xray|imaging|ultrasounds?|ekg|telehealth|"
    r"telemedicine|video visits?|virtual visits?|urgent care|walkin|vaccines?|vaccinations?|"
    r"flu shots?|shots|immunizations?|physicals?|checkup|covid (tests?|testing|shots?|vaccines?)|"
    r"drug (tests?|testing|screens?)|std (tests?|testing)|pap (smears?|tests?)|mammograms?|counseling|"
    r"prenatal care|well child|procedures?|injections?|stitches|laboratorio|analisis|vacunas?|"
    r"examen(es)? fisicos?|fisicos?|rayos x|ultrasonido|telemedicina|"
    r"consultas? (virtuales?|por video)|pruebas? de (covid|embarazo|drogas)|planificacion familiar|"
    r"pediatria|cuidado prenatal"
    ")"
)
# Names patients use for common US (and Massachusetts) insurers; the practice's own list adds to these.
KNOWN_INSURERS: dict[str, tuple[str, ...]] = {
    "Aetna": ("aetna",),
    "Blue Cross Blue Shield": ("blue cross blue shield", "blue cross", "blue shield", "bcbs", "bluecross"),
    "Cigna": ("cigna",),
    "UnitedHealthcare": (
        "unitedhealthcare",
        "united healthcare",
        "united health care",
        "united health",
        "united",
        "uhc",
    ),
    "Medicare": ("medicare",),
    "Medicare Advantage": ("medicare advantage",),
    "Medicaid": ("medicaid",),
    "MassHealth": ("masshealth", "mass health"),
    "Tufts Health Plan": ("tufts health plan", "tufts"),
    "Harvard Pilgrim": ("harvard pilgrim health care", "harvard pilgrim"),
    "Humana": ("humana",),
    "Kaiser Permanente": ("kaiser permanente", "kaiser"),
    "Anthem": ("anthem",),
    "Tricare": ("tricare",),
    "Molina": ("molina",),
    "Ambetter": ("ambetter",),
    "WellCare": ("wellcare",),
    "Fallon Health": ("fallon health", "fallon"),
    "Health New England": ("health new england",),
    "WellSense": ("wellsense", "bmc healthnet", "bmc health net"),
    "AllWays Health Partners": ("allways health partners", "allways"),
    "Oscar Health": ("oscar health",),
}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that say nothing about what a question is about, left out when FAQ questions are compared.
STOP_WORDS = _word_set(
    """
    a an the i me my mine you your yours ya u ur we our us it its is are was were be been am do does did
    done can could would should will shall may might must to of in on at for with from by about into as
    and or but if so than then too very what whats which who whom when where wheres why how there here this
    that these those any some have has had get got please pls hi hello hey thanks thank guys yall ok okay
    yes no not dont im ive id youre also just still really need want like know tell question office clinic
    practice they them their he she him her his hers one much many more most other
    el la los las un una unos unas de del al a en y o que por para con se su sus mi mis tu tus yo usted
    ustedes me te le les lo nos es son esta estan estoy hay como cual cuales donde cuando quien quienes
    puedo pueden puede tienen tiene tengo hola gracias favor si ya muy mas pero este eso esa ese esto algo
    oficina clinica consultorio ser hacer
    """
)

# Verbs of any question ("do you accept…", "can I bring…"): shared alone, they say two questions are alike
# when they are not.
WEAK_WORDS = _word_set(
    "accept accepting accepted take taking offer offering provide providing come bring make book schedule call "
    "ask open close closed work working available aceptan aceptar acepta tomar toman ofrecen ofrece necesito "
    "quiero llamar pedir traer venir abren cierran trabajan"
)
# Words too common in service names to tell one service from another ("Sick visits", "Telehealth visits").
GENERIC_SERVICE_WORDS = _word_set(
    "care visit health patient doctor service same day appointment available time cita salud atencion "
    "consulta medico adult child children kid new general family"
)

# Short words that still name a service; other words under four letters say too little.
SHORT_SERVICE_WORDS = frozenset({"flu", "lab", "std", "pap", "ekg", "iud", "tb"})
