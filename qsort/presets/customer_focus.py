"""The "Customer focus" preset: 24 statements on what makes employees customer-focused.

Source: the clinic "Bevlogen klantgerichte medewerkers" (Thomassen & De Haan, Beeckestijn
Business School, 25 January 2019; CustomerTalk). Teams ranked 24 options and reported five as
most important; those five are kept here in our own wording (marked ``top_five``). The other 19
are written from the themes of the shared seed articles and balanced over the three conditions
of the instruction: employees *want* (motivation), *are able* (skills, time, tools) and *are
allowed* (room, trust, rules) to work customer-focused: eight statements each.
"""

from dataclasses import dataclass

from qsort.domain.grid import PRESETS as GRID_PRESETS
from qsort.domain.grid import ForcedDistribution


@dataclass(frozen=True)
class PresetStatement:
    """One card; ``label_nl``/``label_en`` name it in a few words inside a sentence
    ("ranks 'time to listen' +4"), see :mod:`qsort.narrative.labels`."""

    text_nl: str
    text_en: str
    theme: str  # "want" | "able" | "allowed"
    top_five: bool = False
    label_nl: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class ClinicPreset:
    key: str
    title_nl: str
    title_en: str
    question_nl: str
    question_en: str
    instruction_nl: str
    instruction_en: str
    grid: ForcedDistribution
    statements: tuple[PresetStatement, ...]


S = PresetStatement

STATEMENTS: tuple[PresetStatement, ...] = (
    S(
        "Medewerkers hebben de tijd om echt naar klanten te luisteren en hen te begrijpen.",
        "Employees have the time to really listen to customers and understand them.",
        "able",
        top_five=True,
        label_nl="tijd om te luisteren",
        label_en="time to listen",
    ),
    S(
        "Leidinggevenden geven medewerkers de ruimte om klanten geweldig te helpen.",
        "Leaders give employees the room to help customers brilliantly.",
        "allowed",
        top_five=True,
        label_nl="ruimte om te helpen",
        label_en="room to help",
    ),
    S(
        "De organisatie heeft een heldere visie op de klant.",
        "The organisation has a clear vision of the customer.",
        "want",
        top_five=True,
        label_nl="heldere klantvisie",
        label_en="a clear customer vision",
    ),
    S(
        "Leidinggevenden geven zelf het goede voorbeeld in klantgericht gedrag.",
        "Leaders set the example in customer-focused behaviour themselves.",
        "want",
        top_five=True,
        label_nl="leiders geven het voorbeeld",
        label_en="leaders set the example",
    ),
    S(
        "Medewerkers worden actief betrokken bij verbeteractiviteiten.",
        "Employees are actively involved in improvement activities.",
        "want",
        top_five=True,
        label_nl="betrokken bij verbeteren",
        label_en="involvement in improvement",
    ),
    S(
        "Medewerkers worden niet afgerekend op gesprekstijd, maar krijgen vrijheid om te helpen.",
        "Employees are not judged on call handling time but get the freedom to help.",
        "allowed",
        label_nl="vrijheid boven gesprekstijd",
        label_en="freedom over call time",
    ),
    S(
        "Bij werving en selectie weegt klantgerichtheid zwaar mee.",
        "Recruitment and selection give customer focus real weight.",
        "able",
        label_nl="klantgericht werven",
        label_en="hiring for customer focus",
    ),
    S(
        "Medewerkers krijgen erkenning en waardering voor uitzonderlijke service.",
        "Employees receive recognition and appreciation for exceptional service.",
        "want",
        label_nl="erkenning voor service",
        label_en="recognition for service",
    ),
    S(
        "Elke medewerker heeft een coulancebudget om iets extra's voor een klant te doen.",
        "Every employee has a goodwill budget to do something extra for a customer.",
        "allowed",
        label_nl="coulancebudget",
        label_en="a goodwill budget",
    ),
    S(
        "Medewerkers blijven continu leren en zich ontwikkelen.",
        "Employees keep learning and developing all the time.",
        "able",
        label_nl="blijven leren",
        label_en="learning all the time",
    ),
    S(
        "Er wordt echt geluisterd naar wat medewerkers zeggen.",
        "The organisation really listens to what employees say.",
        "want",
        label_nl="luisteren naar medewerkers",
        label_en="listening to employees",
    ),
    S(
        "Regels en procedures hinderen medewerkers niet bij het helpen van klanten.",
        "Rules and procedures do not get in the way of helping customers.",
        "allowed",
        label_nl="regels die niet hinderen",
        label_en="rules that do not hinder",
    ),
    S(
        "Medewerkers krijgen persoonlijk feedback van klanten op hun eigen werk.",
        "Employees get personal feedback from customers on their own work.",
        "able",
        label_nl="feedback van klanten",
        label_en="feedback from customers",
    ),
    S(
        "Medewerkers zijn trots op het merk en dragen dat uit.",
        "Employees are proud of the brand and show it.",
        "want",
        label_nl="trots op het merk",
        label_en="pride in the brand",
    ),
    S(
        "Medewerkers hebben ruime bevoegdheden om zelf beslissingen te nemen.",
        "Employees have broad authority to take decisions themselves.",
        "allowed",
        label_nl="zelf beslissen",
        label_en="authority to decide",
    ),
    S(
        "Medewerkers worden getraind in soft skills zoals empathie en communicatie.",
        "Employees are trained in soft skills such as empathy and communication.",
        "able",
        label_nl="training in soft skills",
        label_en="soft-skills training",
    ),
    S(
        "Het senior management steunt klantgerichtheid zichtbaar; het is geen HR-project.",
        "Senior management visibly backs customer focus; it is not just an HR project.",
        "want",
        label_nl="zichtbare steun van de top",
        label_en="visible backing from the top",
    ),
    S(
        "Er heerst vertrouwen: fouten maken mag, als we ervan leren.",
        "There is trust: mistakes are allowed, as long as we learn from them.",
        "allowed",
        label_nl="vertrouwen, fouten mogen",
        label_en="trust to make mistakes",
    ),
    S(
        "Medewerkers ontmoeten klanten ook persoonlijk en leren zo hun wereld kennen.",
        "Employees also meet customers in person and so get to know their world.",
        "able",
        label_nl="klanten ontmoeten",
        label_en="meeting customers",
    ),
    S(
        "Er is een gezonde balans tussen werk en privé.",
        "There is a healthy balance between work and private life.",
        "want",
        label_nl="balans werk en privé",
        label_en="work-life balance",
    ),
    S(
        "Drempels tussen afdelingen worden actief weggenomen.",
        "Barriers between departments are actively removed.",
        "allowed",
        label_nl="geen drempels tussen afdelingen",
        label_en="no barriers between departments",
    ),
    S(
        "Medewerkers hebben de middelen en systemen om vragen meteen op te lossen.",
        "Employees have the tools and systems to solve questions straight away.",
        "able",
        label_nl="middelen om meteen te helpen",
        label_en="tools to solve it at once",
    ),
    S(
        "Medewerkers mogen zichzelf zijn en hoeven geen script af te werken.",
        "Employees may be themselves and need not follow a script.",
        "allowed",
        label_nl="jezelf zijn, geen script",
        label_en="being yourself, no script",
    ),
    S(
        "Medewerkers worden regelmatig geëvalueerd en gecoacht op klantgerichtheid.",
        "Employees are regularly evaluated and coached on customer focus.",
        "able",
        label_nl="coaching op klantgerichtheid",
        label_en="coaching on customer focus",
    ),
)

CUSTOMER_FOCUS = ClinicPreset(
    key="customer-focus",
    title_nl="Klantgerichte medewerkers",
    title_en="Customer-focused employees",
    question_nl=(
        "Wat is het belangrijkst, zodat medewerkers echt klantgericht willen, kunnen en mogen "
        "werken?"
    ),
    question_en=(
        "What matters most so that employees truly want, are able and are allowed to work "
        "customer-focused?"
    ),
    instruction_nl=(
        "Denk aan je eigen organisatie zoals die nu is. Er zijn geen goede of foute antwoorden: "
        "het gaat om wat jij het belangrijkst vindt."
    ),
    instruction_en=(
        "Think of your own organisation as it is today. There are no right or wrong answers: "
        "what counts is what you find most important."
    ),
    grid=GRID_PRESETS["9"],
    statements=STATEMENTS,
)
