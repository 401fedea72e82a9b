"""One import framework for every app: read a file, check its header, its rows, keep a preview.

An app declares its columns (`table.ImportSpec`) and its row -> record rule; the framework
reads CSV (any of four delimiters and encodings) and XLSX as a stream (`files.read_rows`),
names every problem by line and column without quoting a cell (`errors.RowError`), counts
them in one result type (`result.ImportResult`) and keeps an upload, encrypted, between its
preview and its confirmation (`preview`). See hotelcompliance/README.md, "Imports".
"""
