"""Medication names for `entities.extract_entities`: the built-in drug list, brand and Spanish names, extraction.

The common generic names, the Spanish spellings and brands patients use mapped to the generic name staff look
up, and the two readers: known names (with a small typo tolerance) and, failing that, the words after
"refill my", "out of", "se me acabó"... Kept apart from `entities` because the word lists alone are longer
than the rest of the extractor.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from mojoe.assistant.nlu.vocabulary import _WORD_RE, _mapping, _word_list, _word_set

_GENERICS = _word_list(
    """
lisinopril losartan valsartan olmesartan irbesartan candesartan telmisartan enalapril ramipril benazepril
quinapril amlodipine nifedipine diltiazem verapamil metoprolol atenolol carvedilol propranolol bisoprolol
nebivolol labetalol hydrochlorothiazide chlorthalidone furosemide torsemide bumetanide spironolactone
triamterene clonidine hydralazine doxazosin terazosin tamsulosin finasteride atorvastatin simvastatin
rosuvastatin pravastatin lovastatin ezetimibe fenofibrate gemfibrozil metformin glipizide glimepiride
glyburide pioglitazone sitagliptin linagliptin empagliflozin dapagliflozin canagliflozin semaglutide
liraglutide dulaglutide tirzepatide insulin levothyroxine liothyronine methimazole warfarin apixaban
rivaroxaban dabigatran clopidogrel aspirin albuterol levalbuterol fluticasone budesonide montelukast
tiotropium ipratropium mometasone salmeterol formoterol cetirizine loratadine fexofenadine diphenhydramine
hydroxyzine omeprazole pantoprazole esomeprazole lansoprazole famotidine ondansetron metoclopramide
docusate sertraline escitalopram citalopram fluoxetine paroxetine venlafaxine duloxetine bupropion
mirtazapine trazodone amitriptyline nortriptyline buspirone lorazepam alprazolam clonazepam diazepam
zolpidem quetiapine aripiprazole risperidone olanzapine lamotrigine lithium gabapentin pregabalin
topiramate levetiracetam carbamazepine divalproex phenytoin methylphenidate amphetamine atomoxetine
donepezil memantine sumatriptan rizatriptan cyclobenzaprine methocarbamol tizanidine baclofen ibuprofen
naproxen meloxicam celecoxib diclofenac acetaminophen tramadol oxycodone hydrocodone morphine prednisone
prednisolone methylprednisolone dexamethasone hydrocortisone triamcinolone amoxicillin azithromycin
doxycycline cephalexin ciprofloxacin levofloxacin nitrofurantoin clindamycin metronidazole fluconazole
valacyclovir acyclovir oseltamivir allopurinol colchicine febuxostat alendronate estradiol progesterone
medroxyprogesterone norethindrone testosterone sildenafil tadalafil oxybutynin tolterodine mirabegron
latanoprost timolol cyanocobalamin nitroglycerin digoxin amiodarone hydroxychloroquine methotrexate
adalimumab epinephrine naloxone buprenorphine naltrexone varenicline mupirocin terbinafine benzonatate
guaifenesin meclizine promethazine ketoconazole
"""
)
_MULTIWORD_GENERICS = (
    "insulin glargine",
    "insulin lispro",
    "insulin aspart",
    "folic acid",
    "vitamin d",
    "ferrous sulfate",
    "potassium chloride",
    "polyethylene glycol",
    "isosorbide mononitrate",
    "amoxicillin clavulanate",
    "sulfamethoxazole trimethoprim",
)
# Spanish spellings and a few brands patients use, mapped to the generic name staff look up.
_ALIASES = _mapping(
    "metformina: metformin | atorvastatina: atorvastatin | simvastatina: simvastatin |"
    " rosuvastatina: rosuvastatin | amlodipino: amlodipine | amlodipina: amlodipine |"
    " levotiroxina: levothyroxine | salbutamol: albuterol | omeprazol: omeprazole |"
    " pantoprazol: pantoprazole | esomeprazol: esomeprazole | sertralina: sertraline |"
    " fluoxetina: fluoxetine | paroxetina: paroxetine | ibuprofeno: ibuprofen |"
    " paracetamol: acetaminophen | naproxeno: naproxen | insulina: insulin |"
    " hidroclorotiazida: hydrochlorothiazide | furosemida: furosemide | espironolactona: spironolactone |"
    " warfarina: warfarin | aspirina: aspirin | prednisona: prednisone | amoxicilina: amoxicillin |"
    " azitromicina: azithromycin | doxiciclina: doxycycline | cefalexina: cephalexin |"
    " ciprofloxacino: ciprofloxacin | gabapentina: gabapentin | pregabalina: pregabalin |"
    " quetiapina: quetiapine | loratadina: loratadine | cetirizina: cetirizine |"
    " glibenclamida: glyburide | sitagliptina: sitagliptin | alopurinol: allopurinol |"
    " tamsulosina: tamsulosin | finasterida: finasteride | topiramato: topiramate |"
    " lamotrigina: lamotrigine | carbamazepina: carbamazepine | metronidazol: metronidazole |"
    " fluconazol: fluconazole | aciclovir: acyclovir | valaciclovir: valacyclovir |"
    " famotidina: famotidine | acido folico: folic acid | vitamina d: vitamin d | enalaprilo: enalapril |"
    " lipitor: atorvastatin | crestor: rosuvastatin | zocor: simvastatin | synthroid: levothyroxine |"
    " levoxyl: levothyroxine | glucophage: metformin | norvasc: amlodipine | zestril: lisinopril |"
    " prinivil: lisinopril | cozaar: losartan | toprol: metoprolol | lopressor: metoprolol |"
    " lasix: furosemide | coumadin: warfarin | eliquis: apixaban | xarelto: rivaroxaban |"
    " plavix: clopidogrel | ventolin: albuterol | proair: albuterol | flonase: fluticasone |"
    " singulair: montelukast | zyrtec: cetirizine | claritin: loratadine | prilosec: omeprazole |"
    " protonix: pantoprazole | nexium: esomeprazole | pepcid: famotidine | zoloft: sertraline |"
    " lexapro: escitalopram | prozac: fluoxetine | wellbutrin: bupropion | xanax: alprazolam |"
    " ativan: lorazepam | klonopin: clonazepam | ambien: zolpidem | neurontin: gabapentin |"
    " lyrica: pregabalin | flomax: tamsulosin | ozempic: semaglutide | wegovy: semaglutide |"
    " mounjaro: tirzepatide | jardiance: empagliflozin | farxiga: dapagliflozin | januvia: sitagliptin |"
    " lantus: insulin glargine | humalog: insulin lispro | novolog: insulin aspart |"
    " tylenol: acetaminophen | advil: ibuprofen | motrin: ibuprofen | aleve: naproxen |"
    " augmentin: amoxicillin clavulanate | bactrim: sulfamethoxazole trimethoprim |"
    " zithromax: azithromycin | viagra: sildenafil | cialis: tadalafil | adderall: amphetamine |"
    " ritalin: methylphenidate | epipen: epinephrine"
)
_MEDICATIONS = {
    **{name: name for name in _GENERICS},
    **{name: name for name in _MULTIWORD_GENERICS},
    **_ALIASES,
}
_MEDICATION_RE = re.compile(
    r"\b("
    + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_MEDICATIONS, key=len, reverse=True))
    + r")\b"
)
_SINGLE_WORD_BY_INITIAL: dict[str, list[str]] = {}
for _name_key in _MEDICATIONS:
    if " " not in _name_key:
        _SINGLE_WORD_BY_INITIAL.setdefault(_name_key[0], []).append(_name_key)
_COMMON_WORDS = _word_set(
    "morning evening tonight tomorrow monday tuesday wednesday thursday friday saturday sunday pharmacy "
    "prescription medication medicine appointment insurance question thanks doctor refills mailing "
    "possible another available calling message patient anything something tomorrow"
)
_GENERIC_MED_WORDS = _word_set(
    "med medicamento medicamentos medication medications medicina medicinas medicine medicines meds pastilla pastillas pill pills prescription prescriptions receta refill refills rx"
)
_MED_TRIGGER_RE = re.compile(
    r"\b(?:refill(?:s|ed)?(?:\s+(?:of|for|on))?|ran\s+out\s+of|run\s+out\s+of|running\s+out\s+of|out\s+of|"
    r"more|renew|se\s+me\s+(?:acabo|acabaron|termino|terminaron)|me\s+quede\s+sin|"
    r"(?:resurtir|surtir|rellenar|renovar)(?:\s+(?:la|mi)\s+receta\s+de)?|receta\s+(?:de|para))\s+(?:my\s+|the\s+|el\s+|la\s+|los\s+|las\s+|mi\s+|mis\s+)?"
    r"((?:[a-z][a-z0-9-]*)(?:\s+(?:de\s+la\s+|de\s+|para\s+la\s+|for\s+)?[a-z][a-z0-9-]*){0,3})"
)
_MED_PHRASE_STOP = _word_set(
    "please pls plz thanks thank asap today tomorrow and or but i it is at to the a my from by before when "
    "because since so por favor gracias y o pero hoy manana para que porque me es lo te se en at on in "
    "again soon mom dad son daughter wife husband child kid baby mother father hijo hija esposo esposa mama "
    "papa this that these those them dr doctor doctora dra which you he she they gave prescribed"
)
_QUALIFIED_MED_RE = re.compile(
    r"\b(?:meds|medication|medicine|pills|inhaler|pastillas?|medicamentos?|medicinas?|inhalador)\b"
)


@lru_cache(maxsize=4096)
def _misspelled_medication(word: str) -> str | None:
    """The one-word medication this word is a typo of ("lisinoprill"), if any. Remembered: patients' words
    are mostly the same few thousand, and comparing one with the names is the slow part of reading them."""
    options = [n for n in _SINGLE_WORD_BY_INITIAL.get(word[0], ()) if abs(len(n) - len(word)) <= 2]
    best = difflib.get_close_matches(word, options, n=1, cutoff=0.85)
    return _MEDICATIONS[best[0]] if best else None


def _known_medications(folded: str) -> list[str]:
    found = [(m.start(), _MEDICATIONS[" ".join(m.group(1).split())]) for m in _MEDICATION_RE.finditer(folded)]
    covered = {pos for pos, _ in found}
    for match in _WORD_RE.finditer(folded):
        word = match.group()
        if len(word) < 6 or word in _COMMON_WORDS or match.start() in covered or word in _MEDICATIONS:
            continue
        medication = _misspelled_medication(word)
        if medication:
            found.append((match.start(), medication))
    names: list[str] = []
    for _pos, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


def _medication_phrase(folded: str) -> str | None:
    for match in _MED_TRIGGER_RE.finditer(folded):
        words = match.group(1).split()
        kept: list[str] = []
        for word in words:
            if word in _MED_PHRASE_STOP and not (kept and word in ("de", "la", "para", "for")):
                break
            kept.append(word)
        while kept and kept[-1] in ("de", "la", "para", "for"):
            kept.pop()
        if not kept:
            continue
        if kept[0] in _GENERIC_MED_WORDS and len(kept) == 1:
            continue
        trigger = match.group(0)[: match.start(1) - match.start(0)]
        if trigger.strip().startswith(("more", "out of")) and not _QUALIFIED_MED_RE.search(" ".join(kept)):
            continue  # "more time", "out of town"
        return " ".join(kept)
    return None
