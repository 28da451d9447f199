"""Spanish vocabulary: the same names as every language file (see the package's docstring)."""
from __future__ import annotations

RANK = 2
NAME = "Español"  # the language in its own name, as the reply composer offers it
GRAMMATICAL_GENDER = True  # "Directora", "Asesor": the word tells the person's gender
ACCENTED = True  # "Rodríguez", "Núñez": Tesseract reading it first keeps accents

HONORIFICS: dict[str, str | None] = {
    "Sr": "male", "Señor": "male", "Don": "male",
    "compañero": "male", "Compañero": "male", "Licenciado": "male", "Abogado": "male", "Ingeniero": "male",
    "Sra": "female", "Señora": "female", "Srta": "female", "Señorita": "female", "Doña": "female", "Dña": "female",
    "compañera": "female", "Compañera": "female", "Licenciada": "female", "Licda": "female", "Licdo": "male", "Abogada": "female",
    "Ingeniera": "female", "Dra": "female", "Doctora": "female",
    "Doctor": None, "Excmo": None, "Excma": "female", "Ing": None, "Lic": None, "Mgs": None, "Mg": None, "Abg": None,
    # Professional and academic styles of Latin America and Spain ("Abog. Liz Duarte", "Mag. Soledad Pereira").
    "Abog": None, "Mag": None, "Econ": None, "Lcda": "female", "Lcdo": "male", "Ldo": "male", "Lda": "female",
    "Cdor": "male", "Cra": "female", "Psic": None, "Soc": None, "Tec": None,
    "Cons": None, "Arq": None, "Mtro": "male", "Mtra": "female",
    # Written small in running text as well ("designa a la licenciada Itzel María Arosemena").
    "licenciado": "male", "licenciada": "female", "ingeniero": "male", "ingeniera": "female",
    "abogado": "male", "abogada": "female",
    # Abbreviations of Don / Doña ("D. Javier Ortega", "Dª Ana Ruiz").
    "D": "male", "Dª": "female", "D.ª": "female", "D.ᵃ": "female", "Da": "female",
    # Venezuela's style of address in official notes: "se designa al ciudadano José ...".
    "ciudadano": "male", "ciudadana": "female", "Ciudadano": "male", "Ciudadana": "female",
    # Written in running text without a capital: "la señora Gloria Benítez".
    "señor": "male", "señora": "female", "señorita": "female", "doña": "female",
}
# D. / Da. only before a name; the other styles are ordinary words or syllables too, so only with their dot.
_BEFORE_NAME = r"\.(?=\s*[A-ZÁÉÍÓÚÑ][a-záéíóúñ])"
HONORIFIC_FORMS: dict[str, str] = {"D": "D" + _BEFORE_NAME, "Da": "Da" + _BEFORE_NAME}
HONORIFICS_DOT_ONLY = {"Abog", "Mag", "Econ", "Lcda", "Lcdo", "Ldo", "Lda", "Cdor", "Cra", "Psic", "Soc", "Tec"}

ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"jef[ea] de (?:la )?delegaci[óo]n", "representative"),
    (r"representante\(?s?\)?", "representative"),
    (r"representantes?", "representative"),
    (r"delegad[oa]s? titular(?:es)?", "representative"),
    (r"titular(?:es)?", "representative"),
    (r"asesor(?:a|es|as)?(?:\(a\))?(?: t[ée]cnic[oa]s?)?", "adviser"),
    (r"suplentes?", "adviser"),
    (r"observador(?:a|es|as)?", "observer"),
)
ROLE_BY_ANALOGY = {r"suplentes?"}
FEMININE_WORDS = {
    "directora", "subdirectora", "jefa", "coordinadora", "asesora", "viceministra", "ministra", "subsecretaria",
    "secretaria", "embajadora", "consejera", "técnica", "primera", "licenciada", "abogada", "ingeniera", "doctora",
    "presidenta", "inspectora", "observadora", "administradora", "gerenta", "analista-", "encargada", "especialista-",
    "agente-", "delegada", "suplente-", "superintendenta", "comisionada",
}
MASCULINE_WORDS = {
    "director", "subdirector", "jefe", "coordinador", "asesor", "viceministro", "ministro", "subsecretario",
    "secretario", "embajador", "consejero", "técnico", "primer", "licenciado", "abogado", "ingeniero", "inspector",
    "observador", "administrador", "gerente-", "encargado", "delegado", "superintendente-", "comisionado",
}
TITLE_WORDS = {
    "director", "directora", "jefe", "jefa", "ministro", "ministra", "secretario", "secretaria", "consejero",
    "consejera", "asesor", "asesora", "especialista", "embajador", "embajadora", "representante", "ministerio",
    "departamento", "subdirector", "subdirectora", "subsecretario", "subsecretaria", "viceministro", "viceministra",
    "coordinador", "coordinadora", "analista", "presidente", "presidenta", "inspector", "técnico", "técnica",
    "profesional", "dirección", "direcció", "oficina", "misión", "delegación", "encargado", "encargada",
    "superintendente", "comisionado", "comisionada", "gerente", "nacional", "regional", "general", "economista",
    "investigador", "investigadora", "inspectora",
}

IN_PERSON = (
    r"\bpresencial(?:mente)?\b", r"en persona", r"\bpresencialmente\b", r"\bviajar[áa]n?\s+a\s+ginebra\b",
    r"\bpresentes? en ginebra\b",
    r"\b(?:se trasladar[áa]n?|se desplazar[áa]n?|acudir[áa]n?) a (?:ginebra|la sede de la oit)\b",
)
REMOTE = (
    r"\bvirtualmente\b", r"en l[íi]nea", r"\ba distancia\b", r"\bremota(?:mente)?\b", r"\ben remoto\b", r"\btelem[áa]tic\w*",
    r"\bvideoconferencia\b",
)
CONDITIONAL = (
    r"\bsi (?:se|el|la|le|su|obtiene|recibe|es)\b", r"\bsiempre que\b", r"\bde lo contrario\b", r"\ben caso de\b",
    r"\bsujet[oa] a\b", r"\bpor confirmar\b", r"\bquizás?\b", r"\bposiblemente\b", r"\bo (?:de manera )?virtual\b",
)

GROUP_WHO = ("ambos", "ambas", "los dos", "las dos", "todos los", "todas las", "cada uno de los")
GROUP_NOUNS = (
    "participantes", "funcionari[oa]s", "delegad[oa]s", "personas", "miembros", "participarán", "asistirán",
    "designad[oa]s", "viajarán", "servidores", "servidoras", "expertos",
)
GROUP_OUR = ("nuestra", "toda la")
GROUP_WHOLE: tuple[str, ...] = ()
DELEGATION = ("delegación",)
GROUP_DELEGATION_VERBS = ("participará", "asistirá", "será")
GROUP_THEY: tuple[str, ...] = ()

CLOSING = (
    r"^\s*atentamente\b", r"^\s*(?:muy )?cordialmente\b", r"^\s*(?:un )?(?:cordial(?:es)? )?saludos?\b",
    r"^\s*sin otro particular\b", r"^\s*quedamos atentos\b", r"^\s*agradec\w+", r"^\s*reciba\w* (?:un )?(?:cordial )?saludo",
    r"^\s*con (?:sentimientos|las seguridades)", r"^\s*aprovech\w+ la ocasi[óo]n", r"^\s*le saluda\b", r"^\s*se despide\b",
    r"^\s*gracias\b", r"^\s*muchas gracias\b", r"^\s*atte\.?\s*$", r"^\s*saludos cordiales\b",
    r".*\bhace propicia la oportunidad\b", r".*\baprovecha (?:la|esta) (?:ocasi[óo]n|oportunidad)\b",
    r"^\s*no dude\w* en\b", r"^\s*enviado desde\b", r"^\s*copia\s*:",
)
CC_LABELS = ("con copia a",)
NOMINATION = (
    r"\bdesign[aóoe]\w*", r"\brepresentar[áa]?n?\b", r"\bestar[íi]a representad[oa]\b",
    r"\bconformaci[óo]n de la delegaci[óo]n", r"\bcomposici[óo]n de la delegaci[óo]n",
    r"\bdelegaci[óo]n (?:estar[áa]|est[áa]) (?:integrada|compuesta|conformada)", r"\blas siguientes personas",
    r"\blos siguientes funcionarios", r"\bsiguiente delegaci[óo]n", r"\blista de (?:los )?delegados\b",
    r"\bser[ée] (?:el|la) representante\b", r"\bparticipar[áa]n?\b", r"\basistir[áa]n?\b", r"\bdesea participar\b",
    r"\b(?:confirmar?\w*|anunci\w*)\b[^.;]{0,25}\bparticipa(?:tion|ci[óo]n)\b",
    r"\bintegraci[óo]n de (?:su|la|nuestra) delegaci[óo]n", r"\bdelegaci[óo]n\b[^.\n]{0,60}\bintegrada por\b",
)
# A phrase may be broken over two lines ("en calidad de\nobservador").
OBSERVER = (
    r"\ben\s+(?:calidad|car[áa]cter)\s+de\s+observador(?:a|es|as)?\b", r"\bcomo\s+observador(?:a|es|as)?\b",
    r"\bcondici[óo]n\s+de\s+observador(?:a)?\b", r"\bestatus\s+de\s+observador(?:a)?\b", r"\bobservadora?\s*:",
)
# A reference to an earlier message ("En seguimiento a nuestro correo del 11 de marzo retirando ...").
EARLIER_MESSAGE = (
    r"\b(?:en seguimiento a|con referencia a|en referencia a|en relaci[óo]n con|haciendo referencia a)\s+"
    r"(?:nuestr[oa]|mi|la|el)\s+(?:(?:anterior|[úu]ltim[oa])\s+)?"
    r"(?:correo(?: electr[óo]nico)?|carta|nota(?: verbal)?|mensaje|comunicaci[óo]n|oficio)\b"
    r"(?:(?!\b(?:nosotros|el gobierno)\b)[^.;,\n]){0,100}",
)
WITHDRAWAL = (
    r"\bretir(?:ar|amos|a)\b.*\b(?:nomination|d[ée]signation|designaci[óo]n|candidat\w*|participation|participaci[óo]n)",
    r"\bno (?:podr[áa]n?|va a poder) (?:asistir|participar)\b", r"\bno participar[áa]n?\b", r"\bdejar sin efecto\b",
    r"\bquede sin efecto\b", r"\bdesist\w*",
)
REPLACEMENT = (r"\breemplaz\w*", r"\bsustitu\w*", r"\ben lugar del?\b", r"\ben reemplazo\b", r"\ben su lugar\b")
AMENDMENT = (
    r"\binicialmente\b", r"\bya no podr[áa]\b", r"\ben complemento a\b", r"\bcomplementa\w*", r"\bse agrega\w*",
    r"\bagregar\w*", r"\bse a[ñn]ad\w*", r"\bsin (?:otros )?cambios\b", r"\bsin modificaci[óo]n\b",
    r"\bahora (?:participar[áa]|asistir[áa])\b", r"\bcambio de (?:modalidad|representante|asesor\w*)\b",
    r"\badicion\w* (?:de )?(?:un|una) asesor\w*",
)
INQUIRY = (
    r"\bquisi[ée]ramos saber\b", r"\bpodr[íi]an\b", r"\bpodr[íi]a\b", r"\ble(?:s)? agradecer[íi]amos\b",
    r"\bsolicit\w+ (?:informaci[óo]n|una carta)", r"\bconsulta\b", r"\b(?:nos|me) informen?\b",
)
PERSON_REQUEST = (r"\bvisas?\b", r"\bvisados?\b", r"\bhotel(?:es)?\b", r"\balojamiento\b")
MEETING = (r"\bOIT\b", r"\bOrganizaci[óo]n Internacional del Trabajo\b", r"\bOficina Internacional del Trabajo\b",
           r"\breuni[óo]n t[ée]cnica\b", r"\bsectorial\w*")
AUTO_SUBJECT = ("respuesta autom[áa]tica", "fuera de (?:la )?oficina")
AUTO_BODY = (
    r"\bfuera de la oficina\b", r"\bme encuentro fuera\b", r"\bacceso limitado\b", r"\bestar[ée] ausente\b",
    r"\bde vacaciones\b", r"\bpor vacaciones\b",
)
BOUNCE_SUBJECT = ("no se puede entregar", "no entregado")
NEWSLETTER = (r"\bdarse de baja\b", r"\bcancelar (?:la )?suscripci[óo]n\b")
ACCESSIBILITY = (
    r"\bdiscapacidad\w*", r"\bsilla de ruedas\b", r"\blengua de señas\b", r"\blenguaje de señas\b", r"\bsord[oa]s?\b",
    r"\bciego\w*", r"\bmovilidad reducida\b", r"\bnecesidades especiales\b", r"\basistencia especial\b",
    r"\bint[ée]rprete de (?:lengua de )?señas\b",
)
ACCESSIBILITY_GENERIC = ("personas con discapacidad est[áa]n plena",)
ATTACHMENT_REF = (r"\badjunt\w*", r"\banexo\w*")
REPLY_PREFIXES = ("r", "ref")
FORWARD_PREFIXES = ("rv", "enc")
FORWARD_MARKS = ("mensaje reenviado", "inicio del mensaje reenviado", "comienzo del mensaje reenviado")
ORIGINAL_MARKS = ("mensaje original", "mensaje de origen")
QUOTE_HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "from": ("de", "remitente"), "date": (r"enviado(?: el)?", "fecha"), "to": ("para", "destinatario"),
    "cc": ("copia",), "subject": ("asunto",),
}
ATTRIBUTION_END = (r"escribi[óo]",)
ATTRIBUTION_START = ("el",)
INVITATION_START = ("a todos los estados miembros",)
INVITATION_PHRASES = (
    r"env[íi]e una carta de designaci[óo]n", r"reglamento de las reuniones t[ée]cnicas", "invitar a su gobierno",
    "delegados con discapacidad",
)
POSTAL = (r"av\.", r"calle", r"carrera", r"casilla", r"apartado", r"plaza")

STATEMENT_REPLACE = (
    r"\breemplaz\w*", r"\bsustitu\w*", r"\ben lugar del?\b", r"\ben su lugar\b", r"\ben reemplazo\b", r"\bsuced\w*",
)
# What a replacement replaces when it is a document ("anula y reemplaza nuestra nota del ...").
REPLACED_DOCUMENT = (
    r"(?:(?:nuestra|nuestro|la|el|mi|su|esta|este)\s+)?(?:(?:anterior|primera|primer)\s+)?"
    r"(?:carta|nota(?: verbal)?|oficio|correo|mensaje|comunicacion)\b",
)
STATEMENT_WITHDRAW = (
    r"\bretir\w*", r"\bdesist\w*",
    r"\bno (?:podra|podran|va a poder|puede|pueden|participara|participaran|asistira|asistiran)\b",
    r"\bya no (?:participa|asisti|podra|formara)\w*", r"\bdar de baja\b", r"\bbaja de\b", r"\bse da de baja\b",
    r"\bdej\w* sin efecto\b", r"\bquede sin efecto\b",
)
# A name corrected in words ("el nombre de nuestro asesor debe leerse ...", "léase ...").
STATEMENT_NAME = (
    r"\bnombre(?:\s+\S+){0,5}?\s+(?:debe leerse|debe decir|se escribe|debe escribirse)\s*:?\s*",
    r"\bléase\s*:?\s*",
    r"\b(?:grafía|grafia|ortografía|ortografia|escritura) correcta(?:\s+\S+){0,4}?\s+es\s*:?\s*",
    r"\bnombre correcto(?:\s+\S+){0,4}?\s+es\s*:?\s*",
)
# Asking us to bring our records in line ("Les agradeceríamos actualizar sus registros").
RECORD_UPDATE = (
    r"\b(?:le(?:s)? agradecer[íi]amos|podr[íi]an|podr[íi]a|les rogamos|le rogamos|por favor|s[íi]rvanse)\b"
    r"[^.?!\n]{0,40}?\b(?:actualizar|modificar|corregir|rectificar|enmendar)\b[^.?!\n]{0,25}?"
    r"\b(?:registros?|listas?|archivos?|datos|base)\b(?:\s+en consecuencia)?",
    r"(?:\b(?:le(?:s)? agradecer[íi]amos|por favor|s[íi]rvanse|les rogamos|le rogamos)\s+)?"
    r"\b(?:informarnos|indicarnos|comunicarnos|nos informen|nos indiquen)\b[^.?!\n]{0,40}?"
    r"\b(?:diferencia|discrepancia|no coincid\w+)[^.?!\n]{0,30}?\b(?:sus|los) (?:registros|datos)\b",
)
STATEMENT_TITLE = (
    r"\b(?:cargo|puesto|t[íi]tulo)(?:\s+\S+){0,5}?\s+(?:es ahora|pasa a ser|ahora es|debe leerse|cambia a)",
    r"\b(?:es|se desempe[ñn]a como) (?:un|una|el|la)\s+(?=(?-i:[A-ZÁÉÍÓÚÑ]))",
    r"\bha sido (?:promovid[oa]|nombrad[oa]|designad[oa]) (?:al cargo de |como |a )(?:el |la )?(?=(?-i:[A-ZÁÉÍÓÚÑ]))",
)
TITLE_FROM_DATE = (r"a partir del?", r"con efecto (?:a partir )?del?", r"desde el")
STATEMENT_DELEGATION = (
    "delegacion", "gobierno", "nuestra (?:participacion|designacion|inscripcion)", "su (?:participacion|delegacion)", "pais",
    "ambos", "ambas", "los dos", "las dos",
)
STATEMENT_IF = ("en caso", "por si", "de no")
STATEMENT_KEEP = (
    r"\bmantien\w*", r"\bmanten\w*", r"\bsegun lo (?:previsto|indicado|anunciado)\b",
    r"\bcomo (?:estaba )?(?:previsto|anunciado|indicado)\b", r"\bsigue\b", r"\bcontinua\w*",
)
STATEMENT_MEMBER = (
    r"\bcomo miembro\b(?! de(?:l| la)? )", r"\bmiembro (?:de pleno derecho|pleno)\b", r"\ben calidad de miembro\b(?! de)",
)
STATEMENT_NOT_OBSERVER = (r"\b(?:en lugar de|y no|ya no) (?:como |en calidad de )?observador\w*",)
STATEMENT_OBSERVER = (r"\ben (?:calidad|caracter) de observador\w*", r"\bcomo observador\w*", r"\bcondicion de observador\w*")
STATEMENT_FIRST_PERSON = ("yo", "mi participacion", "asistire", "participare", "viajare", "estare", "podre")
STATEMENT_ROLE_AS = ("como", "en calidad de", "en caracter de", "nuev[oa]", "segund[oa]", "un", "otr[oa]")
STATEMENT_ROLE_ARTICLE = ("el", "la", "su")
CLAUSE_BUT = ("pero", "mientras que", "sin embargo")
CLAUSE_AND = ("y", "as[ií] como")
CLAUSE_ARTICLE = ("[Ee]l", "[Ll]a", "[Nn]uestr[oa]")
CLAUSE_THAT = ("que",)

STATE_BEFORE = (
    "gobierno", r"misi[óo]n permanente", r"representaci[óo]n permanente", "embajada", r"rep[úu]blica", "reino", "estado",
    "ministerio", r"delegaci[óo]n",
)
STATE_AFTER = ("gobierno", r"delegaci[óo]n", r"designa\w*")
HOST_CITY = ("ginebra",)
HOST_COUNTRY = ("suiza",)
HOST_COUNTRY_PREPOSITIONS = ("en",)
HOST_WORDS: tuple[str, ...] = ()
NGO = ("no gubernamental", "ONG", "organismo intergubernamental", "sociedad civil")
ORG_NAME_WORDS = ("de", "la", "y", "en", "el", "los", "las", "del", "por")
ORG_NAME_INNER_WORDS: tuple[str, ...] = ()

FUNCTION_WORDS = frozenset((
    "el la los las del de y a al para es son nosotros nuestro nuestra su sus usted ustedes será "
    "con este esta que en por una un quien se le les estimados atentamente reunión trabajo "
    "ministerio saludos participará presencial estimados informamos correo designación "
    "delegación reunión"
).split())

ROLE_GOVERNMENT_BEFORE: tuple[str, ...] = ()
ROLE_GOVERNMENT_OF = ("del",)
ROLE_TAIL = ("del gobierno", r"de la delegaci[óo]n", "gubernamental", "titular")
# "a la" before "a": both can match at one place, and the longer must be tried first.
NAME_ARTICLES = (r"a\s+la", "a", "al", "la", "el")
ROLE_GOVERNMENT_AFTER = ("gubernamental",)  # "Asesor gubernamental:"

NEGATION = ("no", "ni", "sin", "en lugar de", "inicialmente")
OR_WORDS = ("o",)
EVEN = ("siquiera",)

SELF_CORRECTION = (
    r"\bcorrijo\b", r"\b(?:la|el) correct[oa] es\b", r"\bdebe leerse\b", r"\bfe de erratas\b",
    r"\b(?:es|era) err[óo]ne[oa]\b", r"\bcorrecci[óo]n\s*:", r"\bl[ée]ase\b", r"\bse (?:desliz[óo]|produjo) un error\b",
)
PROVISIONAL = (
    r"provisional(?:es|mente)?", r"tentativ[oa]", "a reserva de",
    # "pendiente de aprobación", not "los datos pendientes de la asesora" (what is still owed)
    r"pendientes? de (?:la |el |su |una? )?(?:aprobaci|confirmaci|autorizaci|resoluci|firma|emisi|visto bueno|decisi"
    r"|validaci|formalizaci|oficializaci|nota|financiamiento|disponibilidad|presupuesto)", r"sujet[oa]s? a\b",
    "por confirmar", "a confirmar",
    r"condicionad[oa]s? a\b", r"supeditad[oa]s? a\b", "dependiendo de", "de no concretarse", "en caso de no",
    "a la espera de", "en espera de", r"preliminar(?:es)?", r"extraoficial(?:mente)?", "no definitiv",
)
SALUTATION = ("estimad", "distinguid", r"se[ñn]or", "de mi consideraci", r"la misi[óo]n")
ROLE_DENIAL = ("no", "ni", "sin", r"ning[úu]n\w*", "tampoco")
ASK_VERBS = (
    "nos (?:indiquen|informen|confirmen|aclaren|hagan saber|comuniquen)", "indicarnos", "informarnos", "confirmarnos",
    "saber",
)
ASK_WHETHER = ("si",)
MONTHS: dict[str, int] = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
MEETING_WORDS = (r"reuni[óo]n", "conferencia", r"sesi[óo]n", "foro", "seminario", "taller")
TOPIC_STOP_WORDS = {
    "los", "las", "del", "con", "por", "para", "una", "que", "derivados", "derivadas", "reunión", "técnica", "prevista",
    "ginebra", "abril",
}
CLAUSE_WORDS = (
    r"para (?:representar|participar|asistir)", r"a (?:representar|participar)", r"participar[áa]", r"asistir[áa]",
    r"ser[áa]", "ha sido", "quien", r"que (?:asistir|particip)", "representar",
)
REPRESENT_VERBS = (r"represent\w*",)
ROLE_ARTICLES = ("la", "el")
ROLE_PREFIX: tuple[str, ...] = ()
ROLE_LABEL_PREFIX: tuple[str, ...] = ()
DAY_ORDINALS: tuple[str, ...] = ()
FIRST_DAY_ORDINALS: tuple[str, ...] = ()
DAY_RANGE_WORDS = ("al", "a", "y")  # none can end where another does: their order is free
DATE_OF = ("de",)  # "17 de abril de 2026"
MEETING_KINDS = (r"reuni[óo]n (?:t[ée]cnica|de expertos|tripartita|sectorial)", r"foro de di[áa]logo mundial")
MEETING_ABOUT = ("de", "sobre")
MEETING_GENERIC_STEMS = {
    "traba", "decen", "indus", "secto", "emple", "socia", "promo", "natio", "inter", "organ", "gobie", "mundi", "oit",
}
TITLE_SHORT_END = {"de", "la", "el", "y", "en", "a", "ia"}
TITLE_CUT_END = {"de", "del", "y", "la", "para"}
ROLE_GIVEN_AS = ("como", "en calidad de", r"en car[áa]cter de", r"a t[íi]tulo de")
LETTER_SUBJECT = ("asunto", "referencia", "ref")
ROLE_GIVEN_ARTICLES = ("el", "la", "su")
NAME_PARTICLES = {"los", "las", "de", "del", "dela", "delos", "la", "el", "y"}

SELF_NOMINATION = (
    r"\b(?:ser[ée]|he sido designad[oa]|fui designad[oa])(?: por [^.;:\n]{1,100}?)? (?:como )?(?:el |la )?((?:{ROLE}))",
    # "me ha designado como representante"
    r"\bme (?:ha|han) (?:designad[oa]|nombrad[oa]|acreditad[oa]) (?:como |en calidad de )?"
    r"(?:(?:el |la |su )?((?:{ROLE}))|para (representar))",
)
SELF_PERFECT = (r"me (?:ha|han)",)
SELF_PERFECT_AGREES = False  # "me ha designado", said by a woman too
PARTICIPLES_FEMININE = ("designada", "nombrada")
PARTICIPLES_MASCULINE = ("designado", "nombrado")

PRONOUNS: dict[str, str | None] = {"Él": "male", "Ella": "female"}
ADDRESSEE_LINE = (r"estimad[oa]s?", r"distinguid[oa]s?", r"querid[oa]", r"a la atenci[óo]n", r"señor[a]?")
LETTER_OPENING = (
    r"estimad[oa]s?\b", r"se[ñn]or(?:a|es)?\b", r"distinguid[oa]s\b", r"respetad[oa]s\b", r"muy se[ñn]or\w*",
    r"de (?:mi|nuestra) consideraci[óo]n", r"buen[oa]s (?:d[íi]as|tardes)\b", r"la misi[óo]n permanente\b",
)
NOMINATE_VERBS = (
    "designar", "designa", "designamos", "proponer", "propone", "proponemos", "nombrar", "nombra", "acreditar", "acredita",
)
WITHDRAWN = (r"ya no podr[áa]", r"no podr[áa]", r"(?:es|será|ha sido) (?:reemplazad[oa]|sustituid[oa]) por")
ANNOUNCE = (
    r"participar[áa]", r"asistir[áa]", r"estar[áa] presente", r"seguir[áa] (?:los trabajos|la reuni[óo]n)", r"es\s+\S+@",
)
REPLACES = (
    r"reemplaza(?:r[áa])?", "sustituye", r"sustituir[áa]", r"sustituir[áa] a", r"reemplazar[áa] a", "reemplaza a",
    "sustituye a",
)
ACCOMPANIES = (r"acompa[ñn]ar[áa]", r"acompa[ñn]a")
IN_PLACE_OF = (r"en (?:reemplazo|sustituci[óo]n|lugar) de(?:l)?", r"reemplazando a(?:l)?", r"sustituyendo a(?:l)?",
               r"(?:sustituye|reemplaza|anula|deja sin efecto) (?:la|nuestra) designaci[óo]n de(?:l)?")
UNIT_LABELS = (
    "departamento", "ministerio", r"instituci[óo]n", "organismo", "unidad", "dependencia", "servicio", r"divisi[óo]n",
    r"direcci[óo]n",
)
AGENT_BY = ("por",)
REPLACED_BY = (r"reemplazad[oa]", r"sustituid[oa]")
REPRESENT_PHRASES = (r"representar[áa]", "para representar", "a representar")

OWNER: tuple[str, ...] = ()
NAME_LABELS = ("nombres?(?: y apellidos?| completo)?",)
NAME_FIELD_LABELS = ("nombres?(?: y apellidos?| completo)?", "apellidos?,? y? ?nombres?")
POSSESSIVES = (r"nuestr[oa]s?", "su", "el", "la")
POSSESSIVES_AFTER_NAME = (r"nuestr[oa]", "su", "el")
ROLE_NEW = (r"nuev[oa]",)
DESIGNATED_BEFORE_ROLE: tuple[str, ...] = ()
DESIGNATED_AFTER_ROLE = (r"designad[oa]",)
LEAD_AS = ("como", "en calidad de", r"en car[áa]cter de", r"a t[íi]tulo de")
LEAD_AS_ARTICLES = (r"su\s+", r"el\s+", r"la\s+")
CLAUSE_JOINERS = ("y", "quien")
COPULA_PLACE = ("de", "del", "en", "a", "al", "para")
COPULAS = ("será", "sería", "es")
ADD_ARTICLES = ("un", "una", "otro", "otra")
ADD_WORDS = ("adicional",)
REPRESENTED = (r"representad[oa]s?", r"encabezad[oa]s?", r"presidid[oa]s?")  # (encabezada por)
REPRESENTS_US = (r"nos\s+repr[ée]sent\w+",)
WILL_BE_REPRESENTED = (r"estar[áa] representad[oa]", r"ser[áa] representad[oa]")
ACCOMPANIED = (r"acompa[ñn]ad[oa]s?", r"asistid[oa]s?")
# "acompañada del Sr. X", "de la Sra. Y", as well as "por"
ACCOMPANIED_BY = ("por", "del?")
TRAIL_ROLE_ELIDED: tuple[str, ...] = ()
TRAIL_ROLE_PHRASES = (r"\b(?:en calidad de|en car[áa]cter de|como|a t[íi]tulo de)\s+(?:el\s+|la\s+|su\s+)?((?:{ROLE}))\b",)
ROLE_FIELD = ("calidad",)
ROLE_FIELD_OF = (r"funci[óo]n", "cargo", "calidad")
ROLE_FIELD_IN = ("en",)
ROLE_FIELD_THE: tuple[str, ...] = ()
ROLE_FIELD_DELEGATION = (r"delegaci[óo]n",)
EMAIL_LABELS = (r"correo(?: electr[óo]nico)?",)
TITLE_LABELS = ("cargo", "puesto")
ATTENDANCE_LABELS = (r"modalidad(?: de participaci[óo]n)?", r"participaci[óo]n")
ROLE_LABELS = ("calidad",)
TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "role": ("calidad", r"funci[óo]n"),
    "name": ("nombres?(?: y apellidos?)?", "apellidos?(?: y nombres?)?"),
    "title": ("cargo", "puesto"),
    "email": (r"correo(?: electr[óo]nico)?",),
    "attendance": (r"modalidad(?: de participaci[óo]n)?", r"participaci[óo]n"),
}
ADDRESS_OF = (r"correo(?: electr[óo]nico)?",)
ADDRESS_OF_PREPOSITIONS = ("de", "del")
ADDRESS_OF_ARTICLES = (r"la\s+", r"el\s+")
NOT_A_TITLE = ("es", "será", "reemplaza", "sustituye")
NO_LONGER = (r"ya no podr[áa]",)
ABLE_TO: tuple[str, ...] = ()
TRAVEL_VERBS = ("viajar", "asistir presencialmente", "desplazarse", "trasladarse")
TITLE_STOP_CONTACT = ("correo",)
TITLE_STOP_AS = ("en calidad de", r"en car[áa]cter de", "como")
TITLE_STOP_AS_ARTICLES = (r"el\s+", r"la\s+", r"su\s+")
TITLE_STOP_ELISIONS: tuple[str, ...] = ()
TITLE_STOP_ACCOMPANY = (r"acompa[ñn]\w*", "localizable", "ubicable")
TITLE_STOP_WORDS = (
    r"representar[áa]", "para representar", "quien", "quienes", "ha sido", r"participar[áa]", r"asistir[áa]", "fue",
    "ha", "de manera", "de forma",
)
TITLE_STOP_PURPOSE = ("para", "a fin de")
TITLE_STOP_PURPOSE_OBJECTS = ("lo", "los", "las", "la")
TITLE_STOP_PURPOSE_VERBS = ("representar(?:l[oa]s?)?", "participar", "asistir")
TITLE_STOP_BRACKET = ("correo", "presencial", "por confirmar")

# -- small words the readers check one by one ----------------------------------------------
FUNCTION_LABEL = ("funci[óo]n",)
AS_AFTER_NAME = (r"como\b", "en calidad")
PHONE_LABELS = ("tel",)
CONJUNCTIONS = ("y",)
EMAIL_WORDS = ("correo",)
ARTICLES_FEMININE = ("la", "a la")  # "la Sra. X", "a la Dra. X"
ARTICLES_MASCULINE = ("el", "al")
MEETING_GOES_ON = ("prevista", r"que se celebrar\w*", "en ginebra")
VENUE_CITY = ("ginebra",)
