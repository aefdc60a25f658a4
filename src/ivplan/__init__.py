"""ivplan: Integraal Veiligheidsplan as YAML, checked, and rendered into the council's Word documents."""

__version__ = "0.1.0"
