"""`caselib import`: documents supervisors already have (Word, web pages, WeChat articles,
plain text) → checked draft cases.

Reading is one module per input format (`read_*.py`), cleaning one module per family
of rule (`clean_*.py`, every rule a named function whose count the report shows),
then `split.py` (compilations), `header.py` (the proposed header), `draft.py`
(writing) and `report.py`. `run.import_paths` is the one entry the CLI calls.
"""
