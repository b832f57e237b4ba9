"""Archivo M text for tests, written on the layout of src/maquila/ledger/data/archivo_m.yaml
(Lineamientos VOCE-SAAI M3 v9.0 field positions; values invented): a pedimento block per
call and the closing 801 that counts them, as a broker's system writes them."""

from __future__ import annotations

from dataclasses import dataclass, field

RFC = "MEJ010101AB1"
PROGRAMME = "1234-2020"


@dataclass
class Partida:
    secuencia: int
    part: str
    quantity: str
    fraccion: str = "85366999"
    nico: str = "99"
    umc: str = "6"
    country: str = "CHN"
    value_mxn: str = "1000"
    value_usd: str = "55.00"
    brand: str = ""
    model: str = ""
    details: list[str] = field(default_factory=list)  # 553/554/556/557 after the 551


def block(
    numero: str,
    *partidas: Partida,
    operation: int = 1,
    clave: str = "IN",
    paid: str = "05012026",
    entry: str | None = None,
    rfc: str = RFC,
    region: str = "1",
    programme: str | None = PROGRAMME,
    movement: int = 1,
    acuse: str = "",
    extra: tuple[str, ...] = (),
    patente: str = "3999",
    aduana: str = "240",
) -> list[str]:
    """One pedimento, 500 to 800. ``extra`` records go after the 507 (505, 510, 512, 701)."""
    lines = [f"500|{movement}|{patente}|{numero}|{aduana}|{acuse}|"]
    if movement != 1:
        return [*lines, f"800|{numero}|1|EFIRMA|00001000000500000001|"]
    lines.append(
        f"501|{patente}|{numero}|{aduana}|{operation}|{clave}|{aduana}||{rfc}||18.00000|0|0|0|0||"
        f"100.000|7|7|7|{region}|MAQUILADORA EJEMPLO SA DE CV|AV INDUSTRIAL|||22000|TIJUANA|BC|"
        "MEX||||||"
    )
    lines.append(f"506|{numero}|1|{entry or paid}|")
    lines.append(f"506|{numero}|2|{paid}|")
    if programme is not None:
        lines.append(f"507|{numero}|IM|{programme}|||")
    lines.extend(extra)
    for p in partidas:
        lines.append(
            f"551|{numero}|{p.fraccion}|{p.secuencia}|{p.nico}|PARTE|0|{p.value_mxn}|"
            f"{p.value_mxn}|{p.value_usd}|{p.quantity}|{p.umc}|{p.quantity}|{p.umc}||0|1|"
            f"{p.part}|{p.brand}|{p.model}|{p.country}|{p.country}|||||"
        )
        lines.extend(p.details)
    lines.append(f"800|{numero}|1|EFIRMA|00001000000500000001|")
    return lines


def archivo(*blocks: list[str], name: str = "m3999001.093", crlf: bool = False) -> str:
    lines = [line for b in blocks for line in b]
    lines.append(f"801|{name}|{len(blocks)}|{len(lines)}|PREVAL|")
    end = "\r\n" if crlf else "\n"
    return end.join(lines) + end
