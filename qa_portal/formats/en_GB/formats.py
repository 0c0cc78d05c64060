"""How the service writes dates in British English, in place of Django's own en_GB formats ("9 Aug 2023" and
"09/08/2023"): with USE_I18N the locale's formats win over settings.DATE_FORMAT, so the house style is set here.
`{{ day }}` and `{{ day|date }}` write "9 August 2023"; a date and time is "9 August 2023 at 14:30" (pages that
want "2:30pm" use the long_datetime filter). Dates typed into forms are read as before."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = r"j F Y \a\t H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
