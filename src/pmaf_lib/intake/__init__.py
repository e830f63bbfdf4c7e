"""Data in and out of a council's data folder: ``pmaf import`` (declarative mappings from the
files councils really keep), ``pmaf template`` (the monthly return workbook services fill in)
and the cell-safety rules shared with the open-data scorecard."""
