"""Reading the user's files: YAML 1.2 with a position (line, column) for every element, and the load
errors IVP900-IVP910. Above core only.
"""
