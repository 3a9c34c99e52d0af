"""The demo practice's made-up facts: its address, sites, providers, hours, visit types and name lists.

Telephone numbers come from the 555-01xx range reserved for fiction, e-mail addresses from example.com and
example.org. `demo.py` turns these tables into rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from mojoe.core.roles import Role

PRACTICE = {
    "name": "Riverside Family Medicine",
    "time_zone": "America/New_York",
    "phone": "+16175550100",
    "fax": "+16175550101",
    "email": "frontdesk@riverside.example.org",
    "website": "https://riverside.example.org",
    "address_line1": "120 River Street",
    "address_line2": "Suite 200",
    "city": "Cambridge",
    "state": "MA",
    "postal_code": "02139",
    "country": "US",
}
LOCATIONS = {
    "main": {"name": "Riverside Main Office", "phone": "+16175550100", "address_line1": "120 River Street",
             "address_line2": "Suite 200", "city": "Cambridge", "state": "MA", "postal_code": "02139"},
    "east": {"name": "Eastside Clinic", "phone": "+16175550142", "address_line1": "45 Meridian Street",
             "city": "Boston", "state": "MA", "postal_code": "02128"},
}  # fmt: skip
# What patients are told about the office (the assistant answers from this and the FAQ below only).
OFFICE_FACTS = {
    "parking": "Free parking in the garage under 120 River Street: enter from Pleasant Lane and bring your "
    "ticket to the front desk to have it validated. Accessible spaces are on level P1 by the elevator. "
    "Eastside Clinic has a free lot behind the building.",
    "parking_es": "Estacionamiento gratis en el garaje debajo de 120 River Street: entre por Pleasant Lane y "
    "traiga su boleto a la recepción para validarlo. Los lugares accesibles están en el nivel P1, junto al "
    "ascensor. Eastside Clinic tiene un lote gratis detrás del edificio.",
    "directions": "Riverside Main Office is in Suite 200: take the elevator from the River Street lobby. It is "
    "a short walk from Central station on the Red Line. Eastside Clinic is across the street from Maverick "
    "station on the Blue Line.",
    "directions_es": "Riverside Main Office está en la Suite 200: tome el ascensor desde el vestíbulo de River "
    "Street. Queda a poca distancia de la estación Central de la línea roja. Eastside Clinic está frente a la "
    "estación Maverick de la línea azul.",
    "insurances_accepted": "Aetna\nBlue Cross Blue Shield of Massachusetts\nCigna\nHarvard Pilgrim Health Care\n"
    "Tufts Health Plan\nUnitedHealthcare\nMedicare\nMassHealth",
    "services": "Annual physicals and well-child checks\nSick visits, often the same day\n"
    "Chronic care: diabetes, high blood pressure, asthma\nFlu shots and vaccines for all ages\n"
    "Lab draws on site, weekday mornings\nMinor procedures: skin tag and mole removal, joint injections\n"
    "Telehealth visits\nSports, school and camp physicals",
    "services_es": "Chequeos anuales y controles del niño sano\nConsultas por enfermedad, a menudo el mismo día\n"
    "Cuidado de enfermedades crónicas: diabetes, presión alta, asma\nVacunas contra la gripe y vacunas para "
    "todas las edades\nExtracción de sangre en la clínica, entre semana por la mañana\nProcedimientos "
    "menores: quitar verrugas y lunares, inyecciones en las articulaciones\nConsultas por video\n"
    "Exámenes físicos para deportes, escuela y campamento",
    "languages_spoken": "English\nSpanish\nPortuguese",
    "after_hours": "Call our main number, (617) 555-0100, and press 1 to reach the on-call clinician. For an "
    "emergency, call 911.",
    "after_hours_es": "Llame a nuestro número principal, (617) 555-0100, y marque 1 para hablar con el médico de "
    "guardia. En una emergencia, llame al 911.",
}
# question, answer, Spanish question, Spanish answer
FAQ = (
    ("Do you accept walk-ins?",
     "We don't take walk-ins, but we keep same-day sick visits open every weekday: text or call us in the "
     "morning and we'll find you a time.",
     "¿Atienden sin cita?",
     "No atendemos sin cita, pero cada día entre semana guardamos consultas para el mismo día: escríbanos o "
     "llámenos por la mañana y le buscamos un horario."),
    ("Are you accepting new patients?",
     "Yes, all four of our clinicians are accepting new patients. Please bring your insurance card and a list "
     "of your medications to your first visit.",
     "¿Están aceptando pacientes nuevos?",
     "Sí, nuestros cuatro profesionales aceptan pacientes nuevos. Traiga su tarjeta del seguro y una lista de "
     "sus medicamentos a su primera consulta."),
    ("How early should I arrive for my appointment?",
     "Please arrive 10 minutes early, or 20 minutes early for your first visit, to check in and fill in forms.",
     "¿Con cuánto tiempo de anticipación debo llegar a mi cita?",
     "Llegue 10 minutos antes, o 20 minutos antes si es su primera consulta, para registrarse y llenar los "
     "formularios."),
    ("Is the office wheelchair accessible?",
     "Yes. Both offices have step-free entrances, and at the main office the elevator from the River Street "
     "lobby goes to Suite 200.",
     "¿La oficina es accesible en silla de ruedas?",
     "Sí. Las dos oficinas tienen entrada sin escalones, y en la oficina principal el ascensor del vestíbulo de "
     "River Street llega a la Suite 200."),
)  # fmt: skip
# key, given name, family name, credentials, specialty, the NPI's first nine digits (the tenth is computed)
PROVIDERS = (
    ("hartwell", "Eleanor", "Hartwell", "MD", "Family Medicine", "104729318"),
    ("adeyemi", "Samuel", "Adeyemi", "DO", "Family Medicine", "116350742"),
    ("ramirez", "Lucía", "Ramírez", "NP", "Family Nurse Practitioner", "128804563"),
    ("brandt", "Kevin", "Brandt", "PA-C", "Family Medicine", "133091276"),
)
# Weekly hours: provider -> (weekdays (Monday = 0), location, blocks). Lunch breaks split the days; each
# provider works at both sites on different days, Dr. Hartwell's Friday is a half day, nobody works Sundays.
HOURS = {
    "hartwell": (
        ((0, 1, 3), "main", (("08:00", "12:00"), ("13:00", "17:00"))),
        ((2,), "east", (("08:00", "12:00"), ("13:00", "16:00"))),
        ((4,), "main", (("08:00", "12:00"),)),
    ),
    "adeyemi": (
        ((0, 2, 4), "east", (("08:30", "12:00"), ("13:00", "17:30"))),
        ((1,), "main", (("09:00", "12:30"), ("13:30", "17:00"))),
        ((5,), "main", (("09:00", "12:00"),)),
    ),
    "ramirez": (
        ((0, 1), "east", (("09:00", "12:30"), ("13:30", "18:00"))),
        ((2, 3), "main", (("08:00", "12:00"), ("13:00", "17:00"))),
        ((4,), "east", (("08:00", "12:00"),)),
    ),
    "brandt": (
        ((1, 3), "east", (("08:00", "12:00"), ("12:45", "16:30"))),
        ((0, 2, 4), "main", (("10:00", "13:00"), ("14:00", "19:00"))),
    ),
}


@dataclass(frozen=True)
class _TypeSpec:
    name: str
    duration: int
    min_notice: int
    horizon: int
    weight: int  # how often it is booked, relative to the others
    reasons: tuple[str, ...]
    audience: str = "any"  # "new": patients never seen; "established": patients seen before
    interval: int | None = None
    buffer_before: int = 0
    buffer_after: int = 0
    online: bool = True
    color: str = "#4f7cac"
    providers: tuple[str, ...] = ("hartwell", "adeyemi", "ramirez", "brandt")


TYPES = (
    _TypeSpec("New patient visit", 40, 24 * 60, 90, 12, audience="new", interval=20, color="#2e7d32", reasons=(
        "Establish care", "Transferring care from another practice", "New to the area, establish care",
        "Establish care and review medications")),
    _TypeSpec("Follow-up visit", 20, 2 * 60, 90, 25, audience="established", color="#4f7cac", reasons=(
        "Blood pressure follow-up", "Diabetes follow-up, review A1c", "Review lab results", "Medication check",
        "Follow-up after sick visit", "Thyroid follow-up", "Asthma follow-up")),
    _TypeSpec("Annual physical", 40, 24 * 60, 180, 14, interval=20, color="#6a1b9a", reasons=(
        "Annual physical", "Well-child check", "Medicare annual wellness visit", "Sports physical",
        "Annual physical with fasting labs")),
    _TypeSpec("Sick visit", 20, 30, 7, 25, color="#c62828", reasons=(
        "Sore throat and fever", "Cough for a week", "Ear pain", "Urinary symptoms", "Rash on arm",
        "Sinus congestion", "Back pain after lifting", "Stomach ache and nausea")),
    _TypeSpec("Telehealth check-in", 15, 60, 30, 13, audience="established", color="#00838f", reasons=(
        "Medication refill question", "Review home blood pressure readings", "Check-in on new medication",
        "Discuss lab results", "Mood check-in")),
    _TypeSpec("Minor procedure", 60, 2 * 24 * 60, 60, 6, buffer_before=10, buffer_after=15, online=False,
              color="#ef6c00", providers=("hartwell", "adeyemi", "brandt"), reasons=(
        "Skin tag removal", "Mole removal", "Ingrown toenail", "Joint injection, knee",
        "Wart treatment (cryotherapy)", "Abscess drainage")),
)  # fmt: skip
CANCELLATION_REASONS = (
    "Patient feeling better", "Work conflict", "No transportation", "Childcare problem",
    "Provider schedule change", "Insurance question to sort out first", "Family emergency", "Weather",
)  # fmt: skip
# username, role, first name, last name
STAFF = (
    ("owner", Role.OWNER, "Grace", "Holloway"),
    ("admin", Role.ADMIN, "Marcus", "Bell"),
    ("frontdesk", Role.FRONT_DESK, "Ana", "Morales"),
    ("nurse", Role.NURSE, "Priya", "Natarajan"),
    ("billing", Role.BILLING, "Tom", "Kowalski"),
    ("secretary", Role.SECRETARY, "Dana", "Brooks"),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FEMALE_EN = _words(
    "Emma Olivia Ava Sophia Charlotte Amelia Harper Evelyn Abigail Emily Elizabeth Madison Avery Ella Grace "
    "Chloe Victoria Riley Lily Zoey Hannah Nora Linda Patricia Barbara Susan Karen Nancy Margaret Dorothy "
    "Ruth Joan Shirley Deborah Michelle Laura Rebecca Sharon Cynthia Kathleen Amy Angela Brenda Aaliyah Mei"
)
MALE_EN = _words(
    "Liam Noah Oliver Elijah James William Benjamin Lucas Henry Alexander Mason Michael Ethan Daniel Jacob "
    "Logan Jackson Owen Samuel Matthew Joseph Robert John David Richard Charles Thomas Christopher George "
    "Kenneth Paul Raymond Walter Gregory Patrick Dennis Frank Malik Darnell Wei Arjun"
)
FEMALE_ES = _words(
    "María Guadalupe Lucía Valentina Camila Daniela Ximena Mariana Gabriela Fernanda Paola Rosa Carmen "
    "Alejandra Adriana Verónica Isabel Juana Beatriz Marisol Sofía Yesenia"
)
MALE_ES = _words(
    "José Juan Luis Carlos Jorge Miguel Alejandro Diego Santiago Mateo Javier Fernando Ricardo Andrés Raúl "
    "Héctor Sergio Manuel Francisco Jesús Emilio Óscar"
)
FAMILY_EN = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee "
    "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker "
    "Nelson Carter Mitchell Roberts Campbell Murphy O'Brien Sullivan Kelly Nguyen Patel Kim Cohen Rossi "
    "Kowalski Okafor Haddad Silva Fitzgerald Donovan Tran Shapiro"
)
FAMILY_ES = _words(
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez "
    "Díaz Cruz Morales Reyes Ortiz Gutiérrez Chávez Vargas Castillo Jiménez Moreno Romero Mendoza Ruiz "
    "Álvarez Castro Vega"
)
NICKNAMES = {
    "William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "Margaret": "Peggy", "Alexander": "Alex",
    "José": "Pepe", "Francisco": "Paco", "Guadalupe": "Lupe", "Alejandro": "Alex", "Jesús": "Chuy",
}  # fmt: skip
STREETS = (
    "Maple Street", "Elm Street", "Pleasant Street", "Washington Street", "Broadway", "Highland Avenue",
    "Summer Street", "School Street", "Prospect Street", "Cedar Street", "Linden Avenue", "Harbor View Road",
    "Chestnut Street", "Walnut Street", "Pearl Street", "Union Street",
)  # fmt: skip
CITIES = (
    ("Cambridge", "02139"), ("Somerville", "02143"), ("Boston", "02128"), ("Medford", "02155"),
    ("Everett", "02149"), ("Chelsea", "02150"), ("Malden", "02148"), ("Arlington", "02474"),
)  # fmt: skip
# Patients' numbers: 555-0100 to 555-0199 in these area codes. 617 is left to the practice itself.
PATIENT_AREA_CODES = ("857", "781", "339", "978", "508", "774", "413")
