# Dates as Bulgarian offices write them (21.11.2026 г.); the week starts on Monday.
DATE_FORMAT = "d.m.Y \\г."
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y \\г., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
