"""maquila: trade compliance for North American export manufacturers.

The packages are layered (see docs/architecture.md): ``hs`` (tariff codes) and
``law`` (rule packs as data) are the core; ``origin`` decides one good; ``cli``
is a thin door onto ``origin``. Inner layers never import outer ones.
"""

__version__ = "0.1.0"
