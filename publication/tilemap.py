"""The tile map of the 38 provinces: a grid cartogram in which each province is one
square at a fixed row and column, roughly where it lies (west to east, north to
south), so that small provinces are as visible as large ones.

Keyed by the Kemendagri province code; each entry is (row, column, short label).
"""

from typing import NamedTuple


class Tile(NamedTuple):
    row: int
    column: int
    label: str


TILES: dict[str, Tile] = {
    # Sumatra, north-west to south-east
    "11": Tile(0, 0, "ACEH"),
    "12": Tile(1, 1, "SUMUT"),
    "21": Tile(1, 3, "KEPRI"),
    "13": Tile(2, 1, "SUMBAR"),
    "14": Tile(2, 2, "RIAU"),
    "17": Tile(3, 1, "BKL"),
    "15": Tile(3, 2, "JAMBI"),
    "19": Tile(3, 3, "BABEL"),
    "16": Tile(4, 2, "SUMSEL"),
    "18": Tile(5, 2, "LAMPUNG"),
    # Java, Bali and Nusa Tenggara
    "31": Tile(5, 4, "DKI"),
    "36": Tile(6, 3, "BANTEN"),
    "32": Tile(6, 4, "JABAR"),
    "33": Tile(6, 5, "JATENG"),
    "35": Tile(6, 6, "JATIM"),
    "34": Tile(7, 5, "DIY"),
    "51": Tile(6, 7, "BALI"),
    "52": Tile(6, 8, "NTB"),
    "53": Tile(6, 9, "NTT"),
    # Kalimantan
    "65": Tile(1, 6, "KALTARA"),
    "61": Tile(2, 4, "KALBAR"),
    "62": Tile(2, 5, "KALTENG"),
    "64": Tile(2, 6, "KALTIM"),
    "63": Tile(3, 6, "KALSEL"),
    # Sulawesi
    "75": Tile(1, 8, "GTLO"),
    "71": Tile(1, 9, "SULUT"),
    "76": Tile(2, 7, "SULBAR"),
    "72": Tile(2, 8, "SULTENG"),
    "73": Tile(3, 7, "SULSEL"),
    "74": Tile(3, 8, "SULTRA"),
    # Maluku and Papua
    "82": Tile(2, 10, "MALUT"),
    "81": Tile(3, 10, "MALUKU"),
    "96": Tile(2, 11, "PBD"),
    "92": Tile(2, 12, "PABAR"),
    "91": Tile(2, 13, "PAPUA"),
    "94": Tile(3, 12, "PTENG"),
    "95": Tile(3, 13, "PPEG"),
    "93": Tile(4, 13, "PSEL"),
}

ROWS = 1 + max(tile.row for tile in TILES.values())
COLUMNS = 1 + max(tile.column for tile in TILES.values())
