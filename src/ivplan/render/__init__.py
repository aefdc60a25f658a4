"""From Markdown and data to files in a format: the Markdown reader, the .docx writer, charts (PNG),
the HTML report and the PDF conversion through LibreOffice.
"""
