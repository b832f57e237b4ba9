"""Column names of the catalog tables: canonical names and the ERP aliases accepted.

Aliases are compared without case, accents, spaces or dashes ("País de origen" is
pais_de_origen): Spanish headers as a plant's export writes them, SAP field names (MATNR
material, IDNRK component, MENGE quantity, STAWN commodity code, HERKL country of origin,
MAKTX description) and Oracle's (ASSEMBLY_ITEM, COMPONENT_ITEM, COMPONENT_QUANTITY,
ITEM_COST). A Mexican fracción (TIGIE) is its own column: the rules read its HS subheading,
never its last digits as an HTSUS item. A unit cost is its own column too: the line's value
is quantity x unit cost, never the unit cost.
"""

from __future__ import annotations

import unicodedata

# the Mexican tariff (TIGIE) fracción, 8 digits and a NICO of 2
FRACCION = ("fraccion", "fraccion_arancelaria", "fraccion_tigie", "tigie", "fraccion_nico")
GOODS: dict[str, tuple[str, ...]] = {
    "part_number": (
        "part",
        "item",
        "material",
        "item_number",
        "numero_de_parte",
        "no_parte",
        "no_de_parte",
        "matnr",
        "producto",
        "clave",
        "clave_producto",
    ),
    "hs_code": ("hs", "hts", "hts_code", "tariff_code", "codigo_hs", "stawn"),
    "fraccion": FRACCION,
    "description": ("descripcion", "item_description", "maktx", "texto_breve"),
    "producer_country": (
        "produced_in",
        "country_of_production",
        "pais_productor",
        "pais_de_produccion",
    ),
    "exported_from": ("export_country", "pais_exportacion"),
    "importing_country": ("import_country", "destination"),
    "date": ("determination_date", "fecha"),
    "transaction_value": (
        "tv",
        "fob_value",
        "valor_transaccion",
        "valor_de_transaccion",
        "precio_de_venta",
    ),
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
GOODS_REQUIRED = ("part_number", "producer_country")
GOODS_CODE = ("hs_code", "fraccion")  # one of them: the HS or HTSUS code, or the fracción

BOM: dict[str, tuple[str, ...]] = {
    "parent_part": (
        "parent",
        "assembly",
        "parent_item",
        "padre",
        "material_padre",
        "parte_padre",
        "numero_de_parte_padre",
        "ensamble",
        "assembly_item",
        "matnr",
    ),
    "child_part": (
        "component",
        "child",
        "component_number",
        "componente",
        "material",
        "material_hijo",
        "parte_componente",
        "numero_de_parte",
        "idnrk",
        "component_item",
    ),
    "hs_code": ("hs", "hts", "hts_code", "tariff_code", "codigo_hs", "stawn"),
    "fraccion": FRACCION,
    "description": ("descripcion", "maktx", "texto_breve", "component_description"),
    "quantity": ("qty", "qty_per", "cantidad", "menge", "component_quantity", "cantidad_por"),
    "unit_cost": (
        "costo_unitario",
        "precio_unitario",
        "unit_cost",
        "unit_price",
        "item_cost",
        "costo_estandar",
        "standard_cost",
        "valor_unitario",
    ),
    "value": (
        "extended_value",
        "component_value",
        "cost",
        "valor",
        "valor_total",
        "importe",
        "costo_extendido",
        "extended_cost",
        "valor_de_la_linea",
    ),
    "origin_status": ("origin", "originating", "usmca_status", "origen", "originario"),
    "origin_country": ("country_of_origin", "coo", "pais_origen", "pais_de_origen", "herkl"),
    "role": ("line_type", "tipo"),
    "weight": ("peso",),
    "designated": ("intermediate_designated",),
    "provided_as_part": (),
}
BOM_REQUIRED = ("parent_part", "child_part")
BOM_VALUE = ("value", "unit_cost")  # one of them: the line's value, or its unit cost


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
