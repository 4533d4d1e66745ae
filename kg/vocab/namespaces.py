"""Namespaces of the project and the standard vocabularies it reuses.

KGV is closed: a misspelt term raises AttributeError instead of minting a new IRI. Its term list
mirrors graph/vocab/guideline.ttl; tests/test_vocabulary.py keeps the two identical."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/guideline-kg/"


class KGV(DefinedNamespace):
    """The project vocabulary."""

    _NS = Namespace(BASE + "vocab#")
    _fail = True

    Adjunct: URIRef
    Age: URIRef
    Alternative: URIRef
    AlternativeReason: URIRef
    AmbiguousWording: URIRef
    ArbitraryUnit: URIRef
    BasisBodySurfaceArea: URIRef
    BasisBodyWeight: URIRef
    BasisFlat: URIRef
    BasisIdealBodyWeight: URIRef
    BodySurfaceArea: URIRef
    BodyWeight: URIRef
    Capsule: URIRef
    Caution: URIRef
    CitationMarker: URIRef
    CombinationTherapy: URIRef
    Condition: URIRef
    Contraindication: URIRef
    CorrectedCalcium: URIRef
    CreatinineClearance: URIRef
    DanglingMarker: URIRef
    Day: URIRef
    DiagnosticTest: URIRef
    DoseAdjustment: URIRef
    DoseBasis: URIRef
    DoseCeiling: URIRef
    DosePeriod: URIRef
    DoseSchedule: URIRef
    Drop: URIRef
    Drug: URIRef
    DrugClass: URIRef
    Escalation: URIRef
    EstimatedGFR: URIRef
    Feature: URIRef
    FirstLine: URIRef
    Flag: URIRef
    FlagKind: URIRef
    Formula: URIRef
    FormulaDevine: URIRef
    FormulaMosteller: URIRef
    GlomerularFiltrationRate: URIRef
    GuidelineArticle: URIRef
    GuidelineReference: URIRef
    Height: URIRef
    Hour: URIRef
    IdealBodyWeight: URIRef
    LowerEnd: URIRef
    Measure: URIRef
    MonitoringItem: URIRef
    Month: URIRef
    NonDrugTherapy: URIRef
    NotStatedInSource: URIRef
    Patch: URIRef
    PatientBand: URIRef
    PatientState: URIRef
    PerCourse: URIRef
    PerDay: URIRef
    PerDose: URIRef
    PerHour: URIRef
    PerMinute: URIRef
    PerWeek: URIRef
    PeriodNotStated: URIRef
    Population: URIRef
    PossibleMisnumbering: URIRef
    Puff: URIRef
    RangePosition: URIRef
    ReasonContraindicated: URIRef
    ReasonNotTolerated: URIRef
    ReasonRefractory: URIRef
    Recommendation: URIRef
    Reference: URIRef
    ReferenceEntry: URIRef
    Refractory: URIRef
    ResearchReference: URIRef
    RoleBackground: URIRef
    RoleGuidance: URIRef
    RoleLeadIn: URIRef
    RoleRationale: URIRef
    RoleSummary: URIRef
    Route: URIRef
    RouteIntravenous: URIRef
    RouteNotStated: URIRef
    RouteOral: URIRef
    RouteSubcutaneous: URIRef
    RouteTopical: URIRef
    Sachet: URIRef
    Section: URIRef
    Sex: URIRef
    Spray: URIRef
    Stage: URIRef
    Statement: URIRef
    StatementRole: URIRef
    Strength: URIRef
    StrengthAdd: URIRef
    StrengthConsider: URIRef
    StrengthContinue: URIRef
    StrengthEnsure: URIRef
    StrengthIndicated: URIRef
    StrengthIntensify: URIRef
    StrengthMayHelp: URIRef
    StrengthPreferred: URIRef
    StrengthReserved: URIRef
    StrengthStart: URIRef
    StrengthTaper: URIRef
    StrengthUse: URIRef
    Tablet: URIRef
    TaperMaintenance: URIRef
    Therapy: URIRef
    TimeUnit: URIRef
    UmbrellaAnalgesic: URIRef
    UmbrellaAntibiotic: URIRef
    UmbrellaAnticoagulant: URIRef
    UmbrellaAntiemetic: URIRef
    UmbrellaAntipyretic: URIRef
    UmbrellaTerm: URIRef
    Unit: URIRef
    UpperEnd: URIRef
    Week: URIRef
    Year: URIRef
    abbreviation: URIRef
    about: URIRef
    aboutCondition: URIRef
    adjunctTo: URIRef
    adjusts: URIRef
    agent: URIRef
    agentDoseLevel: URIRef
    aimsAt: URIRef
    alternativeTo: URIRef
    alternativeWhen: URIRef
    amountMax: URIRef
    amountMin: URIRef
    amountNotStated: URIRef
    amountUnit: URIRef
    appliesWhenAll: URIRef
    appliesWhenAny: URIRef
    bandHigh: URIRef
    bandHighInclusive: URIRef
    bandLow: URIRef
    bandLowInclusive: URIRef
    bandMeasure: URIRef
    bandUnit: URIRef
    basis: URIRef
    belowAgeYears: URIRef
    callsForMonitoring: URIRef
    combines: URIRef
    concentrationPercent: URIRef
    continues: URIRef
    days: URIRef
    dose: URIRef
    doseDescriptor: URIRef
    doseFrom: URIRef
    dosesMax: URIRef
    dosesMin: URIRef
    drugClass: URIRef
    durationAnchor: URIRef
    durationMax: URIRef
    durationMin: URIRef
    durationUnit: URIRef
    flagKind: URIRef
    flaggedUnresolved: URIRef
    follows: URIRef
    forBand: URIRef
    forCondition: URIRef
    forConditionOrBroader: URIRef
    formula: URIRef
    hasComplication: URIRef
    hasComponent: URIRef
    hasManifestation: URIRef
    hasMarker: URIRef
    heading: URIRef
    headingSha256: URIRef
    inArticle: URIRef
    inPatientsWith: URIRef
    inSection: URIRef
    initialOnly: URIRef
    intervalUnit: URIRef
    intervalValue: URIRef
    itemPath: URIRef
    level: URIRef
    markerLabel: URIRef
    markersAsPrinted: URIRef
    maxAmount: URIRef
    maxBasis: URIRef
    maxPer: URIRef
    maxUnit: URIRef
    measureUnit: URIRef
    member: URIRef
    mentions: URIRef
    message: URIRef
    minAgeYears: URIRef
    mitigatedBy: URIRef
    mitigation: URIRef
    monitorsFor: URIRef
    nameKey: URIRef
    needs: URIRef
    noMaximumStated: URIRef
    note: URIRef
    onsetMaxValue: URIRef
    onsetUnit: URIRef
    per: URIRef
    population: URIRef
    position: URIRef
    preferredOver: URIRef
    preferredRoute: URIRef
    preferredWhenAny: URIRef
    purpose: URIRef
    question: URIRef
    rangePosition: URIRef
    rank: URIRef
    refersTo: URIRef
    relatedTherapy: URIRef
    resolvesTo: URIRef
    responseWindowUnit: URIRef
    responseWindowValue: URIRef
    risk: URIRef
    role: URIRef
    route: URIRef
    scaledBy: URIRef
    scheduleNote: URIRef
    sourceAsPrinted: URIRef
    sourceFile: URIRef
    sourceLine: URIRef
    sourceText: URIRef
    sourceTitle: URIRef
    stage: URIRef
    startsWith: URIRef
    statesNoDate: URIRef
    strength: URIRef
    summary: URIRef
    textSha256: URIRef
    therapy: URIRef
    timesPerDay: URIRef
    titleAsPrinted: URIRef
    typeAsPrinted: URIRef
    withCoMedication: URIRef
    yearAsPrinted: URIRef


ID = Namespace(BASE + "id/")
COND = Namespace(BASE + "id/condition/")
FEAT = Namespace(BASE + "id/feature/")
THER = Namespace(BASE + "id/therapy/")
DCLS = Namespace(BASE + "id/drug-class/")
REF = Namespace(BASE + "id/reference/")
POP = Namespace(BASE + "id/population/")
ART = Namespace(BASE + "id/article/")
GRAPH = Namespace(BASE + "graph/")
CITO = Namespace("http://purl.org/spar/cito/")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
ATC = Namespace("http://purl.bioontology.org/ontology/ATC/")
MONDO = Namespace("http://purl.obolibrary.org/obo/MONDO_")
HP = Namespace("http://purl.obolibrary.org/obo/HP_")
RXNORM = Namespace("http://purl.bioontology.org/ontology/RXNORM/")

SHARED_GRAPH = GRAPH["shared"]
DERIVED_GRAPH = GRAPH["derived"]

# Prefixes bound in every query, export and CURIE lookup, so users can write kgv:Drug or th:methotrexate.
PREFIXES: dict[str, str] = {
    "kgv": str(KGV._NS),
    "cond": str(COND),
    "ft": str(FEAT),
    "th": str(THER),
    "cls": str(DCLS),
    "ref": str(REF),
    "pop": str(POP),
    "art": str(ART),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
    "cito": str(CITO),
    "oa": str(OA),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "atc": str(ATC),
    "mondo": str(MONDO),
    "hp": str(HP),
    "rxnorm": str(RXNORM),
}


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, prepended to queries that lack them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
