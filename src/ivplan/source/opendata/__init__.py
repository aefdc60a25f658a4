"""Published figures from CBS StatLine and the politie's open data, for `ivplan cijfers`.

Three readers give one interface, `series(request)` per table: saved API JSON in a folder
(jsonfiles.py), a StatLine CSV download (statline_csv.py) and the OData v3 API over HTTPS (odata.py).
`Sources` (sources.py) picks the reader for a bron: the `--bron` folders first, the API only with
`--online`. Nothing here knows the plan; app/cijfers.py does.
"""
