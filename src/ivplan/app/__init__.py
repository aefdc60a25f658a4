"""What a command does, end to end: build, voortgang, the regional check, init and the explanations.
Each module joins the layers below for one command; none of them parses options or prints.
"""
