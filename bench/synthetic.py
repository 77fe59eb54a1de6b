"""Make a synthetic conference: an Eventbrite-style attendee export of any size, reproducibly.

Real lists have a long tail: a few employers send hundreds of people and thousands send one,
titles repeat ("Software Engineer") beside one-off ones, and names come from everywhere (accents,
apostrophes, commas in company names). Values are drawn with Zipf-like weights from pools big
enough that compression and caching see realistic repetition, not "Person 1 ... Person 70000".
"""

import csv
import io
import itertools
import random

FIRST = (
    "Mateo", "Nadia", "Omar", "Zoë", "Łukasz", "Leila", "Aiko", "Chinedu", "Sofía", "Ingrid",
    "Rahul", "Mei", "Olusegun", "Anaïs", "Bjørn", "Priya", "Diego", "Fatima", "Hiroshi", "Grace",
    "Kwame", "Elena", "Tomás", "Yusuf", "Camille", "Arjun", "Hana", "Mikhail", "Ama", "Jonas",
    "Valentina", "Sean", "Noor", "Pedro", "Emily", "Wei", "Siobhán", "Kofi", "Ana", "Lars",
    "Mariam", "José", "Chloé", "Dmitri", "Ayesha", "Felipe", "Ines", "Kenji", "Olga", "Samuel",
    "Michael", "Sarah", "David", "Jessica", "James", "Laura", "Daniel", "Anna", "John", "Maria",
    "Chen", "Yuki", "Ahmed", "Aisha", "Luca", "Giulia", "Jakub", "Zofia", "Nikos", "Eleni",
    "Sven", "Astrid", "Mohammed", "Layla", "Raj", "Deepa", "Jin", "Soo-ah", "Thabo", "Naledi",
    "Mateus", "Beatriz", "Andrés", "Lucía", "Oksana", "Taras", "Emre", "Elif", "Finn", "Saoirse",
    "Tariq", "Zainab", "Hugo", "Léa", "Matthias", "Katarzyna", "Vikram", "Ananya", "Kai", "Mia",
)
LAST = (
    "García", "Sharma", "Farouk", "Lindqvist", "Nakamura", "Haddad", "Okafor", "Müller",
    "O'Brien", "Kowalski", "Chen", "Adeyemi", "Dubois", "Johansson", "Patel", "Rossi", "Kim",
    "Novak", "Silva", "Nguyen", "Mensah", "Ivanova", "Fernández", "Yilmaz", "Tanaka", "Osei",
    "van der Berg", "Papadopoulos", "Schmidt", "Hernández", "Liu", "Kaur", "Moreau", "Ali",
    "Andersen", "Costa", "Wójcik", "Suzuki", "Bianchi", "Eze", "Murphy", "Horvath", "Lopez",
    "Singh", "Petrov", "Larsen", "Mbeki", "Ramos", "Sato", "Khan", "Smith", "Johnson", "Williams",
    "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Martin",
    "Lee", "Wang", "Zhang", "Li", "Yang", "Huang", "Zhao", "Wu", "Park", "Choi", "Jung", "Gupta",
    "Reddy", "Iyer", "Nair", "Das", "Bose", "Mukherjee", "Hassan", "Hussein", "Ibrahim",
    "Mahmoud", "Cohen", "Levi", "Friedman", "Novák", "Dvořák", "Nowak", "Lewandowski",
    "Kovačević", "Popescu", "Georgiou", "Nielsen", "Hansen", "Virtanen", "Korhonen", "Jensen",
    "de Jong", "Janssen", "Peeters", "Lambert", "Fontaine", "Girard", "Santos", "Oliveira",
    "Pereira", "Alves", "Rodrigues", "Gómez", "Díaz", "Torres", "Ruiz", "Vargas", "Castillo",
    "Mwangi", "Otieno", "Abubakar", "Bello", "Okonkwo", "Nwosu", "Boateng", "Asante", "Dlamini",
    "Nkosi", "Botha", "O'Connor", "MacDonald", "Fitzgerald", "Byrne", "Kelly", "Walsh",
)
SENIORITY = ("", "", "", "Senior ", "Senior ", "Staff ", "Principal ", "Lead ", "Junior ",
             "Associate ")
ROLES = (
    "Software Engineer", "Product Manager", "Data Scientist", "Product Designer",
    "Engineering Manager", "Machine Learning Engineer", "Developer Advocate", "UX Researcher",
    "Solutions Architect", "Site Reliability Engineer", "Security Engineer", "Data Engineer",
    "Frontend Developer", "Backend Developer", "Account Executive", "Technical Recruiter",
    "Marketing Manager", "Growth Lead", "Customer Success Manager", "Business Analyst",
    "Consultant", "Research Scientist", "QA Engineer", "Platform Engineer", "DevOps Engineer",
)
LEADERS = ("Head of", "VP", "Director of")
AREAS = ("Product", "Engineering", "Design", "Data", "Marketing", "Sales", "Platform",
         "Security", "Growth", "Operations", "People", "Research", "AI", "Partnerships")
ONE_OFFS = ("Founder & CEO", "CTO", "Student", "Freelance designer", "Investor", "Journalist",
            "PhD candidate, computer vision", "Independent consultant", "Open-source maintainer")
SYLLABLES = ("ac", "me", "zen", "tri", "lo", "via", "nor", "th", "wind", "qua", "tix", "sol",
             "ar", "is", "bright", "ly", "hoo", "li", "con", "to", "so", "ge", "lo", "bex",
             "cy", "ber", "dyne", "ver", "da", "ka", "mo", "ra", "nex", "ion", "flux", "pa")
SUFFIXES = ("", "", "", " Labs", ", Inc.", " AI", " Systems", " GmbH", " Ltd", " & Co.",
            " Health", " Analytics", " Cloud", " Studio", " Bank", " SA", " Technologies")
# The host's registration questions: kept per attendee, carried in the pack, searched.
GOAL_QUESTION = "What are you hoping to get out of the event?"
INDUSTRY_QUESTION = "Industry"
HEADER = (
    "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
    "Attendee #", "Order Type", "Currency", "Total Paid", "Attendee Status", "Job Title",
    "Company", "LinkedIn profile", "Website", GOAL_QUESTION, INDUSTRY_QUESTION,
)
GOAL_VERBS = ("Meet", "Hire", "Learn from", "Find", "Talk to", "Catch up with")
GOAL_PEOPLE = ("product managers", "founders", "designers", "investors", "data engineers",
               "people hiring", "other organisers", "mentors")
GOAL_TOPICS = ("", " in fintech", " in climate tech", " building AI agents",
               " working on developer tools", " in healthcare", " who scaled a platform team")
INDUSTRIES = ("Software", "Fintech", "Healthcare", "Education", "Climate", "Retail",
              "Media", "Government", "Consulting", "Manufacturing", "Gaming", "Logistics",
              "Biotech", "Security", "Telecom", "Energy", "Nonprofit", "Legal", "Travel",
              "Real estate")
COMPANY_COUNT = 6_000


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Return cumulative weights where the value of rank r is drawn about 1/r^s as often."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def companies(rng: random.Random) -> list[str]:
    names = set()
    while len(names) < COMPANY_COUNT:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        names.add(word.capitalize() + rng.choice(SUFFIXES))
    return sorted(names)


def titles() -> list[str]:
    """Return job titles, the commonest first: plain roles, then senior ones, then leaders."""
    made = [seniority + role for seniority in dict.fromkeys(SENIORITY) for role in ROLES]
    made[len(ROLES):len(ROLES)] = ONE_OFFS
    return made + [f"{leader} {area}" for leader in LEADERS for area in AREAS]


def attendee_rows(count: int, seed: int = 70_000) -> list[list[str]]:
    """Return `count` export rows (without the header); the same seed gives the same rows."""
    rng = random.Random(seed)
    firms, jobs = companies(rng), titles()
    firm_weights, job_weights = zipf_weights(len(firms), 0.7), zipf_weights(len(jobs), 0.9)
    first_weights, last_weights = zipf_weights(len(FIRST), 0.5), zipf_weights(len(LAST), 0.5)
    goals = [f"{verb} {people}{topic}" for verb in GOAL_VERBS for people in GOAL_PEOPLE
             for topic in GOAL_TOPICS]
    goal_weights, industry_weights = zipf_weights(len(goals), 0.8), zipf_weights(len(INDUSTRIES))
    rows = []
    for number in range(count):
        first = rng.choices(FIRST, cum_weights=first_weights)[0]
        last = rng.choices(LAST, cum_weights=last_weights)[0]
        handle = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
        tag = f"{rng.getrandbits(32):08x}"
        # The row number keeps emails (the import's identity) unique, as in a real export.
        email = f"{handle}.{number:x}@example.com"
        linkedin = f"https://www.linkedin.com/in/{handle}-{tag}" if rng.random() < 0.6 else ""
        website = f"https://{handle}-{tag[:3]}.dev" if rng.random() < 0.1 else ""
        title = rng.choices(jobs, cum_weights=job_weights)[0] if rng.random() < 0.95 else ""
        company = rng.choices(firms, cum_weights=firm_weights)[0] if rng.random() < 0.92 else ""
        rows.append([
            str(1_200_000_000 + number // 2), "2026-10-02 09:14:00", first, last, email, "1",
            rng.choice(("General Admission", "Early Bird", "Speaker", "VIP")),
            str(3_100_000_000 + number), "Free Order", "USD", "0.00",
            "Checked In" if rng.random() < 0.3 else "Attending", title, company, linkedin, website,
            rng.choices(goals, cum_weights=goal_weights)[0] if rng.random() < 0.55 else
            rng.choice(("", "", "N/A")),
            rng.choices(INDUSTRIES, cum_weights=industry_weights)[0] if rng.random() < 0.85
            else "",
        ])
    return rows


# The columns the app reads, without the ticket and order columns: an export an organiser trimmed,
# so a quarter of a million people fit under the import's 32 MB limit (bench/run.py --sizes).
LEAN_HEADER = ("First Name", "Last Name", "Email", "Job Title", "Company", "LinkedIn profile",
               GOAL_QUESTION)


def export_csv(rows: list[list[str]], header: tuple[str, ...] = HEADER) -> bytes:
    """Return the rows as the UTF-8 CSV file an organiser downloads (header first).

    `header` picks and orders the columns (HEADER: the whole export; LEAN_HEADER: the trimmed one).
    """
    picks = [HEADER.index(name) for name in header]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([row[i] for i in picks] for row in rows)
    return buffer.getvalue().encode("utf-8")
