"""Demo data set for eventsys: plain data only, loaded by ``flask --app wsgi demo load``.

Conventions
- Multilingual text is a dict ``{"en": ..., "fr": ..., "es": ...}``; English is always given.
- Times are local wall-clock times ("YYYY-MM-DDTHH:MM") in the meeting's ``timezone``.
- Countries and nationalities are ISO 3166 alpha-2 codes.
- All people are fictional; every email address uses the example.org domain.
- ``categories`` holds per-meeting overrides of DEFAULT_CATEGORIES (a missing key
  means the default settings); ``category_order`` lists category keys in display order.
"""

SERIES = [
    {
        "slug": "idm",
        "acronym": "IDM",
        "kind": "dialogue",
        "name": {
            "en": "International Dialogue on Migration",
            "fr": "Dialogue international sur la migration",
            "es": "Diálogo Internacional sobre la Migración",
        },
        "description": {
            "en": (
                "IOM's principal forum for migration policy dialogue, open to Member States, "
                "observers, international organizations, civil society, the private sector, "
                "academia and migrants themselves. The Dialogue meets in two sessions a year, "
                "usually in New York and in Geneva, around a theme chosen by the membership, "
                "and records its findings in an outcome publication known as the Red Book."
            ),
            "fr": (
                "Principal forum de l'OIM consacré au dialogue sur les politiques migratoires, "
                "ouvert aux États Membres, aux observateurs, aux organisations internationales, "
                "à la société civile, au secteur privé, aux milieux universitaires et aux "
                "migrants eux-mêmes. Le Dialogue se réunit deux fois par an, en général à "
                "New York et à Genève, autour d'un thème choisi par les membres, et consigne "
                "ses conclusions dans une publication appelée le « Livre rouge »."
            ),
            "es": (
                "Principal foro de la OIM para el diálogo sobre políticas migratorias, abierto "
                "a los Estados Miembros, los observadores, las organizaciones internacionales, "
                "la sociedad civil, el sector privado, el mundo académico y las propias personas "
                "migrantes. El Diálogo se reúne dos veces al año, por lo general en Nueva York y "
                "en Ginebra, en torno a un tema elegido por los miembros, y recoge sus "
                "conclusiones en una publicación conocida como el «Libro Rojo»."
            ),
        },
    },
    {
        "slug": "grcp",
        "acronym": "GRCP",
        "kind": "global_meeting",
        "name": {
            "en": "Global Meeting of Chairs and Secretariats of Regional Consultative Processes on Migration",
            "fr": "Réunion mondiale des présidents et secrétariats des processus consultatifs régionaux sur la migration",
            "es": "Reunión Mundial de Presidencias y Secretarías de los Procesos Consultivos Regionales sobre Migración",
        },
        "description": {
            "en": (
                "A periodic meeting, convened by IOM, of the chairs and secretariats of Regional "
                "Consultative Processes on Migration (RCPs), Interregional Forums on Migration and "
                "other Inter-State Consultation Mechanisms on Migration (ISCMs). It allows the "
                "mechanisms to compare approaches, strengthen interregional cooperation and "
                "contribute to global migration governance processes."
            ),
            "fr": (
                "Réunion périodique, convoquée par l'OIM, des présidents et secrétariats des "
                "processus consultatifs régionaux sur la migration, des forums interrégionaux et "
                "des autres mécanismes de consultation interétatiques sur la migration. Elle permet "
                "à ces mécanismes de comparer leurs approches, de renforcer la coopération "
                "interrégionale et de contribuer à la gouvernance mondiale des migrations."
            ),
            "es": (
                "Reunión periódica, convocada por la OIM, de las presidencias y secretarías de los "
                "procesos consultivos regionales sobre migración, los foros interregionales y otros "
                "mecanismos de consulta interestatales sobre migración. Permite a estos mecanismos "
                "comparar enfoques, reforzar la cooperación interregional y contribuir a la "
                "gobernanza mundial de la migración."
            ),
        },
    },
    {
        "slug": "csc",
        "acronym": "CSC",
        "kind": "civil_society",
        "name": {
            "en": "Civil Society Consultations",
            "fr": "Consultations avec la société civile",
            "es": "Consultas con la Sociedad Civil",
        },
        "description": {
            "en": (
                "IOM's annual consultations with civil society: two days of open exchange between "
                "non-governmental organizations, migrant- and diaspora-led groups, youth networks, "
                "trade unions, academia, the private sector, Member States and IOM on current "
                "migration challenges and on how to work better together."
            ),
            "fr": (
                "Consultations annuelles de l'OIM avec la société civile : deux jours d'échanges "
                "ouverts entre organisations non gouvernementales, associations de migrants et de "
                "la diaspora, réseaux de jeunes, syndicats, milieux universitaires, secteur privé, "
                "États Membres et OIM sur les enjeux migratoires actuels et sur les moyens de "
                "mieux travailler ensemble."
            ),
            "es": (
                "Consultas anuales de la OIM con la sociedad civil: dos días de intercambio abierto "
                "entre organizaciones no gubernamentales, asociaciones de personas migrantes y de "
                "la diáspora, redes juveniles, sindicatos, el mundo académico, el sector privado, "
                "los Estados Miembros y la OIM sobre los desafíos migratorios actuales y sobre "
                "cómo colaborar mejor."
            ),
        },
    },
]

# Participant categories copied into every meeting of every series, in display order.
DEFAULT_CATEGORIES = [
    {
        "key": "member_state",
        "name": {"en": "Member State", "fr": "État membre", "es": "Estado Miembro"},
        "requires_approval": False,
        "on_public_list": True,
    },
    {
        "key": "observer_state",
        "name": {
            "en": "Observer State",
            "fr": "État observateur",
            "es": "Estado observador",
        },
        "requires_approval": False,
        "on_public_list": True,
    },
    {
        "key": "igo",
        "name": {
            "en": "Intergovernmental organization / UN entity",
            "fr": "Organisation intergouvernementale / entité des Nations Unies",
            "es": "Organización intergubernamental / entidad de las Naciones Unidas",
        },
        "requires_approval": False,
        "on_public_list": True,
    },
    {
        "key": "civil_society",
        "name": {"en": "Civil society", "fr": "Société civile", "es": "Sociedad civil"},
        "requires_approval": True,
        "on_public_list": True,
    },
    {
        "key": "private_sector",
        "name": {"en": "Private sector", "fr": "Secteur privé", "es": "Sector privado"},
        "requires_approval": False,
        "on_public_list": True,
    },
    {
        "key": "academia",
        "name": {
            "en": "Academia",
            "fr": "Milieux universitaires",
            "es": "Mundo académico",
        },
        "requires_approval": False,
        "on_public_list": True,
    },
    {
        "key": "media",
        "name": {"en": "Media", "fr": "Médias", "es": "Medios de comunicación"},
        "requires_approval": True,
        "on_public_list": False,
    },
    {
        "key": "youth",
        "name": {
            "en": "Youth organization",
            "fr": "Organisation de jeunesse",
            "es": "Organización juvenil",
        },
        "requires_approval": False,
        "on_public_list": True,
    },
]

_DEFAULT_ORDER = [
    "member_state",
    "observer_state",
    "igo",
    "civil_society",
    "private_sector",
    "academia",
    "media",
    "youth",
]


# ---------------------------------------------------------------------------
# IDM 2019, first session: New York, 28 February 2019
# ---------------------------------------------------------------------------

IDM_2019_NEW_YORK = {
    "slug": "idm-2019-new-york",
    "series": "idm",
    "title": {
        "en": "International Dialogue on Migration 2019 — First session (New York)",
        "fr": "Dialogue international sur la migration 2019 — Première session (New York)",
        "es": "Diálogo Internacional sobre la Migración 2019 — Primera sesión (Nueva York)",
    },
    "theme": {
        "en": "Youth and migration: engaging youth as key partners in migration governance",
        "fr": "Les jeunes et la migration : associer les jeunes en tant que partenaires clés de la gouvernance des migrations",
        "es": "Juventud y migración: la participación de los jóvenes como asociados clave en la gobernanza de la migración",
    },
    "description": {
        "en": (
            "The first session of the 2019 International Dialogue on Migration opens a year-long "
            "conversation on youth and migration. Young people make up a large share of those who "
            "move, within and across borders, to study, work, join family or seek safety; they are "
            "also entrepreneurs, community organizers, researchers and advocates who shape how "
            "societies respond to migration. This one-day session asks how States and other "
            "stakeholders can move from talking about young migrants to working with them: in "
            "designing policies, in delivering services and in monitoring the commitments made in "
            "the 2030 Agenda for Sustainable Development and the Global Compact for Safe, Orderly "
            "and Regular Migration. Panels bring together government representatives, youth-led "
            "organizations, academics and international partners, and a youth-led session closes "
            "the day's substantive discussions."
        ),
        "fr": (
            "La première session du Dialogue international sur la migration 2019 ouvre une année "
            "de réflexion sur les jeunes et la migration. Les jeunes représentent une part importante "
            "des personnes qui se déplacent, à l'intérieur des pays comme au-delà des frontières, "
            "pour étudier, travailler, rejoindre leur famille ou chercher protection ; ils sont aussi "
            "entrepreneurs, militants associatifs, chercheurs et défenseurs des droits. Cette session "
            "d'une journée examine comment les États et les autres parties prenantes peuvent passer "
            "d'un discours sur les jeunes migrants à un travail mené avec eux, dans l'élaboration des "
            "politiques, la prestation des services et le suivi des engagements pris dans le "
            "Programme 2030 et le Pacte mondial pour des migrations sûres, ordonnées et régulières."
        ),
    },
    "practical_info": {
        "en": (
            "The session takes place in Conference Room 4 at United Nations Headquarters, New York. "
            "Participants without a valid UN grounds pass must collect a temporary pass at the "
            "Visitors' Check-in Office (801 First Avenue, at 45th Street) from 08:00 on the day, "
            "with photo identification and the confirmation email; please allow up to one hour for "
            "security. Interpretation is provided in English, French and Spanish. Delegations are "
            "kindly asked to send statements to the secretariat by email in advance for the "
            "interpreters. The side event during the lunch break takes place in Conference Room 12; "
            "light refreshments will be served."
        ),
        "fr": (
            "La session se tient dans la salle de conférence 4 au Siège de l'Organisation des "
            "Nations Unies à New York. Les participants sans badge d'accès valide doivent retirer un "
            "badge temporaire au bureau d'accueil des visiteurs (801 First Avenue, à l'angle de la "
            "45e rue) à partir de 8 heures le jour même, munis d'une pièce d'identité avec photo et "
            "du courriel de confirmation ; prévoir jusqu'à une heure pour les contrôles de sécurité. "
            "L'interprétation est assurée en anglais, en espagnol et en français."
        ),
    },
    "starts": "2019-02-28T10:00",
    "ends": "2019-02-28T18:00",
    "timezone": "America/New_York",
    "venue": "United Nations Headquarters",
    "city": "New York",
    "country": "US",
    "format": "in_person",
    "languages": ["en", "fr", "es"],
    "main_language": "en",
    "status": "published",
    "contact_email": "idm@example.org",
    "online_access_note": {
        "en": "The opening, keynote and panel sessions are webcast live and remain available on demand afterwards. The webcast does not allow remote participation in the debate.",
        "fr": "Les séances d'ouverture, le discours liminaire et les tables rondes sont retransmis en direct sur le Web et restent disponibles en différé. La retransmission ne permet pas de participer aux débats à distance.",
    },
    "online_url": None,
    "capacity": 300,
    "in_person_capacity": None,
    "online_capacity": None,
    "registration_opens": "2019-01-10T09:00",
    "registration_closes": "2019-02-22T18:00",
    "requires_approval": False,
    "public_participant_list": True,
    "categories": {
        "civil_society": {"capacity": 40, "requires_approval": True},
        "youth": {"capacity": 40},
        "private_sector": {"capacity": 15},
        "media": {"capacity": 20},
    },
    "category_order": list(_DEFAULT_ORDER),
    "rooms": [
        {"name": "Conference Room 4", "capacity": 300},
        {"name": "Conference Room 12", "capacity": 80},
    ],
    "sessions": [
        {
            "title": {
                "en": "Opening session",
                "fr": "Séance d'ouverture",
                "es": "Sesión de apertura",
            },
            "kind": "opening",
            "starts": "2019-02-28T10:00",
            "ends": "2019-02-28T10:40",
            "room": "Conference Room 4",
            "description": {
                "en": (
                    "Welcome and introduction to the 2019 theme. Opening statements set out why "
                    "youth and migration has been chosen for the year, recall the commitments made "
                    "on youth in the 2030 Agenda and the Global Compact for Migration, and outline "
                    "the questions put to the panels."
                ),
                "fr": (
                    "Accueil et présentation du thème de 2019. Les déclarations liminaires "
                    "expliquent le choix du thème, rappellent les engagements relatifs aux jeunes "
                    "pris dans le Programme 2030 et le Pacte mondial sur les migrations, et "
                    "présentent les questions soumises aux tables rondes."
                ),
            },
            "people": [
                {
                    "name": "Helena Vasquez-Lindqvist",
                    "affiliation": "IOM, Department of International Cooperation and Partnerships",
                    "role": "chair",
                },
                {
                    "name": "Kwabena Asante-Darko",
                    "affiliation": "Permanent Mission of Ghana to the United Nations",
                    "role": "speaker",
                },
                {
                    "name": "Rosa Elena Cárdenas Mejía",
                    "affiliation": "Permanent Mission of Ecuador to the United Nations",
                    "role": "speaker",
                },
                {
                    "name": "Farhan Chowdhury Aziz",
                    "affiliation": "Permanent Mission of Bangladesh to the United Nations",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Keynote address: Young people and the future of human mobility",
                "fr": "Discours liminaire : les jeunes et l'avenir de la mobilité humaine",
            },
            "kind": "plenary",
            "starts": "2019-02-28T10:40",
            "ends": "2019-02-28T11:10",
            "room": "Conference Room 4",
            "description": {
                "en": (
                    "A keynote address by a youth leader with personal experience of migration, "
                    "followed by a short exchange with the floor: what young people who move expect "
                    "from governments, and what they already contribute."
                ),
            },
            "people": [
                {
                    "name": "Helena Vasquez-Lindqvist",
                    "affiliation": "IOM, Department of International Cooperation and Partnerships",
                    "role": "chair",
                },
                {
                    "name": "Adaeze Okonkwo-Ibe",
                    "affiliation": "Young Africans on the Move Network",
                    "role": "keynote",
                },
            ],
        },
        {
            "title": {
                "en": "Panel 1: Youth as agents of change — migration, development and the 2030 Agenda",
                "fr": "Table ronde 1 : les jeunes, acteurs du changement — migration, développement et Programme 2030",
            },
            "kind": "panel",
            "starts": "2019-02-28T11:10",
            "ends": "2019-02-28T13:00",
            "room": "Conference Room 4",
            "description": {
                "en": (
                    "How do young migrants contribute to sustainable development in countries of "
                    "origin, transit and destination? Panellists discuss remittances and "
                    "entrepreneurship, youth volunteering and civic engagement, and how national "
                    "development plans and voluntary national reviews can reflect the role of young "
                    "people on the move."
                ),
            },
            "people": [
                {
                    "name": "Daniel Haddad Saab",
                    "affiliation": "United Nations Department of Economic and Social Affairs",
                    "role": "moderator",
                },
                {
                    "name": "Priya Nandakumar",
                    "affiliation": "Permanent Mission of India to the United Nations",
                    "role": "panelist",
                },
                {
                    "name": "Johanna Bergström",
                    "affiliation": "Permanent Mission of Sweden to the United Nations",
                    "role": "panelist",
                },
                {
                    "name": "Mohamed Lamine Diallo",
                    "affiliation": "UN Major Group for Children and Youth",
                    "role": "panelist",
                },
                {
                    "name": "Inés Wakabayashi Torres",
                    "affiliation": "IOM",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2019-02-28T13:00",
            "ends": "2019-02-28T15:00",
            "room": "Conference Room 4",
            "description": {"en": "", "fr": ""},
            "people": [],
        },
        {
            "title": {
                "en": "Side event: Young migrant entrepreneurs and the start-up economy",
                "fr": "Manifestation parallèle : jeunes entrepreneurs migrants et économie des start-up",
            },
            "kind": "side_event",
            "starts": "2019-02-28T13:15",
            "ends": "2019-02-28T14:45",
            "room": "Conference Room 12",
            "description": {
                "en": (
                    "Young founders who started businesses after migrating, or after returning home, "
                    "talk about access to finance, recognition of qualifications and the networks "
                    "that helped them. Co-organized with a coalition of youth entrepreneurship "
                    "networks; light refreshments served."
                ),
            },
            "people": [
                {
                    "name": "Léa Fontaine-Rakotomalala",
                    "affiliation": "Diaspora Entrepreneurship Hub",
                    "role": "moderator",
                },
                {
                    "name": "Arjun Mehta-Salazar",
                    "affiliation": "Founder, a remittance technology start-up",
                    "role": "speaker",
                },
                {
                    "name": "Fatou Ndiaye Sarr",
                    "affiliation": "Young Women Entrepreneurs Network of West Africa",
                    "role": "speaker",
                },
                {
                    "name": "Oleksandr Kovalenko",
                    "affiliation": "Returnee Business Incubator, Lviv",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Panel 2: Skills, education and decent work for young migrants",
                "fr": "Table ronde 2 : compétences, éducation et travail décent pour les jeunes migrants",
            },
            "kind": "panel",
            "starts": "2019-02-28T15:00",
            "ends": "2019-02-28T16:15",
            "room": "Conference Room 4",
            "description": {
                "en": (
                    "Education and work are the main reasons young people move. The panel looks at "
                    "student mobility, recognition of skills and qualifications, fair recruitment, "
                    "skills partnerships between countries of origin and destination, and the "
                    "transition from school to work for young migrants and refugees."
                ),
            },
            "people": [
                {
                    "name": "Siobhan O'Rourke",
                    "affiliation": "International Labour Organization",
                    "role": "moderator",
                },
                {
                    "name": "Nguyen Thi Lan Anh",
                    "affiliation": "Ministry of Labour, Invalids and Social Affairs, Viet Nam",
                    "role": "panelist",
                },
                {
                    "name": "Emmanuel Kiprono Rotich",
                    "affiliation": "University of Nairobi",
                    "role": "panelist",
                },
                {
                    "name": "Mariana Duarte Costa",
                    "affiliation": "Permanent Mission of Portugal to the United Nations",
                    "role": "panelist",
                },
                {
                    "name": "Hyun-woo Bae",
                    "affiliation": "Asia Pacific Skills Partnership Council (private sector)",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Youth-led session: Building inclusive societies with and for young migrants",
                "fr": "Séance animée par des jeunes : bâtir des sociétés inclusives avec et pour les jeunes migrants",
            },
            "kind": "panel",
            "starts": "2019-02-28T16:15",
            "ends": "2019-02-28T17:30",
            "room": "Conference Room 4",
            "description": {
                "en": (
                    "Designed, moderated and reported by young people. Speakers from youth-led and "
                    "migrant-led organizations discuss discrimination and social cohesion, access to "
                    "services, and how young migrants can take part in the decisions that affect "
                    "them, then open the floor to delegations."
                ),
            },
            "people": [
                {
                    "name": "Yasmin El-Amrani",
                    "affiliation": "UN Major Group for Children and Youth",
                    "role": "moderator",
                },
                {
                    "name": "Tomás Quispe Mamani",
                    "affiliation": "Red de Jóvenes Migrantes de las Américas",
                    "role": "speaker",
                },
                {
                    "name": "Amina Yusuf Abdi",
                    "affiliation": "Diaspora Youth Forum",
                    "role": "speaker",
                },
                {
                    "name": "Lukas Hoffmeister",
                    "affiliation": "Youth Council of a German federal state",
                    "role": "speaker",
                },
                {
                    "name": "Grace Achieng Otieno",
                    "affiliation": "Nairobi Urban Refugee Youth Collective",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Closing session: Summary and way forward",
                "fr": "Séance de clôture : synthèse et perspectives",
            },
            "kind": "closing",
            "starts": "2019-02-28T17:30",
            "ends": "2019-02-28T18:00",
            "room": "Conference Room 4",
            "description": {
                "en": (
                    "The rapporteurs present the main points of the day and the secretariat "
                    "announces the second session, to be held in Geneva in October 2019."
                ),
            },
            "people": [
                {
                    "name": "Helena Vasquez-Lindqvist",
                    "affiliation": "IOM, Department of International Cooperation and Partnerships",
                    "role": "chair",
                },
                {
                    "name": "Inés Wakabayashi Torres",
                    "affiliation": "IOM",
                    "role": "rapporteur",
                },
                {
                    "name": "Grace Achieng Otieno",
                    "affiliation": "Nairobi Urban Refugee Youth Collective",
                    "role": "rapporteur",
                },
            ],
        },
    ],
    "delegations": [
        {
            "represents": "Ghana",
            "focal_point_email": "mission.ghana@example.org",
            "status": "accredited",
            "note_reference": "NV/GH/2019/045",
            "members": [
                {
                    "title": "H.E. Mr.",
                    "given_name": "Kwabena",
                    "family_name": "Asante-Darko",
                    "function": "head_of_delegation",
                    "nationality": "GH",
                    "email": "k.asante-darko@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Efua",
                    "family_name": "Owusu-Ansah",
                    "function": "alternate",
                    "nationality": "GH",
                    "email": "e.owusu-ansah@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Kofi",
                    "family_name": "Boakye",
                    "function": "adviser",
                    "nationality": "GH",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Ecuador",
            "focal_point_email": "mission.ecuador@example.org",
            "status": "accredited",
            "note_reference": "4-7-33/2019",
            "members": [
                {
                    "title": "H.E. Ms.",
                    "given_name": "Rosa Elena",
                    "family_name": "Cárdenas Mejía",
                    "function": "head_of_delegation",
                    "nationality": "EC",
                    "email": "rcardenas@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Andrés",
                    "family_name": "Villacís Paredes",
                    "function": "alternate",
                    "nationality": "EC",
                    "email": "avillacis@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Daniela",
                    "family_name": "Tapia Erazo",
                    "function": "member",
                    "nationality": "EC",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Bangladesh",
            "focal_point_email": "mission.bangladesh@example.org",
            "status": "accredited",
            "note_reference": "PMBNY/ECO/2019/118",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Farhan",
                    "family_name": "Chowdhury Aziz",
                    "function": "head_of_delegation",
                    "nationality": "BD",
                    "email": "f.aziz@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Nusrat",
                    "family_name": "Jahan Khan",
                    "function": "adviser",
                    "nationality": "BD",
                    "email": "n.jahan@example.org",
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Germany",
            "focal_point_email": "mission.germany@example.org",
            "status": "accredited",
            "note_reference": "Pol-3-160/2019",
            "members": [
                {
                    "title": "Ms.",
                    "given_name": "Katharina",
                    "family_name": "Oberländer",
                    "function": "head_of_delegation",
                    "nationality": "DE",
                    "email": "k.oberlaender@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Jonas",
                    "family_name": "Feldkamp",
                    "function": "member",
                    "nationality": "DE",
                    "email": None,
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Meryem",
                    "family_name": "Yıldırım",
                    "function": "adviser",
                    "nationality": "DE",
                    "email": "m.yildirim@example.org",
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Philippines",
            "focal_point_email": "mission.philippines@example.org",
            "focal_point_name": "Permanent Mission of the Philippines",
            "status": "accredited",
            "note_reference": "No. 0212-2019",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Rafael",
                    "family_name": "Dimaculangan",
                    "function": "head_of_delegation",
                    "nationality": "PH",
                    "email": "r.dimaculangan@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Maria Teresa",
                    "family_name": "Bautista-Lim",
                    "function": "alternate",
                    "nationality": "PH",
                    "email": "mt.bautista@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Joanna",
                    "family_name": "Villareal",
                    "function": "member",
                    "nationality": "PH",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "International Labour Organization",
            "focal_point_email": "ilo.newyork@example.org",
            "focal_point_name": "ILO Office for the United Nations, New York",
            "status": "accredited",
            "note_reference": "ILO-NY/2019/07",
            "members": [
                {
                    "title": "Ms.",
                    "given_name": "Siobhan",
                    "family_name": "O'Rourke",
                    "function": "head_of_delegation",
                    "nationality": "IE",
                    "email": "s.orourke@example.org",
                    "category": "igo",
                },
                {
                    "title": "Mr.",
                    "given_name": "Matteo",
                    "family_name": "Ferraris",
                    "function": "member",
                    "nationality": "IT",
                    "email": "m.ferraris@example.org",
                    "category": "igo",
                },
            ],
        },
        {
            "represents": "United Nations Children's Fund (UNICEF)",
            "focal_point_email": "unicef.partnerships@example.org",
            "focal_point_name": "UNICEF Public Partnerships Division",
            "status": "nominated",
            "note_reference": "UNICEF/PAR/2019/021",
            "members": [
                {
                    "title": "Dr.",
                    "given_name": "Aylin",
                    "family_name": "Demirtaş",
                    "function": "head_of_delegation",
                    "nationality": "TR",
                    "email": "a.demirtas@example.org",
                    "category": "igo",
                },
                {
                    "title": "Mr.",
                    "given_name": "Samuel",
                    "family_name": "Okello Opio",
                    "function": "member",
                    "nationality": "UG",
                    "email": None,
                    "category": "igo",
                },
            ],
        },
    ],
    "registrations": [],
}


# ---------------------------------------------------------------------------
# IDM 2019, second session: Geneva, 15-16 October 2019
# ---------------------------------------------------------------------------

_GVA_ROOM_MAIN = "Room XVII"
_GVA_ROOM_2 = "Room XXIV"
_GVA_ROOM_3 = "Room VII"

IDM_2019_GENEVA = {
    "slug": "idm-2019-geneva",
    "series": "idm",
    "title": {
        "en": "International Dialogue on Migration 2019 — Second session (Geneva)",
        "fr": "Dialogue international sur la migration 2019 — Deuxième session (Genève)",
        "es": "Diálogo Internacional sobre la Migración 2019 — Segunda sesión (Ginebra)",
    },
    "theme": {
        "en": "Youth and migration: engaging youth as key partners in migration governance",
        "fr": "Les jeunes et la migration : associer les jeunes en tant que partenaires clés de la gouvernance des migrations",
        "es": "Juventud y migración: la participación de los jóvenes como asociados clave en la gobernanza de la migración",
    },
    "description": {
        "en": (
            "The second session of the 2019 Dialogue builds on the discussions held in New York in "
            "February and turns to practice. Over two days, States, young people, international "
            "organizations, civil society, academia and the private sector exchange concrete "
            "experiences: youth councils and advisory bodies that inform migration policy, diaspora "
            "youth programmes, skills and education mobility, the protection of children and young "
            "people on the move, climate-related mobility, digital inclusion, and the return and "
            "reintegration of young migrants. The session ends with a youth-led discussion and the "
            "presentation of key findings that feed into the 2019 Red Book."
        ),
        "fr": (
            "La deuxième session du Dialogue 2019 s'appuie sur les débats tenus à New York en février "
            "et se tourne vers la pratique. Pendant deux jours, États, jeunes, organisations "
            "internationales, société civile, milieux universitaires et secteur privé partagent des "
            "expériences concrètes : conseils de jeunes associés aux politiques migratoires, "
            "programmes pour les jeunes de la diaspora, mobilité à des fins d'études et de "
            "compétences, protection des enfants et des jeunes en déplacement, mobilité liée au "
            "climat, inclusion numérique, ainsi que retour et réintégration des jeunes migrants."
        ),
    },
    "practical_info": {
        "en": (
            "The session takes place at the Palais des Nations, Geneva. Participants without a UN "
            "Geneva badge collect their badge at the Pregny Gate (8–14 Avenue de la Paix) from 08:00, "
            "with a passport or national identity card; please allow 30 to 45 minutes for security. "
            "Plenary and panel sessions are held in Room XVII; side events in Room XXIV and Room VII "
            "(Building E). Interpretation is provided in English, French and Spanish. The Palais "
            "is served by tram 15 and buses 8, 11 and 28 (stop: Nations)."
        ),
        "fr": (
            "La session se tient au Palais des Nations, à Genève. Les participants sans badge ONU "
            "Genève retirent leur badge au portail de Pregny (8-14 avenue de la Paix) à partir de "
            "8 heures, sur présentation d'un passeport ou d'une carte d'identité ; prévoir 30 à "
            "45 minutes pour les contrôles de sécurité. Les séances plénières et les tables rondes "
            "ont lieu en salle XVII ; les manifestations parallèles en salles XXIV et VII "
            "(bâtiment E). Interprétation en anglais, en espagnol et en français."
        ),
    },
    "starts": "2019-10-15T10:00",
    "ends": "2019-10-16T18:00",
    "timezone": "Europe/Zurich",
    "venue": "Palais des Nations",
    "city": "Geneva",
    "country": "CH",
    "format": "in_person",
    "languages": ["en", "fr", "es"],
    "main_language": "en",
    "status": "published",
    "contact_email": "idm@example.org",
    "online_access_note": {
        "en": "Plenary and panel sessions are webcast live. Side events are not webcast.",
        "fr": "Les séances plénières et les tables rondes sont retransmises en direct sur le Web. Les manifestations parallèles ne sont pas retransmises.",
    },
    "online_url": None,
    "capacity": 450,
    "in_person_capacity": None,
    "online_capacity": None,
    "registration_opens": "2019-08-15T09:00",
    "registration_closes": "2019-10-08T18:00",
    "requires_approval": False,
    "public_participant_list": True,
    "categories": {
        "civil_society": {"capacity": 60, "requires_approval": True},
        "youth": {"capacity": 60},
        "private_sector": {"capacity": 20},
        "media": {"capacity": 25},
    },
    "category_order": list(_DEFAULT_ORDER),
    "rooms": [
        {"name": _GVA_ROOM_MAIN, "capacity": 650},
        {"name": _GVA_ROOM_2, "capacity": 120},
        {"name": _GVA_ROOM_3, "capacity": 90},
    ],
    "sessions": [
        # Day 1 -- Tuesday 15 October 2019
        {
            "title": {
                "en": "Opening session",
                "fr": "Séance d'ouverture",
                "es": "Sesión de apertura",
            },
            "kind": "opening",
            "starts": "2019-10-15T10:00",
            "ends": "2019-10-15T10:45",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Welcome remarks, a short recap of the New York session, and statements on the "
                    "place of young people in migration governance one year after the adoption of "
                    "the Global Compact for Migration."
                ),
                "fr": (
                    "Allocutions de bienvenue, bref rappel de la session de New York et déclarations "
                    "sur la place des jeunes dans la gouvernance des migrations un an après "
                    "l'adoption du Pacte mondial sur les migrations."
                ),
            },
            "people": [
                {
                    "name": "Helena Vasquez-Lindqvist",
                    "affiliation": "IOM, Department of International Cooperation and Partnerships",
                    "role": "chair",
                },
                {
                    "name": "Thomas Reinhardt-Mauron",
                    "affiliation": "Permanent Mission of Switzerland to the United Nations Office at Geneva",
                    "role": "speaker",
                },
                {
                    "name": "Chiamaka Eze-Nwosu",
                    "affiliation": "Permanent Mission of Nigeria to the United Nations Office at Geneva",
                    "role": "speaker",
                },
                {
                    "name": "Sofía Aranda Lozano",
                    "affiliation": "Youth Advisory Board on Migration, Mexico City",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "High-level panel: Youth participation in migration governance — from consultation to co-creation",
                "fr": "Table ronde de haut niveau : la participation des jeunes à la gouvernance des migrations — de la consultation à la co-construction",
            },
            "kind": "panel",
            "starts": "2019-10-15T10:45",
            "ends": "2019-10-15T13:00",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Ministers, senior officials and youth representatives discuss how to give young "
                    "people a real and lasting say in migration policy: youth councils and advisory "
                    "boards, youth delegates in official delegations, participatory budgeting, and "
                    "accountability for what happens to young people's proposals."
                ),
            },
            "people": [
                {
                    "name": "Ana Lucía Herrera Bustos",
                    "affiliation": "IOM",
                    "role": "moderator",
                },
                {
                    "name": "Chiamaka Eze-Nwosu",
                    "affiliation": "Permanent Mission of Nigeria to the United Nations Office at Geneva",
                    "role": "panelist",
                },
                {
                    "name": "Joaquim Ferreira Lopes",
                    "affiliation": "Secretariat of State for Youth, Portugal",
                    "role": "panelist",
                },
                {
                    "name": "Sofía Aranda Lozano",
                    "affiliation": "Youth Advisory Board on Migration, Mexico City",
                    "role": "panelist",
                },
                {
                    "name": "Nadia Benali-Trabelsi",
                    "affiliation": "Tunisian Youth Observatory on Mobility",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2019-10-15T13:00",
            "ends": "2019-10-15T15:00",
            "room": _GVA_ROOM_MAIN,
            "description": {"en": "", "fr": ""},
            "people": [],
        },
        {
            "title": {
                "en": "Side event: Youth voices on climate change and mobility",
                "fr": "Manifestation parallèle : la parole aux jeunes sur le changement climatique et la mobilité",
            },
            "kind": "side_event",
            "starts": "2019-10-15T13:15",
            "ends": "2019-10-15T14:45",
            "room": _GVA_ROOM_2,
            "description": {
                "en": (
                    "Young climate activists and researchers from small island, Sahelian and mountain "
                    "communities present short testimonies and a photo exhibition on how "
                    "environmental change is reshaping their choices to stay or to move."
                ),
            },
            "people": [
                {
                    "name": "Mele Tupou Fifita",
                    "affiliation": "Pacific Youth Climate Network",
                    "role": "moderator",
                },
                {
                    "name": "Ousmane Diakité",
                    "affiliation": "Sahel Youth for Resilience",
                    "role": "speaker",
                },
                {
                    "name": "Pema Lhamo Sherpa",
                    "affiliation": "Himalayan Youth Research Collective",
                    "role": "speaker",
                },
                {
                    "name": "Camille Aubertin",
                    "affiliation": "Université de Genève, Institute for Environmental Sciences",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Panel 1: Young migrants and diaspora engagement for sustainable development",
                "fr": "Table ronde 1 : jeunes migrants et engagement de la diaspora pour le développement durable",
            },
            "kind": "panel",
            "starts": "2019-10-15T15:00",
            "ends": "2019-10-15T16:30",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Second-generation and young diaspora members are building new bridges with "
                    "countries of origin through volunteering, investment, knowledge transfer and "
                    "digital networks. The panel examines what States and partners can do to "
                    "support them without instrumentalizing them."
                ),
            },
            "people": [
                {
                    "name": "Rahel Tesfaye Gebre",
                    "affiliation": "IOM",
                    "role": "moderator",
                },
                {
                    "name": "Dilani Wickramasinghe",
                    "affiliation": "Bureau of Foreign Employment and Diaspora Affairs, Sri Lanka",
                    "role": "panelist",
                },
                {
                    "name": "Youssef Amrani-Belkacem",
                    "affiliation": "Euro-Mediterranean Young Diaspora Network",
                    "role": "panelist",
                },
                {
                    "name": "Chinedu Okafor",
                    "affiliation": "Nigerians in Diaspora Youth Wing (Europe)",
                    "role": "panelist",
                },
                {
                    "name": "Astrid Lindahl Mørk",
                    "affiliation": "University of Oslo, Department of Sociology and Human Geography",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Panel 2: Climate change, environmental degradation and youth mobility",
                "fr": "Table ronde 2 : changement climatique, dégradation de l'environnement et mobilité des jeunes",
            },
            "kind": "panel",
            "starts": "2019-10-15T16:30",
            "ends": "2019-10-15T18:00",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Young people will live longest with the consequences of climate change. The "
                    "panel discusses youth-led adaptation, planned relocation, labour mobility as "
                    "adaptation, and how young people can be heard in climate and migration policy "
                    "alike."
                ),
            },
            "people": [
                {
                    "name": "Mele Tupou Fifita",
                    "affiliation": "Pacific Youth Climate Network",
                    "role": "moderator",
                },
                {
                    "name": "Teuila Faleolo-Schmidt",
                    "affiliation": "Ministry of Natural Resources and Environment, Samoa",
                    "role": "panelist",
                },
                {
                    "name": "Ousmane Diakité",
                    "affiliation": "Sahel Youth for Resilience",
                    "role": "panelist",
                },
                {
                    "name": "Ingrid Vanhoutte",
                    "affiliation": "Platform on Disaster Displacement (coordination unit)",
                    "role": "panelist",
                },
                {
                    "name": "Rahul Bhattacharjee",
                    "affiliation": "Jawaharlal Nehru University, Centre for the Study of Regional Development",
                    "role": "rapporteur",
                },
            ],
        },
        # Day 2 -- Wednesday 16 October 2019
        {
            "title": {
                "en": "Panel 3: Protecting children and young people on the move",
                "fr": "Table ronde 3 : protéger les enfants et les jeunes en déplacement",
            },
            "kind": "panel",
            "starts": "2019-10-16T10:00",
            "ends": "2019-10-16T11:30",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Unaccompanied and separated children and young adults ageing out of child "
                    "protection systems face specific risks. Panellists discuss guardianship, "
                    "alternatives to detention, age assessment, cross-border case management and "
                    "continuity of care after the 18th birthday."
                ),
            },
            "people": [
                {
                    "name": "Margarethe Lindqvist-Amadou",
                    "affiliation": "United Nations Children's Fund (UNICEF)",
                    "role": "moderator",
                },
                {
                    "name": "Carlos Eduardo Pineda Ruiz",
                    "affiliation": "National System for the Comprehensive Development of the Family, Mexico",
                    "role": "panelist",
                },
                {
                    "name": "Eleni Papadimitriou",
                    "affiliation": "Network of guardians for unaccompanied children, Athens",
                    "role": "panelist",
                },
                {
                    "name": "Abdirahman Farah Warsame",
                    "affiliation": "Former unaccompanied minor; youth peer mentor",
                    "role": "panelist",
                },
                {
                    "name": "Astrid Lindahl Mørk",
                    "affiliation": "University of Oslo, Department of Sociology and Human Geography",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Panel 4: Digital inclusion — technology, information and young migrants",
                "fr": "Table ronde 4 : inclusion numérique — technologies, information et jeunes migrants",
            },
            "kind": "panel",
            "starts": "2019-10-16T11:30",
            "ends": "2019-10-16T13:00",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Smartphones are the first tool of young migrants: for information, money, "
                    "learning and staying in touch. The panel covers reliable information against "
                    "misinformation and smuggling networks, online learning and credentials, digital "
                    "identity, and the protection of young people's data."
                ),
            },
            "people": [
                {
                    "name": "Kenji Morimoto-Alves",
                    "affiliation": "IOM",
                    "role": "moderator",
                },
                {
                    "name": "Layla Haddad Nassar",
                    "affiliation": "Refugee-led digital learning initiative, Amman",
                    "role": "panelist",
                },
                {
                    "name": "Piotr Zieliński",
                    "affiliation": "Digital Rights Youth Coalition",
                    "role": "panelist",
                },
                {
                    "name": "Aïssatou Barry",
                    "affiliation": "Ministry of Digital Economy and Telecommunications, Senegal",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2019-10-16T13:00",
            "ends": "2019-10-16T15:00",
            "room": _GVA_ROOM_MAIN,
            "description": {"en": "", "fr": ""},
            "people": [],
        },
        {
            "title": {
                "en": "Side event: Return and reintegration of young migrants — community-based approaches",
                "fr": "Manifestation parallèle : retour et réintégration des jeunes migrants — approches communautaires",
            },
            "kind": "side_event",
            "starts": "2019-10-16T13:15",
            "ends": "2019-10-16T14:45",
            "room": _GVA_ROOM_3,
            "description": {
                "en": (
                    "Practitioners and young returnees discuss psychosocial support, vocational "
                    "training, community projects and peer networks that help young people rebuild "
                    "their lives after return, and what makes reintegration sustainable."
                ),
            },
            "people": [
                {"name": "Moussa Traoré", "affiliation": "IOM", "role": "moderator"},
                {
                    "name": "Mariama Jallow",
                    "affiliation": "Returnee youth association, Banjul",
                    "role": "speaker",
                },
                {
                    "name": "Bilal Kakar",
                    "affiliation": "Community reintegration programme, Nangarhar",
                    "role": "speaker",
                },
                {
                    "name": "Hélène Dubois-Kamara",
                    "affiliation": "Psychosocial support network, Conakry",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Youth-led session: Youth councils, networks and meaningful participation",
                "fr": "Séance animée par des jeunes : conseils de jeunes, réseaux et participation effective",
            },
            "kind": "panel",
            "starts": "2019-10-16T15:00",
            "ends": "2019-10-16T16:30",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "A session prepared by young people from all regions. It presents proposals "
                    "gathered in youth consultations held between the two sessions of the Dialogue "
                    "and asks delegations to respond to them directly."
                ),
            },
            "people": [
                {
                    "name": "Yasmin El-Amrani",
                    "affiliation": "UN Major Group for Children and Youth",
                    "role": "moderator",
                },
                {
                    "name": "Tomás Quispe Mamani",
                    "affiliation": "Red de Jóvenes Migrantes de las Américas",
                    "role": "speaker",
                },
                {
                    "name": "Lin Mei-Hua",
                    "affiliation": "Asia-Pacific Youth Migration Network",
                    "role": "speaker",
                },
                {
                    "name": "Karim Haddou",
                    "affiliation": "Mediterranean Young Leaders Forum",
                    "role": "speaker",
                },
                {
                    "name": "Grace Achieng Otieno",
                    "affiliation": "Nairobi Urban Refugee Youth Collective",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Closing session: Key findings and the way forward",
                "fr": "Séance de clôture : principales conclusions et perspectives",
            },
            "kind": "closing",
            "starts": "2019-10-16T16:30",
            "ends": "2019-10-16T18:00",
            "room": _GVA_ROOM_MAIN,
            "description": {
                "en": (
                    "Presentation of the key findings of the 2019 Dialogue, responses from "
                    "delegations, and closing remarks. The findings form the basis of the 2019 "
                    "Red Book."
                ),
            },
            "people": [
                {
                    "name": "Helena Vasquez-Lindqvist",
                    "affiliation": "IOM, Department of International Cooperation and Partnerships",
                    "role": "chair",
                },
                {
                    "name": "Astrid Lindahl Mørk",
                    "affiliation": "University of Oslo, Department of Sociology and Human Geography",
                    "role": "rapporteur",
                },
                {
                    "name": "Grace Achieng Otieno",
                    "affiliation": "Nairobi Urban Refugee Youth Collective",
                    "role": "rapporteur",
                },
                {
                    "name": "Thomas Reinhardt-Mauron",
                    "affiliation": "Permanent Mission of Switzerland to the United Nations Office at Geneva",
                    "role": "speaker",
                },
            ],
        },
    ],
    "delegations": [
        {
            "represents": "Switzerland",
            "focal_point_email": "mission.switzerland@example.org",
            "status": "accredited",
            "note_reference": "NV 312.1-2019/0415",
            "members": [
                {
                    "title": "H.E. Mr.",
                    "given_name": "Thomas",
                    "family_name": "Reinhardt-Mauron",
                    "function": "head_of_delegation",
                    "nationality": "CH",
                    "email": "t.reinhardt@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Corinne",
                    "family_name": "Baumgartner",
                    "function": "alternate",
                    "nationality": "CH",
                    "email": "c.baumgartner@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Luca",
                    "family_name": "Bernasconi",
                    "function": "adviser",
                    "nationality": "CH",
                    "email": None,
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Selin",
                    "family_name": "Aksoy",
                    "function": "member",
                    "nationality": "CH",
                    "email": "s.aksoy@example.org",
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Nigeria",
            "focal_point_email": "mission.nigeria@example.org",
            "status": "accredited",
            "note_reference": "NPM/GEN/IOM/2019/88",
            "members": [
                {
                    "title": "H.E. Ms.",
                    "given_name": "Chiamaka",
                    "family_name": "Eze-Nwosu",
                    "function": "head_of_delegation",
                    "nationality": "NG",
                    "email": "c.eze-nwosu@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Babatunde",
                    "family_name": "Adeyemi",
                    "function": "alternate",
                    "nationality": "NG",
                    "email": "b.adeyemi@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Hauwa",
                    "family_name": "Ibrahim Danjuma",
                    "function": "member",
                    "nationality": "NG",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Mexico",
            "focal_point_email": "mission.mexico@example.org",
            "status": "accredited",
            "note_reference": "OGE-02871",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Carlos Eduardo",
                    "family_name": "Pineda Ruiz",
                    "function": "head_of_delegation",
                    "nationality": "MX",
                    "email": "cpineda@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Valeria",
                    "family_name": "Ochoa Garza",
                    "function": "alternate",
                    "nationality": "MX",
                    "email": "vochoa@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Sofía",
                    "family_name": "Aranda Lozano",
                    "function": "adviser",
                    "nationality": "MX",
                    "email": "saranda@example.org",
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Sri Lanka",
            "focal_point_email": "mission.srilanka@example.org",
            "status": "accredited",
            "note_reference": "SLPM/G/IOM/19/56",
            "members": [
                {
                    "title": "Ms.",
                    "given_name": "Dilani",
                    "family_name": "Wickramasinghe",
                    "function": "head_of_delegation",
                    "nationality": "LK",
                    "email": "d.wickramasinghe@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Nuwan",
                    "family_name": "Jayasekara",
                    "function": "member",
                    "nationality": "LK",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Portugal",
            "focal_point_email": "mission.portugal@example.org",
            "status": "accredited",
            "note_reference": "REPER-GVA 1044/2019",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Joaquim",
                    "family_name": "Ferreira Lopes",
                    "function": "head_of_delegation",
                    "nationality": "PT",
                    "email": "j.ferreira-lopes@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Inês",
                    "family_name": "Carvalho Matos",
                    "function": "adviser",
                    "nationality": "PT",
                    "email": "i.carvalho@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Tiago",
                    "family_name": "Sequeira",
                    "function": "member",
                    "nationality": "PT",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Tunisia",
            "focal_point_email": "mission.tunisia@example.org",
            "status": "nominated",
            "note_reference": "MPT/GE/2019/311",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Slim",
                    "family_name": "Ben Romdhane",
                    "function": "head_of_delegation",
                    "nationality": "TN",
                    "email": "s.benromdhane@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Nadia",
                    "family_name": "Benali-Trabelsi",
                    "function": "adviser",
                    "nationality": "TN",
                    "email": "n.benali@example.org",
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "European Union",
            "focal_point_email": "eu.delegation.geneva@example.org",
            "focal_point_name": "Delegation of the European Union to the United Nations in Geneva",
            "status": "accredited",
            "note_reference": "EUDEL-GVA/2019/1187",
            "members": [
                {
                    "title": "Ms.",
                    "given_name": "Annelies",
                    "family_name": "Verhoeven",
                    "function": "head_of_delegation",
                    "nationality": "NL",
                    "email": "a.verhoeven@example.org",
                    "category": "igo",
                },
                {
                    "title": "Mr.",
                    "given_name": "Dimitris",
                    "family_name": "Karamanlakis",
                    "function": "member",
                    "nationality": "GR",
                    "email": "d.karamanlakis@example.org",
                    "category": "igo",
                },
            ],
        },
        {
            "represents": "Office of the United Nations High Commissioner for Refugees (UNHCR)",
            "focal_point_email": "unhcr.partnerships@example.org",
            "focal_point_name": "UNHCR Partnership and Coordination Service",
            "status": "accredited",
            "note_reference": "UNHCR/DER/2019/64",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Gabriel",
                    "family_name": "Mwangi Karanja",
                    "function": "head_of_delegation",
                    "nationality": "KE",
                    "email": "g.mwangi@example.org",
                    "category": "igo",
                },
                {
                    "title": "Ms.",
                    "given_name": "Sarah",
                    "family_name": "Lindgren",
                    "function": "member",
                    "nationality": "SE",
                    "email": None,
                    "category": "igo",
                },
            ],
        },
    ],
    "registrations": [],
}


# ---------------------------------------------------------------------------
# GRCP-9: Geneva (hybrid), 30 November - 1 December 2021
# ---------------------------------------------------------------------------

_CICG_2 = "Room 2"
_CICG_3 = "Room 3"
_CICG_4 = "Room 4"

GRCP_9 = {
    "slug": "grcp-9",
    "series": "grcp",
    "title": {
        "en": "Ninth Global Meeting of Chairs and Secretariats of Regional Consultative Processes on Migration / Inter-State Consultation Mechanisms on Migration (GRCP 9)",
        "fr": "Neuvième Réunion mondiale des présidents et secrétariats des processus consultatifs régionaux sur la migration / mécanismes de consultation interétatiques sur la migration (GRCP 9)",
        "es": "Novena Reunión Mundial de Presidencias y Secretarías de los Procesos Consultivos Regionales sobre Migración / Mecanismos de Consulta Interestatales sobre Migración (GRCP 9)",
    },
    "theme": {
        "en": "Regional cooperation on migration in a time of crisis and recovery: the contribution of Inter-State Consultation Mechanisms",
        "fr": "La coopération régionale en matière de migration en temps de crise et de relance : la contribution des mécanismes de consultation interétatiques",
        "es": "La cooperación regional en materia de migración en tiempos de crisis y recuperación: la contribución de los mecanismos de consulta interestatales",
    },
    "description": {
        "en": (
            "The ninth Global Meeting brings together, in Geneva and online, the chairs and "
            "secretariats of Regional Consultative Processes, Interregional Forums and other "
            "Inter-State Consultation Mechanisms on Migration (ISCMs). Two years into the COVID-19 "
            "pandemic, participants take stock of how the mechanisms kept regional dialogue alive, "
            "what they learned about mobility restrictions, stranded migrants and essential workers, "
            "and how they can contribute to the first International Migration Review Forum in 2022. "
            "Thematic breakouts on labour mobility and on climate and disaster-related mobility "
            "allow mechanisms with similar agendas to compare notes. The meeting closes with the "
            "adoption of a Chair's summary."
        ),
        "fr": (
            "La neuvième Réunion mondiale réunit, à Genève et en ligne, les présidents et "
            "secrétariats des processus consultatifs régionaux, des forums interrégionaux et des "
            "autres mécanismes de consultation interétatiques sur la migration. Deux ans après le "
            "début de la pandémie de COVID-19, les participants font le point sur la manière dont "
            "les mécanismes ont maintenu le dialogue régional, sur les enseignements tirés en matière "
            "de restrictions à la mobilité, de migrants bloqués et de travailleurs essentiels, et "
            "sur leur contribution au premier Forum d'examen des migrations internationales en 2022."
        ),
    },
    "practical_info": {
        "en": (
            "In-person participants meet at the Centre International de Conférences Genève (CICG), "
            "17 rue de Varembé. Entry is subject to the public health measures in force in Geneva "
            "at the time of the meeting; participants are asked to check the latest requirements "
            "with the secretariat before travelling. Badges are issued at the CICG entrance from "
            "09:00. Interpretation in English, French, Spanish and Arabic is available both in the "
            "room and on the online platform. Speaking slots for online participants are managed "
            "through the platform's hand-raising function."
        ),
        "fr": (
            "Les participants présents sur place sont accueillis au Centre International de "
            "Conférences Genève (CICG), 17 rue de Varembé. L'accès est soumis aux mesures sanitaires "
            "en vigueur à Genève à la date de la réunion ; merci de vérifier les exigences auprès du "
            "secrétariat avant le voyage. Les badges sont remis à l'entrée du CICG à partir de "
            "9 heures. Interprétation en anglais, en arabe, en espagnol et en français, en salle "
            "comme sur la plateforme en ligne."
        ),
    },
    "starts": "2021-11-30T10:00",
    "ends": "2021-12-01T16:30",
    "timezone": "Europe/Zurich",
    "venue": "Centre International de Conférences Genève (CICG)",
    "city": "Geneva",
    "country": "CH",
    "format": "hybrid",
    "languages": ["en", "fr", "es"],
    "main_language": "en",
    "status": "published",
    "contact_email": "grcp@example.org",
    "online_access_note": {
        "en": "Online participants take part through the conference platform, with interpretation. The connection link is sent to confirmed online participants only.",
        "fr": "Les participants en ligne suivent les travaux sur la plateforme de conférence, avec interprétation. Le lien de connexion est envoyé uniquement aux participants en ligne confirmés.",
    },
    "online_url": "https://meet.example.org/grcp-9",
    "capacity": 200,
    "in_person_capacity": 70,
    "online_capacity": None,
    "registration_opens": "2021-10-01T09:00",
    "registration_closes": "2021-11-26T18:00",
    "requires_approval": False,
    "public_participant_list": True,
    "categories": {
        "civil_society": {"capacity": 20, "requires_approval": True},
        "private_sector": {"capacity": 10, "requires_approval": True},
        "youth": {"capacity": 10},
    },
    "category_order": list(_DEFAULT_ORDER),
    "rooms": [
        {"name": _CICG_2, "capacity": 70},
        {"name": _CICG_3, "capacity": 35},
        {"name": _CICG_4, "capacity": 35},
    ],
    "sessions": [
        # Day 1 -- Tuesday 30 November 2021
        {
            "title": {
                "en": "Opening session",
                "fr": "Séance d'ouverture",
                "es": "Sesión de apertura",
            },
            "kind": "opening",
            "starts": "2021-11-30T10:00",
            "ends": "2021-11-30T10:45",
            "room": _CICG_2,
            "description": {
                "en": (
                    "Welcome by IOM and the co-chairs of the meeting, adoption of the agenda and "
                    "introduction of the mechanisms participating in person and online."
                ),
                "fr": (
                    "Accueil par l'OIM et les coprésidents, adoption de l'ordre du jour et "
                    "présentation des mécanismes participant sur place et en ligne."
                ),
            },
            "people": [
                {
                    "name": "Marguerite Ndong Obiang",
                    "affiliation": "IOM, International Partnerships Division",
                    "role": "chair",
                },
                {
                    "name": "Ricardo Solano Jiménez",
                    "affiliation": "Regional Conference on Migration (Puebla Process), Pro Tempore Presidency",
                    "role": "speaker",
                },
                {
                    "name": "Wiranto Hadiprasetyo",
                    "affiliation": "Bali Process Regional Support Office",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Session 1: Taking stock — how Inter-State Consultation Mechanisms responded to COVID-19",
                "fr": "Séance 1 : état des lieux — la réponse des mécanismes de consultation interétatiques à la COVID-19",
            },
            "kind": "plenary",
            "starts": "2021-11-30T10:45",
            "ends": "2021-11-30T12:30",
            "room": _CICG_2,
            "description": {
                "en": (
                    "Mechanisms share how they moved meetings online, coordinated responses for "
                    "stranded migrants and returning workers, and exchanged information on border "
                    "measures and health requirements, and what should be kept after the pandemic."
                ),
            },
            "people": [
                {
                    "name": "Marguerite Ndong Obiang",
                    "affiliation": "IOM, International Partnerships Division",
                    "role": "moderator",
                },
                {
                    "name": "Shehan Gunawardena",
                    "affiliation": "Colombo Process Technical Support Unit",
                    "role": "speaker",
                },
                {
                    "name": "Aigerim Sadykova",
                    "affiliation": "Almaty Process secretariat",
                    "role": "speaker",
                },
                {
                    "name": "Tsegaye Alemu Bekele",
                    "affiliation": "IGAD Regional Consultative Process on Migration",
                    "role": "speaker",
                },
                {
                    "name": "Benedikt Aschauer",
                    "affiliation": "Budapest Process Secretariat",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2021-11-30T12:30",
            "ends": "2021-11-30T14:00",
            "room": _CICG_2,
            "description": {"en": "", "fr": ""},
            "people": [],
        },
        {
            "title": {
                "en": "Session 2: Regional perspectives on implementing the Global Compact for Migration",
                "fr": "Séance 2 : perspectives régionales sur la mise en œuvre du Pacte mondial sur les migrations",
            },
            "kind": "panel",
            "starts": "2021-11-30T14:00",
            "ends": "2021-11-30T15:30",
            "room": _CICG_2,
            "description": {
                "en": (
                    "The regional reviews of the Global Compact held in 2020 and 2021 relied on "
                    "many of the mechanisms represented here. Panellists discuss what the reviews "
                    "showed, how regional priorities differ, and how ISCMs can support national "
                    "implementation without duplicating other processes."
                ),
            },
            "people": [
                {
                    "name": "Lorena Quintero Ávila",
                    "affiliation": "IOM Regional Office for Central America, North America and the Caribbean",
                    "role": "moderator",
                },
                {
                    "name": "Kwame Mensah-Bonsu",
                    "affiliation": "Migration Dialogue for West Africa (MIDWA)",
                    "role": "panelist",
                },
                {
                    "name": "Paula Rodríguez Iturbe",
                    "affiliation": "South American Conference on Migration, Technical Secretariat",
                    "role": "panelist",
                },
                {
                    "name": "Hamad Al-Mansouri",
                    "affiliation": "Abu Dhabi Dialogue Permanent Secretariat",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Breakout A: Labour mobility, skills partnerships and fair recruitment",
                "fr": "Groupe de travail A : mobilité de la main-d'œuvre, partenariats pour les compétences et recrutement équitable",
            },
            "kind": "breakout",
            "starts": "2021-11-30T15:45",
            "ends": "2021-11-30T17:30",
            "room": _CICG_3,
            "description": {
                "en": (
                    "For mechanisms working on labour migration: bilateral and regional skills "
                    "partnerships, recruitment costs, the protection of essential workers during "
                    "the pandemic, and the recognition of skills of returning workers."
                ),
            },
            "people": [
                {
                    "name": "Shehan Gunawardena",
                    "affiliation": "Colombo Process Technical Support Unit",
                    "role": "moderator",
                },
                {
                    "name": "Hamad Al-Mansouri",
                    "affiliation": "Abu Dhabi Dialogue Permanent Secretariat",
                    "role": "speaker",
                },
                {
                    "name": "Nomvula Dlamini",
                    "affiliation": "Migration Dialogue for Southern Africa (MIDSA)",
                    "role": "speaker",
                },
                {"name": "Ji-yeon Kwon", "affiliation": "IOM", "role": "rapporteur"},
            ],
        },
        {
            "title": {
                "en": "Breakout B: Climate change, disasters and human mobility",
                "fr": "Groupe de travail B : changement climatique, catastrophes et mobilité humaine",
            },
            "kind": "breakout",
            "starts": "2021-11-30T15:45",
            "ends": "2021-11-30T17:30",
            "room": _CICG_4,
            "description": {
                "en": (
                    "For mechanisms that have placed environmental mobility on their agendas: "
                    "regional guidance on disaster displacement, free movement arrangements as a "
                    "protection tool, and data for planning."
                ),
            },
            "people": [
                {
                    "name": "Ricardo Solano Jiménez",
                    "affiliation": "Regional Conference on Migration (Puebla Process), Pro Tempore Presidency",
                    "role": "moderator",
                },
                {
                    "name": "Tsegaye Alemu Bekele",
                    "affiliation": "IGAD Regional Consultative Process on Migration",
                    "role": "speaker",
                },
                {
                    "name": "Losana Vuniwaqa",
                    "affiliation": "Pacific Islands Forum Secretariat",
                    "role": "speaker",
                },
                {"name": "Henrik Solberg", "affiliation": "IOM", "role": "rapporteur"},
            ],
        },
        # Day 2 -- Wednesday 1 December 2021
        {
            "title": {
                "en": "Session 3: Interregional cooperation and exchange between mechanisms",
                "fr": "Séance 3 : coopération interrégionale et échanges entre mécanismes",
            },
            "kind": "panel",
            "starts": "2021-12-01T10:00",
            "ends": "2021-12-01T11:30",
            "room": _CICG_2,
            "description": {
                "en": (
                    "Reports from the breakouts, followed by a discussion on joint meetings, "
                    "shared thematic work, exchanges between secretariats and the use of the "
                    "online knowledge platform on ISCMs."
                ),
            },
            "people": [
                {
                    "name": "Marguerite Ndong Obiang",
                    "affiliation": "IOM, International Partnerships Division",
                    "role": "moderator",
                },
                {"name": "Ji-yeon Kwon", "affiliation": "IOM", "role": "rapporteur"},
                {"name": "Henrik Solberg", "affiliation": "IOM", "role": "rapporteur"},
                {
                    "name": "Benedikt Aschauer",
                    "affiliation": "Budapest Process Secretariat",
                    "role": "panelist",
                },
                {
                    "name": "Kwame Mensah-Bonsu",
                    "affiliation": "Migration Dialogue for West Africa (MIDWA)",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Session 4: Inclusive mechanisms — engaging civil society, youth and local authorities",
                "fr": "Séance 4 : des mécanismes inclusifs — associer la société civile, les jeunes et les autorités locales",
            },
            "kind": "panel",
            "starts": "2021-12-01T11:30",
            "ends": "2021-12-01T12:30",
            "room": _CICG_2,
            "description": {
                "en": (
                    "Several mechanisms have opened parts of their meetings to non-State actors. "
                    "Panellists discuss models of engagement, their benefits and limits, and how "
                    "to keep State-led dialogue confidential where needed."
                ),
            },
            "people": [
                {
                    "name": "Lorena Quintero Ávila",
                    "affiliation": "IOM Regional Office for Central America, North America and the Caribbean",
                    "role": "moderator",
                },
                {
                    "name": "Mercy Wanjiru Kamau",
                    "affiliation": "Regional civil society network on migration, East and Horn of Africa",
                    "role": "panelist",
                },
                {
                    "name": "Diego Armando Salas",
                    "affiliation": "Mayors Migration Council (city member representative)",
                    "role": "panelist",
                },
                {
                    "name": "Aigerim Sadykova",
                    "affiliation": "Almaty Process secretariat",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2021-12-01T12:30",
            "ends": "2021-12-01T14:00",
            "room": _CICG_2,
            "description": {"en": "", "fr": ""},
            "people": [],
        },
        {
            "title": {
                "en": "Session 5: The road to the International Migration Review Forum 2022",
                "fr": "Séance 5 : en route vers le Forum d'examen des migrations internationales 2022",
            },
            "kind": "plenary",
            "starts": "2021-12-01T14:00",
            "ends": "2021-12-01T15:30",
            "room": _CICG_2,
            "description": {
                "en": (
                    "How the mechanisms can feed regional findings into the first International "
                    "Migration Review Forum, including through joint messages from the GRCP."
                ),
            },
            "people": [
                {
                    "name": "Marguerite Ndong Obiang",
                    "affiliation": "IOM, International Partnerships Division",
                    "role": "chair",
                },
                {
                    "name": "Paula Rodríguez Iturbe",
                    "affiliation": "South American Conference on Migration, Technical Secretariat",
                    "role": "speaker",
                },
                {
                    "name": "Wiranto Hadiprasetyo",
                    "affiliation": "Bali Process Regional Support Office",
                    "role": "speaker",
                },
                {
                    "name": "Elise Haugland",
                    "affiliation": "United Nations Network on Migration secretariat",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Closing session: Adoption of the Chair's summary",
                "fr": "Séance de clôture : adoption du résumé de la présidence",
            },
            "kind": "closing",
            "starts": "2021-12-01T15:30",
            "ends": "2021-12-01T16:30",
            "room": _CICG_2,
            "description": {
                "en": "Presentation and adoption of the Chair's summary; announcement of the host of the next Global Meeting; closing remarks.",
                "fr": "Présentation et adoption du résumé de la présidence ; annonce de l'hôte de la prochaine Réunion mondiale ; allocutions de clôture.",
            },
            "people": [
                {
                    "name": "Marguerite Ndong Obiang",
                    "affiliation": "IOM, International Partnerships Division",
                    "role": "chair",
                },
                {
                    "name": "Ricardo Solano Jiménez",
                    "affiliation": "Regional Conference on Migration (Puebla Process), Pro Tempore Presidency",
                    "role": "speaker",
                },
                {"name": "Ji-yeon Kwon", "affiliation": "IOM", "role": "rapporteur"},
            ],
        },
    ],
    "delegations": [
        {
            "represents": "Costa Rica",
            "focal_point_email": "mission.costarica@example.org",
            "status": "accredited",
            "note_reference": "MPCR-GNV-2021-412",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Ricardo",
                    "family_name": "Solano Jiménez",
                    "function": "head_of_delegation",
                    "nationality": "CR",
                    "email": "rsolano@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Mariela",
                    "family_name": "Chaves Arce",
                    "function": "member",
                    "nationality": "CR",
                    "email": "mchaves@example.org",
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Indonesia",
            "focal_point_email": "mission.indonesia@example.org",
            "status": "accredited",
            "note_reference": "No. 1187/POL-II/XI/2021",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Wiranto",
                    "family_name": "Hadiprasetyo",
                    "function": "head_of_delegation",
                    "nationality": "ID",
                    "email": "w.hadiprasetyo@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Ratna",
                    "family_name": "Kusumawardani",
                    "function": "alternate",
                    "nationality": "ID",
                    "email": "r.kusumawardani@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Bayu",
                    "family_name": "Santoso",
                    "function": "adviser",
                    "nationality": "ID",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Sri Lanka",
            "focal_point_email": "mission.srilanka@example.org",
            "status": "accredited",
            "note_reference": "SLPM/G/IOM/21/102",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Shehan",
                    "family_name": "Gunawardena",
                    "function": "head_of_delegation",
                    "nationality": "LK",
                    "email": "s.gunawardena@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Tharushi",
                    "family_name": "Perera",
                    "function": "member",
                    "nationality": "LK",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Ethiopia",
            "focal_point_email": "mission.ethiopia@example.org",
            "status": "accredited",
            "note_reference": "PME/GVA/2021/276",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Tsegaye",
                    "family_name": "Alemu Bekele",
                    "function": "head_of_delegation",
                    "nationality": "ET",
                    "email": "t.alemu@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Ms.",
                    "given_name": "Meron",
                    "family_name": "Haile Woldemariam",
                    "function": "alternate",
                    "nationality": "ET",
                    "email": "m.haile@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Dawit",
                    "family_name": "Tesfaye Kebede",
                    "function": "member",
                    "nationality": "ET",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Hungary",
            "focal_point_email": "mission.hungary@example.org",
            "status": "nominated",
            "note_reference": "GEN/1442-2/2021",
            "members": [
                {
                    "title": "Ms.",
                    "given_name": "Zsófia",
                    "family_name": "Kertész",
                    "function": "head_of_delegation",
                    "nationality": "HU",
                    "email": "z.kertesz@example.org",
                    "category": "member_state",
                },
                {
                    "title": "Mr.",
                    "given_name": "Bence",
                    "family_name": "Halász",
                    "function": "member",
                    "nationality": "HU",
                    "email": None,
                    "category": "member_state",
                },
            ],
        },
        {
            "represents": "Economic Community of West African States (ECOWAS) Commission",
            "focal_point_email": "ecowas.freemovement@example.org",
            "focal_point_name": "ECOWAS Commission, Directorate of Free Movement and Migration",
            "status": "accredited",
            "note_reference": "ECW/FMT/2021/63",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Kwame",
                    "family_name": "Mensah-Bonsu",
                    "function": "head_of_delegation",
                    "nationality": "GH",
                    "email": "k.mensah-bonsu@example.org",
                    "category": "igo",
                },
                {
                    "title": "Ms.",
                    "given_name": "Aminata",
                    "family_name": "Coulibaly",
                    "function": "adviser",
                    "nationality": "ML",
                    "email": "a.coulibaly@example.org",
                    "category": "igo",
                },
            ],
        },
        {
            "represents": "International Centre for Migration Policy Development (ICMPD)",
            "focal_point_email": "icmpd.dialogues@example.org",
            "focal_point_name": "ICMPD Migration Dialogues and Cooperation Directorate",
            "status": "accredited",
            "note_reference": "ICMPD/DIA/2021/118",
            "members": [
                {
                    "title": "Mr.",
                    "given_name": "Benedikt",
                    "family_name": "Aschauer",
                    "function": "head_of_delegation",
                    "nationality": "AT",
                    "email": "b.aschauer@example.org",
                    "category": "igo",
                },
                {
                    "title": "Ms.",
                    "given_name": "Milena",
                    "family_name": "Petrović",
                    "function": "member",
                    "nationality": "RS",
                    "email": "m.petrovic@example.org",
                    "category": "igo",
                },
                {
                    "title": "Mr.",
                    "given_name": "Arash",
                    "family_name": "Farahani",
                    "function": "member",
                    "nationality": "AT",
                    "email": None,
                    "category": "igo",
                },
            ],
        },
    ],
    "registrations": [],
}


# ---------------------------------------------------------------------------
# CSC 2027: Geneva (hybrid), 22-23 June 2027 -- upcoming, registration open
# ---------------------------------------------------------------------------

_CSC_MAIN = "Room 2"
_CSC_B1 = "Room 3"
_CSC_B2 = "Room 4"
_CSC_B3 = "Room 5"

CSC_2027 = {
    "slug": "csc-2027",
    "series": "csc",
    "title": {
        "en": "Annual Civil Society Consultations 2027",
        "fr": "Consultations annuelles avec la société civile 2027",
        "es": "Consultas anuales con la sociedad civil 2027",
    },
    "theme": {
        "en": "Shared futures: civil society partnerships for safe, orderly and regular migration",
        "fr": "Un avenir commun : partenariats avec la société civile pour des migrations sûres, ordonnées et régulières",
        "es": "Un futuro compartido: alianzas con la sociedad civil para una migración segura, ordenada y regular",
    },
    "description": {
        "en": (
            "The annual consultations bring together civil society organizations, migrant- and "
            "diaspora-led groups, youth networks, trade unions, academia, the private sector and "
            "Member States for two days of open dialogue with IOM. The 2027 edition takes stock of "
            "the outcomes of the 2026 International Migration Review Forum and asks how they can be "
            "turned into practice at local, national and regional level. Plenary discussions "
            "alternate with parallel breakout groups, so that every participant can contribute "
            "directly to the recommendations presented to Member States on the second day. The "
            "consultations are held in a hybrid format: you can attend in person in Geneva or take "
            "part online, with simultaneous interpretation in English, French and Spanish."
        ),
        "fr": (
            "Les consultations annuelles réunissent pendant deux jours des organisations de la "
            "société civile, des associations de migrants et de la diaspora, des réseaux de jeunes, "
            "des syndicats, des universitaires, le secteur privé et les États Membres pour un "
            "dialogue ouvert avec l'OIM. L'édition 2027 fait le point sur les résultats du Forum "
            "d'examen des migrations internationales de 2026 et examine comment les traduire en "
            "actions concrètes aux niveaux local, national et régional. Les débats en plénière "
            "alternent avec des groupes de travail parallèles, afin que chaque participant puisse "
            "contribuer directement aux recommandations présentées aux États Membres le deuxième "
            "jour. Les consultations se tiennent en format hybride : vous pouvez y assister en "
            "personne à Genève ou participer en ligne, avec interprétation simultanée en anglais, "
            "en espagnol et en français."
        ),
        "es": (
            "Las consultas anuales reúnen durante dos días a organizaciones de la sociedad civil, "
            "asociaciones de personas migrantes y de la diáspora, redes juveniles, sindicatos, el "
            "mundo académico, el sector privado y los Estados Miembros en un diálogo abierto con la "
            "OIM. La edición de 2027 hace balance de los resultados del Foro de Examen de la "
            "Migración Internacional de 2026 y analiza cómo llevarlos a la práctica en los ámbitos "
            "local, nacional y regional. Los debates en sesión plenaria se alternan con grupos de "
            "trabajo paralelos, de modo que todas las personas participantes puedan contribuir "
            "directamente a las recomendaciones que se presentarán a los Estados Miembros el segundo "
            "día. Las consultas se celebran en formato híbrido: puede asistir en persona en Ginebra "
            "o participar en línea, con interpretación simultánea en español, francés e inglés."
        ),
    },
    "practical_info": {
        "en": (
            "Venue: Centre International de Conférences Genève (CICG), 17 rue de Varembé, Geneva. "
            "Badges can be collected at the CICG reception from 08:30 on 22 June on presentation of "
            "an identity document and your confirmation email; please allow 30 minutes for security "
            "screening. The CICG is a few minutes' walk from the Nations tram and bus stop. The "
            "building is fully wheelchair accessible; please tell us about any accessibility, "
            "dietary or interpretation needs when you register. Coffee is served from 09:00 and a "
            "light lunch is offered to in-person participants on both days. IOM does not cover "
            "travel or accommodation costs; a limited number of travel grants for migrant- and "
            "youth-led organizations are announced separately. Visa support letters can be "
            "requested from the secretariat once your registration is confirmed."
        ),
        "fr": (
            "Lieu : Centre International de Conférences Genève (CICG), 17 rue de Varembé, Genève. "
            "Les badges peuvent être retirés à l'accueil du CICG à partir de 8 h 30 le 22 juin, sur "
            "présentation d'une pièce d'identité et de votre courriel de confirmation ; prévoyez "
            "30 minutes pour le contrôle de sécurité. Le CICG se trouve à quelques minutes à pied de "
            "l'arrêt de tram et de bus « Nations ». Le bâtiment est entièrement accessible aux "
            "personnes en fauteuil roulant ; merci de nous signaler tout besoin en matière "
            "d'accessibilité, de régime alimentaire ou d'interprétation lors de votre inscription. "
            "Le café est servi dès 9 heures et un déjeuner léger est offert aux participants "
            "présents sur place les deux jours. L'OIM ne prend pas en charge les frais de voyage ni "
            "d'hébergement ; un nombre limité de bourses de voyage destinées aux organisations "
            "dirigées par des migrants ou par des jeunes fera l'objet d'une annonce distincte. Une "
            "lettre d'appui pour la demande de visa peut être obtenue auprès du secrétariat une fois "
            "l'inscription confirmée."
        ),
        "es": (
            "Lugar: Centre International de Conférences Genève (CICG), 17 rue de Varembé, Ginebra. "
            "Las acreditaciones pueden recogerse en la recepción del CICG a partir de las 8.30 horas "
            "del 22 de junio, presentando un documento de identidad y el correo electrónico de "
            "confirmación; calcule unos 30 minutos para el control de seguridad. El CICG está a "
            "pocos minutos a pie de la parada de tranvía y autobús «Nations». El edificio es "
            "plenamente accesible en silla de ruedas; le rogamos que nos indique al inscribirse "
            "cualquier necesidad de accesibilidad, alimentación o interpretación. Se servirá café "
            "a partir de las 9.00 horas y se ofrecerá un almuerzo ligero a quienes asistan en "
            "persona ambos días. La OIM no sufraga los gastos de viaje ni de alojamiento; se "
            "anunciará por separado un número limitado de becas de viaje para organizaciones "
            "dirigidas por personas migrantes o por jóvenes. Una vez confirmada su inscripción, "
            "puede solicitar a la secretaría una carta de apoyo para el trámite del visado."
        ),
    },
    "starts": "2027-06-22T09:30",
    "ends": "2027-06-23T17:00",
    "timezone": "Europe/Zurich",
    "venue": "Centre International de Conférences Genève (CICG)",
    "city": "Geneva",
    "country": "CH",
    "format": "hybrid",
    "languages": ["en", "fr", "es"],
    "main_language": "en",
    "status": "published",
    "contact_email": "civilsociety@example.org",
    "online_access_note": {
        "en": (
            "Online participants join through the conference platform, with interpretation in "
            "English, French and Spanish, and can take the floor in plenary and in the breakout "
            "groups. The connection link is sent only to confirmed online participants, in the "
            "confirmation email and on their registration page. Please connect 15 minutes early to "
            "test your microphone and camera."
        ),
        "fr": (
            "Les participants en ligne se connectent via la plateforme de conférence, avec "
            "interprétation en anglais, en espagnol et en français, et peuvent prendre la parole en "
            "plénière comme dans les groupes de travail. Le lien de connexion est communiqué "
            "uniquement aux participants en ligne dont l'inscription est confirmée, dans le courriel "
            "de confirmation et sur leur page d'inscription. Merci de vous connecter 15 minutes à "
            "l'avance pour tester votre micro et votre caméra."
        ),
        "es": (
            "Quienes participen en línea se conectarán a través de la plataforma de conferencias, "
            "con interpretación en español, francés e inglés, y podrán hacer uso de la palabra "
            "tanto en la sesión plenaria como en los grupos de trabajo. El enlace de conexión se "
            "envía únicamente a las personas con inscripción en línea confirmada, en el correo de "
            "confirmación y en su página de inscripción. Le recomendamos conectarse 15 minutos "
            "antes para probar el micrófono y la cámara."
        ),
    },
    "online_url": "https://meet.example.org/csc-2027",
    "capacity": 120,
    "in_person_capacity": 80,
    "online_capacity": None,
    "registration_opens": "2026-09-01T09:00",
    "registration_closes": "2027-06-22T09:30",
    "requires_approval": False,
    "public_participant_list": True,
    # civil_society comes first and, for this meeting, confirms automatically.
    "categories": {
        "civil_society": {"capacity": 60, "requires_approval": False},
        "youth": {"capacity": 25},
        "academia": {"capacity": 15},
        "private_sector": {"capacity": 2, "requires_approval": True},
        "media": {"capacity": 10},
    },
    "category_order": [
        "civil_society",
        "youth",
        "academia",
        "private_sector",
        "member_state",
        "observer_state",
        "igo",
        "media",
    ],
    "rooms": [
        {"name": _CSC_MAIN, "capacity": 80},
        {"name": _CSC_B1, "capacity": 30},
        {"name": _CSC_B2, "capacity": 30},
        {"name": _CSC_B3, "capacity": 25},
    ],
    "sessions": [
        # Day 1 -- Tuesday 22 June 2027
        {
            "title": {
                "en": "Opening session",
                "fr": "Séance d'ouverture",
                "es": "Sesión de apertura",
            },
            "kind": "opening",
            "starts": "2027-06-22T09:30",
            "ends": "2027-06-22T10:15",
            "room": _CSC_MAIN,
            "description": {
                "en": (
                    "Welcome by IOM and the civil society co-facilitators, presentation of the "
                    "programme and of the working methods for in-person and online participants."
                ),
                "fr": (
                    "Accueil par l'OIM et les co-animateurs issus de la société civile, présentation "
                    "du programme et des modalités de travail pour les participants sur place et en "
                    "ligne."
                ),
                "es": (
                    "Bienvenida a cargo de la OIM y de las personas que cofacilitan en representación "
                    "de la sociedad civil, y presentación del programa y de la metodología de trabajo "
                    "para quienes participan en persona y en línea."
                ),
            },
            "people": [
                {
                    "name": "Ingeborg Valtersdóttir",
                    "affiliation": "IOM, Civil Society Engagement Unit",
                    "role": "chair",
                },
                {
                    "name": "Rutendo Chikwanha",
                    "affiliation": "Southern Africa Migrant Rights Alliance",
                    "role": "speaker",
                },
                {
                    "name": "Julián Arboleda Restrepo",
                    "affiliation": "Red Latinoamericana de Organizaciones de Personas Migrantes",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Plenary: From the Review Forum to the street — what has changed for migrants?",
                "fr": "Plénière : du Forum d'examen à la réalité du terrain — qu'est-ce qui a changé pour les migrants ?",
                "es": "Plenaria: Del Foro de Examen a la realidad cotidiana: ¿qué ha cambiado para las personas migrantes?",
            },
            "kind": "plenary",
            "starts": "2027-06-22T10:15",
            "ends": "2027-06-22T12:00",
            "room": _CSC_MAIN,
            "description": {
                "en": (
                    "Civil society, local government and Member State speakers assess the "
                    "commitments made at the 2026 International Migration Review Forum against what "
                    "migrants and the organizations that work with them see on the ground, followed "
                    "by an open discussion."
                ),
                "fr": (
                    "Des intervenants de la société civile, des collectivités locales et des États "
                    "Membres confrontent les engagements pris lors du Forum d'examen des migrations "
                    "internationales de 2026 à ce que constatent sur le terrain les migrants et les "
                    "organisations qui les accompagnent. La présentation est suivie d'un débat ouvert."
                ),
                "es": (
                    "Representantes de la sociedad civil, de gobiernos locales y de Estados Miembros "
                    "contrastan los compromisos asumidos en el Foro de Examen de la Migración "
                    "Internacional de 2026 con lo que observan sobre el terreno las personas migrantes "
                    "y las organizaciones que las acompañan. A continuación se abrirá un debate."
                ),
            },
            "people": [
                {
                    "name": "Ingeborg Valtersdóttir",
                    "affiliation": "IOM, Civil Society Engagement Unit",
                    "role": "moderator",
                },
                {
                    "name": "Rutendo Chikwanha",
                    "affiliation": "Southern Africa Migrant Rights Alliance",
                    "role": "panelist",
                },
                {
                    "name": "Marco Antonelli",
                    "affiliation": "City of Bologna, Department for Social Inclusion",
                    "role": "panelist",
                },
                {
                    "name": "Sunita Gurung Thapa",
                    "affiliation": "Ministry of Labour, Employment and Social Security, Nepal",
                    "role": "panelist",
                },
                {
                    "name": "Olumide Bankole",
                    "affiliation": "International Trade Union Confederation, migration desk",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2027-06-22T12:00",
            "ends": "2027-06-22T13:30",
            "room": _CSC_MAIN,
            "description": {
                "en": "A light lunch is served in the CICG foyer for in-person participants.",
                "fr": "Un déjeuner léger est servi dans le foyer du CICG pour les participants sur place.",
                "es": "Se sirve un almuerzo ligero en el vestíbulo del CICG para quienes asisten en persona.",
            },
            "people": [],
        },
        {
            "title": {
                "en": "Side event: Community sponsorship and complementary pathways — lessons from practice",
                "fr": "Manifestation parallèle : parrainage communautaire et voies complémentaires — les leçons de la pratique",
                "es": "Evento paralelo: Patrocinio comunitario y vías complementarias: lecciones de la práctica",
            },
            "kind": "side_event",
            "starts": "2027-06-22T12:30",
            "ends": "2027-06-22T13:25",
            "room": _CSC_B3,
            "description": {
                "en": (
                    "Community groups, a university scholarship scheme and an employer share what "
                    "they have learned from welcoming people through sponsorship, education and "
                    "labour pathways. Organized by a coalition of sponsorship networks; open to "
                    "in-person and online participants."
                ),
                "fr": (
                    "Des groupes communautaires, un programme de bourses universitaires et un "
                    "employeur partagent les enseignements tirés de l'accueil de personnes par le "
                    "biais du parrainage, des études et des voies de migration de travail. Organisée "
                    "par une coalition de réseaux de parrainage ; ouverte aux participants sur place "
                    "et en ligne."
                ),
                "es": (
                    "Grupos comunitarios, un programa universitario de becas y una empresa "
                    "comparten lo aprendido al acoger a personas mediante el patrocinio, la "
                    "educación y las vías laborales. Organizado por una coalición de redes de "
                    "patrocinio; abierto a quienes participan en persona y en línea."
                ),
            },
            "people": [
                {
                    "name": "Catherine Mbeleck Ndjock",
                    "affiliation": "Community Sponsorship Alliance",
                    "role": "moderator",
                },
                {
                    "name": "Aidan Fitzgerald-Moreau",
                    "affiliation": "Welcome Circles Network",
                    "role": "speaker",
                },
                {
                    "name": "Hana Suzuki",
                    "affiliation": "Tohoku University, refugee scholarship programme",
                    "role": "speaker",
                },
                {
                    "name": "Gonzalo Ibáñez Ferrer",
                    "affiliation": "Agroalimentaria del Ebro (employer)",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Breakout 1: Access to services and justice for migrants in irregular situations",
                "fr": "Groupe de travail 1 : accès aux services et à la justice pour les migrants en situation irrégulière",
                "es": "Grupo de trabajo 1: Acceso a los servicios y a la justicia para las personas migrantes en situación irregular",
            },
            "kind": "breakout",
            "starts": "2027-06-22T13:30",
            "ends": "2027-06-22T15:00",
            "room": _CSC_B1,
            "description": {
                "en": (
                    "Firewalls between public services and immigration enforcement, access to health "
                    "care and education, reporting of crimes and labour exploitation without fear of "
                    "deportation, and pathways to regularization."
                ),
                "fr": (
                    "Cloisonnement entre les services publics et le contrôle de l'immigration, accès "
                    "aux soins et à l'éducation, possibilité de signaler des infractions et des cas "
                    "d'exploitation au travail sans crainte d'expulsion, et voies de régularisation."
                ),
                "es": (
                    "Separación entre los servicios públicos y el control migratorio, acceso a la "
                    "atención de salud y a la educación, posibilidad de denunciar delitos y "
                    "situaciones de explotación laboral sin temor a la deportación, y vías de "
                    "regularización."
                ),
            },
            "people": [
                {
                    "name": "Magdalena Wróblewska",
                    "affiliation": "Platform for cooperation on undocumented migrants (member organization)",
                    "role": "moderator",
                },
                {
                    "name": "Edwin Osei-Tutu",
                    "affiliation": "Migrant health clinic network, Rotterdam",
                    "role": "speaker",
                },
                {
                    "name": "Luz Marina Contreras",
                    "affiliation": "Centro de Derechos de las Personas Migrantes, Tijuana",
                    "role": "speaker",
                },
                {"name": "Fiona MacLeod", "affiliation": "IOM", "role": "rapporteur"},
            ],
        },
        {
            "title": {
                "en": "Breakout 2: Climate mobility and locally led adaptation",
                "fr": "Groupe de travail 2 : mobilité climatique et adaptation pilotée à l'échelle locale",
                "es": "Grupo de trabajo 2: Movilidad climática y adaptación liderada localmente",
            },
            "kind": "breakout",
            "starts": "2027-06-22T13:30",
            "ends": "2027-06-22T15:00",
            "room": _CSC_B2,
            "description": {
                "en": (
                    "How communities affected by slow-onset change and disasters can shape decisions "
                    "on adaptation, planned relocation and labour mobility, and how climate finance "
                    "can reach local and migrant-led organizations."
                ),
                "fr": (
                    "Comment les communautés touchées par des phénomènes à évolution lente et par des "
                    "catastrophes peuvent peser sur les décisions relatives à l'adaptation, à la "
                    "réinstallation planifiée et à la mobilité de la main-d'œuvre, et comment le "
                    "financement climatique peut parvenir aux organisations locales et aux "
                    "organisations dirigées par des migrants."
                ),
                "es": (
                    "Cómo las comunidades afectadas por fenómenos de evolución lenta y por desastres "
                    "pueden influir en las decisiones sobre adaptación, reubicación planificada y "
                    "movilidad laboral, y cómo puede llegar la financiación climática a las "
                    "organizaciones locales y a las dirigidas por personas migrantes."
                ),
            },
            "people": [
                {
                    "name": "Sione Taufa",
                    "affiliation": "Pacific Climate Mobility Collective",
                    "role": "moderator",
                },
                {
                    "name": "Nasrin Akter Shila",
                    "affiliation": "Coastal Youth Adaptation Forum, Khulna",
                    "role": "speaker",
                },
                {
                    "name": "Abdoulaye Sow",
                    "affiliation": "Réseau sahélien pour la résilience des communautés",
                    "role": "speaker",
                },
                {
                    "name": "Dominik Kraus",
                    "affiliation": "University of Bern, Geography Institute",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Breakout 3: Migrant- and diaspora-led organizations as partners",
                "fr": "Groupe de travail 3 : les organisations dirigées par des migrants et des membres de la diaspora en tant que partenaires",
                "es": "Grupo de trabajo 3: Las organizaciones dirigidas por personas migrantes y de la diáspora como aliadas",
            },
            "kind": "breakout",
            "starts": "2027-06-22T13:30",
            "ends": "2027-06-22T15:00",
            "room": _CSC_B3,
            "description": {
                "en": (
                    "Funding, capacity and recognition: what it takes for organizations led by "
                    "migrants and diaspora members to be treated as partners rather than "
                    "beneficiaries, and how to share power in programme design."
                ),
                "fr": (
                    "Financement, capacités et reconnaissance : ce qu'il faut pour que les "
                    "organisations dirigées par des migrants et des membres de la diaspora soient "
                    "traitées en partenaires et non en bénéficiaires, et comment partager le pouvoir "
                    "dans la conception des programmes."
                ),
                "es": (
                    "Financiación, capacidades y reconocimiento: qué se necesita para que las "
                    "organizaciones dirigidas por personas migrantes y de la diáspora sean tratadas "
                    "como aliadas y no como beneficiarias, y cómo compartir el poder de decisión en "
                    "el diseño de los programas."
                ),
            },
            "people": [
                {
                    "name": "Abena Serwaa Frimpong",
                    "affiliation": "African Diaspora Development Platform",
                    "role": "moderator",
                },
                {
                    "name": "Rashid Karimi",
                    "affiliation": "Afghan Women Refugee Leaders Network",
                    "role": "speaker",
                },
                {
                    "name": "María José Benítez Ortiz",
                    "affiliation": "Venezuelan diaspora association, Lima",
                    "role": "speaker",
                },
                {
                    "name": "Thanh Huong Pham",
                    "affiliation": "IOM",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Coffee break",
                "fr": "Pause café",
                "es": "Pausa para el café",
            },
            "kind": "break",
            "starts": "2027-06-22T15:00",
            "ends": "2027-06-22T15:30",
            "room": _CSC_MAIN,
            "description": {"en": "", "fr": "", "es": ""},
            "people": [],
        },
        {
            "title": {
                "en": "Panel: Fair recruitment and decent work for migrant workers",
                "fr": "Table ronde : recrutement équitable et travail décent pour les travailleurs migrants",
                "es": "Mesa redonda: Contratación equitativa y trabajo decente para las personas trabajadoras migrantes",
            },
            "kind": "panel",
            "starts": "2027-06-22T15:30",
            "ends": "2027-06-22T17:30",
            "room": _CSC_MAIN,
            "description": {
                "en": (
                    "Trade unions, employers, a recruitment agency and a government discuss the "
                    "employer-pays principle, digital recruitment platforms, complaint mechanisms "
                    "that work across borders, and the rights of domestic and seasonal workers."
                ),
                "fr": (
                    "Syndicats, employeurs, une agence de recrutement et un gouvernement débattent du "
                    "principe « employeur payeur », des plateformes de recrutement numériques, de "
                    "mécanismes de plainte efficaces par-delà les frontières et des droits des "
                    "travailleurs domestiques et saisonniers."
                ),
                "es": (
                    "Sindicatos, empresas, una agencia de contratación y un gobierno debaten sobre el "
                    "principio de que el empleador paga, las plataformas digitales de contratación, "
                    "los mecanismos de denuncia que funcionan más allá de las fronteras y los "
                    "derechos de las personas trabajadoras del hogar y de temporada."
                ),
            },
            "people": [
                {
                    "name": "Olumide Bankole",
                    "affiliation": "International Trade Union Confederation, migration desk",
                    "role": "moderator",
                },
                {
                    "name": "Sunita Gurung Thapa",
                    "affiliation": "Ministry of Labour, Employment and Social Security, Nepal",
                    "role": "panelist",
                },
                {
                    "name": "Rania Khoury",
                    "affiliation": "Domestic Workers' Solidarity Network, Beirut",
                    "role": "panelist",
                },
                {
                    "name": "Henrik Dahlberg",
                    "affiliation": "Ethical Recruitment Employers' Forum",
                    "role": "panelist",
                },
            ],
        },
        # Day 2 -- Wednesday 23 June 2027
        {
            "title": {
                "en": "Panel: Youth-led and migrant-led organizations shaping policy",
                "fr": "Table ronde : quand les organisations de jeunes et de migrants façonnent les politiques",
                "es": "Mesa redonda: Organizaciones juveniles y de personas migrantes que inciden en las políticas",
            },
            "kind": "panel",
            "starts": "2027-06-23T09:30",
            "ends": "2027-06-23T11:00",
            "room": _CSC_MAIN,
            "description": {
                "en": (
                    "Young people and migrants who sit on advisory councils, city committees and "
                    "national delegations explain what has worked, what has not, and what they need "
                    "from governments and from IOM to have real influence."
                ),
                "fr": (
                    "Des jeunes et des migrants qui siègent dans des conseils consultatifs, des "
                    "comités municipaux et des délégations nationales expliquent ce qui a fonctionné, "
                    "ce qui a échoué et ce dont ils ont besoin de la part des gouvernements et de "
                    "l'OIM pour exercer une influence réelle."
                ),
                "es": (
                    "Jóvenes y personas migrantes que forman parte de consejos consultivos, comités "
                    "municipales y delegaciones nacionales explican qué ha funcionado, qué no y qué "
                    "necesitan de los gobiernos y de la OIM para tener una influencia real."
                ),
            },
            "people": [
                {
                    "name": "Zainab Olayinka Bello",
                    "affiliation": "Global Youth Migration Network",
                    "role": "moderator",
                },
                {
                    "name": "Mateo Huanca Condori",
                    "affiliation": "Municipal Migrant Youth Council, El Alto",
                    "role": "panelist",
                },
                {
                    "name": "Samira Haidari",
                    "affiliation": "Refugee Youth Advisory Board",
                    "role": "panelist",
                },
                {
                    "name": "Elin Norberg",
                    "affiliation": "Swedish youth delegate to the International Migration Review Forum 2026",
                    "role": "panelist",
                },
            ],
        },
        {
            "title": {
                "en": "Breakout 4: Digital inclusion, data protection and online safety",
                "fr": "Groupe de travail 4 : inclusion numérique, protection des données et sécurité en ligne",
                "es": "Grupo de trabajo 4: Inclusión digital, protección de datos y seguridad en línea",
            },
            "kind": "breakout",
            "starts": "2027-06-23T11:15",
            "ends": "2027-06-23T12:30",
            "room": _CSC_B1,
            "description": {
                "en": (
                    "Digital identity, biometric registration, online hate speech and "
                    "misinformation: how to protect migrants' rights and data while widening access "
                    "to digital services."
                ),
                "fr": (
                    "Identité numérique, enregistrement biométrique, discours de haine et "
                    "désinformation en ligne : comment protéger les droits et les données des "
                    "migrants tout en élargissant l'accès aux services numériques."
                ),
                "es": (
                    "Identidad digital, registro biométrico, discursos de odio y desinformación en "
                    "línea: cómo proteger los derechos y los datos de las personas migrantes y, al "
                    "mismo tiempo, ampliar su acceso a los servicios digitales."
                ),
            },
            "people": [
                {
                    "name": "Tarek Mansour",
                    "affiliation": "Digital Rights Watch for Migrants",
                    "role": "moderator",
                },
                {
                    "name": "Ayşe Karaca",
                    "affiliation": "Istanbul Bilgi University, Migration Research Centre",
                    "role": "speaker",
                },
                {
                    "name": "Joseph Kamau Njoroge",
                    "affiliation": "Refugee-led tech hub, Kakuma",
                    "role": "speaker",
                },
                {"name": "Fiona MacLeod", "affiliation": "IOM", "role": "rapporteur"},
            ],
        },
        {
            "title": {
                "en": "Breakout 5: Return and sustainable reintegration — a community perspective",
                "fr": "Groupe de travail 5 : retour et réintégration durable — le point de vue des communautés",
                "es": "Grupo de trabajo 5: Retorno y reintegración sostenible: la perspectiva de las comunidades",
            },
            "kind": "breakout",
            "starts": "2027-06-23T11:15",
            "ends": "2027-06-23T12:30",
            "room": _CSC_B2,
            "description": {
                "en": (
                    "Returnees, community organizations and local authorities discuss safe and "
                    "dignified return, psychosocial support, livelihoods and the role of receiving "
                    "communities in making reintegration last."
                ),
                "fr": (
                    "Des personnes de retour, des organisations communautaires et des autorités "
                    "locales débattent d'un retour sûr et digne, du soutien psychosocial, des moyens "
                    "de subsistance et du rôle des communautés d'accueil dans la réussite durable de "
                    "la réintégration."
                ),
                "es": (
                    "Personas retornadas, organizaciones comunitarias y autoridades locales debaten "
                    "sobre el retorno seguro y digno, el apoyo psicosocial, los medios de vida y el "
                    "papel de las comunidades receptoras para que la reintegración perdure."
                ),
            },
            "people": [
                {
                    "name": "Moussa Keïta Diarra",
                    "affiliation": "Association des migrants de retour, Bamako",
                    "role": "moderator",
                },
                {
                    "name": "Erlan Tokhtarov",
                    "affiliation": "Municipal reintegration office, Osh",
                    "role": "speaker",
                },
                {
                    "name": "Gloria Estefanía Rivas",
                    "affiliation": "Centro de Atención al Migrante Retornado, San Pedro Sula",
                    "role": "speaker",
                },
                {
                    "name": "Thanh Huong Pham",
                    "affiliation": "IOM",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Lunch break",
                "fr": "Pause déjeuner",
                "es": "Pausa para el almuerzo",
            },
            "kind": "break",
            "starts": "2027-06-23T12:30",
            "ends": "2027-06-23T14:00",
            "room": _CSC_MAIN,
            "description": {
                "en": "A light lunch is served in the CICG foyer for in-person participants.",
                "fr": "Un déjeuner léger est servi dans le foyer du CICG pour les participants sur place.",
                "es": "Se sirve un almuerzo ligero en el vestíbulo del CICG para quienes asisten en persona.",
            },
            "people": [],
        },
        {
            "title": {
                "en": "Plenary: Report-back from the breakout groups",
                "fr": "Plénière : restitution des groupes de travail",
                "es": "Plenaria: Presentación de las conclusiones de los grupos de trabajo",
            },
            "kind": "plenary",
            "starts": "2027-06-23T14:00",
            "ends": "2027-06-23T15:00",
            "room": _CSC_MAIN,
            "description": {
                "en": (
                    "The rapporteurs of the five breakout groups present their conclusions and the "
                    "draft recommendations, which participants can comment on in the room and online."
                ),
                "fr": (
                    "Les rapporteurs des cinq groupes de travail présentent leurs conclusions et le "
                    "projet de recommandations, que les participants peuvent commenter en salle et "
                    "en ligne."
                ),
                "es": (
                    "Las personas relatoras de los cinco grupos de trabajo presentan sus "
                    "conclusiones y el proyecto de recomendaciones, que las personas participantes "
                    "pueden comentar en la sala y en línea."
                ),
            },
            "people": [
                {
                    "name": "Ingeborg Valtersdóttir",
                    "affiliation": "IOM, Civil Society Engagement Unit",
                    "role": "chair",
                },
                {"name": "Fiona MacLeod", "affiliation": "IOM", "role": "rapporteur"},
                {
                    "name": "Dominik Kraus",
                    "affiliation": "University of Bern, Geography Institute",
                    "role": "rapporteur",
                },
                {
                    "name": "Thanh Huong Pham",
                    "affiliation": "IOM",
                    "role": "rapporteur",
                },
            ],
        },
        {
            "title": {
                "en": "Dialogue with Member States: Recommendations for action",
                "fr": "Dialogue avec les États Membres : recommandations pour l'action",
                "es": "Diálogo con los Estados Miembros: Recomendaciones para la acción",
            },
            "kind": "plenary",
            "starts": "2027-06-23T15:00",
            "ends": "2027-06-23T16:30",
            "room": _CSC_MAIN,
            "description": {
                "en": (
                    "Civil society representatives present the recommendations of the consultations "
                    "to a panel of Member State representatives, who respond and indicate how they "
                    "intend to take them forward."
                ),
                "fr": (
                    "Des représentants de la société civile présentent les recommandations issues des "
                    "consultations à un groupe de représentants d'États Membres, qui y répondent et "
                    "indiquent la suite qu'ils entendent leur donner."
                ),
                "es": (
                    "Representantes de la sociedad civil presentan las recomendaciones de las "
                    "consultas a un grupo de representantes de Estados Miembros, que responden e "
                    "indican cómo piensan darles seguimiento."
                ),
            },
            "people": [
                {
                    "name": "Julián Arboleda Restrepo",
                    "affiliation": "Red Latinoamericana de Organizaciones de Personas Migrantes",
                    "role": "moderator",
                },
                {
                    "name": "Claire Beaumont-Ngata",
                    "affiliation": "Permanent Mission of New Zealand to the United Nations Office at Geneva",
                    "role": "speaker",
                },
                {
                    "name": "Ahmed Salah Eldin",
                    "affiliation": "Permanent Mission of Egypt to the United Nations Office at Geneva",
                    "role": "speaker",
                },
                {
                    "name": "Valentina Rojas Arce",
                    "affiliation": "Permanent Mission of Colombia to the United Nations Office at Geneva",
                    "role": "speaker",
                },
            ],
        },
        {
            "title": {
                "en": "Closing session",
                "fr": "Séance de clôture",
                "es": "Sesión de clausura",
            },
            "kind": "closing",
            "starts": "2027-06-23T16:30",
            "ends": "2027-06-23T17:00",
            "room": _CSC_MAIN,
            "description": {
                "en": "Closing remarks by IOM and the civil society co-facilitators; next steps and evaluation.",
                "fr": "Allocutions de clôture de l'OIM et des co-animateurs de la société civile ; prochaines étapes et évaluation.",
                "es": "Palabras de clausura de la OIM y de las personas que cofacilitan en representación de la sociedad civil; próximos pasos y evaluación.",
            },
            "people": [
                {
                    "name": "Ingeborg Valtersdóttir",
                    "affiliation": "IOM, Civil Society Engagement Unit",
                    "role": "chair",
                },
                {
                    "name": "Rutendo Chikwanha",
                    "affiliation": "Southern Africa Migrant Rights Alliance",
                    "role": "speaker",
                },
            ],
        },
    ],
    "delegations": [],
    "registrations": [
        {
            "category": "civil_society",
            "title": "Ms.",
            "given_name": "Wanjiku",
            "family_name": "Mwangi",
            "email": "wanjiku.mwangi@example.org",
            "organisation": "Migrant Rights Network East Africa",
            "represents": "Migrant Rights Network East Africa",
            "nationality": "KE",
            "position": "Programme Coordinator",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "civil_society",
            "title": "Mr.",
            "given_name": "Julián",
            "family_name": "Arboleda Restrepo",
            "email": "julian.arboleda@example.org",
            "organisation": "Red Latinoamericana de Organizaciones de Personas Migrantes",
            "represents": "Red Latinoamericana de Organizaciones de Personas Migrantes",
            "nationality": "CO",
            "position": "Coordinador regional",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "civil_society",
            "title": "Ms.",
            "given_name": "Rutendo",
            "family_name": "Chikwanha",
            "email": "rutendo.chikwanha@example.org",
            "organisation": "Southern Africa Migrant Rights Alliance",
            "represents": "Southern Africa Migrant Rights Alliance",
            "nationality": "ZW",
            "position": "Executive Director",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "civil_society",
            "title": "Mr.",
            "given_name": "Alex",
            "family_name": "Moreno Quintana",
            "email": "alex.moreno@example.org",
            "organisation": "Casa de Acogida Frontera Sur",
            "represents": "Casa de Acogida Frontera Sur",
            "nationality": "GT",
            "position": "Legal Officer",
            "attendance": "online",
            "status": "confirmed",
            "consent_to_list": False,
        },
        {
            "category": "civil_society",
            "title": "Mr.",
            "given_name": "Rashid",
            "family_name": "Karimi",
            "email": "rashid.karimi@example.org",
            "organisation": "Afghan Women Refugee Leaders Network",
            "represents": "Afghan Women Refugee Leaders Network",
            "nationality": "AF",
            "position": "Advocacy Adviser",
            "attendance": "online",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "civil_society",
            "title": "Ms.",
            "given_name": "Magdalena",
            "family_name": "Wróblewska",
            "email": "m.wroblewska@example.org",
            "organisation": "Stowarzyszenie Pomocy Migrantom",
            "represents": "Stowarzyszenie Pomocy Migrantom",
            "nationality": "PL",
            "position": "Policy Officer",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "youth",
            "title": "Ms.",
            "given_name": "Zainab Olayinka",
            "family_name": "Bello",
            "email": "zainab.bello@example.org",
            "organisation": "Global Youth Migration Network",
            "represents": "Global Youth Migration Network",
            "nationality": "NG",
            "position": "Youth Focal Point",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "youth",
            "title": "Mr.",
            "given_name": "Mateo",
            "family_name": "Huanca Condori",
            "email": "mateo.huanca@example.org",
            "organisation": "Consejo Municipal de Juventudes Migrantes de El Alto",
            "represents": "Consejo Municipal de Juventudes Migrantes de El Alto",
            "nationality": "BO",
            "position": "Member of the Council",
            "attendance": "online",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "youth",
            "title": "Ms.",
            "given_name": "Nasrin Akter",
            "family_name": "Shila",
            "email": "nasrin.shila@example.org",
            "organisation": "Coastal Youth Adaptation Forum",
            "represents": "Coastal Youth Adaptation Forum",
            "nationality": "BD",
            "position": "Founder",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "academia",
            "title": "Dr.",
            "given_name": "Ayşe",
            "family_name": "Karaca",
            "email": "ayse.karaca@example.org",
            "organisation": "Istanbul Bilgi University",
            "represents": "Istanbul Bilgi University",
            "nationality": "TR",
            "position": "Associate Professor, Migration Research Centre",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "academia",
            "title": "Prof.",
            "given_name": "Emmanuel",
            "family_name": "Kiprono Rotich",
            "email": "e.kiprono@example.org",
            "organisation": "University of Nairobi",
            "represents": "University of Nairobi",
            "nationality": "KE",
            "position": "Professor of Population Studies",
            "attendance": "online",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "private_sector",
            "title": "Mr.",
            "given_name": "Henrik",
            "family_name": "Dahlberg",
            "email": "henrik.dahlberg@example.org",
            "organisation": "Ethical Recruitment Employers' Forum",
            "represents": "Ethical Recruitment Employers' Forum",
            "nationality": "SE",
            "position": "Director of Policy",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "private_sector",
            "title": "Mr.",
            "given_name": "Gonzalo",
            "family_name": "Ibáñez Ferrer",
            "email": "g.ibanez@example.org",
            "organisation": "Agroalimentaria del Ebro",
            "represents": "Agroalimentaria del Ebro",
            "nationality": "ES",
            "position": "Head of Human Resources",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "private_sector",
            "title": "Ms.",
            "given_name": "Priyanka",
            "family_name": "Raghunathan",
            "email": "priyanka.r@example.org",
            "organisation": "TalentBridge Recruitment Services",
            "represents": "TalentBridge Recruitment Services",
            "nationality": "IN",
            "position": "Compliance Manager",
            "attendance": "online",
            "status": "waitlisted",
            "consent_to_list": True,
        },
        {
            "category": "private_sector",
            "title": "Mr.",
            "given_name": "Marcus",
            "family_name": "Oyelaran",
            "email": "marcus.oyelaran@example.org",
            "organisation": "Remit Forward Ltd",
            "represents": "Remit Forward Ltd",
            "nationality": "GB",
            "position": "Head of Partnerships",
            "attendance": "online",
            "status": "pending",
            "consent_to_list": True,
        },
        {
            "category": "member_state",
            "title": "Ms.",
            "given_name": "Valentina",
            "family_name": "Rojas Arce",
            "email": "valentina.rojas@example.org",
            "organisation": "Permanent Mission of Colombia to the United Nations Office at Geneva",
            "represents": "Colombia",
            "nationality": "CO",
            "position": "First Secretary",
            "attendance": "in_person",
            "status": "confirmed",
            "consent_to_list": True,
        },
        {
            "category": "media",
            "title": "Ms.",
            "given_name": "Léonie",
            "family_name": "Marchetti",
            "email": "leonie.marchetti@example.org",
            "organisation": "Tribune de la Migration (online magazine)",
            "represents": "Tribune de la Migration",
            "nationality": "FR",
            "position": "Journalist",
            "attendance": "in_person",
            "status": "pending",
            "consent_to_list": False,
        },
        {
            "category": "media",
            "title": "Mr.",
            "given_name": "Kwesi",
            "family_name": "Appiah-Kubi",
            "email": "kwesi.appiah@example.org",
            "organisation": "Pan-African Radio Network",
            "represents": "Pan-African Radio Network",
            "nationality": "GH",
            "position": "Correspondent, Geneva",
            "attendance": "online",
            "status": "pending",
            "consent_to_list": False,
        },
    ],
}


MEETINGS = [IDM_2019_NEW_YORK, IDM_2019_GENEVA, GRCP_9, CSC_2027]
