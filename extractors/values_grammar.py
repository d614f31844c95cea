"""The regular grammar behind extractors.values: small named pieces, each matching one thing.

Every pattern is compiled with re.I | re.X, so whitespace inside a piece is layout only;
a literal space is written \\s or [ ]. Pure: standard library only."""

import re

# every pattern ignores case and reads whitespace as layout
FLAGS = re.I | re.X

# --- numbers ---------------------------------------------------------------------------
# number words and their values
SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_VALUE = {w: i for i, w in enumerate(SMALL)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
# ordinal words of "the second business day following"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}

_small = "|".join(sorted(SMALL, key=len, reverse=True))
_tens = "|".join(TENS)
# a number word up to 99, or "one hundred": "four", "twenty-four", "ninety six"
WORD_INT = rf"(?:(?:one\s+)?hundred|(?:{_tens})(?:[-\s](?:{_small}))?|{_small})"
# a fraction tacked onto a number word: "and one-half", "and nine-tenths", "and a half"
WORD_FRACTION = rf"(?:\s+and\s+(?:a\s+half|(?:{_small})[-\s]+(?:halfs?|half|tenths?|hundredths?)))"
# a whole number word, bounded: "ninety-nine and nine-tenths"
WORD_NUM = rf"\b{WORD_INT}{WORD_FRACTION}?\b"
# digits, with thousands separators or decimals; never part of "5.1.1", "8:30" or "1/2"
DIGITS = r"(?<![\w.,:/])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|[.,:/]\d)|(?<![\w.])\.\d+\b"
# digits in brackets, as legal drafting repeats them: "(4)", "(95%)"
PAREN_DIGITS = r"\(\s*(?:\d+(?:\.\d+)?)\s*%?\s*\)"
# one number: "four (4)", "(2)", "4", "ninety-five"
NUM = rf"(?:{WORD_NUM}\s*{PAREN_DIGITS}|{PAREN_DIGITS}|{DIGITS}|{WORD_NUM})"
# a range or alternative; the upper bound counts: "1 to 3", "2-4", "one or two"
RANGE = rf"(?:{NUM}(?:\s*(?:-|–|to|or|through)\s*{NUM})?)"

# --- units -----------------------------------------------------------------------------
# working time: "business days", "working hours", "duty days", "workdays"
BIZ = r"(?:business|working|work|duty)[\s-]*"
# one duration unit word, singular or plural (the group names map to schemas.Unit)
DURATION_UNIT = rf"""(?:(?P<business_day>{BIZ}days?|workdays?)
  |(?P<business_hour>{BIZ}(?:hours?|hrs?))
  |(?P<week>(?:{BIZ})?weeks?|wks?)
  |(?P<day>(?:calendar[\s-]+)?days?)
  |(?P<hour>hours?|hrs?|h(?=\W|$))
  |(?P<minute>minutes?|mins?)
  |(?P<second>seconds?|secs?)
  |(?P<month>(?:calendar[\s-]+)?months?)
  |(?P<quarter>(?:calendar[\s-]+)?quarters?)
  |(?P<year>(?:calendar[\s-]+|staff[\s-]+|person[\s-]+)?years?|yrs?))\b"""
# a hyphenated duration that names a window or a term, not a target: "12-month period", "one (1) year renewal"
WINDOW_SUFFIX = r"(?=\s+(?:periods?|terms?|cycles?|intervals?|running\s+average|renewals?|sprints?))"
# any unit word: a number followed by one is a duration, not a count
UNIT_WORDS = r"(?:business|working|work|duty|calendar|days?|hours?|hrs?|weeks?|minutes?|mins?|seconds?|months?|quarters?|years?|percent)\b"

# --- patterns, one per kind of target --------------------------------------------------
# words that put a number out of bounds: "Section 4.2", "Priority 1", "FAR 52.212", "page 3"
BLOCKER = re.compile(r"""(?<!\w)(?:section|sections|§|clause|article|exhibit|attachment|appendix|schedule|annex|cfr|far|dfars
  |paragraph|para\.?|no\.|part|form|page|item|step|phase|option|version|release|severity|sev|priority|level|tier|code
  |p|rev\.?|sas|january|february|march|april|june|july|august|september|october|november|december)\W{0,2}$
  |(?:severity|sev|priority|level|tier)\s*\d+\s*(?:,|and|or|&|-|to)\s*$  # the "2" of "Severity 1 and 2"
  |(?<![\d.])\d{1,3}\.\s{0,3}$  # the "7" of "11. 7 FAILURE", a clause number split by spaces
  """, FLAGS)

# a number or range and its duration unit: "within four (4) hours", "1 to 3 business days", "30-day"
DURATION = re.compile(rf"(?P<num>{RANGE})\s*(?:-\s*)?{DURATION_UNIT}(?!{WINDOW_SUFFIX})", FLAGS)
# "half an hour", "an hour", "Net 30" (payment terms in days)
SPECIAL_DURATION = re.compile(r"\b(?:(?P<half>half\s+an?\s+hour|a\s+half[\s-]hour)|(?P<an>an\s+hour)|net\s+(?P<net>\d+)(?!\s*%))\b", FLAGS)
# "99.9%", "99.9 percent", "ninety-five percent (95%)", "81-90%"
PERCENT = re.compile(rf"(?P<num>{RANGE})\s*(?:%|per\s*cent\b)(?:\s*\(\s*(?P<paren>\d+(?:\.\d+)?)\s*%\s*\))?", FLAGS)
# a money multiplier: "4.5M", "$2 million"
MULT = r"(?:\s*(?P<{}>k|m|mm|bn?|thousand|million|billion)\b)?"
# "$500", "US$1,000", "USD 4.5M", "2.0 GBP", "£20"
CURRENCY = re.compile(rf"""(?:(?:US\s?\$|\$|£|€|(?:USD|GBP|EUR)\s?)\s*(?P<a>\d[\d,]*(?:\.\d+)?){MULT.format("ma")}
  |(?P<b>{DIGITS}){MULT.format("mb")}\s*(?:USD|GBP|EUR|dollars)\b)""", FLAGS)
# a count with a quantifier or a countable noun: "no more than 2 defects", "zero (0) errors", "5 contacts"
COUNT_NOUN = r"""(?:errors?|defects?|complaints?|failures?|incidents?|staff|FTEs?|personnel|people|persons|employees
  |contacts?|copies|consultants?|administrators?|technicians?|engineers?|items?|surveys?|tests?|outages?|visits?
  |individuals?|analysts?|managers?|specialists?|positions?|resources|bugs?|findings?
  |vulnerabilit(?:y|ies)|rollbacks?|slips?|feedbacks?|violations?|deficienc(?:y|ies)|breaches)\b"""
# what goes wrong, counted against a cap: "no more than 2 negative customer feedbacks per month"
MISHAP = re.compile(r"""\b(?:errors?|defects?|complaints?|failures?|failed|incidents?|outages?|bugs?|vulnerabilit(?:y|ies)
  |rollbacks?|slips?|negative|violations?|deficienc(?:y|ies)|breaches)\b""", FLAGS)
# the window that ends a count's match: "... per month"
RATE_END = re.compile(r"\s(?:per|each|a|every)\s+(?P<per>day|week|month|quarter|year)$", re.I)
# a bound before a count: "no more than", "a minimum of", "up to"
QUANTIFIER = r"(?:(?:no|not)\s+(?:more|less|fewer)\s+than|(?:a\s+)?(?:minimum|maximum)\s+of|at\s+(?:least|most)|up\s+to|fewer\s+than|less\s+than)"
# a count per period: "400 items per month"
RATE_TAIL = r"(?:\s+(?:per|each|a|every)\s+(?P<per>day|week|month|quarter|year)\b)?"
# up to two describing words between a number and its noun: "one (1) full-time operations consultant"
DESCRIBER = r"(?:\s+(?!(?:of|in|to|for|with|by|on|at|from|the|an?|such|that|this|which|and|or)\b)[a-z][\w-]*){0,2}?"
# words after a number that is not a count of things: "three million dollars", "two additional terms"
NOT_COUNTED = r"(?:million|thousand|billion|hundred|dollars?|additional|times|more|of)\b"
# a count: a bound and a number ("no more than 2 defects"), or a number and its noun ("0 errors")
COUNT = re.compile(rf"""(?:{QUANTIFIER}\s+(?P<q>{NUM})(?!\s*{UNIT_WORDS}|\s*%|\s+{NOT_COUNTED})(?=\s+[a-z])(?:{DESCRIBER}\s+{COUNT_NOUN})?
  |(?P<n>{NUM}){DESCRIBER}\s+{COUNT_NOUN}){RATE_TAIL}""", FLAGS)

# deadlines that are one working day: "next business day", "same business day", "by close of business", "COB"
ONE_BD = r"""(?:(?:by\s+)?COB(?:\s+(?:on\s+)?(?:the\s+)?next\s+(?:business|working|work)\s+day)?
  |(?:the\s+)?(?:next|following)\s+(?:business|working|work)\s+day|(?:the\s+)?same\s+(?:business\s+|working\s+)?day
  |(?:by\s+)?(?:the\s+)?close\s+of\s+(?:the\s+)?business(?:\s+day)?|(?:the\s+)?end\s+of\s+(?:the\s+)?business\s+day
  |(?:on\s+)?the\s+business\s+day\s+(?:following|after))"""
# a deadline: the above, "day after next working day" (2), "the second business day following",
# "the following day", "by the end of the week", "on or before the 7th day"
DEADLINE = re.compile(rf"""\b(?:(?P<two>(?:the\s+)?day\s+after\s+(?:the\s+)?next\s+(?:business|working)\s+day)
  |(?:the\s+)?(?P<ord>first|second|third|fourth|fifth)\s+(?:business|working|work)\s+day\s+(?:following|after)
  |(?P<one>{ONE_BD})
  |(?P<nextday>the\s+(?:following|next)\s+day)
  |by\s+(?:the\s+)?end\s+of\s+(?:the\s+|each\s+)?(?P<end>week|month|quarter|year)
  |(?:on\s+or\s+before|by|no\s+later\s+than|not\s+later\s+than)\s+the\s+(?P<nth>\d{{1,2}})(?:st|nd|rd|th)\s+
   (?P<nthbiz>business\s+|working\s+)?(?:calendar\s+)?day)\b""", FLAGS)

# coverage: "24x7", "24/7", "7 x 24h", "8x5", "24x7x365"
GRID = re.compile(r"(?<![\w.])(?P<a>\d{1,2})\s*(?:x|×|/)\s*(?P<b>\d{1,2})(?:\s*h(?![a-z]))?(?:\s*(?:x|/)\s*365)?(?!\w|[./]\d)", FLAGS)
# coverage: "24 hours a day, 7 days a week", "twenty four hours a day, seven days per week"
HOURS_DAYS = re.compile(rf"""(?P<h>{NUM})[\s-]*hours?(?:\s+(?:a|per|each)\s+day)?,?\s*(?:and\s+)?(?P<d>{NUM})\s*days?\s+
  (?:a|per|each)\s+week""", FLAGS)
# a window given per day (issue 16: "a 24 hour a day reporting facility", "12 hours a day,
# Monday through Friday"): hours of coverage, not a 24-hour time limit; the days that follow
# (WEEK_DAYS) say how many a week, else every day. Not a cap ("no more than 2 hours a day").
HOURS_A_DAY = re.compile(rf"""(?<!than\s)(?<!to\s)(?<!most\s)(?<!exceed\s)(?P<h>{NUM})[\s-]*hours?\s+(?:a|per|each)\s+day\b""", FLAGS)
# a clock time: "8:00 a.m.", "7 am", "0900", "18.00h", "07.30 hours"
TIME = r"""(?:(?P<{0}h>\d{{1,2}})(?:[:.](?P<{0}m>\d{{2}}))?\s*(?P<{0}ap>[ap]\.?\s?m\b\.?|h\b)
  |(?P<{0}h2>\d{{1,2}})[:.](?P<{0}m2>\d{{2}})(?:\s*(?:hours|hrs)\b)?|(?<!\d)(?P<{0}mil>[0-2]\d[0-5]\d)(?!\d)(?:\s*(?:hours|hrs|h)\b)?)"""
# a span of clock times: "8:00 a.m. to 5:00 p.m.", "0900-1800", "between the hours of 0900 and 1800"
TIME_RANGE = rf"(?:{TIME.format('s')}\s*(?:-|–|to|until|through|and)\s*{TIME.format('e')})"
# a weekday name: "Monday", "Fri."
DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
# days of the week covered: "Monday through Friday", "M-F", "weekdays", "Government work days", "except Saturday, Sunday"
DAYS = rf"""(?:(?P<d1>{DAY})\s*(?:-|–|to|through|thru)\s*(?P<d2>{DAY})|\bM\s*-\s*F\b|(?P<seven>seven|7)\s+days\s+(?:a|per)\s+week
  |\bweekdays\b|(?:government\s+)?(?:scheduled\s+)?(?:work|working|business)\s*days|except\s+saturdays?,?\s+(?:and\s+)?sundays?)"""
# a clock-time span then the days it applies on, or the days then the span
WEEK_DAYS = re.compile(rf"[,\s]{{0,3}}(?:\w+\s+){{0,3}}?{DAYS}", FLAGS)
WINDOW_TD = re.compile(rf"{TIME_RANGE}[^.;|]{{0,40}}?{DAYS}", FLAGS)
# "Mondays to Fridays during Sicap Ltd's regular office hours (8.00h - 18.00h)": the days,
# then what hours they are, then the span
WINDOW_DT = re.compile(rf"{DAYS}(?:[^.;|]{{0,25}}?|[^.;|]{{0,40}}?\bhours\b[^.;|]{{0,20}}?){TIME_RANGE}", FLAGS)
# a span of clock times with no days, in a sentence about hours of service: "Japanese
# support is available from 9:00 AM to 6:00 PM", "Business hours are from 6am to 6pm".
# Labelled as the working week (5 days) where no day is named; never a maintenance window.
CLOCK_RANGE = re.compile(TIME_RANGE, FLAGS)
COVER_WORDS = re.compile(r"\b(?:hours|support|available|availability|open|staffed|help\s*desk|service\s+desk|coverage)\b", re.I)
# (nor a schedule that names its days, "Monday-Thursday 12:01 a.m. - 12:00 midnight Friday ...")
NOT_COVER = re.compile(r"\b(?:maintenance|downtime|outages?|windows?|backups?|blackouts?|upgrades?|closed"
                       r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b", re.I)

# cadences: the phrase -> (value, unit name)
CADENCE_WORDS = [  # order matters only for equal spans; longer spans win anyway
    (r"bi\s*-?\s*weekly|fortnightly|every\s+other\s+week", 0.5, "per_week"),
    (r"semi-?monthly|twice\s+monthly", 2, "per_month"),
    # "bi-monthly" is ambiguous (every two months or twice a month); we read it as every two months
    (r"bi-?monthly|every\s+other\s+month", 0.5, "per_month"),
    (r"semi-?annual(?:ly)?|bi-?annual(?:ly)?|twice\s+yearly", 2, "per_year"),
    (r"(?:once\s+)?daily|nightly|(?:each|every)\s+(?:day|morning|night|evening)|per\s+day", 1, "per_day"),
    (r"weekly|(?:each|every|per)\s+week", 1, "per_week"),
    (r"monthly|(?:each|every|per)\s+(?:calendar\s+)?month|(?:end|last\s+day)\s+of\s+(?:each|every)\s+(?:calendar\s+)?month", 1, "per_month"),
    (r"quarterly|(?:each|every|per)\s+(?:calendar\s+)?quarter", 1, "per_quarter"),
    (r"annually|yearly|annual|(?:each|every|per)\s+(?:calendar\s+)?year|per\s+annum", 1, "per_year"),
]
# one named cadence, optionally "on a ... basis": "bi-weekly", "on a quarterly basis"
CADENCE_FIXED = re.compile(r"\b(?:on\s+an?\s+)?(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _, _) in enumerate(CADENCE_WORDS))
                           + r")(?:\s+basis)?\b", FLAGS)
# "once a day", "twice per month", "three (3) times a week"
TIMES = re.compile(rf"\b(?P<n>once|twice|thrice|{NUM}\s+times)\s+(?:a|an|per|each|every)\s+(?:calendar\s+)?"
                   r"(?P<unit>day|week|month|quarter|year)\b", FLAGS)
# "every two (2) weeks", "each 6 month", "on a six (6) month interval", "two-week sprints", "each 5-year cycle"
EVERY = re.compile(rf"""(?:\b(?:every|each|once\s+every)\s+(?P<n>{NUM})[\s-]*(?P<unit>hour|day|week|month|quarter|year)s?
  (?:\s+(?:period|cycle|interval))?
  |\bon\s+an?\s+(?P<n2>{NUM})[\s-]*(?P<unit2>day|week|month|year)s?\s+(?:interval|cycle|basis)
  |(?P<n3>{RANGE})[\s-]*(?P<unit3>week)s?[\s-]+sprints?)\b""", FLAGS)

# words after a cadence word that make it a billing term, not a cadence: "monthly fee", "annual sales"
NOT_CADENCE_AFTER = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:fees?|charges?|invoices?|installments?|sales|revenues?|aggregate|rate|recurring)\b", FLAGS)
# "# of reviews made per month": a workload column header, not a cadence
WORKLOAD = re.compile(r"\#[^|]*$", FLAGS)

# measurement windows: "in any month", "during the month", "any 12-month period", "measured monthly", "quarterly average"
# the Period a window word names
PERIOD_WORD = {"day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month", "monthly": "month",
               "quarter": "quarter", "quarterly": "quarter", "year": "year", "yearly": "year", "annually": "year",
               "annual": "year"}
# a stated measurement window
PERIOD = re.compile(r"""\b(?:(?:in|during|over)\s+(?:any|a|the|a\s+single|any\s+single|any\s+given|any\s+one)\s+
    (?:calendar\s+)?(?P<p1>day|week|month|quarter|year)
  |(?:any|a|each|the)\s+(?:consecutive\s+)?(?P<twelve>twelve|12)\s*(?:\(12\)\s*)?[-–\s]\s*months?\s+period
  |(?:measured|calculated|averaged|computed|assessed|evaluated|reported)\s+(?:on\s+an?\s+)?(?:each\s+|per\s+|every\s+)?
    (?:calendar\s+)?(?P<p2>daily|weekly|monthly|quarterly|annually|day|week|month|quarter|year)
  |(?P<p3>daily|weekly|monthly|quarterly|annual|yearly)\s+average
  |(?:any|each|the|a)\s+calendar\s+(?P<p4>year))\b""", FLAGS)
# a cadence word right after a target (not across a comma or "end of"): "1 hour per month", "$38 per month"
SOFT_PERIOD_AFTER = re.compile(r"\s*(?:(?!end\s+of|last\s+day)[^.,;|%$\d]){0,50}?\b(?:per|each|every|a)\s+(?:calendar\s+)?(?P<p>day|week|month|quarter|year)\b|"
                               r"\s*(?P<q>daily|weekly|monthly|quarterly|annually)\b", FLAGS)
# what a cadence word before a percentage names when it is a cadence, not the percentage's window
CADENCE_NOUN = re.compile(r"\b(?:reports?|reviews?|meetings?|statistics|distributions?|surveys?|invoices?|fees?|inspections?)\b", FLAGS)
# "monthly" or "each month" shortly before a percentage: "monthly uptime of 99.9%", "Each month, ... 95%"
SOFT_PERIOD_BEFORE = re.compile(r"\b(?:(?:each|every|per)\s+(?:calendar\s+)?(?P<p>month|quarter|year|week)|(?P<q>monthly|quarterly|weekly|annual))"
                                r"\b[^.;|\d]{0,30}$", FLAGS)

# a weekly window on one named day: "Sundays between 2:00 a.m. and 6:00 a.m." (4 hours each week)
ONE_DAY_WINDOW = re.compile(rf"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s+(?:between|from)\s+{TIME_RANGE}", FLAGS)

# what a priority word must describe to be a condition: "critical incident", "all critical leased/purchased devices"
PRIORITY_OF = r"""(?:incidents?|issues?|problems?|devices?|equipment|priority|severity|defects?|errors?|outages?|failures?
  |calls?|requests?|tickets?|cases?|use|situations?|systems?)"""
# a severity or priority: "Severity 1", "Sev 2", "Priority 1", "P1", "Level 2", "critical incidents", "high |"
LABEL = re.compile(rf"""\b(?:(?:severity|sev)\s*(?:level\s*)?\d|priority\s*(?:level\s*)?\d|P[0-4]\b|level\s*\d|tier\s*\d
  |(?<!non-)(?:critical|urgent|emergency)(?=(?:\s+[\w/-]+){{0,2}}?\s+{PRIORITY_OF}\b|\s*\||\s*$)
  |(?:high|medium|low)(?=\s+priority|\s*\|))\b""", FLAGS)
# the hours a target applies in: "during business hours", "after duty hours", "outside working hours"
SCOPE = re.compile(r"""\b(?:during\s+(?:normal\s+|regular\s+)?(?:business|working|duty|office)\s+hours
  |after[\s-]+(?:duty\s+|business\s+|working\s+|normal\s+)?hours|outside\s+(?:of\s+)?(?:normal\s+)?(?:business|working)\s+hours)\b""", FLAGS)
# a scope that makes clock hours working hours
SCOPE_WORKING = re.compile(r"during\s+(?:normal\s+|regular\s+)?(?:business|working|duty)\s+hours", FLAGS)
# after a percentage, an acceptable-quality tolerance, not a target: "1% deviation"
DEVIATION = re.compile(r"\s*(?:deviation|allowable\s+deviation|error\s+rate\s+allowed)\b", FLAGS)
# a percentage of money stays the target (a service credit): "10% of the monthly fee"
MONEY_OF = re.compile(r"\s*(?:\([^)]*\)\s*)?of\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:fees?|charges?|invoices?|price|amount|AAF|payments?|costs?)\b", FLAGS)
# a percentage of availability, or a credit, cap or fee, stays the target
KEEP_PERCENT = re.compile(r"availab|uptime|up\s+time|operational|credit|deduct|penalt|reduc|rebate|discount|exceed|\bfees?\b|\baward", FLAGS)
# "X% of <things>": the share of cases a time target must cover
SHARE_OF = re.compile(r"""\s*of\s+(?:the\s+|all\s+)?(?P<what>[\w'’/-]+\s*
  (?:(?!(?:are|is|shall|will|must|may|within|should|in|by)\b|[\w'’/-]*ed\b)[\w'’/-]+\s*){0,5})""", FLAGS)
# where one clause ends: a full stop (not "a.m." or "4.2"), a semicolon, a table cell bar, a line break
CLAUSE_BREAK = re.compile(r"(?<!\.m)(?<!\d)\.\s|;|\s\|\s|\n")
