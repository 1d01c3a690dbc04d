"""The file names a mapping sheet may have: light enough for the window to know before its first
paint (the File menu's filter, a drop), while the reader itself loads on first use."""

TEXT_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SHEET_SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES
