"""Summaries of accepted filings: the county's semi-annual and annual supervision report (Excel
workbook and narrative DOCX) and the city's consolidated statements for the province.

``data`` computes the figures (accepted and confirmed filings only) from the table of figures
it declares (``specs`` defines its entries, ``results`` what comes out); ``excel`` writes the
workbooks; ``narrative`` words the report and ``docx`` lays it out; ``exports`` builds the
downloads and records each one in the audit trail."""
