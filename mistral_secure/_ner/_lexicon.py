"""Word lists of the built-in named-entity rules (EN, FR, DE, ES, IT)."""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS_GIVEN",
    "CLOSINGS",
    "DE_SUFFIXES",
    "EN_TYPES",
    "ES_TYPES",
    "FIELD_LABELS",
    "FR_TYPES",
    "GIVEN_NAMES",
    "GREETINGS",
    "INTRO_STRONG",
    "INTRO_WEAK",
    "IT_TYPES",
    "LOWER_STOP",
    "NOT_NAMES",
    "PARTICLES",
    "SURNAMES",
    "TITLES_ABBREVIATED",
    "TITLES_WORDS",
]

# Written with a capital and, when abbreviated, usually a dot: "M. Dupont", "Dr Weber".
TITLES_ABBREVIATED = (
    "Mr Mrs Ms Mx Dr Prof Mme Mmes Mlle Mlles MM Me Pr Hr Hrn Fr Sr Sra Srta Sres Dña Dª Sig "
    "Sigg Sig.ra Sig.na Dott Dott.ssa Dr.ssa Prof.ssa Ing Avv Geom Rag Mag Dipl.-Ing"
).split()
# Needs the dot: "M. Dupont", "D. García" (Don).
TITLES_DOTTED = ("M", "D")
TITLES_WORDS = (
    "mister miss sir madam lady lord dame doctor docteur doktor dottore dottoressa professor "
    "professeur professore professoressa monsieur messieurs madame mesdames mademoiselle "
    "maître maitre herr herrn frau fräulein señor señora señorita senor senora senorita don "
    "doña dona signor signore signora signorina egregio gentile"
).split()

INTRO_STRONG = (
    "my name is",
    "my name's",
    "my full name is",
    "je m'appelle",
    "je m’appelle",
    "mon nom est",
    "mon nom c'est",
    "ich heiße",
    "ich heisse",
    "mein name ist",
    "me llamo",
    "mi nombre es",
    "mi chiamo",
    "il mio nome è",
    "il mio nome e",
)
INTRO_WEAK = (
    "i'm",
    "i’m",
    "i am",
    "this is",
    "it's",
    "je suis",
    "moi c'est",
    "moi, c'est",
    "ici",
    "ich bin",
    "hier ist",
    "hier spricht",
    "soy",
    "le habla",
    "sono",
    "qui è",
    "parla",
    "signed",
    "signé",
    "gez.",
)
CLOSINGS = (
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "regards",
    "best wishes",
    "all the best",
    "best",
    "cheers",
    "thanks",
    "thank you",
    "thanks again",
    "many thanks",
    "thanks in advance",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "yours truly",
    "respectfully",
    "cordialement",
    "bien cordialement",
    "très cordialement",
    "bien à vous",
    "bien a vous",
    "salutations",
    "sincères salutations",
    "meilleures salutations",
    "merci",
    "merci beaucoup",
    "merci d'avance",
    "amicalement",
    "à bientôt",
    "bonne journée",
    "mit freundlichen grüßen",
    "mit freundlichen grüssen",
    "freundliche grüße",
    "freundliche grüsse",
    "viele grüße",
    "viele grüsse",
    "beste grüße",
    "beste grüsse",
    "liebe grüße",
    "liebe grüsse",
    "herzliche grüße",
    "gruß",
    "grüße",
    "mfg",
    "lg",
    "danke",
    "vielen dank",
    "saludos",
    "un saludo",
    "saludos cordiales",
    "atentamente",
    "un abrazo",
    "gracias",
    "muchas gracias",
    "cordiali saluti",
    "distinti saluti",
    "saluti",
    "cordialmente",
    "un saluto",
    "un cordiale saluto",
    "grazie",
    "grazie mille",
    "a presto",
)
GREETINGS = (
    "hi",
    "hello",
    "hey",
    "dear",
    "good morning",
    "good afternoon",
    "good evening",
    "bonjour",
    "bonsoir",
    "salut",
    "cher",
    "chère",
    "hallo",
    "guten tag",
    "guten morgen",
    "liebe",
    "lieber",
    "sehr geehrte",
    "sehr geehrter",
    "hola",
    "estimado",
    "estimada",
    "buenos días",
    "buenas tardes",
    "querido",
    "querida",
    "ciao",
    "buongiorno",
    "buonasera",
    "gentile",
    "caro",
    "cara",
    "egregio",
)
FIELD_LABELS = (
    "name",
    "full name",
    "customer name",
    "contact name",
    "contact person",
    "account holder",
    "cardholder",
    "card holder",
    "first name",
    "last name",
    "surname",
    "patient",
    "employee",
    "attn",
    "attention",
    "from",
    "nom",
    "prénom",
    "prenom",
    "nom complet",
    "nom et prénom",
    "titulaire",
    "interlocuteur",
    "à l'attention de",
    "de la part de",
    "vorname",
    "nachname",
    "familienname",
    "ansprechpartner",
    "ansprechpartnerin",
    "kontoinhaber",
    "kontoinhaberin",
    "z. hd.",
    "zhd",
    "nombre",
    "apellido",
    "apellidos",
    "nombre completo",
    "titular",
    "a la atención de",
    "nome",
    "cognome",
    "nome e cognome",
    "intestatario",
    "intestataria",
    "referente",
    "alla c.a.",
    "c/o",
)
PARTICLES = (
    "de la",
    "de los",
    "de las",
    "van der",
    "van den",
    "von der",
    "de",
    "du",
    "des",
    "del",
    "della",
    "dei",
    "di",
    "da",
    "dos",
    "das",
    "van",
    "von",
    "zu",
    "le",
    "la",
    "y",
    "ter",
    "bin",
    "al",
    "el",
)

# Common given names of the five languages (and frequent names of other origins).
GIVEN_NAMES = frozenset(
    (
        "James John Robert Michael William David Richard Joseph Thomas Charles Christopher "
        "Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian "
        "George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan "
        "Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Jack "
        "Dennis Tyler Aaron Henry Peter Adam Nathan Zachary Kyle Noah Ethan Oliver Harry "
        "Charlie Oscar Leo Alfie Archie Mary Patricia Jennifer Linda Elizabeth Barbara Susan "
        "Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret Ashley Kimberly Emily Donna "
        "Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia "
        "Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine "
        "Christine Rachel Carolyn Janet Catherine Maria Heather Diane Julie Joyce Kelly "
        "Lauren Olivia Sophie Chloe Jessica Lucy Ella Mia Amelia Jean Pierre Michel Philippe "
        "Alain Nicolas Christophe Patrick Daniel Bernard Eric Frédéric Laurent Stéphane "
        "Olivier Sébastien Julien Thierry David Christian Pascal François Jacques Vincent "
        "Antoine Guillaume Maxime Romain Alexandre Mathieu Benoît Arnaud Hugo Lucas Louis "
        "Gabriel Raphaël Jules Arthur Théo Baptiste Clément Quentin Thibault Yann Yves Didier "
        "Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Monique Valérie "
        "Sandrine Sophie Céline Chantal Véronique Stéphanie Aurélie Camille Julie Émilie "
        "Élodie Manon Léa Chloé Inès Jade Louise Alice Juliette Margaux Pauline Mathilde "
        "Claire Anne Hélène Brigitte Martine Dominique Florence Virginie Caroline Laetitia "
        "Amélie Océane Zoé Hans Peter Klaus Wolfgang Jürgen Dieter Uwe Günter Stefan Andreas "
        "Thomas Michael Frank Markus Matthias Sebastian Tobias Florian Jonas Lukas Felix "
        "Maximilian Niklas Moritz Jan Tim Philipp Christoph Johannes Heinz Horst Helmut "
        "Manfred Bernd Ralf Karl Friedrich Ursula Monika Petra Sabine Renate Helga Karin "
        "Brigitte Ingrid Gabriele Andrea Susanne Birgit Claudia Heike Nicole Katrin Julia "
        "Lena Leonie Hannah Lea Laura Anja Jana Sandra Antonio José Manuel Francisco Juan "
        "Javier Carlos Jesús Alejandro Miguel Rafael Pedro Ángel Pablo Fernando Sergio Jorge "
        "Luis Alberto Álvaro Diego Adrián Raúl Enrique Ramón Vicente Andrés Joaquín Santiago "
        "Iván Rubén Óscar Gonzalo Ignacio Mateo Hugo Marcos Carmen Josefa Isabel Ana Laura "
        "Cristina Marta Lucía Elena Paula Sara Raquel Rosa Silvia Beatriz Patricia Nuria "
        "Irene Alba Andrea Sofía Claudia Natalia Inmaculada Montserrat Giuseppe Giovanni "
        "Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco Domenico "
        "Bruno Paolo Michele Giorgio Aldo Sergio Luciano Roberto Alessandro Andrea Marco "
        "Matteo Lorenzo Leonardo Riccardo Davide Simone Federico Stefano Fabio Massimo "
        "Gianluca Emanuele Tommaso Giulio Enrico Alberto Filippo Nicola Daniele Giulia "
        "Francesca Chiara Federica Sara Martina Valentina Alessandra Silvia Elisa Elena Paola "
        "Giovanna Anna Rosa Angela Maria Lucia Teresa Laura Giorgia Alessia Sofia Aurora "
        "Ginevra Beatrice Camilla Eleonora Arianna Roberta Simona Monica Barbara Cristina "
        "Mohamed Ahmed Ali Fatima Aisha Omar Youssef Karim Mehmet Ayşe Wei Li Hiroshi Yuki "
        "Raj Priya Ivan Olga Natasha Dmitri Sven Lars Anders Astrid Erik Nils Kaja Piotr "
        "Katarzyna"
    ).split()
)
# Given names that are also ordinary words, brands or places: never on their own.
AMBIGUOUS_GIVEN = frozenset(
    (
        "Mark Will May June April August Grace Hope Rose Iris Victoria Florence Paris Jordan "
        "Georgia Santiago Mercedes Carmen Dolores Pilar Rosario Angela Ángel Art Guy Frank "
        "Dean Ray Rich Max Chase Grant Hunter Miles Bill Amber Ruby Jade Claire Lucas Louis "
        "Jean Rosa Paz Sol Luz Cruz Mar Aurora Sofia Andrea Marie Anne Hugo Felix Nicole "
        "Laura Julia Alba Elena Irene Olivia Emma Ella Mia Ali Li Wei Raj Jan Tim Sandra "
        "Claudia Patrick Arthur Gabriel Leo Oscar Jack Harry Charlie Archie Henry Adam Noah "
        "Jacob Alice Louise Juliette Camille Dominique Christian Vincent Martin Bernard Jules "
        "Nils"
    ).split()
)
# Frequent surnames: a capitalised word before one of them is a first name.
SURNAMES = frozenset(
    (
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Jackson White Harris Thompson Martinez Robinson Clark Lewis Walker Young Allen King "
        "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips "
        "Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper "
        "Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Hughes "
        "Martin Bernard Dubois Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David "
        "Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert "
        "Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry "
        "Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine "
        "Chevalier Robin Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz "
        "Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann "
        "Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann "
        "Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters "
        "Lang Scholz Möller Weiß Jung García González Rodríguez Fernández López Martínez "
        "Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero "
        "Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco "
        "Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Iglesias Núñez "
        "Medina Garrido Cortés Castillo Rossi Russo Ferrari Esposito Bianchi Romano Colombo "
        "Ricci Marino Greco Bruno Gallo Conti De Luca Mancini Costa Giordano Rizzo Lombardi "
        "Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone "
        "Longo Gentile Martinelli Vitale Lombardo Serra Coppola De Santis D'Angelo Marchetti "
        "Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala "
        "De Rosa Gatti Pellegrini Palumbo"
    ).split()
)
# Capitalised words that are never (the start of) a name in these rules' contexts.
NOT_NAMES = frozenset(
    w.casefold()
    for w in (
        "I Me We You He She It They The This That These Those A An And Or But If So Yes No Ok "
        "Okay Please Thanks Thank Hello Hi Hey Dear All Everyone Everybody Team There Guys "
        "Folks Sir Madam Madame Monsieur Sirs Support Customer Customers Service Services "
        "Sales Billing Help Desk Admin Administrator Manager Management Department Office "
        "Company Account Accounts Order Orders Invoice Invoices Ticket Client Clients User "
        "Users Member Members Staff Colleague Colleagues Friend Friends Partner Partners Team "
        "Teams Tous Toutes Vous Nous Madame Messieurs Mesdames Equipe Équipe Service "
        "Clientèle Merci Bonjour Cordialement Zusammen Allerseits Damen Herren Team Kunde "
        "Kunden Kundin Kundenservice Sie Ihr Ihre Ihrer Ihren Ihrem Wir Uns Unser Unsere "
        "Danke Bitte Hallo Todos Todas Equipo Cliente Clientes Usted Ustedes Gracias Hola "
        "Tutti Tutte Ragazzi Squadra Cliente Clienti Grazie Ciao Buongiorno Monday Tuesday "
        "Wednesday Thursday Friday Saturday Sunday January February March April May June July "
        "August September October November December Lundi Mardi Mercredi Jeudi Vendredi "
        "Samedi Dimanche Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre "
        "Novembre Décembre Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar "
        "Februar März Juni Juli Oktober Dezember Lunes Martes Miércoles Jueves Viernes Sábado "
        "Domingo Enero Febrero Marzo Mayo Junio Julio Agosto Septiembre Octubre Noviembre "
        "Diciembre Lunedì Martedì Mercoledì Giovedì Venerdì Sabato Domenica Gennaio Febbraio "
        "Aprile Maggio Giugno Luglio Settembre Ottobre Dicembre Today Tomorrow Yesterday Here "
        "Now Sorry Regards Best Cheers Sincerely Kind Warm Good Morning Afternoon Evening "
        "Night Happy Welcome English French German Spanish Italian Not Just Only Also Still "
        "Already Again Very Really Sure Great Fine Well Done Sent Attached Enclosed Re Fw Fwd "
        "Subject Note Notes Update Urgent Important Question Issue Problem Request Reply "
        "Answer Info Information Details Name Address Phone Email Mail Bank Card Payment "
        "Delivery Shipping Package Parcel Product Products Price Prices Street Road Avenue "
        "Rue Via Calle Straße Strasse Platz Piazza Plaza Mr Mrs Ms Dr Prof Mme Mlle Herr Frau "
        "Sr Sra Sig Signor Signora Señor Señora Don Europe France Germany Deutschland Spain "
        "España Italy Italia London Paris Berlin Madrid Rome Roma Milan Milano Munich München "
        "Barcelona Lyon Marseille Hamburg Vienna Wien Microsoft Google Apple Amazon Mistral "
        "Linux Windows Python Java Excel Word PDF API"
    ).split()
)

# After "my name is", words that say it is not a name: "my name is not on the list".
LOWER_STOP = frozenset(
    (
        "not on in at the a an is was and but or missing wrong spelled written correct pas ne "
        "sur dans le la les est et mais ou nicht auf im ist und aber oder falsch no en el es "
        "y pero mal non su nel è e ma sbagliato"
    ).split()
)

# Street types (FR, ES, IT, UK/US) and the endings of German street names.
FR_TYPES = (
    "rue avenue av. bd boulevard place pl. allée allee chemin impasse quai route cours "
    "square voie passage faubourg esplanade promenade rond-point sentier hameau résidence "
    "residence cité cite villa lotissement"
).split()

DE_SUFFIXES = (
    "straße strasse str. weg platz allee gasse ring damm ufer chaussee steig pfad markt "
    "graben berg kai wall hof anger feld garten"
).split()

ES_TYPES = (
    "calle c/ avenida avda. av. paseo pº plaza pza. camino carretera ctra. ronda travesía "
    "travesia rambla glorieta callejón pasaje urbanización urb. gran vía"
).split()

IT_TYPES = (
    "via viale v.le piazza p.za p.zza piazzale corso c.so largo vicolo strada contrada "
    "lungomare lungotevere borgo salita vico galleria località loc."
).split()

EN_TYPES = (
    "street st. st road rd. rd lane ln. ln avenue ave. ave close drive dr. dr way "
    "crescent place pl. square sq. terrace gardens court ct. grove hill row mews walk "
    "parade boulevard blvd. blvd parkway pkwy. pkwy highway hwy. circle cir. trail plaza"
).split()
