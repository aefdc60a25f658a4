"""From a validated plan to the words of the documents: the template contexts (plan, raadsvoorstel,
voortgang, regional report), file names and dates, and the Jinja2 templating that renders
`plan_templates/` into Markdown. No file is written here and no document format is known here.
"""
