"""What the assistant says, in English and Spanish, and how it writes dates and times for people.

Replies are short enough for a text message, friendly, and never clinical. Each has an id; `say(id, lang,
**values)` fills it in. Spanish is the neutral, formal "usted" register a practice would use.
"""

from __future__ import annotations

from datetime import date, datetime

TEXTS: dict[str, dict[str, str]] = {
    "greeting": {
        "en": "Hi! I'm the virtual assistant of {practice}. I can book, change or cancel appointments, take "
        "refill requests and messages for our team, and answer questions about the office. How can I help?",
        "es": "¡Hola! Soy el asistente virtual de {practice}. Puedo hacer, cambiar o cancelar citas, recibir "
        "pedidos de medicamentos y mensajes para el equipo, y contestar preguntas sobre la oficina. "
        "¿En qué le puedo ayudar?",
    },
    "thanks": {
        "en": "You're welcome! Is there anything else I can help with?",
        "es": "¡Con gusto! ¿Hay algo más en lo que le pueda ayudar?",
    },
    "not_understood": {
        "en": "Sorry, I didn't quite get that. I can book, change or cancel an appointment, take a refill "
        "request or a message for our team, or answer office questions. You can also ask for a person.",
        "es": "Perdón, no entendí bien. Puedo hacer, cambiar o cancelar una cita, recibir un pedido de "
        "medicamento o un mensaje para el equipo, o contestar preguntas sobre la oficina. También puede pedir "
        "hablar con una persona.",
    },
    # --- identity --------------------------------------------------------------------------------------
    "ask_name_dob": {
        "en": "First, so I can find your record: what are your full name and date of birth?",
        "es": "Primero, para encontrar su expediente: ¿cuál es su nombre completo y su fecha de nacimiento?",
    },
    "ask_dob": {
        "en": "Thanks. And your date of birth (for example 03/14/1985)?",
        "es": "Gracias. ¿Y su fecha de nacimiento (por ejemplo 14/03/1985)?",
    },
    "ask_name": {
        "en": "Thanks. And your full name, as it is on your record?",
        "es": "Gracias. ¿Y su nombre completo, como aparece en su expediente?",
    },
    "ask_dob_known_contact": {
        "en": "To protect your privacy, please confirm your date of birth.",
        "es": "Para proteger su privacidad, por favor confirme su fecha de nacimiento.",
    },
    "verify_failed": {
        "en": "I couldn't match that to our records. Please check the spelling of your full name and your "
        "date of birth, and send them again.",
        "es": "No pude encontrar esos datos en nuestros registros. Revise por favor su nombre completo y su "
        "fecha de nacimiento, y envíelos otra vez.",
    },
    "verify_failed_new": {
        "en": "I couldn't find a record with that name and date of birth. If you are new to {practice}, reply "
        "NEW and I'll book you as a new patient; otherwise please check the spelling and send them again.",
        "es": "No encontré un expediente con ese nombre y fecha de nacimiento. Si es paciente nuevo de "
        "{practice}, responda NUEVO y le hago la cita como paciente nuevo; si no, revise los datos y "
        "envíelos otra vez.",
    },
    "verified": {
        "en": "Thank you, {name}, I found your record.",
        "es": "Gracias, {name}, encontré su expediente.",
    },
    "ask_newcomer": {
        "en": "Welcome! To book your first visit, please send your full name, date of birth and the best phone "
        "number to reach you.",
        "es": "¡Bienvenido/a! Para su primera cita, envíe por favor su nombre completo, su fecha de nacimiento y "
        "un número de teléfono donde le podamos llamar.",
    },
    "ask_newcomer_given_name": {
        "en": "Thanks. And your full name (first and last)?",
        "es": "Gracias. ¿Y su nombre completo (nombre y apellido)?",
    },
    "ask_newcomer_birth_date": {
        "en": "Thanks. And your date of birth (for example 03/14/1985)?",
        "es": "Gracias. ¿Y su fecha de nacimiento (por ejemplo 14/03/1985)?",
    },
    "ask_newcomer_phone": {
        "en": "Thanks. And the best phone number to reach you, with the area code?",
        "es": "Gracias. ¿Y un número de teléfono con código de área donde le podamos llamar?",
    },
    "newcomer_needs_record": {
        "en": "For that, our staff need to set up your record first. I've asked them to contact you.",
        "es": "Para eso, nuestro personal primero necesita abrir su expediente. Les pedí que se comuniquen con "
        "usted.",
    },
    # --- hand-off ----------------------------------------------------------------------------------------
    "handoff": {
        "en": "I've asked a member of our team to take over. They will answer you here as soon as they can "
        "during office hours. For a medical emergency, call 911.",
        "es": "Le pedí a una persona de nuestro equipo que continúe la conversación. Le contestará aquí lo antes "
        "posible en horario de oficina. Si es una emergencia médica, llame al 911.",
    },
    "handoff_unverified": {
        "en": "I'm sorry, I couldn't verify your identity, so I can't share or change anything on your record. "
        "I've asked a member of our team to help; they will answer you here during office hours.",
        "es": "Lo siento, no pude verificar su identidad, así que no puedo mostrar ni cambiar nada de su "
        "expediente. Le pedí ayuda a una persona de nuestro equipo; le contestará aquí en horario de oficina.",
    },
    "urgent_noted": {
        "en": "I've flagged this for our nurse, who will contact you today. If it gets worse or feels like an "
        "emergency, call 911 now.",
        "es": "Se lo pasé a nuestra enfermera como urgente; se comunicará con usted hoy. Si empeora o le parece "
        "una emergencia, llame al 911 ahora.",
    },
    "attachment_received": {
        "en": "Thank you, we received what you sent. Someone from our team will look at it and get back to you.",
        "es": "Gracias, recibimos lo que nos envió. Una persona de nuestro equipo lo revisará y le contestará.",
    },
    # --- booking -----------------------------------------------------------------------------------------
    "ask_type": {
        "en": "What kind of visit do you need?\n{options}\nReply with a number.",
        "es": "¿Qué tipo de consulta necesita?\n{options}\nResponda con un número.",
    },
    "offers": {
        "en": "{lead}\n{options}\nReply 1, 2 or 3 to book, or tell me another day or time.",
        "es": "{lead}\n{options}\nResponda 1, 2 o 3 para reservar, o dígame otro día u hora.",
    },
    "offers_lead": {
        "en": "Here are the earliest times for {type}:",
        "es": "Estos son los primeros horarios para {type}:",
    },
    "offers_lead_relaxed": {
        "en": "I found nothing {wanted}. The earliest times for {type} after that:",
        "es": "No encontré nada {wanted}. Los primeros horarios para {type} después de eso:",
    },
    "no_slots": {
        "en": "I'm sorry, I couldn't find any opening for {type} in the coming weeks. I've asked our front "
        "desk to find you a time; they will contact you.",
        "es": "Lo siento, no encontré horarios para {type} en las próximas semanas. Le pedí a recepción que le "
        "busque un horario; se comunicarán con usted.",
    },
    "pick_again": {
        "en": "Which one would you like? Reply 1, 2 or 3, or tell me another day or time.",
        "es": "¿Cuál prefiere? Responda 1, 2 o 3, o dígame otro día u hora.",
    },
    "slot_taken": {
        "en": "Sorry, that time was just taken by someone else.",
        "es": "Lo siento, alguien acaba de tomar ese horario.",
    },
    "booked": {
        "en": "You're booked: {type} with {provider} on {when}, at {place}. If you need to change it, just "
        "write here.",
        "es": "Su cita quedó reservada: {type} con {provider} el {when}, en {place}. Si necesita cambiarla, "
        "escríbanos aquí.",
    },
    "rescheduled": {
        "en": "Done: your {type} is moved to {when} with {provider}, at {place}.",
        "es": "Listo: su {type} pasó al {when} con {provider}, en {place}.",
    },
    # --- existing appointments ---------------------------------------------------------------------------
    "no_upcoming": {
        "en": "You have no upcoming appointments with us. Would you like to book one?",
        "es": "No tiene citas próximas con nosotros. ¿Quiere hacer una?",
    },
    "which_appointment": {
        "en": "Which appointment?\n{options}\nReply with a number.",
        "es": "¿Cuál cita?\n{options}\nResponda con un número.",
    },
    "confirm_cancel": {
        "en": "Cancel your {type} on {when} with {provider}? Reply YES to cancel or NO to keep it.",
        "es": "¿Cancelo su {type} del {when} con {provider}? Responda SÍ para cancelarla o NO para mantenerla.",
    },
    "cancelled": {
        "en": "Your {type} on {when} is cancelled. Would you like to book another time?",
        "es": "Su {type} del {when} quedó cancelada. ¿Quiere hacer otra cita?",
    },
    "kept": {
        "en": "OK, I kept your appointment. Anything else?",
        "es": "Muy bien, mantuve su cita. ¿Algo más?",
    },
    "no_problem": {
        "en": "All right. Is there anything else I can help with?",
        "es": "Muy bien. ¿Le puedo ayudar con algo más?",
    },
    "yes_or_no": {
        "en": "Please reply YES or NO.",
        "es": "Por favor responda SÍ o NO.",
    },
    "upcoming": {
        "en": "Your upcoming appointments:\n{options}",
        "es": "Sus próximas citas:\n{options}",
    },
    "confirmed": {
        "en": "Thank you, you're confirmed for your {type} on {when} with {provider}. See you then!",
        "es": "Gracias, su {type} del {when} con {provider} quedó confirmada. ¡Le esperamos!",
    },
    "reschedule_lead": {
        "en": "Let's move your {type} on {when}.",
        "es": "Vamos a cambiar su {type} del {when}.",
    },
    # --- messages for the team ---------------------------------------------------------------------------
    "ask_medication": {
        "en": "Which medication (and dose, if you know it) do you need refilled?",
        "es": "¿Qué medicamento (y dosis, si la sabe) necesita que le resurtan?",
    },
    "ask_pharmacy": {
        "en": "Which pharmacy should we send it to (name and street or town)?",
        "es": "¿A qué farmacia se la enviamos (nombre y calle o ciudad)?",
    },
    "ask_details": {
        "en": "Tell me briefly what you need, and I'll pass it to our {team}.",
        "es": "Cuénteme brevemente qué necesita y se lo paso a {team}.",
    },
    "request_taken": {
        "en": "Thanks, {name}. I've sent your {what} to our {team}. {next_step}",
        "es": "Gracias, {name}. Envié su {what} a {team}. {next_step}",
    },
    "clinical_taken": {
        "en": "I can't give medical advice here, but I've passed your question to our nurse, who will "
        "contact you by {due}. If it gets worse or you feel it can't wait, call 911.",
        "es": "No puedo dar consejos médicos por aquí, pero le pasé su pregunta a nuestra enfermera, que se "
        "comunicará con usted antes del {due}. Si empeora o no puede esperar, llame al 911.",
    },
    # --- office information -------------------------------------------------------------------------------
    "office_unknown": {
        "en": "I can tell you our hours, address, parking, phone and fax, and which insurances we accept. "
        "For anything else, call us at {phone} or ask for a person here.",
        "es": "Puedo decirle nuestro horario, dirección, estacionamiento, teléfono y fax, y qué seguros "
        "aceptamos. Para otra cosa, llámenos al {phone} o pida hablar con una persona aquí.",
    },
    # --- opt-out (carrier keywords) ------------------------------------------------------------------------
    "stopped": {
        "en": "You're unsubscribed from {practice} messages on this channel and will get no more. Reply START "
        "to subscribe again.",
        "es": "Usted canceló los mensajes de {practice} por este medio y no recibirá más. Responda START para "
        "volver a recibirlos.",
    },
    "started": {
        "en": "You're subscribed again to {practice} messages. Reply STOP to unsubscribe, HELP for help.",
        "es": "Volverá a recibir mensajes de {practice}. Responda STOP para cancelarlos, HELP para ayuda.",
    },
    "help": {
        "en": "{practice}: appointment and care messages. Call {phone} for help. Msg & data rates may apply. "
        "Reply STOP to unsubscribe. For an emergency call 911.",
        "es": "{practice}: mensajes sobre citas y atención. Llame al {phone} para ayuda. Pueden aplicar "
        "cargos por mensajes y datos. Responda STOP para cancelarlos. En una emergencia llame al 911.",
    },
}

# What each kind of request is called, which team gets it, and what happens next.
REQUEST_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "refill": (
            "refill request",
            "Refills are usually handled within one business day; your pharmacy will tell you when it is "
            "ready.",
        ),
        "results": ("request about your results", "They will contact you by {due}."),
        "billing": ("billing question", "They will contact you by {due}."),
        "insurance": ("insurance question", "They will contact you by {due}."),
        "records": (
            "records request",
            "They will contact you by {due} about how you'd like to receive them.",
        ),
        "referral": ("referral request", "They will contact you by {due}."),
    },
    "es": {
        "refill": (
            "pedido de medicamento",
            "Normalmente se atiende en un día hábil; su farmacia le avisará cuando esté listo.",
        ),
        "results": ("consulta sobre sus resultados", "Le contactarán antes del {due}."),
        "billing": ("consulta de facturación", "Le contactarán antes del {due}."),
        "insurance": ("consulta de seguro", "Le contactarán antes del {due}."),
        "records": (
            "pedido de expediente",
            "Le contactarán antes del {due} para ver cómo quiere recibirlo.",
        ),
        "referral": ("pedido de referencia", "Le contactarán antes del {due}."),
    },
}

# The team a task went to (the practice's routing rules decide), as the patient is told.
TEAM_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "nurse": "nurses",
        "billing": "billing team",
        "records": "records team",
        "front_desk": "front desk",
        "physician": "physicians",
    },
    "es": {
        "nurse": "las enfermeras",
        "billing": "el equipo de facturación",
        "records": "el equipo de expedientes",
        "front_desk": "recepción",
        "physician": "los médicos",
    },
}

_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


def lang_of(language: str | None) -> str:
    return language if language in ("en", "es") else "en"


def say(key: str, language: str, **values) -> str:
    return TEXTS[key][lang_of(language)].format(**values)


def clock(moment: datetime, language: str) -> str:
    """9:00 AM in English, 9:00 in Spanish (24-hour, as written in Latin America and Spain)."""
    if lang_of(language) == "es":
        return f"{moment.hour}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def day_only(day: date, language: str) -> str:
    """'Tue, Dec 1' / 'mar 1 de dic'."""
    lang = lang_of(language)
    weekday = _WEEKDAYS[lang][day.weekday()]
    month = _MONTHS[lang][day.month - 1]
    return f"{weekday} {day.day} de {month}" if lang == "es" else f"{weekday}, {month} {day.day}"


def day_and_time(moment: datetime, language: str) -> str:
    """'Tue, Dec 1 at 9:00 AM' / 'mar 1 de dic a las 9:00', in the moment's own time zone."""
    lang = lang_of(language)
    joiner = "a las" if lang == "es" else "at"
    return f"{day_only(moment.date(), lang)} {joiner} {clock(moment, lang)}"


def numbered(lines: list[str]) -> str:
    return "\n".join(f"{number}) {line}" for number, line in enumerate(lines, start=1))
