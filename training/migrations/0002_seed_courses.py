"""Seed the real trafficking-awareness courses the research supports (jurisdictions.md §0.2, §5).

`jurisdictions` lists only regulators that approve or issue the course according to that
research. No seeded course claims Texas Attorney General, Florida DBPR, New York DCJS/OTDA or
Maryland approval: the research names no course on those lists, so a manager records such a
course as the property's own. `minutes` stays empty where no source states a length.
"""

from django.db import migrations

COURSES = [
    {
        # AHLA Foundation "No Room for Trafficking" (launched 2019-06-26); AHLEI course built
        # with Marriott, ECPAT-USA and Polaris; free, about 30 minutes, 17 languages.
        # https://www.ahla.com/noroomfortrafficking
        # Connecticut's 2017 rollout used this curriculum (https://ahla.com/node/949), but
        # Connecticut approves no course, so no jurisdiction is listed.
        "title": "Your Role in Preventing Human Trafficking: Recognize the Signs",
        "provider": "American Hotel & Lodging Educational Institute (AHLA No Room for Trafficking)",
        "minutes": 30,
        "jurisdictions": [],
    },
    {
        # BEST, sponsored by AAHOA: free 30-minute video course, English and Spanish,
        # completion certificates. https://bestalliance.org/our-latest-news/
        # aahoa-best-partner-to-promote-human-trafficking-training
        "title": "Inhospitable to Human Trafficking",
        "provider": "Businesses Ending Slavery and Trafficking (BEST), sponsored by AAHOA",
        "minutes": 30,
        "jurisdictions": [],
    },
    {
        # PA 16-71 §5 and PA 17-32: DCF, with DESPP, develops the state's educational and
        # refresher training program for hotel staff. No source states its length.
        # https://portal.ct.gov/dcf/knowledge-base/articles/supports-for-children-and-families/
        # hart---sex-trafficking/human-and-sex-trafficking-legislation
        "title": "Human trafficking awareness training for lodging staff (DCF HART)",
        "provider": "Connecticut Department of Children and Families (DCF)",
        "minutes": None,
        "jurisdictions": ["US-CT"],
    },
    {
        # N.J.A.C. 5:10-29.1: staff watch the DCA video and confirm it to the owner.
        "title": "Recognizing and reporting suspected human trafficking (DCA video)",
        "provider": "New Jersey Department of Community Affairs (DCA)",
        "minutes": None,
        "jurisdictions": ["US-NJ"],
    },
    {
        # Minn. Stat. §157.177: MDH-approved program; the MDH package takes about 45-50
        # minutes (the lower bound is recorded).
        # https://www.health.state.mn.us/communities/humantrafficking/training/hoteltrafficking.html
        "title": "Hotel human trafficking training package",
        "provider": "Minnesota Department of Health (MDH)",
        "minutes": 45,
        "jurisdictions": ["US-MN"],
    },
    {
        # 820 ILCS 95/15: the hotel may use the IDHS curriculum. No source states its length.
        # https://witnessslips.ilga.gov/ftp/ILCS/Ch%200820/Act%200095/082000950K15.html
        "title": "Human trafficking recognition training curriculum (820 ILCS 95)",
        "provider": "Illinois Department of Human Services (IDHS)",
        "minutes": None,
        "jurisdictions": ["US-IL"],
    },
]


def seed_courses(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    for data in COURSES:
        Course.objects.get_or_create(
            title=data["title"], provider=data["provider"], property=None, defaults=data
        )


def remove_courses(apps, schema_editor):
    # Fails (PROTECT) once someone's completion refers to a course: evidence is never dropped.
    Course = apps.get_model("training", "Course")
    for data in COURSES:
        Course.objects.filter(
            title=data["title"], provider=data["provider"], property=None
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_employees_courses_records"),
    ]

    operations = [
        migrations.RunPython(seed_courses, remove_courses),
    ]
