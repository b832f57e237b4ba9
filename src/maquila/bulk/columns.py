"""Column names of the catalog tables: canonical names and the ERP aliases accepted."""

from __future__ import annotations

import unicodedata

GOODS: dict[str, tuple[str, ...]] = {
    "part_number": ("part", "item", "material", "item_number", "numero_de_parte", "no_parte"),
    "hs_code": ("hs", "hts", "hts_code", "tariff_code", "fraccion", "fraccion_arancelaria"),
    "description": ("descripcion", "item_description"),
    "producer_country": ("produced_in", "country_of_production", "pais_productor"),
    "exported_from": ("export_country", "pais_exportacion"),
    "importing_country": ("import_country", "destination"),
    "date": ("determination_date", "fecha"),
    "transaction_value": ("tv", "fob_value", "valor_transaccion"),
    "intl_shipment_costs": ("international_shipment_costs", "freight_after_export"),
    "net_cost": ("nc", "costo_neto"),
    "total_cost": ("tc", "costo_total"),
    "sales_promotion_costs": (),
    "royalties": (),
    "shipping_packing_costs": (),
    "nonallowable_interest": (),
    "currency": ("moneda",),
    "weight": ("net_weight", "peso"),
    "automotive_use": ("vehicle_use", "use_in_vehicle", "uso_automotriz", "uso_vehiculo"),
    "operations": ("operaciones", "processes"),
    "foreign_trade_zone": ("ftz",),
}
GOODS_REQUIRED = ("part_number", "hs_code", "producer_country")

BOM: dict[str, tuple[str, ...]] = {
    "parent_part": ("parent", "assembly", "parent_item", "padre"),
    "child_part": ("component", "child", "component_number", "componente"),
    "hs_code": ("hs", "hts", "hts_code", "tariff_code", "fraccion"),
    "description": ("descripcion",),
    "quantity": ("qty", "qty_per", "cantidad"),
    "value": ("extended_value", "component_value", "cost", "valor"),
    "origin_status": ("origin", "originating", "usmca_status", "origen"),
    "origin_country": ("country_of_origin", "coo", "pais_origen"),
    "role": ("line_type", "tipo"),
    "weight": ("peso",),
    "designated": ("intermediate_designated",),
    "provided_as_part": (),
}
BOM_REQUIRED = ("parent_part", "child_part", "value")


def normal(name: str) -> str:
    """Case, spaces, dashes and accents do not matter: 'Número de Parte' -> numero_de_parte."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return "_".join(text.lower().replace("-", " ").replace(".", " ").split())


def mapping(
    columns: list[str], table: dict[str, tuple[str, ...]]
) -> tuple[dict[str, str], list[str]]:
    """Map the file's columns to canonical names; also return the columns left unused."""
    lookup = {normal(name): name for name in table}
    for name, aliases in table.items():
        for alias in aliases:
            lookup.setdefault(normal(alias), name)
    found: dict[str, str] = {}
    unused: list[str] = []
    for column in columns:
        canonical = lookup.get(normal(column))
        if canonical is None or canonical in found.values():
            unused.append(column)
        else:
            found[column] = canonical
    return found, unused
