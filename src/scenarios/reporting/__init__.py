"""The report: one self-contained HTML page (and its PDF) built section by section from finished
results, with its words in English and Arabic, its charts, template and fonts. It draws; it does
not compute. It imports the layers below it (`core` to `ledger`), never the command line.
"""
