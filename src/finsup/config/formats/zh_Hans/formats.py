# Financial figures in China are grouped by thousands with a comma (1,234,567.89), as the report
# forms and the office's own tables print them; Django's zh_Hans has no separator and groups by four,
# so `intcomma` printed 1234567.89. Dates and times stay Django's (Y年n月j日).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
